#include "ams/TrainingRateController.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/Error.h"

namespace edgescope {

namespace {

Error optionError(const char* id, const std::string& rule, double value) {
  return Error("TrainingRateController: " + std::string(id) + " " + rule + ", got " + std::to_string(value));
}

void requireFinite(const char* id, double value) {
  if (!std::isfinite(value)) throw optionError(id, "must be finite", value);
}

}  // namespace

void TrainingRateController::Options::validate() const {
  requireFinite("ams.updateIntervalS", updateIntervalS);
  if (!(updateIntervalS > 0.0)) throw optionError("ams.updateIntervalS", "must be > 0", updateIntervalS);
  requireFinite("ams.atrEnterFps", enterFps);
  requireFinite("ams.atrExitFps", exitFps);
  if (enterFps < 0.0) throw optionError("ams.atrEnterFps", "must be >= 0", enterFps);
  if (enterFps > exitFps) {
    throw Error("TrainingRateController: ams.atrEnterFps (" + std::to_string(enterFps) +
                ") must not exceed ams.atrExitFps (" + std::to_string(exitFps) + ")");
  }
  requireFinite("ams.atrStepS", stepS);
  if (!(stepS > 0.0)) throw optionError("ams.atrStepS", "must be > 0", stepS);
  requireFinite("ams.atrMaxS", maxS);
  if (maxS < updateIntervalS) {
    throw Error("TrainingRateController: ams.atrMaxS (" + std::to_string(maxS) +
                ") must be at least ams.updateIntervalS (" + std::to_string(updateIntervalS) + ")");
  }
}

TrainingRateController::TrainingRateController() : TrainingRateController(Options()) {}

TrainingRateController::TrainingRateController(const Options& options) : options_(options) {
  options_.validate();
  updateIntervalS_ = options_.updateIntervalS;
}

TrainingRateController::Decision TrainingRateController::decide(double nowS, double rateFps) {
  if (!std::isfinite(nowS)) throw Error("TrainingRateController: nowS must be finite, got " + std::to_string(nowS));
  if (!std::isfinite(rateFps) || rateFps < 0.0) {
    throw Error("TrainingRateController: rateFps must be finite and >= 0, got " + std::to_string(rateFps));
  }
  Decision decision;
  decision.atS = nowS;
  decision.rateFps = rateFps;
  decision.previousUpdateIntervalS = updateIntervalS_;
  const bool wasSlowdown = slowdown_;
  if (!options_.enabled) {
    slowdown_ = false;
  } else if (!slowdown_ && rateFps < options_.enterFps) {
    slowdown_ = true;
  } else if (slowdown_ && rateFps > options_.exitFps) {
    slowdown_ = false;
  }
  decision.entered = slowdown_ && !wasSlowdown;
  decision.exited = wasSlowdown && !slowdown_;
  updateIntervalS_ = slowdown_ ? std::min(updateIntervalS_ + options_.stepS, options_.maxS) : options_.updateIntervalS;
  decision.slowdown = slowdown_;
  decision.updateIntervalS = updateIntervalS_;
  lastDecisionS_ = nowS;
  ++decisions_;
  return decision;
}

void TrainingRateController::setOptions(const Options& options) {
  options.validate();
  options_ = options;
  if (!options_.enabled) slowdown_ = false;
  updateIntervalS_ =
      slowdown_ ? std::clamp(updateIntervalS_, options_.updateIntervalS, options_.maxS) : options_.updateIntervalS;
}

void TrainingRateController::reset() {
  updateIntervalS_ = options_.updateIntervalS;
  slowdown_ = false;
  decisions_ = 0;
  lastDecisionS_ = std::numeric_limits<double>::quiet_NaN();
}

}  // namespace edgescope
