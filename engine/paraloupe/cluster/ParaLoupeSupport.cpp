#include "paraloupe/cluster/ParaLoupeSupport.h"

#include "paraloupe/cluster/StrategyRouter.h"
#include "partition/PartitionSupport.h"

namespace edgescope {

std::shared_ptr<Cluster> ParaLoupeSupport::install(const ClusterOptions& options) {
  return PartitionSupport::install(options, [](std::shared_ptr<Cluster> cluster, const std::string& streamId) {
    return std::make_unique<StrategyRouter>(std::make_unique<PartitionRunner>(cluster, streamId),
                                            std::make_unique<ParaLoupeRunner>(cluster, streamId));
  });
}

}  // namespace edgescope
