#include "util/OpenMpPolicy.h"

#include <unistd.h>

#include <cstdlib>

namespace edgescope {

void OpenMpPolicy::restartWithPassiveWorkers(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  // The real path, not /proc/self/exe, so that the process keeps its name in top, ps and perf.
  char path[4096] = {0};
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (length <= 0) return;
  path[length] = '\0';
  ::execv(path, argv);  // returns only on failure: go on with the default policy
}

}  // namespace edgescope
