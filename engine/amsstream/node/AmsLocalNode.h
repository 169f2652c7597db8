#pragma once
/// @file AmsLocalNode.h
/// An AMS node inside the camera's own process (`edgescope-cli track --ams local`, issue 22): AmsNodeSessions (the
/// teacher and the sessions' training) behind a plain NodeServer on a free loopback port, so the camera's AmsModule
/// reaches it through the same protocol, client and emulated link as a remote node. Built only with LibTorch
/// (EDGESCOPE_HAVE_AMS_NODE).

#include <functional>
#include <memory>
#include <string>

#include "net/NodeAmsService.h"

namespace edgescope {

class AmsNodeSessions;
class NodeServer;

/// Owner's thread: construction, address(), stats(), destruction; the node's threads are internal.
class AmsLocalNode {
 public:
  /// Value type.
  struct Options {
    std::string teacherSpec;      ///< DetectorFactory spec of the teacher (the caller's default network)
    std::string stateDir;         ///< the node's --ams-state ("" = none)
    std::string device = "auto";  ///< where the sessions train (cpu | cuda | auto)
    /// The node's log lines (any of its threads; must not block); null: dropped.
    std::function<void(const std::string& line)> log;
  };

  /// Creates the teacher and starts the node on tcp://127.0.0.1:* (plain). Throws Error naming the teacher spec or
  /// the address when it cannot.
  explicit AmsLocalNode(const Options& options);
  ~AmsLocalNode();  ///< stops the node (a running phase finishes first)
  AmsLocalNode(const AmsLocalNode&) = delete;
  AmsLocalNode& operator=(const AmsLocalNode&) = delete;

  /// "tcp://127.0.0.1:PORT": an AmsModule node address (plain loopback, no key).
  std::string address() const;
  NodeAmsStats stats() const;

 private:
  std::shared_ptr<AmsNodeSessions> sessions_;
  std::unique_ptr<NodeServer> server_;
};

}  // namespace edgescope
