#include "degrade/DegradeKnobs.h"

#include <cmath>

#include "degrade/ImageDegrader.h"
#include "util/Error.h"

namespace edgescope {
namespace {

constexpr int kOff = 0;
constexpr int kMixed = 1;
constexpr double kDefaultShare = 0.35;
constexpr double kDefaultStrength = 0.7;

Error unknownId(const std::string& id) { return Error("unknown degrade parameter '" + id + "'"); }

const ParameterSpec& specOf(const std::string& id) {
  static const std::vector<ParameterSpec> specs = DegradeKnobs::parameterSpecs();
  for (const ParameterSpec& spec : specs) {
    if (spec.id == id) return spec;
  }
  throw unknownId(id);
}

}  // namespace

const std::vector<std::string>& DegradeKnobs::kindChoices() {
  static const std::vector<std::string> choices = [] {
    std::vector<std::string> names = {"off", "mixed"};
    for (DegradationKind kind : kAllDegradationKinds) names.emplace_back(kindName(kind));
    return names;
  }();
  return choices;
}

std::vector<ParameterSpec> DegradeKnobs::parameterSpecs() {
  ParameterSpec kind{"degrade.kind", "Degrade", 0.0, static_cast<double>(kindChoices().size() - 1), 1.0, kOff, "",
                     "Degrade some of the source's frames to watch Turbo react: off, mixed (every kind) or one kind "
                     "(episodes of 1-5 s; the ground truth is untouched)",
                     kindChoices()};
  return {kind,
          {"degrade.share", "Degraded share", 0.0, 1.0, 0.05, kDefaultShare, "",
           "Expected fraction of degraded frames", {}},
          {"degrade.strength", "Strength", 0.0, 1.0, 0.05, kDefaultStrength, "",
           "How severe every degraded episode is (0 mild, 1 severe)", {}}};
}

double DegradeKnobs::apply(const std::string& id, double requested) {
  const double v = specOf(id).sanitize(requested);
  if (id == "degrade.kind") {
    kind_ = static_cast<int>(std::lround(v));
  } else if (id == "degrade.share") {
    share_ = v;
  } else {
    strength_ = v;
  }
  return value(id);
}

double DegradeKnobs::value(const std::string& id) const {
  if (id == "degrade.kind") return kind_;
  if (id == "degrade.share") return share_;
  if (id == "degrade.strength") return strength_;
  throw unknownId(id);
}

DegradationSpec DegradeKnobs::spec() const {
  DegradationSpec spec;
  spec.seed = 1;
  spec.share = share_;
  spec.strengthMin = spec.strengthMax = strength_;
  if (kind_ == kOff) {
    spec.kinds.clear();
  } else if (kind_ != kMixed) {
    spec.kinds = {kAllDegradationKinds[static_cast<std::size_t>(kind_ - 2)]};
  }
  return spec;
}

void DegradeKnobs::degrade(SourceFrame& frame, double fps) {
  const DegradationSpec wanted = spec();
  if (!wanted.enabled()) {
    schedule_.reset();
    return;
  }
  if (!schedule_ || schedule_->spec() != wanted || schedule_->fps() != (fps > 0 ? fps : 25.0)) {
    schedule_ = std::make_unique<DegradationSchedule>(wanted, fps);
  }
  frame.degradation = schedule_->at(frame.frame.number);
  if (frame.degradation.degraded() && !frame.frame.image.empty()) {
    frame.frame.image =
        ImageDegrader::apply(frame.frame.image, frame.degradation, schedule_->noiseSeed(frame.frame.number));
  }
}

}  // namespace edgescope
