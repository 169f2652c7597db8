// civetweb (Debian 1.15) starts its listener and worker threads with a stack size fixed at build time: 100 KiB
// (USE_STACK_SIZE). glibc refuses such a thread (pthread_create: EINVAL) when the process' static TLS does not fit in
// it, and the console, the CLI and the node load LibTorch, OpenBLAS and glog, whose static TLS alone is about 100 KiB:
// there prometheus::Exposer failed with "Cannot create threads". This definition of pthread_attr_setstacksize takes
// precedence over libc's for the whole process (the executable exports it: see CMakeLists.txt); it raises the size
// only for calls from libcivetweb, to kCivetwebStackBytes, and passes every other call through unchanged.
#include <dlfcn.h>
#include <pthread.h>

#include <algorithm>
#include <cstring>

#include "metrics/CivetwebStacks.h"

namespace edgescope {

bool CivetwebStacks::isCivetweb(const void* code) {
  Dl_info info{};
  return dladdr(code, &info) != 0 && info.dli_fname != nullptr && std::strstr(info.dli_fname, "libcivetweb") != nullptr;
}

}  // namespace edgescope

extern "C" int pthread_attr_setstacksize(pthread_attr_t* attr, size_t stackBytes) {
  using Function = int (*)(pthread_attr_t*, size_t);
  static const Function libc = reinterpret_cast<Function>(dlsym(RTLD_NEXT, "pthread_attr_setstacksize"));
  if (edgescope::CivetwebStacks::isCivetweb(__builtin_return_address(0))) {
    stackBytes = std::max(stackBytes, edgescope::CivetwebStacks::kCivetwebStackBytes);
  }
  return libc ? libc(attr, stackBytes) : 22;  // EINVAL: no libc function found (cannot happen with glibc)
}
