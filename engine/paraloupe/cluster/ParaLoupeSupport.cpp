#include "paraloupe/cluster/ParaLoupeSupport.h"

#include <filesystem>

#include "paraloupe/cluster/StrategyRouter.h"
#include "partition/PartitionSupport.h"

namespace edgescope {

std::shared_ptr<Cluster> ParaLoupeSupport::install(const ClusterOptions& options) {
  std::shared_ptr<Cluster> cluster =
      PartitionSupport::install(options, [](std::shared_ptr<Cluster> shared, const std::string& streamId) {
        return std::make_unique<StrategyRouter>(std::make_unique<PartitionRunner>(shared, streamId),
                                                std::make_unique<ParaLoupeRunner>(shared, streamId));
      });
  // Local nodes serve the shipped patch model from the start, so choosing PL later needs no node restart.
  const std::string model = ParaLoupeRunner::defaultPatchModel();
  std::error_code error;
  if (cluster->patchModel().empty() && !model.empty() && std::filesystem::exists(model, error)) {
    cluster->setPatchModel(model);
  }
  return cluster;
}

}  // namespace edgescope
