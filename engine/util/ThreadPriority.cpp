#include "util/ThreadPriority.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace edgescope {
namespace {
constexpr int kLowestNice = 19;

id_t currentThreadId() { return static_cast<id_t>(::syscall(SYS_gettid)); }
}  // namespace

int currentThreadNice() {
  errno = 0;
  const int nice = ::getpriority(PRIO_PROCESS, currentThreadId());
  return errno == 0 ? nice : 0;
}

bool lowerCurrentThreadPriority(int niceIncrement) {
  if (niceIncrement <= 0) return niceIncrement == 0;
  const int target = std::min(kLowestNice, currentThreadNice() + niceIncrement);
  return ::setpriority(PRIO_PROCESS, currentThreadId(), target) == 0;
}

}  // namespace edgescope
