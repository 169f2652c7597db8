#pragma once
/// @file MessageQueue.h
/// Unbounded-by-default FIFO of plain values between threads; push() never blocks for long (a bounded queue drops
/// its oldest entry, counted). The consumer drains everything at once or waits with a timeout.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <vector>

namespace edgescope {

template <typename T>
class MessageQueue {
 public:
  /// @p capacity: maximum entries kept (0 = unbounded).
  explicit MessageQueue(std::size_t capacity = 0) : capacity_(capacity) {}

  /// Any thread.
  void push(T value) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (capacity_ > 0 && items_.size() >= capacity_) {
        items_.pop_front();
        ++dropped_;
      }
      items_.push_back(std::move(value));
    }
    ready_.notify_one();
  }
  /// Consumer: everything queued so far, in order.
  std::vector<T> drain() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<T> out(std::make_move_iterator(items_.begin()), std::make_move_iterator(items_.end()));
    items_.clear();
    return out;
  }
  /// Consumer: waits up to @p timeoutMs for an entry; true when one is queued.
  bool waitForItem(double timeoutMs) {
    std::unique_lock<std::mutex> lock(mutex_);
    return ready_.wait_for(lock, std::chrono::duration<double, std::milli>(timeoutMs > 0 ? timeoutMs : 0),
                           [this] { return !items_.empty(); });
  }
  bool empty() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.empty();
  }
  std::size_t droppedCount() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<T> items_;
  std::size_t capacity_;
  std::size_t dropped_ = 0;
};

}  // namespace edgescope
