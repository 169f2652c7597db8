#include "util/ThreadName.h"

#include <pthread.h>

namespace edgescope {

void setCurrentThreadName(const std::string& name) {
  ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
}

std::string currentThreadName() {
  char buffer[32] = {0};
  ::pthread_getname_np(::pthread_self(), buffer, sizeof(buffer));
  return buffer;
}

}  // namespace edgescope
