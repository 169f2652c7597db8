#pragma once
/// @file ClusterLedger.h
/// The backlog q_i of each node as the cameras of one cluster see it (issue 20): work a camera sends to a node is
/// reserved there (busy until max(now, busy-until) + predicted ms), and when the reply comes the reservation ends
/// then: the work queued behind it keeps its length and now starts from the reply's time. The scheduler of every stream on the cluster reads q_i, so two cameras
/// do not both count on an idle node. Thread-safe (one mutex): shared by the streams of a Cluster.

#include <map>
#include <mutex>
#include <string>

namespace edgescope {

class ClusterLedger {
 public:
  /// Reserves @p workMs on @p node at @p nowMs (steady-clock ms); returns the time the work is predicted to end.
  double reserve(const std::string& node, double nowMs, double workMs);
  /// The work reserve() predicted to end at @p predictedEndMs has ended at @p nowMs: what was reserved after it stays
  /// queued, from now on.
  void complete(const std::string& node, double nowMs, double predictedEndMs);
  /// q_i: ms of reserved work still ahead of @p nowMs (0 for an idle or unknown node).
  double backlogMs(const std::string& node, double nowMs) const;
  /// Forgets @p node (lost, stopped): its reservations will never complete.
  void forget(const std::string& node);

 private:
  mutable std::mutex mutex_;
  std::map<std::string, double> busyUntilMs_;
};

}  // namespace edgescope
