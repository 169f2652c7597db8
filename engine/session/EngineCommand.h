#pragma once
/// @file EngineCommand.h
/// Plain-value commands the UI (or CLI) posts to the engine thread, and the events the engine answers with.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "core/BoundingBox.h"

#include "source/SourceInfo.h"

namespace edgescope {

/// Value type, posted from any thread, applied by the engine thread between frames.
struct EngineCommand {
  enum class Type {
    OpenSource,
    ConfigurePipeline,
    Play,
    Pause,
    Seek,
    Step,
    SetParameter,
    Close,
    StartRecording,
    StopRecording,
    StartLocalNodes,
    AddNode,
    StopNode,
    KillNode,
    SetNodeCost,
    WhatIfLost,
    SetRois,
    ModuleCommand
  };
  Type type = Type::Play;
  std::string uri;              ///< OpenSource
  std::string groundTruthPath;  ///< OpenSource, optional MOT file
  std::string detectorSpec;     ///< ConfigurePipeline: DetectorFactory spec; empty = no detection/tracking
  std::string embedderSpec;     ///< ConfigurePipeline: EmbedderFactory spec; empty = none (IoU tracking)
  std::int64_t frame = 0;       ///< Seek: 1-based frame number
  std::string parameterId;      ///< SetParameter
  double value = 0.0;           ///< SetParameter: requested value; SetNodeCost: the cost, 0..1; OpenSource: 1 = paused
  std::string folder;           ///< StartRecording: session folder (created when missing; must not hold a session)
  std::string tool;             ///< StartRecording: program named in the manifest ("edgescope", "edgescope-cli")
  std::string node;             ///< AddNode: address ("tcp://HOST:PORT"); StopNode/KillNode/SetNodeCost/WhatIfLost:
                                ///< node name or address
  int count = 0;                ///< StartLocalNodes: how many server nodes
  std::string profile;          ///< StartLocalNodes: device-emulation profile ("" = native)
  std::string nodeList;         ///< StartLocalNodes: "PROFILE[@LINK];…" (LocalNodeList), overrides count and profile
  std::vector<BoundingBox> rois;  ///< SetRois: the operator's regions of interest, frame pixels (empty: none)
  std::string name;               ///< ModuleCommand: the command, prefixed by its module ("turbo.enhanceFrame")

  static EngineCommand openSource(std::string uri, std::string groundTruthPath = {});
  /// Opens paused: no frame is processed until Play or Step (value = 1), so a recording or knob set next sees frame 1.
  static EngineCommand openSourcePaused(std::string uri, std::string groundTruthPath = {});
  static EngineCommand of(Type type);
  static EngineCommand play() { return of(Type::Play); }
  static EngineCommand pause() { return of(Type::Pause); }
  static EngineCommand step() { return of(Type::Step); }
  static EngineCommand close() { return of(Type::Close); }
  static EngineCommand seek(std::int64_t frameNumber);
  static EngineCommand configurePipeline(std::string detectorSpec, std::string embedderSpec = {});
  static EngineCommand setParameter(std::string id, double requestedValue);
  /// Records the open source's processed frames, parameter changes, live metrics and warnings into @p folder
  /// (record/SessionData.h) until stopRecording(), another source or Close; a running recording is finished first.
  static EngineCommand startRecording(std::string folder, std::string tool = "edgescope");
  static EngineCommand stopRecording() { return of(Type::StopRecording); }
  /// Cluster (issue 6; applied by the partition module, an Error event without one): start @p count server nodes
  /// on loopback as child processes (edgescope-node), connect to a remote node, stop a node gracefully (local:
  /// SIGTERM; remote: disconnect) or kill a local node (SIGKILL) to rehearse a failure.
  static EngineCommand startLocalNodes(int count, std::string profile = {});
  /// One local node per entry of @p list, "PROFILE[@LINK];…" (each with its device profile and emulated link).
  static EngineCommand startLocalNodeList(std::string list);
  static EngineCommand addNode(std::string address);
  static EngineCommand stopNode(std::string nameOrAddress);
  static EngineCommand killNode(std::string nameOrAddress);
  /// ParaLoupe (issue 20; applied by the partition module like the cluster commands): set the operator's cost c of
  /// a node (clamped to 0..1 by the cluster), or re-solve the last scheduled frame without a node and answer with an
  /// Info event ("What if node1 were lost: predicted … ms (budget …), feasible, N patches shed") without touching it.
  static EngineCommand setNodeCost(std::string nameOrAddress, double cost);
  static EngineCommand whatIfLost(std::string nameOrAddress);
  /// ParaLoupe's operator RoIs (replaces the list; each becomes an RoI patch every frame). Answered with an Info
  /// event listing them, so a recording keeps them in events.log.
  static EngineCommand setRois(std::vector<BoundingBox> rois);
  /// A request to the EngineModule that knows command @p name (EngineModule::command), e.g. TurboModule's
  /// "turbo.enhanceFrame". Its answer is an event (Images, Info); a name no module knows, or a module that cannot
  /// answer, gives a Warning event naming it, and the engine goes on.
  static EngineCommand moduleCommand(std::string name);
};

/// Value type the engine thread emits; consumers drain them with EngineSession::takeEvents().
struct EngineEvent {
  enum class Type {
    SourceOpened,
    SourceFailed,
    PipelineReady,
    ParameterApplied,
    EndOfStream,
    Error,
    Warning,
    RecordingStarted,
    RecordingStopped,
    Info,
    Images
  };
  Type type = Type::Warning;
  /// Info: a notice for the log (cluster changes, partition resumed). Human-readable, names the file/URI/parameter
  /// involved; RecordingStarted/RecordingStopped: the session folder.
  /// A recording that cannot start or whose writes fail gives an Error naming the folder/file (and, for a write
  /// failure, RecordingStopped).
  std::string message;
  SourceInfo source;     ///< SourceOpened
  std::string parameterId;  ///< ParameterApplied
  double value = 0.0;       ///< ParameterApplied: the value actually applied (clamped/snapped)
  /// Images: a module's pictures answering ModuleCommand `command` (e.g. {"original", …}, {"enhanced (exit 5)", …}),
  /// labelled, 8-bit BGR, owned by the event (never shared with the engine); `frame` is the source frame they show
  /// and `message` describes them.
  std::string command;
  std::int64_t frame = 0;
  std::vector<std::pair<std::string, cv::Mat>> images;
};

}  // namespace edgescope
