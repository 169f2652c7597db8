#pragma once
/// @file NodeAmsService.h
/// The node's AMS model-streaming service as NodeServer sees it (issue 22): the hook NodeServerLoop hands every
/// Envelope with an `ams` body to. Without one (NodeServerConfig::ams null) those requests are answered
/// ERROR_UNSUPPORTED. The implementation (AmsNodeSessions, target edgescope_ams) runs the teacher and the training
/// on threads of its own: the I/O thread (es-node) only hands requests over, holds long polls and sends what the
/// service reports.
///
/// Long polls (AmsUpdatePoll) are held by the I/O thread, never by a compute queue: handle() answers Hold with a
/// deadline, the loop keeps the request and asks resolveHeld() again whenever the service wakes it (an update was
/// published) and once the deadline has passed (then the answer is an update without bytes).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "net/edgescope_node.pb.h"

namespace edgescope {

/// One camera session as the node's stats show it. Value type.
struct NodeAmsSessionStats {
  std::string sessionId;
  std::string cameraName;
  std::uint64_t version = 0;  ///< the node's copy
  std::uint64_t batches = 0;  ///< sample batches labelled
  std::uint64_t samples = 0;  ///< frames labelled
  std::uint64_t phases = 0;   ///< training phases run
  std::uint64_t updates = 0;  ///< updates produced (phases that sent)
  std::uint64_t resyncs = 0;
  std::size_t bufferedSamples = 0;
  double rateFps = 0.0;          ///< current sampling rate (ASR)
  double updateIntervalS = 0.0;  ///< current T_update (ATR)
  bool atrSlowdown = false;
  double phiMean = -1.0;         ///< latest decision's φ̄; −1 = none
  double lastStalenessMs = 0.0;  ///< phase start − due time of the latest phase, ms (Appendix E)
  double meanStalenessMs = 0.0;  ///< mean over every phase, ms
  double lastTrainMs = 0.0;      ///< wall time of the latest phase, ms
  std::uint64_t lastUpdateBytes = 0;
};

/// Counters of the whole service. Value type.
struct NodeAmsStats {
  std::string teacher;  ///< the teacher's spec
  std::size_t maxSessions = 0;
  std::size_t freeSessions = 0;
  std::uint64_t joins = 0, refusedJoins = 0, weightUploads = 0, resumed = 0, badImages = 0, busy = 0;
  std::vector<NodeAmsSessionStats> sessions;
};

/// Threads: start()/stop() from the server's owner (NodeServerLoop::bind and the end of its run); handle(),
/// resolveHeld(), takeReplies() and fillCapabilities() on the I/O thread (es-node) only; stats() from any thread.
/// Shared between the server's configuration copies (NodeServerConfig::ams); one server uses one service.
class NodeAmsService {
 public:
  /// What to do with one request.
  struct Action {
    enum class Kind {
      Reply,     ///< send `reply` now (an ams body or an error body)
      Hold,      ///< a long poll: keep it until resolveHeld() answers or holdUntilMs passes
      Deferred,  ///< the service answers later through takeReplies()
    };
    Kind kind = Kind::Reply;
    wire::Envelope reply;
    double holdUntilMs = 0.0;  ///< Hold: NetClock ms
  };
  /// A reply the service made on one of its threads.
  struct Outgoing {
    std::string peer;  ///< the requester's routing id
    wire::Envelope envelope;
  };

  virtual ~NodeAmsService() = default;

  /// Starts the service's threads. @p wake must be called (from any thread, never blocking) whenever takeReplies()
  /// has something or a held poll may be answerable.
  virtual void start(std::function<void()> wake) = 0;
  /// Stops and joins the threads (a running phase finishes first); replies not taken are dropped. Idempotent.
  virtual void stop() = 0;

  /// A validated request (WireCodec::decode ran AmsWire::check) from the handshaken @p peer, arrived at
  /// @p arrivalMs (NetClock). Never throws: a refusal is a Reply with an error body naming the field or request.
  virtual Action handle(const std::string& peer, const wire::Envelope& request, double arrivalMs) = 0;
  /// A held poll: its reply when an update from the poll's version exists (or the copy needs a resync), the empty
  /// update when @p expired, else nullopt (keep holding).
  virtual std::optional<wire::Envelope> resolveHeld(const wire::Envelope& poll, bool expired) = 0;
  /// Replies made since the last call, oldest first.
  virtual std::vector<Outgoing> takeReplies() = 0;
  /// Fills Capabilities.ams_teacher, ams_free_sessions and ams_max_sessions.
  virtual void fillCapabilities(wire::Capabilities& capabilities) const = 0;
  virtual NodeAmsStats stats() const = 0;
};

}  // namespace edgescope
