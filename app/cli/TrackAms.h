#pragma once
/// @file TrackAms.h
/// `edgescope-cli track --ams local|tcp://HOST:PORT#KEY [--ams-state DIR] [--link PROFILE] [--ams-teacher SPEC]
/// [--ams-set ID=VALUE,…]` (issue 22): the run streams model updates from a node through AmsModule, the module the
/// console's sessions use. `local` starts an in-process node on loopback (AmsLocalNode; teacher: --ams-teacher, by
/// default the default network; LibTorch builds only). --link puts an emulated link between camera and node;
/// --ams-state keeps the camera's running version (loaded at start, saved after each applied update). Sampling and
/// T_update run on the wall clock: combine with --pace FPS to stream as a live camera would. The module's messages go
/// to stderr, its ams.csv lines into the --record folder; JSON gets an "ams" object, the text report one line.

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "pipeline/TrackingPipeline.h"
#include "session/FrameSnapshot.h"
#include "source/VideoSource.h"
#include "util/JsonDocument.h"

namespace edgescope {

class AmsLocalNode;
class AmsModule;
class TrackRecording;

/// Value type.
struct TrackAmsOptions {
  std::string ams;       ///< local | tcp://HOST:PORT#KEY | tcp://127.0.0.1:PORT; "" = off
  std::string stateDir;  ///< --ams-state DIR
  std::string link;      ///< --link PROFILE (LinkProfile text); "" = none
  std::string teacher;   ///< --ams-teacher SPEC for `local`; "" = the default network
  std::string knobs;     ///< --ams-set ams.ID=VALUE,… (the "ams." prefix is optional)

  static void addTo(CLI::App& command, TrackAmsOptions& options);
};

/// One per track run; the command's thread (as the engine thread drives the module).
class TrackAms {
 public:
  /// Starts the node (`local`) and enables the module for @p pipeline. Throws Error naming the option when AMS cannot
  /// start (no jde: detector, a malformed address, a bad knob, a node that cannot start).
  TrackAms(const TrackAmsOptions& options, TrackingPipeline& pipeline, const SourceInfo& info);
  ~TrackAms();

  bool enabled() const { return module_ != nullptr; }
  /// Before the pipeline runs @p frame: the swap of a staged update and the sampling clock.
  void beforeFrame(const SourceFrame& frame);
  /// After it: the module's status, messages (stderr) and ams.csv lines (into @p recording when not null).
  void afterFrame(const TrackingPipeline::Result& result, TrackRecording* recording);
  void addJson(Json& json) const;
  /// One line for the text report (empty when off).
  std::string summary() const;

 private:
  TrackingPipeline& pipeline_;
  std::unique_ptr<AmsLocalNode> node_;  ///< `local` only; outlives the module
  std::unique_ptr<AmsModule> module_;
  std::string address_;
  FrameSnapshot snapshot_;  ///< the frame being tracked
};

}  // namespace edgescope
