#pragma once
/// @file AmsNodeSession.h
/// One camera's AMS session on a node (issue 22, paper 003): the trainer on the node's copy of the camera's network,
/// the scene-change score and the rate controllers (PhiScore, SamplingRateController, TrainingRateController), the
/// labelled samples waiting for the next phase, the updates made for the camera to poll, and a ring of the last
/// kRingSize versions (a camera's rollback resyncs to one of them without an upload).
///
/// Times: NetClock ms for due times and ages; the session clock (s, continuing across a node restart through the
/// saved record) for sample arrival times.

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "ams/AmsConfig.h"
#include "ams/PhiScore.h"
#include "ams/SamplingRateController.h"
#include "ams/TrainingRateController.h"
#include "amsstream/node/AmsSessionRecord.h"
#include "core/Detection.h"
#include "net/NodeAmsService.h"
#include "net/edgescope_node.pb.h"
#include "neural/AmsSessionTrainer.h"

namespace edgescope {

/// Threads, per function: the label thread (es-node-label) ingests, the training thread (es-node-train) runs
/// phases and resyncs, the I/O thread (es-node) reads the published state; the published state is guarded by one
/// mutex, held only for copies.
class AmsNodeSession {
 public:
  static constexpr std::size_t kRingSize = 3;     ///< versions kept for resyncs (= StreamableModel::kRingSize)
  static constexpr std::size_t kMaxHistory = 16;  ///< updates kept for polls from older versions
  using Log = std::function<void(const std::string& line)>;

  /// Who joined. Value type.
  struct Identity {
    std::string sessionId;
    std::string cameraName;
    std::shared_ptr<const AmsSessionTrainer::Student> student;
  };
  /// What a resync did.
  struct ResyncOutcome {
    bool accepted = false;
    bool needWeights = false;
    std::string reason;  ///< when neither
  };

  /// @p trainer holds the camera's weights (its version() is the session's); @p startClockS: the session clock at
  /// @p nowMs (0 for a new session, the record's for a resumed one); @p rateFps the sampling rate to start at (NaN:
  /// the maximum).
  AmsNodeSession(Identity identity, const AmsConfig& config, std::unique_ptr<AmsSessionTrainer> trainer, double nowMs,
                 double startClockS, double rateFps);
  ~AmsNodeSession();

  const Identity& identity() const { return identity_; }

  // --- any thread ---
  std::uint64_t version() const;
  std::string sha256() const;
  double rateFps() const;
  double updateIntervalS() const;
  /// The camera's knobs changed (a join again): the label and training threads apply them at their next use.
  void setConfig(const AmsConfig& config);
  void touch(double nowMs);
  double lastSeenMs() const;
  /// es-node: whether batch @p sequence is new (greater than every batch taken since the join); takes it if so.
  bool takeSequence(std::uint64_t sequence);
  /// The samples reply for a batch that added @p accepted frames, from the published state.
  wire::AmsSamplesReply samplesReply(std::uint64_t sequence, std::uint32_t accepted) const;
  /// es-node: the update from @p cameraVersion when one was made; an update with `resync` set when the copy is at
  /// another version and holds none from it; nullopt while the copy is at @p cameraVersion (wait).
  std::optional<wire::AmsUpdate> updateFrom(std::uint64_t cameraVersion, double nowMs) const;
  /// The answer to a poll whose time ran out: no bytes, the copy's version.
  wire::AmsUpdate emptyUpdate() const;
  NodeAmsSessionStats stats() const;

  // --- label thread ---
  /// A decoded batch with the teacher's outputs (oldest first): dates the frames (arrival − age), scores φ, runs
  /// the rate controllers and queues the samples for the next phase. Returns the reply.
  wire::AmsSamplesReply ingest(const wire::AmsSamples& samples, std::vector<cv::Mat> frames,
                               std::vector<std::vector<Detection>> teacher, double arrivalMs);

  // --- training thread ---
  /// When the next phase is due (NetClock ms): T_update after the last phase (or the join).
  double dueMs() const;
  /// Runs a phase when samples arrived since the last one (else only reschedules it): staleness = @p nowMs − due
  /// time. A phase that sends publishes its update (after saving the state under @p stateDir, when set). Returns
  /// true when an update was published. Errors of the trainer or the state are logged, never thrown.
  bool runPhase(double nowMs, const std::string& stateDir, const Log& log);
  /// The copy goes to the camera's @p version with @p sha256: from itself, its ring, the pretrained weights or
  /// @p weights (flat fp32 bytes, checked against @p sha256). Updates not yet polled are dropped.
  ResyncOutcome resyncTo(std::uint64_t version, const std::string& sha256, const std::string& weights,
                         const std::string& stateDir, const Log& log);
  /// Saves the trainer and the record under @p stateDir (Error naming the path).
  void save(const std::string& stateDir);

 private:
  struct RingEntry {
    std::uint64_t version = 0;
    std::string sha256;
    std::shared_ptr<const std::vector<float>> flat;
  };
  struct Labelled {
    std::vector<cv::Mat> images;
    std::vector<double> arrivalS;
    std::vector<std::vector<Detection>> teacher;
  };
  struct Published {
    wire::AmsUpdate update;
    double madeMs = 0.0;
  };

  double clockS(double nowMs) const { return clockOffsetS_ + (nowMs - clockOriginMs_) / 1000.0; }
  /// Training thread: the trainer is at a new version: ring, published version and sha, no pending updates.
  void moveTo(std::shared_ptr<const std::vector<float>> flat, std::uint64_t version, const std::string& sha);
  AmsSessionRecord record() const;
  wire::AmsSamplesReply samplesReplyLocked(std::uint64_t sequence, std::uint32_t accepted) const;  ///< mutex_ held

  const Identity identity_;
  const double clockOriginMs_;
  const double clockOffsetS_;
  std::unique_ptr<AmsSessionTrainer> trainer_;  ///< training thread only
  std::deque<RingEntry> ring_;                  ///< training thread only, oldest first
  double dueMs_ = 0.0;                          ///< training thread only
  PhiScore phi_;                                ///< label thread only
  SamplingRateController sampler_;              ///< label thread only
  TrainingRateController trainingRate_;         ///< label thread only
  double newestArrivalS_ = 0.0;                 ///< label thread only

  mutable std::mutex mutex_;  ///< guards everything below
  AmsConfig config_;
  bool labelConfigDirty_ = false, trainConfigDirty_ = false;
  Labelled inbox_;
  std::uint64_t version_ = 0;
  std::string sha256_;
  std::deque<Published> history_;
  std::uint64_t lastSequence_ = 0;
  double lastSeenMs_ = 0.0;
  double rateFps_ = 0.0, updateIntervalS_ = 0.0, phiMean_ = -1.0;
  bool slowdown_ = false;
  std::size_t buffered_ = 0;
  NodeAmsSessionStats stats_;
  double stalenessSumMs_ = 0.0;
};

}  // namespace edgescope
