#include "neural/TorchRuntime.h"

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
  if (threads > 0) torch::set_num_threads(threads);
}

std::string TorchRuntime::describe() {
  return std::string("LibTorch ") + TORCH_VERSION + ", CUDA " + (cudaAvailable() ? "available" : "unavailable") +
         ", " + std::to_string(torch::get_num_threads()) + " threads";
}

}  // namespace edgescope
