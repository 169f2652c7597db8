#include "paraloupe/cluster/NodeDispatch.h"

#include <cmath>

#include "core/Stopwatch.h"
#include "net/JpegImage.h"
#include "net/NodeClient.h"
#include "net/PatchWire.h"
#include "paraloupe/PatchCropper.h"
#include "util/Error.h"

namespace edgescope {

namespace {

bool finitePeak(const PatchPeak& peak) {
  const BoundingBox& b = peak.box;
  return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) && std::isfinite(b.height) &&
         b.width > 0.0f && b.height > 0.0f && std::isfinite(peak.objectness);
}

}  // namespace

NodeDispatch::NodeDispatch(ProfiledNode node, const cv::Mat& image, std::int64_t frameNumber,
                           const std::string& streamId, std::vector<Patch> patches, std::vector<cv::Size> inputSizes,
                           int jpegQuality, double deadlineMs, double timeoutMs)
    : node_(std::move(node)), patches_(std::move(patches)), inputSizes_(std::move(inputSizes)) {
  patchMs_.assign(patches_.size(), -1.0);
  const Stopwatch encode;
  wire::Envelope envelope;
  wire::PatchRequest* request = envelope.mutable_patch_request();
  request->set_frame_number(frameNumber);
  request->set_stream_id(streamId);
  request->set_source_width(static_cast<std::uint32_t>(image.cols));
  request->set_source_height(static_cast<std::uint32_t>(image.rows));
  try {
    for (std::size_t i = 0; i < patches_.size(); ++i) {
      const cv::Mat crop = PatchCropper::crop(image, patches_[i].rect, inputSizes_[i]);
      std::string jpeg = JpegImage::encode(crop, jpegQuality);
      jpegBytes_.push_back(jpeg.size());
      *request->add_patches() = PatchWire::item(patches_[i], inputSizes_[i], std::move(jpeg));
    }
    requestBytes_ = envelope.ByteSizeLong();
    encodeMs_ = encode.elapsedMs();
    sentAt_ = Clock::now();
    const auto deadline = static_cast<std::uint32_t>(std::max(1.0, std::ceil(deadlineMs)));
    reply_ = node_.server.client->request(std::move(envelope), deadline, static_cast<int>(std::ceil(timeoutMs)));
    sent_ = true;
  } catch (const std::exception& error) {
    encodeMs_ = encode.elapsedMs();
    failure_ = std::string("not sent: ") + error.what();
    collected_ = true;
  }
}

bool NodeDispatch::collect(Clock::time_point cutoff) {
  if (collected_) return ok_;
  collected_ = true;
  arrivalTimed_ = reply_.valid() && reply_.wait_for(std::chrono::seconds(0)) != std::future_status::ready;
  if (reply_.wait_until(cutoff) != std::future_status::ready) {
    failure_ = "late: no reply within the SLO and grace";
    pending_ = reply_.valid();
    return false;
  }
  roundTripMs_ = std::chrono::duration<double, std::milli>(Clock::now() - sentAt_).count();
  try {
    accept(reply_.get());
  } catch (const std::exception& error) {
    failure_ = error.what();
    outcomes_.clear();
    patchMs_.assign(patches_.size(), -1.0);
    return false;
  }
  ok_ = true;
  return true;
}

bool NodeDispatch::harvest() {
  if (!pending_) return false;
  if (reply_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  pending_ = false;
  roundTripMs_ = std::chrono::duration<double, std::milli>(Clock::now() - sentAt_).count();
  try {
    accept(reply_.get());
  } catch (const std::exception& error) {
    outcomes_.clear();
    return false;
  }
  outcomes_.clear();
  return true;
}

void NodeDispatch::accept(const wire::Envelope& envelope) {
  if (!envelope.has_patch_reply()) throw Error("peer " + node_.server.name + ": reply is not a patch_reply");
  const wire::PatchReply& reply = envelope.patch_reply();
  if (reply.results_size() != static_cast<int>(patches_.size())) {
    throw Error("peer " + node_.server.name + ": patch_reply.results has " + std::to_string(reply.results_size()) +
                " entries for " + std::to_string(patches_.size()) + " patches");
  }
  serverMs_ = envelope.server_ms();
  queueMs_ = reply.queue_ms();
  computeMs_ = reply.compute_ms();
  for (int i = 0; i < reply.results_size(); ++i) {
    const wire::PatchResult& result = reply.results(i);
    if (result.id() != static_cast<std::uint32_t>(patches_[static_cast<std::size_t>(i)].id)) {
      throw Error("peer " + node_.server.name + ": patch_reply.results[" + std::to_string(i) + "].id " +
                  std::to_string(result.id()) + " does not answer patch " + std::to_string(patches_[i].id));
    }
    if (result.error() != wire::ERROR_UNSPECIFIED) continue;
    if (result.peaks_size() > PatchWire::kMaxPeaks) {
      throw Error("peer " + node_.server.name + ": patch_reply.results[" + std::to_string(i) + "].peaks over " +
                  std::to_string(PatchWire::kMaxPeaks));
    }
    PatchOutcome outcome{patches_[static_cast<std::size_t>(i)], inputSizes_[static_cast<std::size_t>(i)], {}};
    for (PatchPeak& peak : PatchWire::peaks(result)) {
      if (finitePeak(peak)) {
        outcome.peaks.push_back(std::move(peak));
      } else {
        ++invalidPeaks_;
      }
    }
    patchMs_[static_cast<std::size_t>(i)] = std::isfinite(result.compute_ms()) ? result.compute_ms() : 0.0;
    outcomes_.push_back(std::move(outcome));
  }
}

}  // namespace edgescope
