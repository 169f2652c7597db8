#include "link/MemoryCap.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

namespace edgescope {

namespace {

constexpr std::uint64_t kBytesPerMb = 1024 * 1024;

std::string mb(std::uint64_t bytes) { return std::to_string(bytes / kBytesPerMb) + " MB"; }

std::string setSoftLimit(rlim_t soft) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0) return std::string("getrlimit(RLIMIT_AS): ") + std::strerror(errno);
  limit.rlim_cur = soft;
  if (::setrlimit(RLIMIT_AS, &limit) != 0) return std::string("setrlimit(RLIMIT_AS): ") + std::strerror(errno);
  return "";
}

}  // namespace

std::uint64_t MemoryCap::mappedBytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  if (!(statm >> pages)) return 0;
  const long pageSize = ::sysconf(_SC_PAGESIZE);
  return pageSize > 0 ? pages * static_cast<std::uint64_t>(pageSize) : 0;
}

std::uint64_t MemoryCap::softLimitBytes() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return std::numeric_limits<std::uint64_t>::max();
  }
  return static_cast<std::uint64_t>(limit.rlim_cur);
}

std::string MemoryCap::apply(std::uint64_t capBytes) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0) return std::string("getrlimit(RLIMIT_AS): ") + std::strerror(errno);
  if (limit.rlim_max != RLIM_INFINITY && capBytes > static_cast<std::uint64_t>(limit.rlim_max)) {
    return "memory cap " + mb(capBytes) + " is above the hard limit " + mb(limit.rlim_max);
  }
  const std::uint64_t mapped = mappedBytes();
  if (mapped >= capBytes) {
    return "memory cap " + mb(capBytes) + " is below what the process already maps (" + mb(mapped) + ")";
  }
  return setSoftLimit(static_cast<rlim_t>(capBytes));
}

std::string MemoryCap::lift() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_AS, &limit) != 0) return std::string("getrlimit(RLIMIT_AS): ") + std::strerror(errno);
  return setSoftLimit(limit.rlim_max);
}

}  // namespace edgescope
