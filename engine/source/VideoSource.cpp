#include "source/VideoSource.h"

#include "mot/GroundTruthIndex.h"

namespace edgescope {

const char* stateName(SourceState state) {
  switch (state) {
    case SourceState::Ok: return "ok";
    case SourceState::Connecting: return "connecting";
    case SourceState::Reconnecting: return "reconnecting";
    case SourceState::Stalled: return "stalled";
    case SourceState::EndOfStream: return "end-of-stream";
    case SourceState::Failed: return "failed";
  }
  return "unknown";
}

void VideoSource::attachGroundTruth(std::shared_ptr<const GroundTruthIndex> groundTruth) {
  groundTruth_ = std::move(groundTruth);
}

void VideoSource::fillGroundTruth(SourceFrame& out) const {
  out.groundTruth.clear();
  if (groundTruth_) out.groundTruth = groundTruth_->rowsForFrame(out.frame.number);
}

void VideoSource::fillOfflineFrame(SourceFrame& out, cv::Mat image, std::int64_t number, double fps,
                                   const std::string& uri) const {
  out.frame.image = std::move(image);
  out.frame.number = number;
  out.frame.captureTimeMs = fps > 0 ? static_cast<double>(number - 1) * 1000.0 / fps : 0.0;
  out.frame.sourceId = uri;
  fillGroundTruth(out);
}

}  // namespace edgescope
