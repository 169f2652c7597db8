#pragma once
/// @file ParaLoupeRunner.h
/// The camera side of ParaLoupe (paper 002, Sections III–IV; issue 20) for one video stream, as a PartitionModule
/// (partition.strategy PL, routed by StrategyRouter). Per frame:
///   1. cold start (first frame, a new size, seek, reset) and every keyframeInterval frames: a full-frame keyframe
///      with the camera's own detector, its detections tracked without embeddings (another embedding space);
///   2. otherwise the PatchGenerator cuts HighConf patches around the tracker's predictions, RoI and LowConf
///      patches; the scheduler assigns each to (device, size) — the camera (useLocal) and every online node serving
///      the patch model — within SLO − patch generation − the aggregation EWMA, shedding what does not fit;
///   3. one PatchRequest per node (NodeDispatch) with the remaining budget as deadline; the camera runs its own
///      patches while they travel; replies are taken until SLO + graceMs, late or invalid ones discarded and
///      counted, their HighConf patches redone on the camera while the budget lasts;
///   4. peaks mapped to the frame and merged (PatchAggregator), tracked (TrackingPipeline::trackDetections), and
///      the objectness regression updated from the merged boxes.
/// Without a device (no node and useLocal off) or without a loadable patch model the frame runs CO with a warning.
///
/// Thread: the owning engine thread (or the CLI's main thread) calls everything; the Cluster is shared.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "link/DeviceProfile.h"
#include "paraloupe/ParaLoupeConfig.h"
#include "paraloupe/PatchGenerator.h"
#include "paraloupe/PatchScheduler.h"
#include "paraloupe/cluster/ClusterProfiler.h"
#include "paraloupe/cluster/LocalPatchServer.h"
#include "partition/Cluster.h"
#include "session/PartitionModule.h"

namespace edgescope {

class NodeDispatch;

class ParaLoupeRunner : public PartitionModule {
 public:
  static constexpr const char* kCameraDevice = "camera";
  /// @p cluster: shared with other streams. @p streamId names this stream on the nodes. @p patchModel: the card the
  /// camera runs ("" = the default models/patch_*.json found in ModelFolders); loaded on the first PL frame.
  ParaLoupeRunner(std::shared_ptr<Cluster> cluster, std::string streamId, std::string patchModel = {});
  ~ParaLoupeRunner() override;

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value) override;
  TrackingPipeline::Result process(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition) override;
  void restart() override;
  /// SetNodeCost: the cluster's cost of the node (clamped 0..1; Error for an unknown node). WhatIfLost: whatIfLost()
  /// as one line, "What if node1 were lost: predicted 31.2 ms (budget 35.0), feasible, 2 of 9 patches shed" (the
  /// largest predicted T_i of the re-solved frame against its budget), or why there is nothing to re-solve. Either
  /// takes a node name or address. Any other command: Error.
  std::string command(const EngineCommand& command) override;
  std::vector<ClusterNodeView> nodes() const override;
  std::vector<std::pair<bool, std::string>> takeMessages() override;

  const ParaLoupeConfig& config() const { return config_; }
  void setConfig(const ParaLoupeConfig& config);
  /// Operator rectangles (frame pixels) that always get a patch.
  void setRois(std::vector<BoundingBox> rois) { rois_ = std::move(rois); }
  /// Ablation rows of paraloupe-bench: the objectness features (edge, diff, hist) the generator may use; kept across
  /// loadModel().
  void keepFeatures(const std::array<bool, 3>& keep) {
    keep_ = keep;
    generator_.keepFeatures(keep);
  }
  const std::vector<BoundingBox>& rois() const { return rois_; }
  /// Emulates a slower camera (bench rows per camera profile): patch generation, local patches and keyframes sleep
  /// (slowdown − 1) × their measured time.
  void setCameraProfile(const DeviceProfile& profile);
  /// JPEG quality of the crops sent to nodes (10–100).
  void setJpegQuality(int quality) { jpegQuality_ = std::clamp(quality, 10, 100); }
  /// Loads the patch model now (otherwise on the first PL frame). Throws Error naming the file and field.
  void loadModel();
  /// The patch model card the camera uses (after loading), "" before.
  std::string modelPath() const { return server_ ? server_->path() : std::string(); }
  /// The default patch model card (models/patch_mini.json in ModelFolders), "" when none is found.
  static std::string defaultPatchModel();
  /// Seed of the Markov scheduler (benchmarks fix it).
  void setSeed(std::uint64_t seed);
  /// Patches served per device over recent frames (EWMA, α = 0.05), 0..1 each.
  const std::map<std::string, double>& shares() const { return shares_; }
  /// Re-solves the last PL frame's problem without @p node (the console's What if lost): the scheduler's result on
  /// the reduced device list; nullopt before the first scheduled frame or when the node was not in it.
  std::optional<ScheduleResult> whatIfLost(const std::string& node) const;

 private:
  struct FrameWork;
  using TimePoint = std::chrono::steady_clock::time_point;
  TrackingPipeline::Result runKeyframe(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition,
                                       TimePoint start);
  TrackingPipeline::Result runPatches(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition,
                                      TimePoint start, bool& noDevice);
  SchedulingProblem buildProblem(const std::vector<Patch>& patches, const std::vector<ProfiledNode>& nodes,
                                 double budgetMs) const;
  void runLocal(const cv::Mat& image, FrameWork& work, const std::vector<std::size_t>& which, bool redo);
  void updateShares(const std::map<std::string, int>& served, int total);
  void note(bool warning, std::string text);
  void sleepCamera(double computeMs) const { camera_.sleepAfterCompute(computeMs); }

  std::shared_ptr<Cluster> cluster_;
  std::string streamId_;
  std::string patchModelPath_;
  ParaLoupeConfig config_;
  std::unique_ptr<LocalPatchServer> server_;
  std::string modelError_;            ///< why the patch model did not load ("" when it did or was not tried)
  PatchGenerator generator_;
  std::unique_ptr<PatchScheduler> scheduler_;
  std::uint64_t seed_ = 20;
  ClusterProfiler profiler_;
  DeviceProfile camera_;
  std::vector<BoundingBox> rois_;
  std::array<bool, 3> keep_{true, true, true};
  int jpegQuality_ = 90;
  std::vector<double> jpegKb_;        ///< EWMA encoded KB of a crop per size
  double postMs_ = 2.0;               ///< EWMA of aggregation + tracking (the budget's "post")
  double guardMs_ = 0.0;              ///< kept off the budget: p95 of recent plan errors (see process())
  double planEndMs_ = 0.0;            ///< this frame's planned end (0: no schedule this frame)
  std::vector<double> planErrorsMs_;  ///< end to end − planned end, last kGuardFrames frames
  static constexpr double kMaxGuardShare = 0.25;
  static constexpr std::size_t kGuardFrames = 50;
  std::int64_t lastFrame_ = 0;
  std::int64_t lastKeyframe_ = -1;
  cv::Size frameSize_;
  bool coldStart_ = true;
  std::map<std::string, double> shares_;
  /// Requests whose reply missed their frame: read when it comes, to correct the node's speed (dropped after
  /// kLateKeepS).
  std::vector<std::unique_ptr<NodeDispatch>> late_;
  static constexpr double kLateKeepS = 10.0;
  /// Reads the late replies that came since the last frame into the profiler.
  void harvestLate();

  std::optional<SchedulingProblem> lastProblem_;
  std::vector<std::string> lastDevices_;  ///< names of lastProblem_'s devices
  bool shedding_ = false;
  std::string lastMode_;
  std::vector<std::pair<bool, std::string>> messages_;
};

}  // namespace edgescope
