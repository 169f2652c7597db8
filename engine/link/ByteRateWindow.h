#pragma once
/// @file ByteRateWindow.h
/// Bytes per second over a sliding window: the measured throughput of one link direction. Samples are timestamped
/// with the time their bytes left the link (µs), which may lie ahead of the query time for a queued message; those
/// count once the query time reaches them. Not thread-safe: the owner (LinkEmulator) locks.

#include <cstdint>
#include <deque>

namespace edgescope {

class ByteRateWindow {
 public:
  explicit ByteRateWindow(std::uint64_t windowUs = 1000000) : windowUs_(windowUs == 0 ? 1 : windowUs) {}

  /// Records @p bytes leaving at @p timeUs. Samples should come in non-decreasing time (a FIFO link).
  void add(std::uint64_t timeUs, std::uint64_t bytes);
  /// Kilobits (1000 bits) per second over (nowUs − window, nowUs]; drops samples older than the window.
  double kbps(std::uint64_t nowUs);
  /// Drops the samples older than the window at @p nowUs (the owner calls it on every add, so that memory stays
  /// bounded by the traffic of one window even when nobody asks for the rate).
  void expire(std::uint64_t nowUs);
  void clear() { samples_.clear(); }

 private:
  struct Sample {
    std::uint64_t timeUs;
    std::uint64_t bytes;
  };
  std::uint64_t windowUs_;
  std::deque<Sample> samples_;
};

}  // namespace edgescope
