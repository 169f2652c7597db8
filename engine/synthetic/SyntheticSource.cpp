#include "synthetic/SyntheticSource.h"

#include "synthetic/SceneRenderer.h"

namespace edgescope {

SyntheticSource::SyntheticSource(const std::string& uri)
    : config_(SyntheticConfig::fromUri(uri)), renderer_(std::make_unique<const SceneRenderer>(config_)) {
  info_.uri = uri;
  info_.kind = "synthetic";
  info_.name = "synthetic seed " + std::to_string(config_.seed);
  info_.width = config_.width;
  info_.height = config_.height;
  info_.fps = config_.fps;
  info_.frameCount = config_.frames;
  info_.live = false;
  info_.seekable = true;
  info_.hasGroundTruth = true;
}

SyntheticSource::~SyntheticSource() = default;

ReadStatus SyntheticSource::read(SourceFrame& out, int /*timeoutMs*/) {
  if (nextNumber_ > config_.frames) {
    health_.state = SourceState::EndOfStream;
    return ReadStatus::EndOfStream;
  }
  const std::int64_t number = nextNumber_++;
  cv::Mat image;
  renderer_->render(number, &image, out.groundTruth);
  out.frame.image = image;
  out.frame.number = number;
  out.frame.captureTimeMs = static_cast<double>(number - 1) * 1000.0 / config_.fps;
  out.frame.sourceId = info_.uri;
  return ReadStatus::Frame;
}

bool SyntheticSource::seek(std::int64_t frameNumber) {
  if (frameNumber < 1 || frameNumber > config_.frames) return false;
  nextNumber_ = frameNumber;
  health_.state = SourceState::Ok;
  return true;
}

std::vector<MotRow> SyntheticSource::groundTruthFor(std::int64_t frameNumber) const {
  std::vector<MotRow> rows;
  if (frameNumber >= 1 && frameNumber <= config_.frames) renderer_->render(frameNumber, nullptr, rows);
  return rows;
}

}  // namespace edgescope
