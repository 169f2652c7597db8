#include "link/ByteRateWindow.h"

namespace edgescope {

void ByteRateWindow::add(std::uint64_t timeUs, std::uint64_t bytes) { samples_.push_back({timeUs, bytes}); }

void ByteRateWindow::expire(std::uint64_t nowUs) {
  while (!samples_.empty() && samples_.front().timeUs + windowUs_ <= nowUs) samples_.pop_front();
}

double ByteRateWindow::kbps(std::uint64_t nowUs) {
  // A sample counts when nowUs − window < timeUs ≤ nowUs (written without unsigned underflow).
  expire(nowUs);
  std::uint64_t bytes = 0;
  for (const auto& sample : samples_) {
    if (sample.timeUs + windowUs_ > nowUs && sample.timeUs <= nowUs) bytes += sample.bytes;
  }
  const double windowSeconds = static_cast<double>(windowUs_) / 1e6;
  return static_cast<double>(bytes) * 8.0 / 1000.0 / windowSeconds;
}

}  // namespace edgescope
