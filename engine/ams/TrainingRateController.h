#pragma once
/// @file TrainingRateController.h
/// AMS's adaptive training rate, ATR (paper 003, Appendix D, Eq. 2): a slowdown mode for stationary scenes, read from
/// ASR's sampling-rate decisions. The mode is entered when the rate r_n < γ0 and left when r_n > γ1 (hysteresis: a rate
/// in [γ0, γ1] keeps the mode). In slowdown every decision adds Δ to T_update, up to a cap; outside it T_update is
/// τ_min, the fastest interval, so leaving slowdown resets it at once.

#include <limits>

namespace edgescope {

/// Pure: no clock inside; decide() is called once per ASR decision (every δt) with that decision's rate and time.
/// Value semantics; not thread-safe (one instance per camera session, used from one thread).
class TrainingRateController {
 public:
  /// Value type; validate() names the offending option by its engine parameter id (ams.*).
  struct Options {
    bool enabled = true;            ///< ams.atr; off: T_update stays τ_min and the mode is never entered
    double updateIntervalS = 10.0;  ///< τ_min (ams.updateIntervalS), > 0
    double enterFps = 0.25;         ///< γ0 (ams.atrEnterFps): enter slowdown when r < γ0, ≥ 0
    double exitFps = 0.35;          ///< γ1 (ams.atrExitFps): leave slowdown when r > γ1, ≥ γ0
    double stepS = 2.0;             ///< Δ (ams.atrStepS) added per decision in slowdown, > 0
    double maxS = 60.0;             ///< cap on T_update (ams.atrMaxS), ≥ τ_min

    /// Throws Error naming the option: a non-finite value, updateIntervalS ≤ 0, enterFps < 0, enterFps > exitFps,
    /// stepS ≤ 0, maxS < updateIntervalS.
    void validate() const;
  };

  /// One decision.
  struct Decision {
    double atS = 0.0;                      ///< nowS of the call
    double rateFps = 0.0;                  ///< r_n, the ASR decision read
    bool slowdown = false;                 ///< the mode after this decision
    bool entered = false;                  ///< this decision entered slowdown
    bool exited = false;                   ///< this decision left slowdown
    double previousUpdateIntervalS = 0.0;  ///< T_update(n)
    double updateIntervalS = 0.0;          ///< T_update(n + 1)
  };

  /// Default options.
  TrainingRateController();
  /// Starts outside slowdown at T_update = τ_min. Throws Error as Options::validate() does.
  explicit TrainingRateController(const Options& options);

  /// One ATR step for the sampling rate @p rateFps decided at @p nowS: updates the mode (strict thresholds), then
  /// T_update = min(T_update + Δ, cap) in slowdown (including the decision that enters it), τ_min otherwise. Throws
  /// Error naming "nowS" when it is not finite, or "rateFps" when it is not finite or negative.
  Decision decide(double nowS, double rateFps);

  double updateIntervalS() const { return updateIntervalS_; }
  bool slowdown() const { return slowdown_; }
  int decisions() const { return decisions_; }
  /// nowS of the last decision; NaN before the first.
  double lastDecisionS() const { return lastDecisionS_; }
  const Options& options() const { return options_; }
  /// Replaces the options (a knob changed): validates; outside slowdown T_update becomes the new τ_min, in slowdown it
  /// is clipped into [τ_min, cap]; disabling leaves slowdown. Throws as validate() does.
  void setOptions(const Options& options);
  /// Back to the start: outside slowdown, T_update = τ_min, no decisions.
  void reset();

 private:
  Options options_;
  double updateIntervalS_ = 0.0;
  bool slowdown_ = false;
  int decisions_ = 0;
  double lastDecisionS_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace edgescope
