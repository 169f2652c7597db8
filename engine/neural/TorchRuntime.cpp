#include "neural/TorchRuntime.h"

#include <dlfcn.h>
#include <malloc.h>

#include <climits>
#include <cstdlib>

#include <thread>

#include <torch/torch.h>
#include <torch/version.h>

#include "util/Error.h"

namespace edgescope {

bool TorchRuntime::cudaAvailable() { return torch::cuda::is_available(); }

std::string TorchRuntime::resolveDevice(const std::string& preferred) {
  if (preferred == "cpu") return "cpu";
  if (preferred == "cuda") {
    if (!cudaAvailable()) throw Error("device 'cuda' requested but LibTorch sees no usable CUDA device");
    return "cuda";
  }
  if (preferred == "auto") return cudaAvailable() ? "cuda" : "cpu";
  throw Error("unknown device '" + preferred + "' (expected auto, cpu or cuda)");
}

void TorchRuntime::configure(int threads) {
  // Keep freed activation buffers in the heap instead of returning them to the kernel: with glibc's defaults every
  // multi-megabyte tensor of a 768×576 forward pass is a fresh mmap that page-faults in, which made inference 4–8×
  // slower (measured: 768×576 forward 107–210 ms → 27.5 ms on 2 cores). These thresholds govern the main heap
  // only; programs that run the network on a worker thread also call HeapPolicy::useOneArena() at start.
  static const bool heapTuned = [] {
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's maximum
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    return true;
  }();
  (void)heapTuned;
  const int cores = static_cast<int>(std::thread::hardware_concurrency());
  if (threads > 0) torch::set_num_threads(threads);
  else if (cores > 0 && torch::get_num_threads() < cores) torch::set_num_threads(cores);
  // Denormal floats (tiny heatmap activations late in training) are orders of magnitude slower on x86 CPUs.
  at::globalContext().setFlushDenormal(true);
}

std::string TorchRuntime::blasLibrary() {
  void* sgemm = ::dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info{};
  if (sgemm == nullptr || ::dladdr(sgemm, &info) == 0 || info.dli_fname == nullptr) return {};
  char resolved[PATH_MAX];
  return ::realpath(info.dli_fname, resolved) != nullptr ? std::string(resolved) : std::string(info.dli_fname);
}

std::string TorchRuntime::describe() {
  const std::string blas = blasLibrary();
  // Debian's BLAS builds are all "libblas.so.3" in a folder named after the build (blas, openblas-openmp, …);
  // elsewhere (a pip LibTorch links MKL into libtorch_cpu) the file name says more.
  std::string blasName = "unknown";
  if (const auto slash = blas.rfind('/'); slash != std::string::npos && slash > 0) {
    const auto folderStart = blas.rfind('/', slash - 1);
    const std::string file = blas.substr(slash + 1);
    blasName = file.rfind("libblas.", 0) == 0 ? blas.substr(folderStart + 1, slash - folderStart - 1) : file;
    if (blasName == "blas") blasName = "reference (slow with 1 thread; install libopenblas0-openmp)";
  }
  return std::string("LibTorch ") + TORCH_VERSION + ", CUDA " + (cudaAvailable() ? "available" : "unavailable") +
         ", " + std::to_string(torch::get_num_threads()) + " threads, BLAS " + blasName;
}

}  // namespace edgescope
