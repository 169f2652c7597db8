#include "ams/AmsConfig.h"

#include <cmath>
#include <functional>

#include "ams/CoordinateSelector.h"
#include "util/Error.h"

namespace edgescope {
namespace {

/// One knob: its spec and how it reads and writes an AmsConfig.
struct Knob {
  ParameterSpec spec;
  std::function<void(AmsConfig&, double)> set;
  std::function<double(const AmsConfig&)> get;
};

ParameterSpec spec(const char* id, const char* label, double lo, double hi, double step, double def, const char* unit,
                   const char* description, std::vector<std::string> choices = {}) {
  return {std::string("ams.") + id, label, lo, hi, step, def, unit, description, std::move(choices)};
}

Knob toggle(const char* id, const char* label, bool AmsConfig::*member, const char* description) {
  const AmsConfig d;
  return {spec(id, label, 0, 1, 1, d.*member ? 1 : 0, "", description),
          [member](AmsConfig& c, double v) { c.*member = v >= 0.5; },
          [member](const AmsConfig& c) { return c.*member ? 1.0 : 0.0; }};
}

Knob number(ParameterSpec s, double AmsConfig::*member) {
  const AmsConfig d;
  s.defaultValue = d.*member;
  return {std::move(s), [member](AmsConfig& c, double v) { c.*member = v; },
          [member](const AmsConfig& c) { return c.*member; }};
}

Knob integer(ParameterSpec s, int AmsConfig::*member) {
  const AmsConfig d;
  s.defaultValue = d.*member;
  return {std::move(s), [member](AmsConfig& c, double v) { c.*member = static_cast<int>(std::lround(v)); },
          [member](const AmsConfig& c) { return static_cast<double>(c.*member); }};
}

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> all = [] {
    const double n = 0;  // defaults come from AmsConfig's initialisers
    const auto selections = static_cast<double>(AmsConfig::selectionNames().size() - 1);
    const auto codecs = static_cast<double>(AmsConfig::uplinkCodecNames().size() - 1);
    return std::vector<Knob>{
        toggle("enabled", "Model streaming", &AmsConfig::enabled,
               "A node fine-tunes this camera's network on its recent frames and streams sparse updates (paper 003)"),
        number(spec("updateIntervalS", "Update interval", 2, 120, 1, n, "s",
                    "T_update: one training phase and update per interval (the minimum with adaptive training)"),
               &AmsConfig::updateIntervalS),
        number(spec("horizonS", "Horizon", 10, 1800, 10, n, "s", "Train on the samples of this many last seconds"),
               &AmsConfig::horizonS),
        integer(spec("iterations", "Iterations", 1, 500, 1, n, "", "Training iterations per phase (K)"),
                &AmsConfig::iterations),
        integer(spec("batch", "Batch", 1, 64, 1, n, "samples", "Samples per training iteration"), &AmsConfig::batch),
        number(spec("learningRate", "Learning rate", 1e-5, 1e-2, 1e-5, n, "", "Adam's learning rate on the node"),
               &AmsConfig::learningRate),
        number(spec("fraction", "Update fraction", 0.001, 1, 0.001, n, "",
                    "Share of the trainable coordinates sent per update (γ; 1 = the whole model)"),
               &AmsConfig::fraction),
        integer(spec("selection", "Coordinates", 0, selections, 1, n, "",
                     "Which coordinates an update carries (Table 3): gradient-guided, random, first, last, "
                     "first and last layers, or all",
                     AmsConfig::selectionNames()),
                &AmsConfig::selection),
        toggle("asr", "Adaptive sampling", &AmsConfig::asr,
               "Sample faster when the scene changes (phi above its target), slower when it is static (Eq. 1)"),
        number(spec("rateMinFps", "Min sampling rate", 0.05, 5, 0.05, n, "fps", "Lowest sampling rate"),
               &AmsConfig::rateMinFps),
        number(spec("rateMaxFps", "Max sampling rate", 0.1, 10, 0.1, n, "fps", "Highest sampling rate"),
               &AmsConfig::rateMaxFps),
        number(spec("phiTarget", "Phi target", 0, 1, 0.01, n, "",
                    "phi (1 - F1 of consecutive samples' teacher boxes) the sampling rate settles at; calibrated "
                    "as the median phi of the calibration streams (SamplingRateController::calibratePhiTarget)"),
               &AmsConfig::phiTarget),
        number(spec("rateStepFps", "Rate step", 0.01, 1, 0.01, n, "fps", "Largest sampling-rate change per decision"),
               &AmsConfig::rateStepFps),
        number(spec("rateIntervalS", "Rate interval", 1, 60, 1, n, "s", "Time between sampling-rate decisions"),
               &AmsConfig::rateIntervalS),
        toggle("atr", "Adaptive training", &AmsConfig::atr,
               "Stretch the update interval while the sampling rate stays low (Appendix D)"),
        number(spec("atrEnterFps", "ATR enter below", 0, 10, 0.01, n, "fps",
                    "Slow training down while the sampling rate is below this"),
               &AmsConfig::atrEnterFps),
        number(spec("atrExitFps", "ATR exit above", 0, 10, 0.01, n, "fps",
                    "Back to the update interval once the sampling rate is above this"),
               &AmsConfig::atrExitFps),
        number(spec("atrStepS", "ATR step", 0.5, 30, 0.5, n, "s", "Added to the interval per decision in slowdown"),
               &AmsConfig::atrStepS),
        number(spec("atrMaxS", "ATR cap", 2, 600, 1, n, "s", "Longest interval in slowdown"), &AmsConfig::atrMaxS),
        integer(spec("uplinkCodec", "Uplink codec", 0, codecs, 1, n, "",
                     "How sample batches travel to the node: H.264 (one GOP per batch) or JPEG per frame",
                     AmsConfig::uplinkCodecNames()),
                &AmsConfig::uplinkCodec),
        number(spec("uplinkKbps", "Uplink bitrate", 20, 2000, 10, n, "kbit/s", "Target bitrate of the sample batches"),
               &AmsConfig::uplinkKbps),
        integer(spec("swapGraceFrames", "Swap grace", 0, 30, 1, n, "frames",
                     "Frames after a model swap that the tracker associates by IoU only"),
                &AmsConfig::swapGraceFrames),
        toggle("gate", "Validation gate", &AmsConfig::gate,
               "Send an update only if it scores at least as well as the current model on held-out samples"),
    };
  }();
  return all;
}

const Knob& knob(const std::string& id) {
  for (const Knob& k : knobs())
    if (k.spec.id == id) return k;
  throw Error("unknown AMS parameter '" + id + "'");
}

}  // namespace

const std::vector<std::string>& AmsConfig::selectionNames() {
  static const std::vector<std::string> names = [] {  // CoordinateSelector::Strategy's order and names
    std::vector<std::string> out;
    for (int s = 0; s <= static_cast<int>(CoordinateSelector::Strategy::Full); ++s)
      out.push_back(CoordinateSelector::strategyName(static_cast<CoordinateSelector::Strategy>(s)));
    return out;
  }();
  return names;
}

const std::vector<std::string>& AmsConfig::uplinkCodecNames() {
  static const std::vector<std::string> names{"h264", "jpeg"};
  return names;
}

std::vector<ParameterSpec> AmsConfig::parameterSpecs() {
  std::vector<ParameterSpec> out;
  for (const Knob& k : knobs()) out.push_back(k.spec);
  return out;
}

double AmsConfig::apply(const std::string& id, double requested) {
  const Knob& k = knob(id);
  k.set(*this, k.spec.sanitize(requested));
  return k.get(*this);
}

double AmsConfig::value(const std::string& id) const { return knob(id).get(*this); }

SamplingRateController::Options AmsConfig::samplingOptions() const {
  SamplingRateController::Options o;
  o.rateMinFps = rateMinFps;
  o.rateMaxFps = rateMaxFps;
  o.rateStepFps = rateStepFps;
  o.rateIntervalS = rateIntervalS;
  o.phiTarget = phiTarget;
  o.enabled = asr;
  return o;
}

TrainingRateController::Options AmsConfig::trainingOptions() const {
  TrainingRateController::Options o;
  o.enabled = atr;
  o.updateIntervalS = updateIntervalS;
  o.enterFps = atrEnterFps;
  o.exitFps = atrExitFps;
  o.stepS = atrStepS;
  o.maxS = atrMaxS;
  return o;
}

}  // namespace edgescope
