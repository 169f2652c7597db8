#pragma once
/// @file EngineModules.h
/// The EngineModule instances an EngineSession composes, and the dispatch of its hooks: knobs declared into the
/// session's ParameterRegistry and applied to their owner with every side effect echoed, frame hooks in
/// registration order, messages turned into events. Exceptions from a frame hook become Warning events: a module
/// never stops the engine thread.
///
/// Threading: engine thread only (EngineSession owns it), except add() and declare(), which the session's
/// constructor calls before the thread starts. Events are emitted through the callback given at construction.
///
/// Plug-in modules: a feature implemented in a target edgescope_engine cannot link (AMS in edgescope_ams) is
/// registered once per process with registerFactory() by the programs that link it (console, CLI), before they
/// create sessions; every EngineSession constructed afterwards adds one module of each registered factory
/// (createRegistered()). The registry is thread-safe.

#include <functional>
#include <map>
#include <utility>
#include <memory>
#include <string>
#include <vector>

#include "session/EngineModule.h"
#include "session/ParameterRegistry.h"

namespace edgescope {

class EngineModules {
 public:
  /// Called on the engine thread for each module message.
  using Emit = std::function<void(EngineEvent::Type type, std::string message)>;

  /// Makes one module for one session.
  using Factory = std::function<std::unique_ptr<EngineModule>()>;

  explicit EngineModules(Emit emitEvent) : emit_(std::move(emitEvent)) {}

  /// Registers @p factory under @p name (replacing a factory of that name; an empty one removes it). Sessions
  /// constructed afterwards get its module. Thread-safe.
  static void registerFactory(const std::string& name, Factory factory);
  /// One module of every registered factory, in registration order (a factory returning null adds nothing).
  /// Thread-safe; a factory's exception propagates.
  static std::vector<std::unique_ptr<EngineModule>> createRegistered();

  /// Takes @p module (not null) and its knobs; declare() makes them known to a registry.
  void add(std::unique_ptr<EngineModule> module);
  /// Declares every module's knobs in @p registry. Throws Error for an id declared twice.
  void declare(ParameterRegistry& registry) const;
  /// Whether knob @p id belongs to a module.
  bool owns(const std::string& id) const { return owners_.count(id) != 0; }
  /// Applies knob @p id (@p value sanitised) through its module and echoes all of that module's knobs into
  /// @p registry; returns the applied value. When the module throws, the registry gets the module's values back
  /// and the Error propagates.
  double apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source,
               ParameterRegistry& registry);
  /// The pipeline was dropped; echoes the modules' knobs into @p registry.
  void pipelineDropped(ParameterRegistry& registry);
  void restart();
  void frameRead(SourceFrame& frame, const SourceInfo& source);
  void beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline);
  void afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot, TrackingPipeline& pipeline);
  void fillStatus(EngineStatus& status) const;
  /// Every module's recording lines since the last call (EngineModule::takeRecordLines), module by module.
  std::vector<ModuleRecordLine> takeRecordLines();
  /// The replies of the module that answers ModuleCommand @p command (EngineModule::command). Throws Error naming
  /// the command when no module knows it, and passes on the Error of a module that cannot answer (its messages are
  /// emitted either way).
  std::vector<EngineEvent> command(const EngineCommand& command, TrackingPipeline* pipeline);

 private:
  /// Runs @p hook on every module; an exception becomes a Warning event. Drains the messages after each.
  template <typename Hook>
  void each(const char* what, Hook&& hook);
  void echo(const EngineModule& module, ParameterRegistry& registry) const;
  void drain(EngineModule& module);

  Emit emit_;
  std::vector<std::unique_ptr<EngineModule>> modules_;
  std::map<std::string, EngineModule*> owners_;  ///< knob id → its module
};

}  // namespace edgescope
