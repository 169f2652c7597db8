#pragma once
/// @file NodeCostTracker.h
/// The device profiler's cost c_i of paper 002 (Section III-D1) per node: the larger of the operator's cost (the
/// cluster panel's 0–1 column: "this node is dear") and an exponentially weighted average of the node's measured busy
/// fraction (heartbeat load) with time constant paraloupe.costWindowS (the paper's m = 5 min), so a node busy with
/// other work attracts fewer patches. Value type; one engine thread.

#include <map>
#include <string>

namespace edgescope {

class NodeCostTracker {
 public:
  /// Sets the operator's cost of @p node (clamped to [0, 1]).
  void setOperatorCost(const std::string& node, double cost);
  double operatorCost(const std::string& node) const;
  /// A busy-fraction sample (clamped to [0, 1]) of @p node at @p nowS (seconds, any monotonic origin); the average
  /// moves by 1 − e^(−Δt/windowS) towards it (the first sample sets it).
  void addLoad(const std::string& node, double load, double nowS, double windowS);
  double loadAverage(const std::string& node) const;
  /// c_i = max(operator cost, load average); 0 for a node never seen.
  double cost(const std::string& node) const;
  void forget(const std::string& node);

 private:
  struct Entry {
    double operatorCost = 0.0;
    double load = 0.0;
    double lastS = 0.0;
    bool hasLoad = false;
  };
  std::map<std::string, Entry> entries_;
};

}  // namespace edgescope
