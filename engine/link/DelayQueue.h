#pragma once
/// @file DelayQueue.h
/// Holds items until their delivery time and hands them, in time order, to a callback on its own named thread
/// ("es-link"): the receiving side of an emulated link (LinkEmulator computes the times, this queue waits them out so
/// that no network thread sleeps). Times are steady-clock µs (LinkClock::steady(), NetClock). Items with equal
/// times leave in push order. Bounded: push() refuses an item when `capacity` are waiting.
///
/// Threads: push(), size() and stop() from any thread; the callback runs on the queue's thread, one item at a time,
/// never under the queue's lock (it may push()). An exception from the callback is caught and counted. Owns the
/// items and the thread; stop() (or the destructor) joins it.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "util/ThreadName.h"

namespace edgescope {

template <typename T>
class DelayQueue {
 public:
  using Deliver = std::function<void(T&&)>;

  /// Starts the thread. @p capacity 0 is taken as 1; @p deliver must not be empty (an empty one drops items).
  DelayQueue(std::size_t capacity, Deliver deliver, std::string threadName = "es-link")
      : capacity_(capacity == 0 ? 1 : capacity), deliver_(std::move(deliver)), threadName_(std::move(threadName)) {
    thread_ = std::thread([this] { run(); });
  }
  ~DelayQueue() { stop(); }
  DelayQueue(const DelayQueue&) = delete;
  DelayQueue& operator=(const DelayQueue&) = delete;

  /// Queues @p item for release at @p deliveryUs (a passed time releases at once). Returns false, dropping the
  /// item, when the queue is full or stopped.
  bool push(T item, std::uint64_t deliveryUs) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_ || items_.size() >= capacity_) return false;
      items_.emplace(deliveryUs, std::move(item));
    }
    wake_.notify_one();
    return true;
  }

  /// Items waiting for their time.
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return items_.size();
  }
  /// Callback invocations that threw.
  std::size_t deliveryErrors() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return deliveryErrors_;
  }

  /// Stops the thread after the callback in progress, discards the waiting items and returns how many. Idempotent.
  /// Called from the callback itself it only asks the thread to stop (the destructor joins).
  std::size_t stop() {
    std::size_t discarded = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      discarded = items_.size();
      items_.clear();
    }
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
    return discarded;
  }

 private:
  void run() {
    setCurrentThreadName(threadName_);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      if (items_.empty()) {
        wake_.wait(lock);
        continue;
      }
      const auto first = items_.begin();
      const std::chrono::steady_clock::time_point due{std::chrono::microseconds(first->first)};
      if (std::chrono::steady_clock::now() < due) {
        wake_.wait_until(lock, due);  // re-checks: an earlier item or stop() may have come
        continue;
      }
      T item = std::move(first->second);
      items_.erase(first);
      lock.unlock();
      const bool ok = invoke(std::move(item));
      lock.lock();
      if (!ok) ++deliveryErrors_;
    }
  }

  bool invoke(T&& item) {
    if (!deliver_) return true;
    try {
      deliver_(std::move(item));
      return true;
    } catch (...) {
      return false;
    }
  }

  const std::size_t capacity_;
  const Deliver deliver_;
  const std::string threadName_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::multimap<std::uint64_t, T> items_;
  std::size_t deliveryErrors_ = 0;
  bool stopping_ = false;
  std::thread thread_;  ///< last: starts after every other member exists
};

}  // namespace edgescope
