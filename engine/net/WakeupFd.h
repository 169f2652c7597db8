#pragma once
/// @file WakeupFd.h
/// A Linux eventfd that lets any thread wake a thread blocked in zmq_poll (which polls the fd beside its sockets).

namespace edgescope {

/// Owns the descriptor (closed on destruction). signal() from any thread; fd()/clear() by the polling thread.
class WakeupFd {
 public:
  /// Throws Error when the kernel refuses an eventfd.
  WakeupFd();
  ~WakeupFd();
  WakeupFd(const WakeupFd&) = delete;
  WakeupFd& operator=(const WakeupFd&) = delete;

  /// Makes the fd readable (wakes the poller). Never blocks, never throws.
  void signal() noexcept;
  /// Consumes pending signals (the fd is not readable afterwards). Never blocks.
  void clear() noexcept;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace edgescope
