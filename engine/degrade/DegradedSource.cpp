#include "degrade/DegradedSource.h"

#include "degrade/ImageDegrader.h"
#include "util/Error.h"

namespace edgescope {
namespace {

std::unique_ptr<VideoSource> checked(std::unique_ptr<VideoSource> inner) {
  if (!inner) throw Error("DegradedSource: no source to degrade");
  return inner;
}

}  // namespace

DegradedSource::DegradedSource(std::unique_ptr<VideoSource> inner, DegradationSpec spec)
    : inner_(checked(std::move(inner))), schedule_(std::move(spec), inner_->info().fps) {
  attachGroundTruth(inner_->groundTruth());
}

ReadStatus DegradedSource::read(SourceFrame& out, int timeoutMs) {
  const ReadStatus status = inner_->read(out, timeoutMs);
  if (status != ReadStatus::Frame) return status;
  if (groundTruth() && groundTruth() != inner_->groundTruth()) fillGroundTruth(out);
  out.degradation = schedule_.at(out.frame.number);
  if (out.degradation.degraded() && !out.frame.image.empty()) {
    out.frame.image = ImageDegrader::apply(out.frame.image, out.degradation, schedule_.noiseSeed(out.frame.number));
  }
  return status;
}

}  // namespace edgescope
