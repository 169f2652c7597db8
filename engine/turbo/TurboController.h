#pragma once
/// @file TurboController.h
/// Decides, frame by frame, how deep the Turbo enhancer may go (paper 004 §5): the frame's difficulty (D_f before
/// detection, or Eq. 1 on the plain detections, or the oracle/random baselines) and the idle budget left before the
/// frame's deadline (IdleBudget, capped by the cores' idle share) go into the planner (TurboPlanner over a window of
/// one frame, with the gain profile and the latency profile corrected online). Torch-free: the detector that owns
/// the enhancer (JdeDetector) asks it through chooseExit() between its encoder pass and the heads.
///
/// Thread: the engine thread (one caller at a time); last() is a value copy for snapshots.

#include <functional>
#include <limits>
#include <vector>

#include "core/Detection.h"
#include "mot/MotRow.h"
#include "turbo/GainProfile.h"
#include "turbo/IdleBudget.h"
#include "turbo/LatencyProfile.h"
#include "turbo/ProcStatIdle.h"
#include "turbo/TurboConfig.h"
#include "turbo/TurboExitPolicy.h"
#include "turbo/TurboFrameStatus.h"
#include "turbo/TurboPlanner.h"
#include "util/Rng.h"

namespace edgescope {

class TurboController {
 public:
  /// Difficulty sources beyond TurboConfig's: the benchmark's oracle (plain per-frame F1 < 0.8 with GT) and random.
  enum class Baseline { None, Oracle, Random };
  static constexpr double kScoreFloor = 0.3;  ///< Eq. 1 counts detections at least this confident

  TurboController(GainProfile gain, LatencyProfile latency, double cardHardThreshold, std::uint64_t seed = 1);

  TurboConfig& config() { return config_; }
  const TurboConfig& config() const { return config_; }
  void setStrategy(TurboPlanner::Strategy strategy) { strategy_ = strategy; }
  void setBaseline(Baseline baseline) { baseline_ = baseline; }
  Baseline baseline() const { return baseline_; }
  /// Whether the idle budget is capped by /proc/stat's idle share (default on).
  void setUseIdleShare(bool use) { useIdleShare_ = use; }
  /// An outside planner (borrowed, must outlive its use; null = the controller's own one-frame plan): chooseExit()
  /// asks it for the exit once the difficulty is known (beginFrame's budget is then not used), atBlock() forwards
  /// to it and endFrame() reports to it.
  void setExitPolicy(TurboExitPolicy* policy) { policy_ = policy; }
  TurboExitPolicy* exitPolicy() const { return policy_; }
  /// Whether the detector should stop at the yield points between decoder blocks to ask atBlock() (a policy is set).
  bool yieldsBetweenBlocks() const { return policy_ != nullptr; }
  /// At a yield point: the policy's decision (Continue without one).
  TurboYield atBlock(int blocksDone, int plannedExit, double enhanceMs);

  /// Before the frame: its due time, the next frame's (NaN: unknown), the latency bound T (ms; ≤ 0: no bound known,
  /// then no enhancement unless turbo.latencyMs sets one) and the predicted tail (tracking after detection), all on
  /// the steady clock (Stopwatch::nowMs). @p tracksPredictPeople: live tracks expect people in this frame (Eq. 1's
  /// empty-frame rule); @p groundTruth: this frame's GT for the oracle baseline (may be empty).
  void beginFrame(double dueMs, double nextDueMs, double latencyBoundMs, double tailMs, bool tracksPredictPeople,
                  std::vector<MotRow> groundTruth = {});
  /// Whether the detector should decode the plain detections before choosing (confidence/oracle, compare).
  bool wantsPlainFirst() const;
  /// Whether D_f should run (discriminator difficulty).
  bool wantsDiscriminator() const;
  /// Called by the detector after its encoder pass: the exit for this frame. @p rung: the input size's rung.
  int chooseExit(double discriminatorDifficulty, const std::vector<Detection>* plain, int rung = 0);
  /// After the frame's detection: the exit that ran, the enhancement path's time and whether it fell back.
  void endFrame(int exit, double enhanceMs, double discriminateMs, bool fellBack, int rung = 0);
  const TurboFrameStatus& last() const { return last_; }
  const LatencyProfile& latency() const { return latency_; }
  /// Replaces the latency profile (a measured or cached one for this device).
  void setLatency(LatencyProfile latency) { latency_ = std::move(latency); }
  const GainProfile& gain() const { return gain_; }
  double cardHardThreshold() const { return cardHardThreshold_; }

 private:
  TurboConfig config_;
  GainProfile gain_;
  LatencyProfile latency_;
  double cardHardThreshold_;
  TurboPlanner::Strategy strategy_ = TurboPlanner::Strategy::Prune;
  Baseline baseline_ = Baseline::None;
  bool useIdleShare_ = true;
  TurboExitPolicy* policy_ = nullptr;
  ProcStatIdle idle_;
  Rng rng_;
  IdleBudget::Inputs frame_;
  bool tracksPredictPeople_ = false;
  std::vector<MotRow> groundTruth_;
  TurboFrameStatus last_;
};

}  // namespace edgescope
