#pragma once
/// @file AmsSampleQueue.h
/// The camera's AMS uplink queue (issue 22): frames the sampling clock took on the engine thread, waiting for the
/// es-ams thread to encode them into the next batch. Bounded in frames and in bytes: a push beyond either bound drops
/// the oldest frames (counted), so a link slower than the uplink budget never makes memory grow ("link saturated").
/// A frame of another size than those queued (a new source) replaces them without counting them as dropped: a batch
/// holds frames of one size.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <vector>

#include <opencv2/core/mat.hpp>

namespace edgescope {

/// One sampled frame. Value type.
struct AmsSample {
  cv::Mat image;           ///< 8-bit BGR; shares the engine's published pixels (never written by anyone)
  double takenMs = 0.0;    ///< steady clock (Stopwatch::nowMs) when the engine took it
  std::int64_t frame = 0;  ///< source frame number
};

/// Thread-safe: the engine thread pushes, es-ams takes; every member may be called from any thread.
class AmsSampleQueue {
 public:
  static constexpr std::size_t kDefaultMaxFrames = 64;
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{256} << 20;

  /// Throws Error naming the bound when @p maxFrames or @p maxBytes is 0.
  explicit AmsSampleQueue(std::size_t maxFrames = kDefaultMaxFrames, std::size_t maxBytes = kDefaultMaxBytes);

  /// Appends @p sample (an empty image is ignored) and drops the oldest frames beyond the bounds; returns how many
  /// were dropped by this push.
  std::size_t push(AmsSample sample);
  /// Every queued frame, oldest first; the queue is empty afterwards.
  std::vector<AmsSample> takeAll();
  /// Forgets every queued frame (not counted as dropped).
  void clear();
  /// New frame bound (≥ 1), applied at the next push.
  void setMaxFrames(std::size_t maxFrames);

  std::size_t size() const;
  std::size_t bytes() const;
  /// Frames dropped oldest-first since construction.
  std::uint64_t dropped() const;

 private:
  mutable std::mutex mutex_;
  std::vector<AmsSample> samples_;
  std::size_t maxFrames_;
  std::size_t maxBytes_;
  std::size_t bytes_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace edgescope
