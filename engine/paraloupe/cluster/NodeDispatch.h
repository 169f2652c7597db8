#pragma once
/// @file NodeDispatch.h
/// One node's share of one ParaLoupe frame in flight (issue 20): its patches cropped at their assigned sizes,
/// JPEG-encoded into one PatchRequest, sent with the frame's remaining budget as deadline and budget + graceMs as
/// timeout, then collected no later than the frame's cut-off. A reply is checked before anything of it is used:
/// results must answer the request's ids, peaks must be finite and at most PatchWire::kMaxPeaks; a broken reply is
/// discarded whole, a per-patch error loses that patch only.
///
/// Thread: the engine thread that made it; the reply future is fulfilled by the node's es-client thread.

#include <chrono>
#include <cstddef>
#include <future>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "net/edgescope_node.pb.h"
#include "paraloupe/PatchAggregator.h"
#include "paraloupe/cluster/ClusterProfiler.h"

namespace edgescope {

class NodeDispatch {
 public:
  using Clock = std::chrono::steady_clock;
  /// Crops @p patches of @p image (frame @p frameNumber of stream @p streamId) at @p inputSizes (one each), encodes
  /// them at @p jpegQuality and sends the request. Never throws: a request the client refuses is a failed dispatch.
  NodeDispatch(ProfiledNode node, const cv::Mat& image, std::int64_t frameNumber, const std::string& streamId,
               std::vector<Patch> patches, std::vector<cv::Size> inputSizes, int jpegQuality, double deadlineMs,
               double timeoutMs);
  /// Waits for the reply until @p cutoff; true when a valid reply came (outcomes() then holds the served patches).
  /// Idempotent after the first call.
  bool collect(Clock::time_point cutoff);
  /// After a collect() that timed out: reads the reply if it has come since, without waiting (its compute and
  /// queue times teach the profiler; its peaks are of a past frame and unused). True when it was read and valid;
  /// pending() stays true while it has not come.
  bool harvest();
  /// collect() waited for the reply, so roundTripMs() is its arrival; false when it was already there (then
  /// roundTripMs() is only an upper bound: the camera was busy with its own patches).
  bool arrivalTimed() const { return arrivalTimed_; }
  /// collect() timed out and the reply has not been read yet.
  bool pending() const { return pending_; }

  const ProfiledNode& node() const { return node_; }
  const std::vector<Patch>& patches() const { return patches_; }
  const std::vector<cv::Size>& inputSizes() const { return inputSizes_; }
  std::size_t requestBytes() const { return requestBytes_; }
  /// Encoded JPEG bytes of each patch (patches() order).
  const std::vector<std::size_t>& jpegBytes() const { return jpegBytes_; }
  double encodeMs() const { return encodeMs_; }
  Clock::time_point sentAt() const { return sentAt_; }
  bool sent() const { return sent_; }
  /// After collect(): the served patches with their peaks (a per-patch error leaves a patch out).
  const std::vector<PatchOutcome>& outcomes() const { return outcomes_; }
  /// Per patch (in patches() order): its compute ms from the reply, −1 when not served.
  const std::vector<double>& patchMs() const { return patchMs_; }
  double roundTripMs() const { return roundTripMs_; }
  double serverMs() const { return serverMs_; }
  double queueMs() const { return queueMs_; }
  double computeMs() const { return computeMs_; }
  /// Why collect() failed ("" when it did not or has not run): late, error reply, invalid reply.
  const std::string& failure() const { return failure_; }
  int invalidPeaks() const { return invalidPeaks_; }

 private:
  void accept(const wire::Envelope& reply);

  ProfiledNode node_;
  std::vector<Patch> patches_;
  std::vector<cv::Size> inputSizes_;
  std::future<wire::Envelope> reply_;
  Clock::time_point sentAt_;
  std::size_t requestBytes_ = 0;
  std::vector<std::size_t> jpegBytes_;
  double encodeMs_ = 0.0;
  bool sent_ = false;
  bool collected_ = false;
  bool ok_ = false;
  bool pending_ = false;
  bool arrivalTimed_ = false;
  std::vector<PatchOutcome> outcomes_;
  std::vector<double> patchMs_;
  double roundTripMs_ = -1.0, serverMs_ = 0.0, queueMs_ = 0.0, computeMs_ = 0.0;
  std::string failure_;
  int invalidPeaks_ = 0;
};

}  // namespace edgescope
