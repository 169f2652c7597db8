#include "partition/PartitionSupport.h"

#include <atomic>
#include <mutex>

#include "partition/PartitionRunner.h"

namespace edgescope {

std::shared_ptr<Cluster> PartitionSupport::install(const ClusterOptions& options, ModuleMaker maker) {
  static std::mutex mutex;
  static std::shared_ptr<Cluster> cluster;
  static std::atomic<int> streams{0};
  std::lock_guard<std::mutex> lock(mutex);
  if (cluster) return cluster;
  cluster = std::make_shared<Cluster>(options);
  std::weak_ptr<Cluster> weak = cluster;
  if (!maker) {
    maker = [](std::shared_ptr<Cluster> shared, const std::string& streamId) -> std::unique_ptr<PartitionModule> {
      return std::make_unique<PartitionRunner>(std::move(shared), streamId);
    };
  }
  PartitionModule::setFactory([weak, maker]() -> std::unique_ptr<PartitionModule> {
    std::shared_ptr<Cluster> shared = weak.lock();
    if (!shared) return nullptr;
    return maker(shared, "stream-" + std::to_string(++streams));
  });
  return cluster;
}

}  // namespace edgescope
