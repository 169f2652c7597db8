#pragma once
/// @file AmsWorker.h
/// The camera's `es-ams` thread (issue 22, paper 003 Section 3): everything slow about streaming model updates from a
/// node, so that the engine thread only samples frames and swaps networks.
///
/// - Join: with the running model's identity and the ams.* knobs; the running weights are uploaded once when the node
///   asks. Re-joins when a knob the node uses changes (the node's session takes the new settings).
/// - Uplink: every T_update the queued samples (AmsSampleQueue) become one batch (AmsFrameEncoder: ams.uplinkCodec
///   at ams.uplinkKbps × T_update) sent with their ages; the reply sets the sampling rate and T_update (ASR, ATR).
///   While a batch is in flight the queue keeps filling and drops its oldest frames ("link saturated").
/// - Downlink: a long poll from the head version (the staged one, else the running one) is always in flight. An
///   update is staged (StreamableModel::stageUpdate: verify, apply, fold, sha256 check); the engine swaps it in. An
///   update that fails any check (a reply that does not decode or fit, a wrong base, a sha256 mismatch) is never
///   applied: the model stays bit-identical, a Warning names the field and a resync follows.
/// - Commands: rollback and reset stage the earlier or pretrained weights and resync the node once they run; freeze
///   pauses the session (no samples, no polls, a received update kept until unfreeze), unfreeze resumes it.
/// - With a state folder the running version is saved (StreamableModel::saveState) after each swap of a stage.
/// - A node that stops answering: the engine keeps tracking with the model it has; the worker re-joins when the node
///   is back (the node resumes the session from its live copy or --ams-state, else it needs the weights).
///
/// Threads: the constructor starts `es-ams`; requestStop() and the destructor may be called from the owner's thread
/// (the engine thread). Every other public member is for the engine thread and never blocks on the network. The
/// StreamableModel and the NodeClient must outlive the worker; to stop promptly the owner calls requestStop(), then
/// stops the NodeClient (pending requests fail at once), then destroys the worker. What both threads share (knobs,
/// commands, status, messages, ams.csv records) is in an AmsStreamMailbox; the sample queue has its own lock.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ams/AmsConfig.h"
#include "ams/AmsCsvRecord.h"
#include "ams/AmsStreamStatus.h"
#include "amsstream/AmsNodeLink.h"
#include "amsstream/AmsSampleQueue.h"
#include "amsstream/AmsStreamMailbox.h"
#include "session/EngineModule.h"

namespace edgescope {

class NodeClient;
class StreamableModel;

class AmsWorker {
 public:
  /// Value type.
  struct Options {
    std::string nodeName;   ///< the node's address, for messages
    std::string sessionId;  ///< AmsWire::isSessionId
    std::string cameraName;
    std::string stateDir;          ///< "" = no saved state
    int requestTimeoutMs = 60000;  ///< join, samples, resync
  };
  using Command = AmsStreamMailbox::Command;

  static constexpr int kTickMs = 50;             ///< the loop's period when nothing wakes it
  static constexpr double kRetryMinMs = 1000.0;  ///< first re-join delay after a failure; doubles up to kRetryMaxMs
  static constexpr double kRetryMaxMs = 10000.0;
  static constexpr double kRefusedRetryMs = 30000.0;  ///< after the node refused the session
  static constexpr double kConnectWarnMs = 5000.0;    ///< a node not online this long after the start is warned about
  static constexpr std::size_t kMaxQueuedFrames = 600;

  /// Starts es-ams. Throws Error naming the session id when it is not one.
  AmsWorker(StreamableModel& model, NodeClient& client, Options options, const AmsConfig& config);
  ~AmsWorker();  ///< requestStop() and join
  AmsWorker(const AmsWorker&) = delete;
  AmsWorker& operator=(const AmsWorker&) = delete;

  /// The loop ends at its next check; blocking requests end when the NodeClient stops.
  void requestStop();

  /// Engine thread: queues a sampled frame (see AmsSampleQueue; frames dropped are counted as saturation).
  void pushSample(AmsSample sample);
  /// Forgets the queued samples (seek, new source).
  void clearSamples() { queue_.clear(); }
  /// The sampling rate the engine should take frames at, fps: 0 while not joined or frozen.
  double samplingRateFps() const { return samplingRateFps_.load(); }
  /// The knobs changed; those the node uses make the worker join again.
  void setConfig(const AmsConfig& config) { mailbox_.setConfig(config); }
  void post(Command command) { mailbox_.post(command); }
  /// Engine thread: a staged network was swapped in after @p swapMs (the worker saves and resyncs after swaps).
  void noteSwap(double swapMs);

  /// The worker's part of the status (state, rates, queue, last update, totals); the engine adds its own fields.
  AmsStreamStatus status() const;
  std::vector<EngineModule::Message> takeMessages() { return mailbox_.takeMessages(); }
  std::vector<AmsCsvRecord> takeRecords() { return mailbox_.takeRecords(); }

 private:
  enum class State { Connecting, Joined, Lost, Refused };
  /// What failed: a batch (warned), a poll (warned, then a resync), an update that did not decode or fit
  /// (counted as rejected, then a resync), a join or a resync (re-join after a delay).
  enum class Failure { Samples, Poll, Update, Session };

  void run();
  void step();
  void handleCommands();
  void apply(Command command);
  /// After a swap (nothing staged): saves the state and resyncs when due.
  void afterSwap();
  void join();
  void resync();
  void sendBatchIfDue(double nowMs);
  void collectSamplesReply();
  void collectUpdate();
  void startPollIfIdle();
  void stage(const AmsNodeLink::UpdateResult& update);
  /// Drains replies of requests made before the node was lost (their errors are expected).
  void drainStale();
  /// A request failed with @p what: the node is lost (re-join later) or it answered something unusable.
  void failed(const std::string& what, Failure failure);
  /// The node is lost or would not take the session: re-join after the back-off, one warning per outage.
  void retryLater(const std::string& what);
  void setState(State state);
  /// The rate and T_update in force (the status').
  std::pair<double, double> rates() const;
  bool stopping() const { return stopping_.load(); }

  StreamableModel& model_;
  NodeClient& client_;
  Options options_;
  AmsSampleQueue queue_;
  std::atomic<bool> stopping_{false};
  std::atomic<double> samplingRateFps_{0.0};

  AmsStreamMailbox mailbox_;  ///< shared with the engine thread

  // es-ams only.
  std::unique_ptr<AmsNodeLink> link_;
  State state_ = State::Connecting;
  bool frozen_ = false;
  std::uint64_t head_ = 0;         ///< the version the camera runs once the pending stage (if any) is swapped
  std::uint64_t pollVersion_ = 0;  ///< of the poll in flight
  bool resyncDue_ = false;         ///< tell the node the camera's version once nothing is staged
  bool saveDue_ = false;           ///< save the state once nothing is staged
  bool rejoinDue_ = false;         ///< a knob the node uses changed
  double startedMs_ = 0.0;         ///< steady ms the worker started (a node never reached is warned about)
  double retryAtMs_ = 0.0;
  double retryDelayMs_ = kRetryMinMs;
  double nextBatchMs_ = 0.0;
  std::uint64_t batchBytes_ = 0;  ///< payload of the batch in flight
  std::uint32_t batchFrames_ = 0;
  std::uint64_t droppedAtReply_ = 0;               ///< queue drops when the last batch reply came (saturation since?)
  std::uint64_t joined_ = 0;                       ///< accepted joins
  bool warnedFallback_ = false;                    ///< JPEG sent instead of H.264 (warned once)
  std::optional<AmsNodeLink::UpdateResult> held_;  ///< received while frozen
  AmsConfig runConfig_;                            ///< es-ams's copy of config_
  bool warnedLost_ = false;                        ///< one warning per outage

  std::thread thread_;  ///< last: started once every member is ready
};

}  // namespace edgescope
