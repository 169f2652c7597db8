#pragma once
/// @file TrackEnhance.h
/// `edgescope-cli track --enhance classic|classic-oracle|upscale[:F]|teacher:SPEC` (issue 21, benchmark goal G4): the
/// switching and restoration baselines that Turbo is measured against, run under Turbo's pacing and budget rules.
///
/// Per frame: the plain detector runs (TrackingPipeline::detectAt at the frame's size); its confidence difficulty
/// d = 1 − Eq. 1 over the detections ≥ TurboController::kScoreFloor (DifficultyScore; no detection is hard only when
/// live tracks predict people) marks the frame hard when d ≥ the hard threshold (--hard-threshold, else the Turbo
/// card's, else the paper's 0.4). On a hard frame the baseline runs when its predicted cost (an EWMA of its measured
/// ms, seeded by warm-up runs; per degradation kind for classic-oracle) fits the frame's idle budget (IdleBudget with
/// TrackTurbo's due times, --turbo-margin, the predicted embed + track tail and, unless --no-idle-share, the
/// /proc/stat idle share); unpaced runs are bounded by --turbo-latency from the frame's start, as Turbo's, and
/// without it always fit. Its detections then replace the plain ones before embedding and
/// tracking (TrackingPipeline::processDetections).
///  - classic: ClassicEnhancer::classic (CLAHE + NL-means + unsharp), then the same detector;
///  - classic-oracle: ClassicEnhancer::oracle with the frame's true degradation (clean frames are left alone);
///  - upscale[:F]: the same detector at F (at most 4) × the frame size (sides aligned to 32). The default F = 1.25:
///    on PETS09 301–400 (seed 5 degradation, unpaced, every hard frame) 1.25 gained 1.1 AP50 points and 1.5 lost 13
///    (the network, trained at the frame's scale, sees people 1.5× too big);
///  - teacher:SPEC: another detector (DetectorFactory spec, e.g. onnx-yolox:../shared/models/yolox_nano.onnx); its
///    person boxes take the embedding of the plain box they overlap most (IoU ≥ 0.5), if any.
/// JSON "enhance": {method, hard_threshold, hard_threshold_source, frames, hard_frames, enhanced_frames,
/// skipped_for_budget, untouched_frames, overruns, mean_ms, p99_ms, budget_ms, predicted_ms (the final cost prediction
/// per key)}. The command's thread only.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/TrackTurbo.h"
#include "pipeline/TrackingPipeline.h"
#include "source/VideoSource.h"
#include "turbo/ClassicEnhancer.h"
#include "turbo/ProcStatIdle.h"
#include "util/JsonDocument.h"

namespace edgescope {

class Detector;

/// Value type.
struct TrackEnhanceOptions {
  std::string method = "off";  ///< off | classic | classic-oracle | upscale[:F] | teacher:SPEC

  static void addTo(CLI::App& command, TrackEnhanceOptions& options);
};

class TrackEnhance {
 public:
  enum class Method { Off, Classic, ClassicOracle, Upscale, Teacher };

  /// Parses --enhance and checks it against the other options: Error naming the option and value for an unknown
  /// method or an empty teacher spec, naming both options with --turbo other than off, and with a DeepScale
  /// resolution other than the full one (the baselines detect at the frame's size). Loads the teacher (its factory's
  /// Error, prefixed by the option) and looks up the hard threshold.
  TrackEnhance(const TrackEnhanceOptions& options, const TrackTurboOptions& turbo, TrackingPipeline& pipeline,
               const SourceInfo& info);
  ~TrackEnhance();
  TrackEnhance(const TrackEnhance&) = delete;
  TrackEnhance& operator=(const TrackEnhance&) = delete;

  bool enabled() const { return method_ != Method::Off; }
  /// Seeds the cost predictions: runs the method on a noisy grey frame of @p frameSize once untimed (first-use
  /// set-up), then three times, and keeps the median time. Call after the pipeline's own warm-up.
  void warmUp(cv::Size frameSize);
  /// Detects, decides and (maybe) enhances @p frame, then embeds and tracks. @p dueMs: TrackTurbo::waitForDue's time;
  /// @p tracksExist: live tracks predict people in this frame. Stages "detect", "enhance" (when it ran), "embed",
  /// "track".
  TrackingPipeline::Result process(const SourceFrame& frame, double dueMs, bool tracksExist);
  /// Adds "enhance" to @p json (nothing when off).
  void addJson(Json& json) const;
  /// One line for the text report (empty when off).
  std::string summary() const;

 private:
  /// The baseline's detections on @p frame (plain: the plain detections, for the teacher's embeddings).
  std::vector<Detection> runMethod(const SourceFrame& frame, const std::vector<Detection>& plain);
  /// The cost-prediction key of @p frame: the degradation kind for classic-oracle, else one key.
  std::string costKey(const SourceFrame& frame) const;
  /// Whether a baseline predicted to cost @p costMs fits the budget of the frame due at @p dueMs (unpaced without
  /// --turbo-latency: always).
  bool fits(double dueMs, double costMs);

  Method method_ = Method::Off;
  std::string methodName_;
  TrackTurboOptions turbo_;
  TrackingPipeline& pipeline_;
  ClassicEnhancer classic_;
  std::unique_ptr<Detector> teacher_;
  std::string teacherSpec_;
  ProcStatIdle idle_;
  double intervalMs_ = 0.0;
  double hardThreshold_ = 0.4;
  std::string thresholdSource_;
  double upscale_ = 1.25;  ///< upscale's factor F
  cv::Size upscaleSize_;
  double tailMs_ = 1.0;                   ///< predicted embed + track (EWMA), as TrackTurbo's
  std::map<std::string, double> costMs_;  ///< predicted cost per costKey (EWMA of measured ms)
  std::int64_t frames_ = 0, hard_ = 0, enhanced_ = 0, skipped_ = 0, untouched_ = 0, overruns_ = 0;
  std::vector<double> enhanceMs_, budgetMs_;
};

}  // namespace edgescope
