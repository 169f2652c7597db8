#include "util/OpenMpPolicy.h"

#include <unistd.h>

#include <cstdlib>

namespace edgescope {
namespace {
bool hasName(const std::vector<std::string>& environment, const std::string& name) {
  for (const std::string& entry : environment)
    if (entry.size() > name.size() && entry.compare(0, name.size(), name) == 0 && entry[name.size()] == '=')
      return true;
  return false;
}
}  // namespace

std::vector<std::string> OpenMpPolicy::withWorkerPolicy(std::vector<std::string> environment) {
  if (hasName(environment, "OMP_WAIT_POLICY")) return environment;
  environment.emplace_back("OMP_WAIT_POLICY=PASSIVE");
  if (!hasName(environment, "GOMP_SPINCOUNT")) environment.emplace_back(std::string("GOMP_SPINCOUNT=") + kSpinCount);
  return environment;
}

void OpenMpPolicy::restartWithPassiveWorkers(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (::setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  ::setenv("GOMP_SPINCOUNT", kSpinCount, 0);  // keeps the user's value
  // The real path, not /proc/self/exe, so that the process keeps its name in top, ps and perf.
  char path[4096] = {0};
  const ssize_t length = ::readlink("/proc/self/exe", path, sizeof(path) - 1);
  if (length <= 0) return;
  path[length] = '\0';
  ::execv(path, argv);  // returns only on failure: go on with the default policy
}

}  // namespace edgescope
