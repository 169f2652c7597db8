#pragma once
/// @file SamplingRateController.h
/// AMS's adaptive sampling rate, ASR (paper 003, Section 3.2, Eq. 1): every decision interval δt the server moves the
/// camera's sampling rate r by a step that grows with φ̄ − φ_target (φ̄ = the interval's mean PhiScore) and clips it to
/// [r_min, r_max]. A static scene (φ̄ below target) lowers the rate, a changing one raises it.

#include <limits>
#include <vector>

namespace edgescope {

/// Pure: no clock inside; every decision is driven by the caller's timestamp nowS (seconds on any one clock, e.g.
/// the session's virtual or steady time). Value semantics; not thread-safe (one instance per camera session, used
/// from one thread).
class SamplingRateController {
 public:
  /// The shape of the step from φ̄ − φ_target (e = the error) to Δr.
  enum class StepMode {
    /// Eq. 1: Δr = η_r · e with η_r = rateStepFps × phiGain fps per unit φ, the slope of the tanh step at e = 0. The
    /// two modes agree for small errors; a large error moves the rate in one step, bounded only by [r_min, r_max].
    Linear,
    /// The public code's saturating step: Δr = rateStepFps · tanh(phiGain · e), at most ±rateStepFps per decision.
    Tanh,
  };

  /// Public code's φ_target (for φ = 1 − cross-mIoU of segmentation). Used until calibratePhiTarget has been run on
  /// the calibration streams (PETS 1–400 and the synthetic playlist, never frames after 400; issue 22).
  static constexpr double kDefaultPhiTarget = 0.4;

  /// Value type; validate() names the offending option by its engine parameter id (ams.*).
  struct Options {
    double rateMinFps = 0.1;               ///< r_min (ams.rateMinFps), > 0
    double rateMaxFps = 1.0;               ///< r_max (ams.rateMaxFps), ≥ r_min
    double rateStepFps = 0.2;              ///< the step scale (ams.rateStepFps), > 0
    double rateIntervalS = 10.0;           ///< δt between decisions (ams.rateIntervalS), > 0
    double phiTarget = kDefaultPhiTarget;  ///< φ_target in [0, 1] (ams.phiTarget); see calibratePhiTarget
    double phiGain = 20.0;                 ///< the 20 in tanh(20 · e), per unit φ, > 0
    StepMode mode = StepMode::Tanh;        ///< Tanh: bounded steps, the tested public behaviour
    bool enabled = true;                   ///< ams.asr; off: the rate stays at its initial value
    /// Rate before the first decision; NaN = rateMaxFps (the horizon fills fastest). Otherwise in [r_min, r_max].
    double initialRateFps = std::numeric_limits<double>::quiet_NaN();

    /// Throws Error naming the option: a non-finite value, rateMinFps ≤ 0, rateMinFps > rateMaxFps, rateStepFps ≤ 0,
    /// rateIntervalS ≤ 0, phiTarget outside [0, 1], phiGain ≤ 0, initialRateFps outside [r_min, r_max].
    void validate() const;
  };

  /// One call of update().
  struct Decision {
    bool decided = false;                                       ///< false: not due yet, nothing changed
    double atS = 0.0;                                           ///< nowS of the call
    double phiMean = std::numeric_limits<double>::quiet_NaN();  ///< φ̄ used; NaN = no φ in the interval (rate held)
    double stepFps = 0.0;                                       ///< Δr before the clip
    double previousRateFps = 0.0;                               ///< r_t
    double rateFps = 0.0;                                       ///< r_{t+1} (= r_t when not decided)
  };

  /// Default options, starting at 0 s.
  SamplingRateController();
  /// Validates @p options; the first decision is due at @p startS + rateIntervalS. Throws Error as validate() does,
  /// or naming "startS" when it is not finite.
  explicit SamplingRateController(const Options& options, double startS = 0.0);

  /// True when a decision is due at @p nowS (nowS ≥ nextDecisionS()).
  bool isDue(double nowS) const { return nowS >= nextDecisionS_; }
  /// Decides when due: r ← clip(r + step(φ̄), r_min, r_max) and the next decision is due at nowS + rateIntervalS (a
  /// call long after the due time makes one decision, not a burst of catch-up decisions with the same φ̄). A NaN
  /// @p phiMean (no φ in the interval) still counts as a decision but holds the rate. When not due, returns
  /// decided = false. The caller starts a new φ interval (PhiScore::takeIntervalMean) after a decision. Throws Error
  /// naming "nowS" when it is not finite, or "phiMean" when it is ±inf or outside [0, 1].
  Decision update(double nowS, double phiMean);
  /// Δr for @p phiMean in the configured mode, before the clip: 0 for NaN or when disabled.
  double stepFps(double phiMean) const;

  double rateFps() const { return rateFps_; }
  /// Seconds between samples at the current rate (1 / rateFps).
  double sampleIntervalS() const { return 1.0 / rateFps_; }
  double nextDecisionS() const { return nextDecisionS_; }
  int decisions() const { return decisions_; }
  const Options& options() const { return options_; }
  /// Replaces the options (a knob changed): validates, clips the current rate into the new range and reschedules the
  /// next decision to the last decision (or start) + the new interval. Throws as validate() does.
  void setOptions(const Options& options);

  /// Calibrates φ_target as the @p quantile (default 0.5: the median; linear interpolation between order statistics)
  /// of the φ values observed over a calibration window. NaN entries (first samples) are skipped. How: sample the
  /// calibration streams at the rate a typical scene should settle at (e.g. 0.5 fps), run the teacher, collect every
  /// φ_k from PhiScore::addSample and pass them here. φ grows with the gap between samples, so the controller settles
  /// where φ(gap) = φ_target: the median calibration scene near that rate, static scenes at r_min, busier scenes
  /// towards r_max. Throws Error naming "phis" when none is finite or one is outside [0, 1], "quantile" outside [0, 1].
  static double calibratePhiTarget(const std::vector<double>& phis, double quantile = 0.5);

 private:
  Options options_;
  double rateFps_ = 0.0;
  double lastDecisionS_ = 0.0;  // start time before the first decision
  double nextDecisionS_ = 0.0;
  int decisions_ = 0;
};

}  // namespace edgescope
