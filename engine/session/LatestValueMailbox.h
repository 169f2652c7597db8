#pragma once
/// @file LatestValueMailbox.h
/// Single-slot, latest-value mailbox between one producer thread and any number of readers. The producer never
/// blocks on readers: publishing replaces the previous value (counted as overwritten when nobody took it).
/// Values are immutable and reference counted (shared_ptr<const T>), so readers keep them as long as they like.

#include <cstdint>
#include <memory>
#include <mutex>

namespace edgescope {

template <typename T>
class LatestValueMailbox {
 public:
  /// Producer thread. Returns true when the previous value was replaced before any reader took it.
  bool publish(std::shared_ptr<const T> value) {
    std::lock_guard<std::mutex> lock(mutex_);
    const bool overwritten = value_ != nullptr && !taken_;
    if (overwritten) ++overwritten_;
    value_ = std::move(value);
    taken_ = false;
    ++version_;
    return overwritten;
  }
  /// Any thread: the newest value if it is newer than @p lastVersion (then @p lastVersion is updated), else nullptr.
  std::shared_ptr<const T> takeIfNewer(std::uint64_t& lastVersion) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (version_ == lastVersion) return nullptr;
    lastVersion = version_;
    taken_ = true;
    return value_;
  }
  /// Any thread: the newest value (may be nullptr), without marking it taken.
  std::shared_ptr<const T> peek() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return value_;
  }
  std::uint64_t overwrittenCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return overwritten_;
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const T> value_;
  std::uint64_t version_ = 0;
  std::uint64_t overwritten_ = 0;
  bool taken_ = false;
};

}  // namespace edgescope
