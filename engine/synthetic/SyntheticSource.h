#pragma once
/// @file SyntheticSource.h
/// `synthetic:?seed=…&people=…&frames=…&width=…&height=…[&fps=…&lighting=0|1&blur=σ&noise=σ]` — a deterministic
/// procedural street scene with walking people and exact ground truth (ids, full-body boxes, visibility). The same
/// URI gives identical pixels and GT on any machine; seek() to any frame is exact and O(people).

#include <memory>
#include <string>
#include <vector>

#include "source/VideoSource.h"
#include "synthetic/SyntheticConfig.h"

namespace edgescope {

class SceneRenderer;

/// Thread: owned and used by one thread (the engine thread); groundTruthFor() is const and thread-safe.
class SyntheticSource : public VideoSource {
 public:
  /// Throws Error naming the key for unknown options, malformed numbers and out-of-range values.
  explicit SyntheticSource(const std::string& uri);
  ~SyntheticSource() override;

  const SourceInfo& info() const override { return info_; }
  /// Renders the next frame (with its GT); EndOfStream after `frames` frames. Never NoFrameYet.
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  /// Any frame in 1…frames.
  bool seek(std::int64_t frameNumber) override;

  /// GT rows of frame @p frameNumber without rendering the image (empty outside 1…frames).
  std::vector<MotRow> groundTruthFor(std::int64_t frameNumber) const;
  const SyntheticConfig& config() const { return config_; }

 private:
  SyntheticConfig config_;
  SourceInfo info_;
  std::unique_ptr<const SceneRenderer> renderer_;
  std::int64_t nextNumber_ = 1;
};

}  // namespace edgescope
