#pragma once
/// @file PartitionModule.h
/// The hook through which an EngineSession splits tracking between the camera (this process) and edge server nodes
/// (issue 6, paper 000 Section IV: CO, SO, SOAT, SAT). The engine library only knows this interface; the
/// implementation lives in edgescope_partition (ZeroMQ, Protocol Buffers) and is installed once per process with
/// setFactory() by programs that link it (console, CLI). Without a factory sessions track locally as before.
///
/// Threads: setFactory() before the first EngineSession is constructed; every other member is called by the
/// owning session's engine thread only, except nodes(), which the engine thread also calls (for its status).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/Frame.h"
#include "pipeline/TrackingPipeline.h"
#include "session/ClusterNodeView.h"
#include "session/EngineCommand.h"
#include "session/ParameterSpec.h"
#include "session/PartitionFrame.h"

namespace edgescope {

/// Owned by one EngineSession.
class PartitionModule {
 public:
  using Factory = std::function<std::unique_ptr<PartitionModule>()>;
  /// Installs the factory sessions created afterwards use (an empty one removes it).
  static void setFactory(Factory factory);
  /// A new module from the installed factory, or null when none is installed.
  static std::unique_ptr<PartitionModule> create();

  virtual ~PartitionModule() = default;
  /// Knobs it adds to the engine ("partition.*", "link.*").
  virtual std::vector<ParameterSpec> parameterSpecs() const = 0;
  /// Applies one of its knobs; returns the applied value. Throws Error for an unknown id.
  virtual double apply(const std::string& id, double value) = 0;
  /// Tracks @p frame under the chosen strategy. @p local is the camera's own pipeline (CO, SAT's in-between frames,
  /// fallback). Fills @p partition. Never throws for a lost or failing node: the frame then runs CO and
  /// partition.fallbackReason says why. May throw Error when the local pipeline fails.
  virtual TrackingPipeline::Result process(const Frame& frame, TrackingPipeline& local, PartitionFrame& partition) = 0;
  /// Forgets per-stream state (seek, loop, new source): the next frame starts a new adaptation cycle.
  virtual void restart() = 0;
  /// Applies a cluster command (StartLocalNodes, AddNode, StopNode, KillNode; with ParaLoupe also SetNodeCost and
  /// WhatIfLost); returns a message for the log. Throws Error naming the node/address when it cannot.
  virtual std::string command(const EngineCommand& command) = 0;
  /// The cluster's nodes now.
  virtual std::vector<ClusterNodeView> nodes() const = 0;
  /// Messages since the last call (fallback to CO, resumption, node state changes), oldest first; each with
  /// whether it is a warning (true) or information.
  virtual std::vector<std::pair<bool, std::string>> takeMessages() = 0;
};

}  // namespace edgescope
