#pragma once
/// @file TrackingPipeline.h
/// Detector → (optional) appearance embedder → multi-object tracker, timed per stage. Used by the engine thread
/// (EngineSession) and by `edgescope-cli track` alike, so both measure and track the same way.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/Detection.h"
#include "core/Frame.h"
#include "core/LatencyBreakdown.h"
#include "core/Track.h"
#include "deepscale/DeepScaleConfig.h"
#include "deepscale/DeepScaleStatus.h"
#include "deepscale/LadderWarmUp.h"
#include "mot/MotRow.h"
#include "track/TrackerConfig.h"
#include "turbo/TurboController.h"

namespace edgescope {

class Detector;
class Embedder;
class MultiObjectTracker;
class ScalableDetector;
class DeepScaleGovernor;

/// Value type describing a pipeline.
struct PipelineConfig {
  std::string detectorSpec = "hog";  ///< DetectorFactory spec, e.g. "hog", "onnx-yolox:PATH"
  std::string embedderSpec;          ///< EmbedderFactory spec, e.g. "onnx-reid:PATH", "color-hist"; empty = none
  /// Mode Jde when an embedder is configured, else Byte (set by the caller). IoU rounds use the Kalman prediction
  /// (as Python ByteTrack and FairMOT do), which matters at the low frame rates of edge cameras.
  TrackerConfig tracker = [] {
    TrackerConfig config;
    config.iouOnPrediction = true;
    return config;
  }();
  /// DeepScale settings, used when the detector supports it (jde:): fixed full resolution unless set otherwise.
  DeepScaleConfig deepscale;
  /// Heatmap binarisation threshold for Eq. 5 (see ResolutionSelector). 0 is the paper's literal product of soft
  /// heatmaps, whose scores stay near 0.5 even when nothing is lost, so C2/C3 would never leave the full size; 0.5
  /// compares "detected" areas and is what bench/deepscale.sh measured (docs/BENCHMARKS.md).
  static constexpr double kDefaultDeepScaleBinarize = 0.5;
  double deepscaleBinarize = kDefaultDeepScaleBinarize;
  /// "track.*" ids the operator set explicitly: the detector's recommended tracker settings do not override them.
  std::set<std::string> trackerOverrides;
  /// Turbo enhancer (paper 004) for a jde: detector: "auto" (turbo_<model>.json beside the model), a card path, or
  /// empty for none. Off until turbo.enabled; an enhancer that cannot be loaded is an Error naming the files.
  std::string turboSpec;
};

/// Owned and called by one thread at a time (models keep scratch buffers).
class TrackingPipeline {
 public:
  struct Result {
    std::vector<Detection> detections;  ///< this frame's detector output (with embeddings when configured)
    std::vector<Track> tracks;          ///< active tracks after association
    LatencyBreakdown latency;           ///< stages "detect", "embed" (when configured), "track", in ms
    DeepScaleFrame deepscale;           ///< input size this frame ran at (active with a ScalableDetector)
    TurboFrameStatus turbo;             ///< what Turbo did (active when an enhancer is loaded and on)
    std::vector<Detection> plainDetections;  ///< turbo.compare: exit 0's detections when an enhanced exit ran
    bool plainKnown = false;  ///< exit 0's detections are known: plainDetections (compare) or, at exit 0, detections
    /// Exit 0's detections when known (plainKnown), else null.
    const std::vector<Detection>* plain() const {
      return !plainKnown ? nullptr : turbo.exit > 0 ? &plainDetections : &detections;
    }
  };

  /// Loads the models. Throws Error naming the spec/file when a model cannot be loaded.
  explicit TrackingPipeline(const PipelineConfig& config);
  ~TrackingPipeline();
  TrackingPipeline(const TrackingPipeline&) = delete;
  TrackingPipeline& operator=(const TrackingPipeline&) = delete;

  /// Runs every stage on @p frame. A frame number that does not increase (seek, loop) restarts the tracker first.
  Result process(const Frame& frame);
  /// Runs the detector at @p inputSize without the DeepScale governor (a DeepScale detector runs its network at that
  /// size; any other detector gets the frame resized to it, boxes scaled back), then the embedder and the tracker:
  /// the camera side of SAT between the server's re-selections. An empty size runs at the frame's own size.
  Result processAt(const Frame& frame, cv::Size inputSize);
  /// The detector alone at @p inputSize (as processAt(); empty: the image's own size), no tracker and no embedder:
  /// ParaLoupe's full-frame keyframes. @p ran (optional) receives the size a DeepScale detector ran at.
  std::vector<Detection> detectAt(const cv::Mat& image, cv::Size inputSize, DeepScaleFrame* ran = nullptr);
  /// Feeds @p detections (source-frame pixels; with embeddings for JDE association) to the tracker without running
  /// the detector: frames whose detection ran on a server (SAT re-selection frames). Stage "track" only.
  Result trackDetections(const Frame& frame, std::vector<Detection> detections);
  /// The embedder (when configured) and the tracker on @p detections (source-frame pixels) that the caller detected
  /// itself, as process() after its detector: `track --enhance`'s baselines, which replace a hard frame's plain
  /// detections (detectAt) by those found on a restored image, a larger input or another detector. Stages "embed"
  /// (with an embedder) and "track"; the caller adds its own detection stages.
  Result processDetections(const Frame& frame, std::vector<Detection> detections);
  /// The tracker's tracked and lost tracks Kalman-predicted to source frame @p frameNumber (no state change): where
  /// ParaLoupe expects each person in the frame it is about to cut patches from. Empty without a tracker.
  std::vector<Track> predictTracks(std::int64_t frameNumber) const;
  /// Runs a DeepScale detector once at every rung of the ladder of @p frameSize (the highest with the detectability
  /// head) on a blank frame, so neither the first frame nor the first switch to a size pays for first-use set-up on
  /// the live feed (oneDNN primitives and buffers: 20–200 ms each on CPU). Tracker, governor and histogram are
  /// untouched. Returns the number of sizes run: 0 for other detectors, a frame too small for a ladder, or a size
  /// this pipeline already warmed up for (so callers may call it whenever a source opens). See LadderWarmUp.
  int warmUp(cv::Size frameSize);
  /// The Turbo controller while an enhancer is loaded (configure it, call beginFrame before process), else null.
  TurboController* turbo();
  /// Loads the enhancer @p spec (PipelineConfig::turboSpec) now; empty drops it. Throws Error naming the files.
  void setTurbo(const std::string& spec);
  /// The deepest exit's enhanced image of @p image at the detector's input size (empty without an enhancer).
  cv::Mat enhancedImage(const cv::Mat& image);
  /// Forgets all tracks (ids restart at 1).
  void reset();
  /// The tracker associates by IoU only for the next @p frames frames and re-seeds the tracks' appearance features
  /// (MultiObjectTracker::holdAppearance): AMS's grace period after a model swap.
  void holdAppearance(int frames);
  /// Applies a "track.*" parameter (see TrackerConfig::parameterSpecs); returns the applied value.
  double setTrackerParameter(const std::string& id, double value);
  /// Tracker settings the detector recommended and the pipeline applied (id → value), for the engine to echo.
  const std::map<std::string, double>& appliedTrackerDefaults() const { return appliedTrackerDefaults_; }
  /// Whether the detector supports DeepScale (then the deepscale.* parameters apply).
  bool hasDeepScale() const { return scalable_ != nullptr; }
  /// The detector when it supports DeepScale (jde:), else null: AMS reaches its StreamableModel through it.
  ScalableDetector* scalableDetector() { return scalable_; }
  /// Applies a "deepscale.*" parameter (DeepScaleConfig::parameterSpecs) from the next frame on; returns the applied
  /// value. Throws Error when the detector has no DeepScale support or the id is unknown.
  double setDeepScaleParameter(const std::string& id, double value);
  /// Binarisation threshold of Eq. 5 (PipelineConfig::deepscaleBinarize).
  void setDeepScaleBinarize(double threshold);
  /// Governor state (inactive without DeepScale support).
  DeepScaleStatus deepScaleStatus() const;
  /// The governor, or null without DeepScale support (for the CLI's report).
  const DeepScaleGovernor* deepScaleGovernor() const { return governor_.get(); }
  /// Frame rate the tracker's buffer is measured in (source fps).
  void setFrameRate(double fps);

  const PipelineConfig& config() const { return config_; }
  /// Tracks as MOTChallenge result rows of frame @p frame (id, box, score).
  static std::vector<MotRow> toMotRows(const std::vector<Track>& tracks, std::int64_t frame);
  std::string detectorName() const;
  std::string embedderName() const;  ///< empty when none

 private:
  /// The embedder (when configured) and the tracker on @p result's detections; adds their stages.
  void embedAndTrack(const Frame& frame, Result& result);

  PipelineConfig config_;
  std::unique_ptr<Detector> detector_;
  std::unique_ptr<Embedder> embedder_;
  std::unique_ptr<MultiObjectTracker> tracker_;
  ScalableDetector* scalable_ = nullptr;  ///< detector_ when it supports DeepScale
  std::map<std::string, double> appliedTrackerDefaults_;
  std::unique_ptr<DeepScaleGovernor> governor_;
  cv::Size ladderSource_;                 ///< frame size the governor's ladder was made for
  LadderWarmUp warmUp_;
  std::int64_t lastFrame_ = 0;
};

}  // namespace edgescope
