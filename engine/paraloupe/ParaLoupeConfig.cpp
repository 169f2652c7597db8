#include "paraloupe/ParaLoupeConfig.h"

#include <algorithm>
#include <cctype>
#include <type_traits>
#include <utility>

#include "util/Error.h"

namespace edgescope {

namespace {

const char* const kSchedulers[] = {"markov", "uniform", "greedy"};

ParameterSpec spec(const char* id, const char* label, double lo, double hi, double step, double def, const char* unit,
                   const char* description) {
  return {std::string("paraloupe.") + id, label, lo, hi, step, def, unit, description, {}};
}

}  // namespace

const char* ParaLoupeConfig::schedulerName(SchedulerKind kind) { return kSchedulers[static_cast<int>(kind)]; }

SchedulerKind ParaLoupeConfig::parseScheduler(const std::string& text) {
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (int i = 0; i < 3; ++i) {
    if (lower == kSchedulers[i]) return static_cast<SchedulerKind>(i);
  }
  throw Error("paraloupe scheduler '" + text + "': expected markov, uniform or greedy");
}

std::vector<ParameterSpec> ParaLoupeConfig::parameterSpecs() {
  ParameterSpec scheduler = spec("scheduler", "Scheduler", 0, 2, 1, 0, "",
                                 "How patches are assigned to nodes and patch sizes (Fig. 22)");
  scheduler.choices = {"markov", "uniform", "greedy"};
  return {
      spec("sloMs", "Latency SLO", 10, 3000, 1, 40, "ms", "T_SLO: capture to result for every frame"),
      spec("maxPatches", "Max patches", 1, 32, 1, 12, "patches", "Cap on patches per frame (Fig. 19)"),
      scheduler,
      spec("beta", "Markov β", 1e-4, 1, 0, 0.01, "", "Temperature of the Markov scheduler's acceptance rule"),
      spec("gamma", "Cost weight γ", 0, 2, 0, 0.2, "", "Weight of a node's cost against the patch model's accuracy"),
      spec("maxIterations", "Max iterations", 10, 1e5, 1, 1000, "iterations", "T_max of Algorithm 1"),
      spec("stallIterations", "Stall iterations", 1, 1000, 1, 10, "iterations",
           "Stop after this many iterations without a change of U above 0.01"),
      spec("highConfMargin", "HighConf margin", 0, 1, 0, 0.25, "box share",
           "Predicted track boxes are enlarged by this share of their size"),
      spec("lostFrames", "Lost frames", 0, 30, 1, 5, "frames", "Lost tracks up to this age still get a patch"),
      spec("lowConfThreshold", "LowConf threshold", 0.05, 0.95, 0, 0.7, "p",
           "Objectness at which a cell seeds a LowConf patch"),
      spec("lowConfWeight", "LowConf weight", 0, 1, 0, 0.5, "y", "Utility weight y_k of LowConf patches"),
      spec("lambda1", "λ1 (large)", 0.01, 1, 0, 0.5, "frame share",
           "LowConf components above this share of the frame are dropped or split"),
      spec("lambda2", "λ2 (overlap)", 0, 1, 0, 0.3, "IoU", "LowConf patches overlapping accepted ones above this IoU are dropped"),
      spec("splitLarge", "Split large", 0, 1, 1, 1, "", "Tile large components into person-sized patches"),
      spec("objectness", "Objectness", 0, 1, 0, 0.3, "score", "Peaks below this objectness are not detections"),
      spec("mergeIou", "Merge IoU", 0, 1, 0, 0.5, "IoU", "Class-agnostic NMS across patches"),
      spec("keyframeInterval", "Keyframe interval", 0, 1000, 1, 0, "frames",
           "A full-frame keyframe every this many frames (0: only at cold start)"),
      spec("costWindowS", "Cost window", 1, 600, 1, 300, "s", "Window of a node's load average (m = 5 min)"),
      spec("bandwidthProbeS", "Probe interval", 1, 120, 1, 15, "s", "Seconds between bandwidth probes"),
      spec("lrRate", "Objectness learning rate", 0, 1, 0, 0.05, "", "SGD step of the online objectness update"),
      spec("historyDecay", "History decay", 0, 1, 0, 0.02, "", "Per-frame decay of the object occurrence history"),
      spec("useLocal", "Use camera", 0, 1, 1, 1, "", "The camera serves patches too (device 0, no transfer)"),
      spec("graceMs", "Grace", 0, 1000, 1, 20, "ms", "A node's reply may arrive this long after the SLO"),
  };
}

namespace {

/// One knob's member in ParaLoupeConfig, read and written as a double.
struct Field {
  const char* key;
  double (*get)(const ParaLoupeConfig&);
  void (*set)(ParaLoupeConfig&, double);
};

template <auto Member>
Field field(const char* key) {
  using T = std::remove_reference_t<decltype(std::declval<ParaLoupeConfig&>().*Member)>;
  return {key, [](const ParaLoupeConfig& c) { return static_cast<double>(c.*Member); },
          [](ParaLoupeConfig& c, double v) {
            if constexpr (std::is_same_v<T, bool>) {
              c.*Member = v != 0.0;
            } else if constexpr (std::is_enum_v<T>) {
              c.*Member = static_cast<T>(static_cast<int>(v));
            } else {
              c.*Member = static_cast<T>(v);
            }
          }};
}

const std::vector<Field>& fields() {
  using C = ParaLoupeConfig;
  static const std::vector<Field> kFields{
      field<&C::sloMs>("sloMs"), field<&C::maxPatches>("maxPatches"), field<&C::scheduler>("scheduler"),
      field<&C::beta>("beta"), field<&C::gamma>("gamma"), field<&C::maxIterations>("maxIterations"),
      field<&C::stallIterations>("stallIterations"), field<&C::highConfMargin>("highConfMargin"),
      field<&C::lostFrames>("lostFrames"), field<&C::lowConfThreshold>("lowConfThreshold"),
      field<&C::lowConfWeight>("lowConfWeight"), field<&C::lambda1>("lambda1"), field<&C::lambda2>("lambda2"),
      field<&C::splitLarge>("splitLarge"), field<&C::objectness>("objectness"), field<&C::mergeIou>("mergeIou"),
      field<&C::keyframeInterval>("keyframeInterval"), field<&C::costWindowS>("costWindowS"),
      field<&C::bandwidthProbeS>("bandwidthProbeS"), field<&C::lrRate>("lrRate"),
      field<&C::historyDecay>("historyDecay"), field<&C::useLocal>("useLocal"), field<&C::graceMs>("graceMs")};
  return kFields;
}

const Field& find(const std::string& id) {
  const std::string prefix = "paraloupe.";
  if (id.rfind(prefix, 0) == 0) {
    for (const Field& f : fields()) {
      if (id.compare(prefix.size(), std::string::npos, f.key) == 0) return f;
    }
  }
  throw Error("unknown ParaLoupe parameter '" + id + "'");
}

}  // namespace

double ParaLoupeConfig::apply(const std::string& id, double value) {
  const Field& f = find(id);
  for (const ParameterSpec& s : parameterSpecs()) {
    if (s.id == id) f.set(*this, s.sanitize(value));
  }
  return f.get(*this);
}

double ParaLoupeConfig::value(const std::string& id) const { return find(id).get(*this); }

}  // namespace edgescope
