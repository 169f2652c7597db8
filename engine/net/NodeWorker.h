#pragma once
/// @file NodeWorker.h
/// The node's compute thread (es-node-work): a bounded queue of requests in, encoded replies out. The I/O thread
/// (es-node) submits and collects; the worker signals a WakeupFd whenever a reply is ready.

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "net/NodeTurbo.h"
#include "net/edgescope_node.pb.h"
#include "session/MessageQueue.h"

namespace edgescope {

class NodeCompute;
class WakeupFd;

/// A compute request as queued.
struct NodeJob {
  std::string peer;        ///< ROUTER routing id of the requester
  wire::Envelope request;  ///< validated detect_request / track_request
  double arrivalMs = 0.0;  ///< NetClock::nowMs() when the I/O thread received it
  NodeTurboJob turbo;      ///< its due times (NodeTurbo::admit), when Turbo is on
  std::uint64_t turboUsAtArrival = 0;  ///< NodeWorker::turboUs() when submitted
};

/// An encoded reply ready to send.
struct NodeReply {
  std::string peer;
  std::string bytes;  ///< encoded Envelope
  wire::ErrorCode error = wire::ERROR_UNSPECIFIED;  ///< the error body's code, UNSPECIFIED for a result
};

/// submit()/takeReplies()/depth() from the I/O thread, start()/stop() from the owner; the counters from any thread.
class NodeWorker {
 public:
  /// Takes @p compute (used only on the worker thread from start() on); signals @p wake (must outlive the worker).
  NodeWorker(std::unique_ptr<NodeCompute> compute, WakeupFd& wake, std::size_t maxQueue);
  ~NodeWorker();

  void start();
  /// Stops and joins the thread (a running request finishes first; queued ones are dropped). Idempotent.
  void stop();

  /// Queues @p job; false (nothing queued) when maxQueue requests are already waiting or running.
  bool submit(NodeJob job);
  std::vector<NodeReply> takeReplies() { return replies_.drain(); }
  /// Requests waiting or running.
  std::size_t depth() const { return inFlight_.load(); }
  /// Total time spent computing, microseconds (for the load figure).
  std::uint64_t busyUs() const { return busyUs_.load(); }
  /// Turbo: total time spent enhancing (the slowdown's stretch included), microseconds; a part of busyUs().
  std::uint64_t turboUs() const { return turboUs_.load(); }
  /// Turbo: requests answered from an exit > 0, and those a yield point stopped before their planned exit.
  std::uint64_t turboEnhanced() const { return turboEnhanced_.load(); }
  std::uint64_t turboYielded() const { return turboYielded_.load(); }
  /// Turbo: replies sent after their due time, and those of them with enhancement time spent between their arrival
  /// and their reply (their own or a request's ahead of them): the misses Turbo may have caused.
  std::uint64_t turboMissed() const { return turboMissed_.load(); }
  std::uint64_t turboMissedAfterEnhancing() const { return turboMissedAfterEnhancing_.load(); }
  const NodeCompute& compute() const { return *compute_; }

 private:
  void run();
  /// Moves the I/O thread's new requests into pending_ (worker thread), with their Turbo due times.
  void admit();
  void process(NodeJob& job);

  std::unique_ptr<NodeCompute> compute_;
  WakeupFd& wake_;
  std::size_t maxQueue_;
  MessageQueue<NodeJob> jobs_;
  std::deque<NodeJob> pending_;  ///< worker thread: admitted, waiting (Turbo's window), oldest first
  MessageQueue<NodeReply> replies_;
  std::atomic<std::size_t> inFlight_{0};
  std::atomic<std::uint64_t> busyUs_{0}, turboUs_{0}, turboEnhanced_{0}, turboYielded_{0}, turboMissed_{0},
      turboMissedAfterEnhancing_{0};
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace edgescope
