#pragma once
/// @file AmsNodeLink.h
/// The camera's end of the AMS wire protocol (issue 22; edgescope_node.proto, AmsMessage): joins a node's session
/// (uploading the running weights once when the node asks), sends sample batches, long-polls for sparse updates
/// and resyncs the node's copy after a rejected update or a rollback. Every message goes through the caller's
/// NodeClient, so an emulated link (NodeClientConfig::link) carries and times them all.
///
/// join() and resync() block until their reply. Samples and polls are asynchronous so that one thread can keep
/// both going: sendSamples()/startPoll() send at once, takeSamplesReply()/takeUpdate() collect (waiting at most the
/// given time). At most one batch and one poll are in flight.
///
/// Replies are checked before use (parseJoinReply() … parseResyncReply(): the body kind, the session id, the batch
/// sequence, the update's own header against the reply's versions, SparseUpdateCodec::decode); any failure —
/// an error reply, a lost node, a timeout, a reply that does not fit — is an Error naming the request and the field.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ams/AmsConfig.h"
#include "ams/SparseUpdate.h"
#include "ams/StreamableModel.h"
#include "amsstream/AmsFrameBatch.h"
#include "net/edgescope_node.pb.h"

namespace edgescope {

class NodeClient;

/// Thread: the caller's (the camera's es-ams thread); no callbacks. Not thread-safe. The NodeClient must outlive it.
class AmsNodeLink {
 public:
  /// Value type.
  struct Options {
    std::string sessionId;  ///< AmsWire::isSessionId (stable across restarts: the node's state folder)
    std::string cameraName;
    int requestTimeoutMs = 120000;  ///< join, samples, resync: the reply may wait for the teacher or a phase, ms
    int pollSlackMs = 5000;         ///< a poll times out after its wait plus this, ms
  };
  struct JoinResult {
    bool accepted = false;
    bool resumed = false;          ///< the node had the camera's weights (live or saved): nothing uploaded
    bool uploadedWeights = false;  ///< the node asked for the weights and got them
    bool needWeights = false;      ///< the node still asks for the weights (none were given to join())
    std::uint64_t nodeVersion = 0;
    double rateFps = 0.0;          ///< sampling rate to start at, fps
    double updateIntervalS = 0.0;  ///< T_update, s
    std::uint32_t freeSessions = 0;
    std::string reason;  ///< why refused
  };
  struct SamplesResult {
    std::uint64_t sequence = 0;
    std::uint32_t accepted = 0;    ///< frames the node added (0: a repeat)
    double rateFps = 0.0;          ///< the sampling rate from now on, fps
    double updateIntervalS = 0.0;  ///< T_update from now on, s
    bool atrSlowdown = false;
    double phiMean = -1.0;  ///< −1: no decision yet
    std::uint32_t bufferedSamples = 0;
    std::uint64_t nodeVersion = 0;
  };
  struct UpdateResult {
    bool hasUpdate = false;  ///< false: the wait ran out (or resync)
    bool resync = false;     ///< the node's copy is elsewhere: call resync()
    std::uint64_t nodeVersion = 0;
    SparseUpdate update;          ///< decoded and checked against the reply's versions
    std::size_t updateBytes = 0;  ///< its SparseUpdateCodec size
    double stalenessMs = 0.0, trainMs = 0.0, ageMs = 0.0;
    double lossBefore = 0.0, lossAfter = 0.0;
    double f1Before = -1.0, f1After = -1.0;
    std::vector<std::pair<std::string, std::uint32_t>> layers;
    std::uint32_t bufferedSamples = 0;
  };
  struct ResyncResult {
    bool accepted = false;
    bool uploadedWeights = false;
    bool needWeights = false;  ///< the node still asks for the weights (none were given to resync())
    std::uint64_t nodeVersion = 0;
    std::string reason;
  };
  /// Traffic and events, counted on the caller's thread. Bytes are encoded Envelope sizes (requests: the body plus
  /// the header fields NodeClient adds, estimated at kEnvelopeHeaderBytes).
  struct Stats {
    std::uint64_t bytesSent = 0, bytesReceived = 0;
    std::uint64_t samplePayloadBytes = 0, updateBytes = 0, weightBytes = 0;
    std::uint64_t joins = 0, weightUploads = 0, batches = 0, updates = 0, emptyPolls = 0, resyncs = 0, errors = 0;
  };
  /// The running flat parameter vector, asked for only when the node needs it.
  using WeightsSource = std::function<std::vector<float>()>;

  static constexpr std::size_t kEnvelopeHeaderBytes = 16;

  /// Throws Error naming "sessionId" when it is not a session id.
  AmsNodeLink(NodeClient& client, Options options);

  /// Joins with the running model @p identity and the knobs of @p config; when the node answers need_weights and
  /// @p weights is set, joins again with them. Throws Error on a failed request or a reply that does not fit.
  JoinResult join(const StreamableModel::Identity& identity, const AmsConfig& config, const WeightsSource& weights);
  /// Tells the node the camera runs @p identity (version, sha256); uploads @p weights when the node needs them.
  ResyncResult resync(const StreamableModel::Identity& identity, const WeightsSource& weights);

  /// Sends @p batch with each frame's age (ms before now, oldest first); returns its sequence number. Throws Error
  /// when a batch is still in flight or the request breaks the wire limits.
  std::uint64_t sendSamples(const AmsFrameBatch& batch, const std::vector<double>& frameAgeMs);
  bool samplesPending() const { return samples_.valid(); }
  /// The in-flight batch's reply once it arrived (waits up to @p waitMs), else nullopt; throws Error when it failed.
  std::optional<SamplesResult> takeSamplesReply(int waitMs = 0);

  /// Asks for the update from @p version; the node may hold the poll for @p waitMs (0: 2 · T_update). Throws Error
  /// when a poll is already in flight.
  void startPoll(std::uint64_t version, std::uint32_t waitMs = 0);
  bool pollPending() const { return poll_.valid(); }
  /// Forgets the poll in flight (its answer, when it comes, is not read): e.g. the camera's head version changed.
  void abandonPoll() { poll_ = {}; }
  /// The poll's answer once it arrived (waits up to @p waitMs), else nullopt; throws Error when it failed.
  std::optional<UpdateResult> takeUpdate(int waitMs = 0);

  const Stats& stats() const { return stats_; }
  const Options& options() const { return options_; }

  /// Reply checks (static, for tests): Error "AMS link: REQUEST: field …" when @p reply is not the expected body
  /// for @p sessionId (and @p sequence / @p pollVersion), or its update does not decode or fit.
  static JoinResult parseJoinReply(const wire::Envelope& reply, const std::string& sessionId);
  static SamplesResult parseSamplesReply(const wire::Envelope& reply, const std::string& sessionId,
                                         std::uint64_t sequence);
  static UpdateResult parseUpdate(const wire::Envelope& reply, const std::string& sessionId, std::uint64_t pollVersion);
  static ResyncResult parseResyncReply(const wire::Envelope& reply, const std::string& sessionId);

 private:
  /// Sends @p message, counting its bytes; the future as NodeClient::request.
  std::future<wire::Envelope> send(wire::AmsMessage message, int timeoutMs);
  /// The reply of @p future (waiting for it), counted; Error naming @p requestName when it failed.
  wire::Envelope receive(std::future<wire::Envelope>& future, const std::string& requestName);
  /// @p parse's result; an Error it throws is counted in stats().errors and passed on.
  template <typename Parse>
  auto counted(Parse parse) -> decltype(parse()) {
    try {
      return parse();
    } catch (const std::exception&) {
      ++stats_.errors;
      throw;
    }
  }
  /// The join (with @p weights bytes when not empty), answered.
  JoinResult joinOnce(const wire::AmsJoin& join, const std::string& weights);

  NodeClient& client_;
  Options options_;
  Stats stats_;
  std::uint64_t sequence_ = 0;
  std::uint64_t samplesSequence_ = 0;  ///< of the batch in flight
  std::uint64_t pollVersion_ = 0;      ///< of the poll in flight
  std::future<wire::Envelope> samples_;
  std::future<wire::Envelope> poll_;
};

}  // namespace edgescope
