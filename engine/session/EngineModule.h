#pragma once
/// @file EngineModule.h
/// A feature an EngineSession composes without knowing it (issue 21's Turbo and degrade knobs are the first): the
/// knobs it declares and applies, and hooks the engine thread calls at fixed points of every frame. EngineSession
/// registers its modules in one line each (EngineModules::add); the modules own their state, put their per-frame
/// values into the snapshot and their totals into the status, and report through messages that become events.
///
/// Threads: every member is called by the owning session's engine thread only. A module never keeps the pipeline
/// pointer it is handed: the engine may replace the pipeline between any two calls (pipelineDropped() says so).
/// Errors: apply() may throw Error (the knob keeps its value, a Warning names it); the frame hooks must not throw
/// for expected trouble (they queue a message instead) — EngineModules turns an exception into a Warning.

#include <string>
#include <utility>
#include <vector>

#include "pipeline/TrackingPipeline.h"
#include "session/EngineCommand.h"
#include "session/FrameSnapshot.h"
#include "session/FrameTiming.h"
#include "session/ModuleRecordLine.h"
#include "session/ParameterSpec.h"
#include "source/SourceInfo.h"
#include "source/VideoSource.h"

namespace edgescope {

/// Owned by one EngineSession (through EngineModules).
class EngineModule {
 public:
  /// An event for the session's event queue (and the recording's events.log): type and human-readable text.
  using Message = std::pair<EngineEvent::Type, std::string>;

  virtual ~EngineModule() = default;
  /// Knobs it adds to the engine (declared once, at the session's construction).
  virtual std::vector<ParameterSpec> parameterSpecs() const = 0;
  /// Applies one of its knobs (@p value already sanitised by its spec) with the session's current @p pipeline (null
  /// while no detector runs) and open @p source (empty uri when none); returns the applied value. The engine then
  /// echoes value() of every one of the module's knobs, so side effects reach the console and knobs.csv.
  virtual double apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) = 0;
  /// The applied value of one of its knobs.
  virtual double value(const std::string& id) const = 0;
  /// The pipeline is being dropped (detector changed or off, or it failed): called right before it is destroyed, so a
  /// module lets go of what it holds in it (threads working on its detector included); what was loaded into it is gone.
  virtual void pipelineDropped() {}
  /// Tracks restarted (source opened, seek, loop, close).
  virtual void restart() {}
  /// A frame was just read from @p source (before pacing): the module may rewrite its image and annotations.
  virtual void frameRead(SourceFrame& frame, const SourceInfo& source) {}
  /// Right before @p pipeline tracks @p snapshot's frame, which was due as @p timing says.
  virtual void beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) {}
  /// After tracking: the module's per-frame fields go into @p snapshot (not yet published).
  virtual void afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot, TrackingPipeline& pipeline) {}
  /// Its totals into the status about to be published.
  virtual void fillStatus(EngineStatus& status) const {}
  /// Answers EngineCommand::Type::ModuleCommand @p command when command.name is one of the module's (false: not
  /// its command), with the session's current @p pipeline (null while no detector runs). Its answer goes into
  /// @p replies (events the session queues as they are, e.g. Images) or its messages; it may throw Error when it
  /// cannot answer (the session turns that into a Warning naming the command). Called between frames.
  virtual bool command(const EngineCommand& command, TrackingPipeline* pipeline, std::vector<EngineEvent>& replies) {
    return false;
  }
  /// Messages since the last call, oldest first.
  virtual std::vector<Message> takeMessages() { return {}; }
  /// Lines for the session recording's feature files since the last call, oldest first; the session writes them
  /// (time_s and frame first) while it records and drops them otherwise. Called after every frame and command.
  virtual std::vector<ModuleRecordLine> takeRecordLines() { return {}; }
};

}  // namespace edgescope
