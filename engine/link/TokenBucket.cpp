#include "link/TokenBucket.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "util/Error.h"

namespace edgescope {

namespace {

constexpr double kUsPerSecond = 1e6;
constexpr double kBitsPerByte = 8.0;

void checkRate(double rateBitsPerSecond) {
  if (!std::isfinite(rateBitsPerSecond) || rateBitsPerSecond <= 0) {
    std::ostringstream msg;
    msg << "TokenBucket: rate " << rateBitsPerSecond << " bit/s must be a finite number > 0";
    throw Error(msg.str());
  }
}

void checkBurst(double burstBytes) {
  if (!std::isfinite(burstBytes) || burstBytes < 0) {
    std::ostringstream msg;
    msg << "TokenBucket: burst " << burstBytes << " bytes must be a finite number >= 0";
    throw Error(msg.str());
  }
}

}  // namespace

TokenBucket::TokenBucket(double rateBitsPerSecond, double burstBytes)
    : rateBitsPerSecond_(rateBitsPerSecond), burstBytes_(burstBytes), levelBytes_(burstBytes) {
  checkRate(rateBitsPerSecond);
  checkBurst(burstBytes);
}

std::uint64_t TokenBucket::reserve(std::uint64_t bytes, std::uint64_t nowUs) {
  std::lock_guard<std::mutex> lock(mutex_);
  refill(nowUs);
  levelBytes_ -= static_cast<double>(bytes);
  if (levelBytes_ >= 0) return lastUs_;
  return lastUs_ + static_cast<std::uint64_t>(std::llround(usForBytes(-levelBytes_)));
}

std::uint64_t TokenBucket::busyUntilUs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (levelBytes_ >= 0) return lastUs_;
  return lastUs_ + static_cast<std::uint64_t>(std::llround(usForBytes(-levelBytes_)));
}

void TokenBucket::setRate(double rateBitsPerSecond, std::uint64_t nowUs) {
  checkRate(rateBitsPerSecond);
  std::lock_guard<std::mutex> lock(mutex_);
  refill(nowUs);
  rateBitsPerSecond_ = rateBitsPerSecond;
}

void TokenBucket::setBurstBytes(double burstBytes) {
  checkBurst(burstBytes);
  std::lock_guard<std::mutex> lock(mutex_);
  burstBytes_ = burstBytes;
  levelBytes_ = std::min(levelBytes_, burstBytes_);
}

double TokenBucket::rateBitsPerSecond() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return rateBitsPerSecond_;
}

double TokenBucket::burstBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return burstBytes_;
}

void TokenBucket::refill(std::uint64_t nowUs) {
  if (!started_) {
    started_ = true;
    lastUs_ = nowUs;
    return;
  }
  if (nowUs <= lastUs_) return;
  const double elapsedUs = static_cast<double>(nowUs - lastUs_);
  levelBytes_ = std::min(burstBytes_, levelBytes_ + elapsedUs * rateBitsPerSecond_ / kBitsPerByte / kUsPerSecond);
  lastUs_ = nowUs;
}

double TokenBucket::usForBytes(double bytes) const { return bytes * kBitsPerByte / rateBitsPerSecond_ * kUsPerSecond; }

}  // namespace edgescope
