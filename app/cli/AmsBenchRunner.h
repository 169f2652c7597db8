#pragma once
/// @file AmsBenchRunner.h
/// One scheme of `edgescope-cli ams-bench` (issue 22): a causal, virtual-time emulation of N cameras that run the
/// student and one node that distils the teacher into a copy of each camera's network.
///
/// Time is the stream's own (frame number / fps). Each camera samples frames at the rate the node set, encodes a
/// batch every T_update and sends it over its emulated uplink (LinkEmulator, explicit send times); the node labels a
/// batch when it arrives, runs the session's phase when the node is free (the longest-waiting due session first),
/// and sends the update over the downlink. A phase lasts its measured wall time plus the teacher's (or the fixed
/// --time). The camera applies an update from the first frame at or after its arrival: decode, StreamableModel
/// stage and swap, the same code the console runs. Metrics: F1 against the teacher (its boxes ≥ 0.5, IoU 0.5) on
/// the evaluation frames, MOTA/IDF1/HOTA with GT, bandwidth, updates, staleness, and the per-window comparison with
/// the run of scheme "none".
///
/// Schemes: none (the student as shipped), ams (MaskedAdam, γ and strategy as given), full (γ = 1), one-time
/// (samples at r_max for the first --one-time-seconds, then one phase of all weights and one full update), jit
/// (Mullapudi et al.: one frame every 8–64, up to 8 iterations on it until F1 ≥ the threshold, immediate uploads).

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ams/AmsConfig.h"
#include "eval/FrameRange.h"
#include "link/LinkProfile.h"

#include <nlohmann/json_fwd.hpp>

namespace edgescope {

class AmsTeacherCache;

/// Value type: what one scheme run needs.
struct AmsBenchSettings {
  std::string source, gt;  ///< URI and MOT ground truth (empty: metrics are null)
  FrameRange frames;       ///< frames streamed
  FrameRange evalFrames;   ///< frames scored (a subset of frames)
  int evalEvery = 1;       ///< F1 against the teacher on every Nth evaluation frame
  std::string student;     ///< the camera's model card
  std::string scheme = "ams";
  AmsConfig ams;  ///< the ams.* knobs (T_update, horizon, K, batch, α, γ, selection, ASR, ATR, …)
  double oneTimeSeconds = 60.0;
  double jitThreshold = 0.75;
  int clients = 1;
  LinkProfile link;
  std::optional<double> fixedPhaseS;  ///< --time fixed:S: every phase lasts S seconds (determinism)
  std::string device = "auto";
  std::uint64_t seed = 1;
  std::string uplinkCodec = "jpeg";  ///< jpeg | h264
};

/// One row of the JSON output. Value type.
struct AmsBenchRow {
  std::string scheme, selection;
  double fraction = 0.0;
  double f1Teacher = 0.0;
  std::optional<double> mota, idf1, hota, teacherMota;
  double uplinkKbps = 0.0, downlinkKbps = 0.0;
  std::int64_t updates = 0, samples = 0, rejected = 0, droppedSamples = 0;
  double meanRateFps = 0.0;
  double bitsPerStreamedParam = 0.0;
  double updateBytesMean = 0.0;
  double stalenessSMean = 0.0;
  std::optional<double> windowsBetterThanNone;
  std::optional<double> idswNearSwaps;
  bool weightsInSync = true;
  double trainSeconds = 0.0;  ///< node compute spent in phases (wall)
  double applyMsMax = 0.0;    ///< camera: decode + stage, the es-ams thread's work, worst update
  double swapMsMax = 0.0;     ///< camera: the engine thread's swap, worst update
  std::int64_t phases = 0;
  std::map<std::string, std::int64_t> skipped;  ///< phases not sent, by reason ("gate", "non-finite loss", …)
  std::string lastRejection;                    ///< the camera's last refused update (empty: none)
  std::vector<double> windowF1;                 ///< mean F1 per 10-frame evaluation window (client 0)
  nlohmann::json toJson() const;
};

/// Not thread-safe; one run at a time.
class AmsBenchRunner {
 public:
  using Progress = std::function<void(std::int64_t done, std::int64_t total)>;
  /// @p noneWindows: the per-window F1 of scheme "none" (for windows_better_than_none), empty when unknown.
  static AmsBenchRow run(const AmsBenchSettings& settings, AmsTeacherCache& teacher,
                         const std::vector<double>& noneWindows, const Progress& progress = {});
  /// Frames per evaluation window.
  static constexpr int kWindowFrames = 10;
};

}  // namespace edgescope
