#pragma once
// The rows of `edgescope-cli paraloupe-bench` that are not ParaLoupe over the cluster (issue 20): the camera's own
// network at full size (`full`) and at the largest ladder rung whose p95 meets the SLO (`full-small`), the teachers
// yolox_nano + osnet (`teacher`), and the patch model fed other patches on the camera: the whole frame
// (`mini-full`), 8 equal tiles (`ep8`), the last frame's tracks (`lastdet`). The camera is emulated by sleeping
// (slowdown − 1) × the measured compute after each step. Main thread.

#include <optional>
#include <string>
#include <vector>

#include "cli/ProgressLine.h"
#include "core/Frame.h"
#include "link/DeviceProfile.h"
#include "mot/MotRow.h"
#include "paraloupe/cluster/ParaLoupeBenchRow.h"
#include "pipeline/TrackingPipeline.h"

namespace edgescope {

struct BenchFrame {
  Frame frame;
  std::vector<MotRow> groundTruth;
};

class ParaLoupeBaselines {
 public:
  ParaLoupeBaselines(const std::vector<BenchFrame>& frames, bool haveGt, double sloMs, std::string detector,
                     std::string patchModel, std::string sharedDir, std::int64_t firstScoredFrame = 0);
  /// Row @p row on a camera emulated by @p camera (named @p cameraName); nullopt when it cannot run here (the
  /// reason is in messages()).
  std::optional<ParaLoupeBenchRow> run(const std::string& row, const DeviceProfile& camera,
                                       const std::string& cameraName, ProgressLine& progress, std::int64_t& done);
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  enum class PatchSource { WholeFrame, EqualTiles, LastTracks };
  std::int64_t firstScored_ = 0;  ///< frames before it are warm-up (run, not scored)
  ParaLoupeBenchRow runPipeline(const std::string& row, const PipelineConfig& config, cv::Size inputSize,
                                const DeviceProfile& camera, const std::string& cameraName, ProgressLine& progress,
                                std::int64_t& done);
  ParaLoupeBenchRow runPatchModel(const std::string& row, PatchSource source, const DeviceProfile& camera,
                                  const std::string& cameraName, ProgressLine& progress, std::int64_t& done);
  /// The largest ladder rung whose p95 forward (× slowdown, 8 frames) meets the SLO; the smallest when none does.
  cv::Size smallRung(const DeviceProfile& camera);

  const std::vector<BenchFrame>& frames_;
  bool haveGt_;
  double sloMs_;
  std::string detector_;
  std::string patchModel_;
  std::string sharedDir_;
  std::vector<std::string> messages_;
};

}  // namespace edgescope
