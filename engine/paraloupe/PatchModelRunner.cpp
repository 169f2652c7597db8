#include "paraloupe/PatchModelRunner.h"

#include <mutex>

#include "util/Error.h"

namespace edgescope {

namespace {

std::mutex& factoryMutex() {
  static std::mutex mutex;
  return mutex;
}

PatchModelRunner::Factory& installed() {
  static PatchModelRunner::Factory factory;
  return factory;
}

}  // namespace

void PatchModelRunner::setFactory(Factory factory) {
  const std::lock_guard<std::mutex> lock(factoryMutex());
  installed() = std::move(factory);
}

std::unique_ptr<PatchModelRunner> PatchModelRunner::create(const std::string& path, int threads) {
  Factory factory;
  {
    const std::lock_guard<std::mutex> lock(factoryMutex());
    factory = installed();
  }
  if (!factory) {
    throw Error("patch model " + path + ": this program was built without LibTorch, which patch models need");
  }
  return factory(path, threads);
}

}  // namespace edgescope
