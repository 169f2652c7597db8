#include "net/WakeupFd.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include "util/Error.h"

namespace edgescope {

WakeupFd::WakeupFd() : fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  if (fd_ < 0) throw Error(std::string("net: eventfd failed: ") + std::strerror(errno));
}

WakeupFd::~WakeupFd() {
  if (fd_ >= 0) ::close(fd_);
}

void WakeupFd::signal() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const ssize_t written = ::write(fd_, &one, sizeof(one));  // EAGAIN: already signalled
}

void WakeupFd::clear() noexcept {
  std::uint64_t value = 0;
  [[maybe_unused]] const ssize_t got = ::read(fd_, &value, sizeof(value));  // EAGAIN: nothing pending
}

}  // namespace edgescope
