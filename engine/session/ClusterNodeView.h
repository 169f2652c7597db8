#pragma once
/// @file ClusterNodeView.h
/// What the console shows about one edge node of the cluster (issue 6): liveness, role, device profile, link and
/// load. Published in EngineStatus::nodes by the engine thread; value type, any thread reads a copy.

#include <cstdint>
#include <string>

namespace edgescope {

struct ClusterNodeView {
  std::string name;            ///< the node's name (HelloReply), or its address before the handshake
  std::string address;         ///< endpoint, e.g. "tcp://127.0.0.1:5601"
  std::string state;           ///< "connecting", "online", "degraded", "lost" or "stopped"
  std::string role = "server"; ///< compute role it serves
  std::string profile;         ///< device-emulation profile ("" = native)
  std::string model;           ///< detector it runs
  std::string device;          ///< "cpu" or "cuda"
  std::uint32_t threads = 0;   ///< compute threads
  bool local = false;          ///< started by this process (can be stopped and killed)
  int pid = 0;                 ///< process id of a local node, 0 otherwise
  bool inUse = false;          ///< the partition currently sends frames to it
  double rttMs = -1.0;         ///< heartbeat round trip (EWMA, through the emulated link), −1 before the first
  double uplinkKbps = 0.0;     ///< measured camera → node traffic over the last second
  double downlinkKbps = 0.0;   ///< measured node → camera traffic over the last second
  std::uint64_t uplinkBytes = 0;    ///< camera → node bytes the link carried since it was made (all messages)
  std::uint64_t downlinkBytes = 0;  ///< node → camera bytes likewise
  std::uint32_t queueDepth = 0;  ///< requests waiting or running on the node
  double load = 0.0;           ///< busy fraction of the node's compute thread, 0..1
  std::string turboModel;      ///< Turbo enhancer it runs (edgescope-node --turbo; "" = off)
  double turboShare = 0.0;     ///< Turbo: share of its busy time spent enhancing, 0..1
  std::uint64_t lossCount = 0; ///< times it was lost
  std::string lastError;       ///< latest refusal, loss or error ("" when none)
  // ParaLoupe (issue 20)
  double cost = 0.0;           ///< the operator's cost c of the node, 0..1 (cluster panel column)
  std::string patchModel;      ///< patch model it serves ("" = none)
  double patchMs = -1.0;       ///< its profiled ms per 64×128 patch (the middle size), −1 when none
  double uplinkEstimateKbps = 0.0;  ///< the network profiler's uplink estimate, 0 before the first probe
  double share = 0.0;          ///< share of the patches of the last frames it served, 0..1
};

}  // namespace edgescope
