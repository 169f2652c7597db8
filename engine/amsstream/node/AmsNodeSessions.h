#pragma once
/// @file AmsNodeSessions.h
/// The node's AMS model-streaming service (issue 22, paper 003; NodeAmsService): up to maxSessions camera sessions
/// (AmsNodeSession), a teacher detector that labels their sampled frames, and the training of each session's copy
/// of the camera's network in phases run round-robin (Appendix E).
///
/// - Join: the student is a model card in the model folders with the camera's model name and pretrained sha256
///   (AmsStudentCatalog); layout hash and parameter count must match. The node's copy comes from, in order: the live
///   session of the same id at the camera's version and sha256; the saved state (--ams-state DIR/<session id>/) at
///   that version and sha256 (resumed: no upload); the pretrained weights when the sha256 is theirs; the camera's
///   upload (the reply asks for it with need_weights, the camera joins again with `weights`). A version-0 camera
///   with another sha256, or an upload whose sha256 differs from the declared one, is refused naming both sha256.
///   A session silent for longer than idleSessionS gives its slot to a new camera when all are taken.
/// - Samples: decoded (AmsFrameDecoder; garbage is Error BAD_IMAGE naming the request), labelled by the teacher,
///   scored (φ), the sampling and training rates decided, queued for the session's next phase; the reply carries
///   the rate and T_update. A repeated or older sequence adds nothing (accepted 0).
/// - Phases: a session is due T_update after its last phase (or its join); the due session that has waited longest
///   goes first; its staleness (phase start − due time) is kept in the stats. A session with no sample since its
///   last phase is only rescheduled. With a state folder each session is saved after every phase that changed it.
/// - Joins and resyncs run on the training thread between phases; beyond 16 waiting (or maxPendingBatches batches
///   waiting for the teacher) requests are answered ERROR_BUSY.
/// - Polls are answered at once when an update from the camera's version exists, else held by the I/O thread
///   (NodeServerLoop) until one does or wait_ms (0: 2 · T_update) passes.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "amsstream/node/AmsNodeSession.h"
#include "amsstream/node/AmsStudentCatalog.h"
#include "net/NodeAmsService.h"
#include "session/MessageQueue.h"

namespace edgescope {

class Detector;

/// Threads: es-node (handle, resolveHeld, takeReplies, fillCapabilities; never blocks on training), es-node-label
/// (decode and teacher), es-node-train (joins, resyncs and phases). stats() from any thread.
class AmsNodeSessions : public NodeAmsService {
 public:
  /// Value type (edgescope-node --ams-*).
  struct Options {
    std::string teacherSpec;                ///< DetectorFactory spec (--ams-teacher)
    std::size_t maxSessions = 4;            ///< --ams-max-sessions
    std::string stateDir;                   ///< --ams-state: sessions saved and resumed here; "" = none
    std::string device = "auto";            ///< --ams-device: where the sessions train (cpu | cuda | auto)
    std::vector<std::string> modelFolders;  ///< where students are found (ModelFolders::search() when empty)
    double idleSessionS = 600.0;            ///< a session silent this long may give its slot to a new camera, s
    std::size_t maxPendingBatches = 8;      ///< batches waiting for the teacher; more are answered ERROR_BUSY
    std::uint64_t seed = 1;                 ///< training draws (crops, masks) of every session
    /// Log lines (any of the service's threads); null: stderr, prefixed "edgescope-node AMS: ".
    std::function<void(const std::string& line)> log;
  };

  /// Creates the teacher and the state folder. Throws Error naming the spec when the teacher cannot be created
  /// (missing or unloadable), and naming the folder when it cannot be made; maxSessions must be ≥ 1.
  explicit AmsNodeSessions(Options options);
  ~AmsNodeSessions() override;  ///< stop()

  void start(std::function<void()> wake) override;
  void stop() override;
  Action handle(const std::string& peer, const wire::Envelope& request, double arrivalMs) override;
  std::optional<wire::Envelope> resolveHeld(const wire::Envelope& poll, bool expired) override;
  std::vector<Outgoing> takeReplies() override;
  void fillCapabilities(wire::Capabilities& capabilities) const override;
  NodeAmsStats stats() const override;

  const Options& options() const { return options_; }

 private:
  /// A batch waiting for the teacher.
  struct LabelJob {
    std::shared_ptr<AmsNodeSession> session;
    std::string peer;
    wire::Envelope request;
    double arrivalMs = 0.0;
  };
  /// A join or resync waiting for the training thread.
  struct Command {
    std::string peer;
    wire::Envelope request;
    double arrivalMs = 0.0;
  };

  void labelLoop();
  void trainLoop();
  void label(LabelJob& job);
  void join(const Command& command);
  void resync(const Command& command);
  /// The training thread's next session: the due one that has waited longest, else null; @p waitMs receives the
  /// time until the next due one.
  std::shared_ptr<AmsNodeSession> nextDue(double nowMs, double& waitMs) const;
  /// A slot for a new session: free, or taken from a session idle for longer than idleSessionS.
  bool makeRoom(double nowMs);
  std::shared_ptr<AmsNodeSession> find(const std::string& sessionId) const;
  /// Error BAD_REQUEST: "REQUEST: field ams.KIND.session_id: unknown session 'ID' on this node (join first)".
  static wire::Envelope unknownSession(const wire::Envelope& request);
  void post(const std::string& peer, wire::Envelope envelope);
  void log(const std::string& line) const;
  std::size_t freeSessions() const;

  Options options_;
  std::unique_ptr<Detector> teacher_;  ///< label thread only (after start)
  AmsStudentCatalog catalog_;          ///< training thread only
  mutable std::mutex mutex_;           ///< guards sessions_
  std::map<std::string, std::shared_ptr<AmsNodeSession>> sessions_;
  MessageQueue<LabelJob> labelJobs_;
  MessageQueue<Command> commands_;
  MessageQueue<Outgoing> replies_;
  std::function<void()> wake_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> pendingBatches_{0}, pendingCommands_{0};
  std::atomic<std::uint64_t> joins_{0}, refusedJoins_{0}, weightUploads_{0}, resumed_{0}, badImages_{0}, busy_{0};
  std::thread labelThread_, trainThread_;
};

}  // namespace edgescope
