#include "ams/SamplingRateController.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "util/Error.h"

namespace edgescope {

namespace {

Error optionError(const char* id, const std::string& rule, double value) {
  return Error("SamplingRateController: " + std::string(id) + " " + rule + ", got " + std::to_string(value));
}

void requireFinite(const char* id, double value) {
  if (!std::isfinite(value)) throw optionError(id, "must be finite", value);
}

void requirePositive(const char* id, double value) {
  requireFinite(id, value);
  if (!(value > 0.0)) throw optionError(id, "must be > 0", value);
}

}  // namespace

void SamplingRateController::Options::validate() const {
  requirePositive("ams.rateMinFps", rateMinFps);
  requirePositive("ams.rateMaxFps", rateMaxFps);
  if (rateMinFps > rateMaxFps) {
    throw Error("SamplingRateController: ams.rateMinFps (" + std::to_string(rateMinFps) +
                ") must not exceed ams.rateMaxFps (" + std::to_string(rateMaxFps) + ")");
  }
  requirePositive("ams.rateStepFps", rateStepFps);
  requirePositive("ams.rateIntervalS", rateIntervalS);
  requireFinite("ams.phiTarget", phiTarget);
  if (phiTarget < 0.0 || phiTarget > 1.0) throw optionError("ams.phiTarget", "must be in [0, 1]", phiTarget);
  requirePositive("phiGain", phiGain);
  if (mode != StepMode::Linear && mode != StepMode::Tanh) {
    throw optionError("mode", "must be Linear or Tanh", static_cast<double>(mode));
  }
  if (!std::isnan(initialRateFps) && !(initialRateFps >= rateMinFps && initialRateFps <= rateMaxFps)) {
    throw optionError("initialRateFps", "must be NaN or in [ams.rateMinFps, ams.rateMaxFps]", initialRateFps);
  }
}

SamplingRateController::SamplingRateController() : SamplingRateController(Options()) {}

SamplingRateController::SamplingRateController(const Options& options, double startS) : options_(options) {
  options_.validate();
  if (!std::isfinite(startS)) throw Error("SamplingRateController: startS must be finite");
  rateFps_ = std::isnan(options_.initialRateFps) ? options_.rateMaxFps : options_.initialRateFps;
  lastDecisionS_ = startS;
  nextDecisionS_ = startS + options_.rateIntervalS;
}

double SamplingRateController::stepFps(double phiMean) const {
  if (std::isnan(phiMean) || !options_.enabled) return 0.0;
  const double error = phiMean - options_.phiTarget;
  if (options_.mode == StepMode::Linear) return options_.rateStepFps * options_.phiGain * error;
  return options_.rateStepFps * std::tanh(options_.phiGain * error);
}

SamplingRateController::Decision SamplingRateController::update(double nowS, double phiMean) {
  if (!std::isfinite(nowS)) throw Error("SamplingRateController: nowS must be finite, got " + std::to_string(nowS));
  if (!std::isnan(phiMean) && !(phiMean >= 0.0 && phiMean <= 1.0)) {
    throw Error("SamplingRateController: phiMean must be NaN or in [0, 1], got " + std::to_string(phiMean));
  }
  Decision decision;
  decision.atS = nowS;
  decision.previousRateFps = rateFps_;
  decision.rateFps = rateFps_;
  if (!isDue(nowS)) return decision;
  decision.decided = true;
  decision.phiMean = phiMean;
  decision.stepFps = stepFps(phiMean);
  rateFps_ = std::clamp(rateFps_ + decision.stepFps, options_.rateMinFps, options_.rateMaxFps);
  decision.rateFps = rateFps_;
  lastDecisionS_ = nowS;
  nextDecisionS_ = nowS + options_.rateIntervalS;
  ++decisions_;
  return decision;
}

void SamplingRateController::setOptions(const Options& options) {
  options.validate();
  options_ = options;
  rateFps_ = std::clamp(rateFps_, options_.rateMinFps, options_.rateMaxFps);
  nextDecisionS_ = lastDecisionS_ + options_.rateIntervalS;
}

double SamplingRateController::calibratePhiTarget(const std::vector<double>& phis, double quantile) {
  if (!(quantile >= 0.0 && quantile <= 1.0)) {
    throw Error("SamplingRateController: quantile must be in [0, 1], got " + std::to_string(quantile));
  }
  std::vector<double> values;
  values.reserve(phis.size());
  for (double phi : phis) {
    if (std::isnan(phi)) continue;
    if (!(phi >= 0.0 && phi <= 1.0)) {
      throw Error("SamplingRateController: phis must lie in [0, 1], got " + std::to_string(phi));
    }
    values.push_back(phi);
  }
  if (values.empty()) throw Error("SamplingRateController: phis holds no finite value to calibrate phiTarget from");
  std::sort(values.begin(), values.end());
  const double position = quantile * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  const double fraction = position - static_cast<double>(below);
  return values[below] + fraction * (values[above] - values[below]);
}

}  // namespace edgescope
