#include "session/PartitionModule.h"

#include <mutex>

namespace edgescope {

namespace {

std::mutex& factoryMutex() {
  static std::mutex mutex;
  return mutex;
}

PartitionModule::Factory& factoryInstance() {
  static PartitionModule::Factory factory;
  return factory;
}

}  // namespace

void PartitionModule::setFactory(Factory factory) {
  std::lock_guard<std::mutex> lock(factoryMutex());
  factoryInstance() = std::move(factory);
}

std::unique_ptr<PartitionModule> PartitionModule::create() {
  std::lock_guard<std::mutex> lock(factoryMutex());
  return factoryInstance() ? factoryInstance()() : nullptr;
}

}  // namespace edgescope
