#pragma once
/// @file ParaLoupeConfig.h
/// The operator's ParaLoupe knobs (paper 002, Sections III-C/D; issue 20): latency SLO, patch cap, scheduler and its
/// temperature β and cost weight γ, the patch generator's thresholds (λ1, λ2, LowConf threshold and weight), the
/// online objectness update, keyframes and the cluster profilers' windows. Value type; any thread.

#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

/// How patches are assigned to (device, patch size) pairs.
enum class SchedulerKind {
  Markov = 0,   ///< Algorithm 1: Markov approximation from a greedy feasible start
  Uniform = 1,  ///< round robin over the devices at the largest size that fits
  Greedy = 2,   ///< the greedy feasible start alone
};

struct ParaLoupeConfig {
  double sloMs = 40.0;              ///< T_SLO: capture to result, ms
  int maxPatches = 12;              ///< cap on patches per frame (Fig. 19)
  SchedulerKind scheduler = SchedulerKind::Markov;
  double beta = 0.01;               ///< Markov temperature β of ρ = 1/(1+e^{(U−Ũ)/β})
  double gamma = 0.2;               ///< γ: weight of the device cost c_i against accuracy α^j
  int maxIterations = 1000;         ///< T_max
  int stallIterations = 10;         ///< N: stop after this many iterations without a change of U > 0.01
  double highConfMargin = 0.25;     ///< HighConf box enlarged by this share of its width and height
  int lostFrames = 5;               ///< lost tracks younger than this still make HighConf patches
  double lowConfThreshold = 0.7;    ///< objectness p at or above which a cell seeds a LowConf patch (issue: 0.5;
                                    ///< 0.7 was best on PETS09 201–300, see docs/BENCHMARKS.md)
  double lowConfWeight = 0.5;       ///< y_k of LowConf patches (HighConf and RoI: 1)
  double lambda1 = 0.5;             ///< λ1: a LowConf component above this share of the frame is dropped or split
  double lambda2 = 0.3;             ///< λ2: a LowConf patch with IoU above this against an accepted one is dropped
  bool splitLarge = true;           ///< tile large components into person-sized patches instead of dropping them
  double objectness = 0.3;          ///< peaks below this objectness are not detections
  double mergeIou = 0.5;            ///< class-agnostic NMS IoU across patches
  int keyframeInterval = 0;         ///< a full-frame JDE keyframe every this many frames (0: only at cold start)
  double costWindowS = 300.0;       ///< load EWMA window of NodeCostTracker (m = 5 min)
  double bandwidthProbeS = 15.0;    ///< seconds between bandwidth probes
  double lrRate = 0.05;             ///< SGD step of the online objectness update
  double historyDecay = 0.02;       ///< f_hist ← (1 − d)·f_hist + d·occupancy per frame
  bool useLocal = true;             ///< the camera is device 0 (no transfer) and serves patches too
  double graceMs = 20.0;            ///< a node's reply may arrive this long after the SLO

  static const char* schedulerName(SchedulerKind kind);
  /// "markov", "uniform" or "greedy" (case-insensitive); throws Error naming the text otherwise.
  static SchedulerKind parseScheduler(const std::string& text);
  /// The "paraloupe.*" knobs with the ranges and defaults.
  static std::vector<ParameterSpec> parameterSpecs();
  /// Applies one knob sanitised by its spec and returns the applied value; throws Error for an unknown id.
  double apply(const std::string& id, double value);
  /// Current value of one knob; throws Error for an unknown id.
  double value(const std::string& id) const;
};

}  // namespace edgescope
