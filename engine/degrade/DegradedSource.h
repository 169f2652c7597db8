#pragma once
/// @file DegradedSource.h
/// A VideoSource decorator that turns some frames of any source into hard frames (dark, motion blur, defocus, noise,
/// JPEG, low resolution) on a DegradationSchedule, leaving frame numbers, timestamps and ground truth untouched.
/// Each frame read says how it was degraded in SourceFrame::degradation.

#include <memory>

#include "degrade/DegradationSchedule.h"
#include "degrade/DegradationSpec.h"
#include "source/VideoSource.h"

namespace edgescope {

/// Thread: like the source it wraps, owned by one thread at a time.
class DegradedSource : public VideoSource {
 public:
  /// Takes ownership of @p inner (not null). Episode lengths use inner->info().fps (25 when unknown). A ground-truth
  /// index attached to @p inner is shared: groundTruth() reports it.
  DegradedSource(std::unique_ptr<VideoSource> inner, DegradationSpec spec);

  /// The inner source's info, unchanged.
  const SourceInfo& info() const override { return inner_->info(); }
  /// Reads the inner source's next frame; for a degraded frame, out.frame.image becomes a degraded copy (the inner
  /// image is never written). Sets out.degradation on every frame. When a ground-truth index different from the
  /// inner one was attached to this decorator, out.groundTruth is filled from it.
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  bool seek(std::int64_t frameNumber) override { return inner_->seek(frameNumber); }
  SourceHealth health() const override { return inner_->health(); }

  const DegradationSpec& spec() const { return schedule_.spec(); }
  /// The schedule (e.g. to look ahead without reading images); not thread-safe.
  DegradationSchedule& schedule() { return schedule_; }
  const VideoSource& inner() const { return *inner_; }

 private:
  std::unique_ptr<VideoSource> inner_;
  DegradationSchedule schedule_;
};

}  // namespace edgescope
