#include "partition/PartitionConfig.h"

#include <algorithm>
#include <cctype>

#include "util/Error.h"

namespace edgescope {

namespace {

const char* const kNames[] = {"CO", "SO", "SOAT", "SAT", "PL"};
constexpr int kStrategies = 5;

}  // namespace

const char* PartitionConfig::name(PartitionStrategy strategy) { return kNames[static_cast<int>(strategy)]; }

PartitionStrategy PartitionConfig::parse(const std::string& text) {
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  for (int i = 0; i < kStrategies; ++i) {
    if (upper == kNames[i]) return static_cast<PartitionStrategy>(i);
  }
  throw Error("partition strategy '" + text + "': expected CO, SO, SOAT, SAT or PL");
}

std::vector<ParameterSpec> PartitionConfig::parameterSpecs() {
  ParameterSpec strategy{"partition.strategy", "Partition", 0.0, kStrategies - 1.0, 1.0, 0.0, "",
                         "Where each frame is processed (paper 000, Section IV): CO camera only, SO server only, "
                         "SOAT server with adaptive transmission, SAT server-assisted tracking; PL ParaLoupe "
                         "patches over the whole cluster under a latency SLO (paper 002)"};
  strategy.choices.assign(kNames, kNames + kStrategies);
  return {strategy,
          {"partition.k", "Partition K", 1.0, double(kMaxK), 1.0, 5.0, "frames",
           "SOAT/SAT: every K-th frame goes to the server at full resolution and re-selects the size"},
          {"partition.jpegQuality", "JPEG quality", 10.0, 100.0, 1.0, 90.0, "",
           "Quality of the JPEG frames sent to the server (SO, SOAT, SAT)"}};
}

double PartitionConfig::apply(const std::string& id, double value) {
  for (const ParameterSpec& spec : parameterSpecs()) {
    if (spec.id != id) continue;
    const int applied = static_cast<int>(spec.sanitize(value));
    if (id == "partition.strategy") strategy = static_cast<PartitionStrategy>(applied);
    if (id == "partition.k") k = applied;
    if (id == "partition.jpegQuality") jpegQuality = applied;
    return this->value(id);
  }
  throw Error("unknown partition parameter '" + id + "'");
}

double PartitionConfig::value(const std::string& id) const {
  if (id == "partition.strategy") return static_cast<double>(strategy);
  if (id == "partition.k") return k;
  if (id == "partition.jpegQuality") return jpegQuality;
  throw Error("unknown partition parameter '" + id + "'");
}

}  // namespace edgescope
