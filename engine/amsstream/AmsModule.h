#pragma once
/// @file AmsModule.h
/// AMS model streaming (issue 22, paper 003) in an EngineSession: the ams.* knobs (AmsConfig) and the camera's side
/// of a node session, composed as an EngineModule. Programs that link edgescope_ams register it for every session
/// with install() (console, edgescope-cli); `edgescope-cli track --ams` drives one directly.
///
/// - ams.enabled = 1 needs a local jde: detector (its ScalableDetector::streamable(); CO or SAT, where the camera
///   runs its own network) and a node: otherwise a Warning says what is missing and the knob stays 0. It then loads
///   the saved state (Options::stateDir, when one is there: swapped in at once), connects a NodeClient (CURVE or plain
///   loopback, through the emulated link Options::link) and starts the es-ams thread (AmsWorker), which joins, sends
///   the sample batches, polls for updates and stages them. ams.enabled = 0, a detector change and the destructor
///   stop both. The other knobs apply at once (those the node uses are sent with a new join).
/// - The node: Options::node, or the module command "ams.connect ADDRESS" (ADDRESS in EngineCommand::node, or after
///   a space in the name), as the cluster writes nodes: "tcp://HOST:PORT#SERVERKEY" or "tcp://127.0.0.1:PORT" (plain).
/// - Engine thread, per frame (beforeTrack): swaps a staged network in between frames (measured: swapMs), after which
///   the tracker associates by IoU only and re-seeds its appearance features for ams.swapGraceFrames frames
///   (TrackingPipeline::holdAppearance); then takes the frame into the uplink queue when the sampling clock says so
///   (steady clock, at the rate the node set; the queue keeps a reference to the frame's pixels, which nobody writes
///   once read). afterTrack() puts AmsStreamStatus into the snapshot, fillStatus() into the status.
/// - Commands (EngineCommand::moduleCommand): kConnectCommand, kRollbackCommand (the ring's previous version; the node
///   follows), kResetCommand (the pretrained weights; the node follows), kFreezeCommand (pauses the session: no
///   samples sent, no update applied, the node keeps its copy in sync; an update already received waits),
///   kUnfreezeCommand. Start and stop are ams.enabled. Each answers with an Info, or an Error (a Warning event) when
///   AMS is off or there is nothing to roll back to.
/// - Recording: one ams.csv line (AmsCsvRecord) per sample batch answered, update staged or rejected, rollback, reset,
///   resync, join and loss (takeRecordLines()).
///
/// Thread: the owning session's engine thread (EngineModule); the es-ams thread is internal.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ams/AmsConfig.h"
#include "ams/AmsStreamStatus.h"
#include "net/CurveKeyPair.h"
#include "session/EngineModule.h"

namespace edgescope {

class AmsWorker;
class DuplexLink;
class NodeClient;
class StreamableModel;

/// How an AmsModule reaches its node (AmsModule::Options). Value type.
struct AmsModuleOptions {
  std::string node;       ///< "tcp://HOST:PORT#SERVERKEY", "tcp://127.0.0.1:PORT" (plain) or "" (ams.connect)
  std::string stateDir;   ///< --ams-state: the running version is loaded at enable and saved after each swap
  std::string sessionId;  ///< "" = "HOST.SOURCE" (AmsWire::isSessionId characters, stable across restarts)
  std::string keysDir;    ///< the camera's CURVE key pair (AmsNodeEndpoint::cameraKeys); ignored with keys
  std::optional<CurveKeyPair> keys;  ///< the camera's key pair, instead of the one in keysDir
  std::string link;  ///< LinkProfile text of an emulated link to the node ("up=…,down=…,rtt=…"); "" = none
  int requestTimeoutMs = 60000;  ///< join, samples, resync
};

class AmsModule : public EngineModule {
 public:
  using Options = AmsModuleOptions;

  static constexpr const char* kFactoryName = "ams";
  static constexpr const char* kConnectCommand = "ams.connect";
  static constexpr const char* kRollbackCommand = "ams.rollback";
  static constexpr const char* kResetCommand = "ams.reset";
  static constexpr const char* kFreezeCommand = "ams.freeze";
  static constexpr const char* kUnfreezeCommand = "ams.unfreeze";
  /// The Warning when ams.enabled finds no local jde: detector.
  static constexpr const char* kNeedsJdeMessage = "AMS needs a local jde: detector (CO or SAT)";

  /// Registers the module with @p options for every EngineSession created afterwards (EngineModules::registerFactory
  /// under kFactoryName). Thread-safe; call before sessions exist.
  static void install(const Options& options = {});
  /// The default session id for camera @p host and source @p sourceName: "HOST.SOURCE" in session-id characters.
  static std::string defaultSessionId(const std::string& host, const std::string& sourceName);

  explicit AmsModule(Options options = {});
  ~AmsModule() override;  ///< stops the es-ams thread and the node client

  std::vector<ParameterSpec> parameterSpecs() const override;
  double apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source) override;
  double value(const std::string& id) const override;
  void pipelineDropped() override;
  void restart() override;
  void beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) override;
  void afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot, TrackingPipeline& pipeline) override;
  void fillStatus(EngineStatus& status) const override;
  bool command(const EngineCommand& command, TrackingPipeline* pipeline, std::vector<EngineEvent>& replies) override;
  std::vector<Message> takeMessages() override;
  std::vector<ModuleRecordLine> takeRecordLines() override;

  /// The streaming state now (what afterTrack() publishes). Engine thread.
  AmsStreamStatus status() const;
  const AmsConfig& config() const { return config_; }

 private:
  /// ams.enabled = 1: false (and a Warning) when it cannot start.
  bool start(TrackingPipeline* pipeline, const SourceInfo& source);
  /// Stops the worker and the client; @p why goes into an Info when something was running.
  void stop(const std::string& why);
  /// Loads Options::stateDir's saved version into the model and swaps it in (a Warning when it cannot).
  void loadState(TrackingPipeline& pipeline);
  /// Swaps a staged network in (engine thread, between frames) and starts the grace period.
  void swapIfStaged(TrackingPipeline& pipeline);
  void takeSample(const FrameSnapshot& snapshot);
  /// kConnectCommand: the new node (restarts a running session there).
  void connect(const EngineCommand& command, TrackingPipeline* pipeline);

  Options options_;
  AmsConfig config_;
  StreamableModel* model_ = nullptr;  ///< the running detector's, while enabled
  std::shared_ptr<DuplexLink> link_;
  std::unique_ptr<NodeClient> client_;
  std::unique_ptr<AmsWorker> worker_;  ///< destroyed before client_ (declared after it)
  SourceInfo source_;                  ///< the source at enable (for the session id)
  double nextSampleMs_ = 0.0;          ///< steady ms the next sample is due (0: take the next frame)
  int graceLeft_ = 0;
  bool swapped_ = false;              ///< the current frame follows a swap
  double lastSwapMs_ = 0.0;           ///< engine-thread time of the last swap, ms
  double lastUpdateSwapAtMs_ = -1.0;  ///< steady ms of the last swap (−1: none)
  std::vector<Message> messages_;
  std::vector<ModuleRecordLine> lines_;  ///< ams.csv lines of a worker that stopped, not taken yet
};

}  // namespace edgescope
