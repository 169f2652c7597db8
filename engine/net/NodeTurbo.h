#pragma once
/// @file NodeTurbo.h
/// Turbo on an edge node (issue 21, paper 004 "windows: … the queued jobs on a node"; edgescope-node --turbo): the
/// TurboExitPolicy the node's jde: detector asks, through its TurboController, for each detect request's exit.
///
/// Due times. A request's reply is due at its arrival + DetectRequest.reply_within_ms, else + Envelope.deadline_ms,
/// else + the peer's request interval (EWMA of its arrival gaps); with none of them it has no due time and is never
/// enhanced. A request with deadline_ms must also start by arrival + deadline_ms (NodeServer's rule).
///
/// The plan (chooseExit, after the encoder pass and D_f): the window is the running request, the requests queued
/// behind it at that moment, served in order, and each paced peer's next request (its last arrival + its interval,
/// due as its last one; IdleBudget's "next frame due"), each predicted at exit 0 (mean + 2 mean deviations of the
/// measured service times, by kind). Each request gives a slack: its due time − its predicted finish − the margin
/// (idle time before a peer's next request arrives absorbs a delay too). The budget is the smallest slack ÷ the
/// device slowdown ÷ the risk factor (mean + 2 mean deviations of measured / predicted enhancement times, ≥ 1: a
/// device that runs the enhancer slower than its latency profile says, e.g. under other load, plans shallower), so
/// no exit the planner picks is predicted to push any request of the window past its due time. As IdleBudget, the
/// budget is also capped by the cores' idle share that other processes leave (ProcStatIdle, sampled at most every
/// kIdleSampleMs): under another process's load the enhancer would get only that share of the cores. TurboPlanner
/// (prune-and-search) spends it over the window's frames: the running request with its D_f difficulty, the queued
/// detect requests with their peer's last difficulty; the running request gets its planned exit, the others are
/// planned again when they run. Unknown times (no request measured yet), a request without due time, or a budget
/// ≤ 0: exit 0.
///
/// Yield points (atBlock, between decoder blocks): the queue is read again (requests that arrived while enhancing
/// join the window) and the finish is predicted for three ways on: the planned exit's remaining blocks, the blocks
/// already run (their exit: re-entering the backbone earlier), or the plain heads. The first whose finish keeps every
/// request in the window on time is taken (Continue, KeepCompleted, Plain; Plain also when none does).
/// A yield point comes only between blocks: a request that arrives while the planned exit's last block runs waits
/// for that block, the re-entered backbone and the heads (about I_κ − I_κ−1 + the tail; the longest for the
/// full-resolution block of the deepest exit). Paced peers' next requests are in the window; for every other peer
/// active in the last kMaxIntervalMs (its interval unknown, or it is overdue) the plan's exit is lowered until a
/// request it might send at the worst moment would still meet its due time (as its last one's). A peer's very
/// first request cannot be foreseen.
///
/// Clock: NetClock ms (injectable for tests). Thread: the node's compute thread only (es-node-work).

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "net/edgescope_node.pb.h"
#include "turbo/ProcStatIdle.h"
#include "turbo/TurboExitPolicy.h"

namespace edgescope {

class TurboController;

/// What the planner knows about one queued request. Value type.
struct NodeTurboJob {
  std::string peer;
  bool detect = false;  ///< a DetectRequest (enhanceable); else track/patch (always plain)
  double arrivalMs = 0.0;
  double dueMs = std::numeric_limits<double>::quiet_NaN();      ///< reply due (NetClock ms); NaN = none
  double startByMs = std::numeric_limits<double>::quiet_NaN();  ///< must start by (deadline_ms); NaN = none
};

/// Owned by NodeCompute, set as its detector's TurboController exit policy; NodeWorker feeds it the queue.
class NodeTurbo : public TurboExitPolicy {
 public:
  /// What edgescope-node --turbo … configures. Value type.
  struct Settings {
    std::string spec;             ///< "auto", a card path; "" or "off" = Turbo off
    double marginMs = 5.0;        ///< kept free before every due time, ms
    double hardThreshold = -1.0;  ///< < 0: the card's
    bool enabled() const { return !spec.empty() && spec != "off"; }
  };
  /// What Turbo did for the running request (reset by beginJob). Value type.
  struct Outcome {
    bool planned = false;  ///< the detector asked for an exit (a detect request on the Turbo path)
    int exit = 0;          ///< the exit that produced the detections
    int plannedExit = 0;
    bool yielded = false;  ///< a yield point stopped the enhancer before plannedExit
    double difficulty = -1.0;
    double budgetMs = 0.0;   ///< the window's budget at the plan (profile ms)
    double enhanceMs = 0.0;  ///< the enhancement path's time, measured (no slowdown)
  };
  using Clock = std::function<double()>;
  /// The cores' idle share other work leaves, in [0, 1].
  using IdleShare = std::function<double()>;
  /// The requests queued behind the running one, oldest first, including those that arrived since it started.
  using QueueProbe = std::function<std::vector<NodeTurboJob>()>;
  static constexpr double kEwmaAlpha = 0.2;         ///< service-time and interval estimates
  static constexpr double kMaxIntervalMs = 5000.0;  ///< longer arrival gaps do not count as a stream's interval
  static constexpr double kHorizonMs = 2000.0;    ///< a peer's next request is in the window when due to arrive by then
  static constexpr double kIdleSampleMs = 200.0;  ///< /proc/stat is read at most this often

  /// Borrows @p controller (the detector's; it must outlive this). @p slowdown ≥ 1: the device profile's stretch of
  /// compute time. @p clock: NetClock::nowMs when empty. @p idleShare: ProcStatIdle on /proc/stat (this process's
  /// own time counting as idle) when empty.
  NodeTurbo(TurboController& controller, double slowdown, double marginMs, Clock clock = {}, IdleShare idleShare = {});

  /// When a request leaves the I/O thread's queue for the worker's (in arrival order): its due times. Updates the
  /// peer's interval estimate.
  NodeTurboJob admit(const std::string& peer, const wire::Envelope& request, double arrivalMs);
  /// Before @p job runs, started at @p startMs; @p queue reads the requests behind it.
  void beginJob(const NodeTurboJob& job, double startMs, QueueProbe queue);
  /// After it: its measured service time (arrival of the work to the reply, slowdown included), ms.
  void endJob(double serviceMs);
  const Outcome& outcome() const { return outcome_; }
  double slowdown() const { return slowdown_; }

  Choice chooseExit(double difficulty, int rung) override;
  TurboYield atBlock(int blocksDone, int plannedExit, double enhanceMs) override;
  void frameDone(int exit, double enhanceMs) override;

 private:
  /// EWMA mean and mean absolute deviation of a time, ms.
  struct Estimate {
    double meanMs = std::numeric_limits<double>::quiet_NaN();
    double deviationMs = 0.0;
    void add(double ms);
    bool known() const { return meanMs == meanMs; }
    double upperMs() const { return meanMs + 2.0 * deviationMs; }
  };
  /// The largest delay (ms, slowdown included) the running request may add and keep every request of the window on
  /// time, when it needs @p remainingMs more compute (no slowdown) from now: the smallest slack, where idle time
  /// before a peer's next request absorbs a delay; +inf when nothing has a due time, NaN when a time is unknown.
  double windowSlackMs(double nowMs, double remainingMs, const std::vector<NodeTurboJob>& queue) const;
  /// @p exit lowered until a request of any active peer whose next arrival is unknown, arriving just after the
  /// last yield point, would still be answered in time (its last request's relative due time).
  int capForUnannounced(int exit, double nowMs, double tailMs) const;
  /// Whether @p memory's next request is predicted (a known interval, not overdue by more than one).
  struct PeerMemory;
  static bool paced(const PeerMemory& memory, double nowMs);

  TurboController& controller_;
  double slowdown_;
  double marginMs_;
  Clock clock_;
  IdleShare idleShare_;
  ProcStatIdle procStat_{"/proc/stat", "/proc/self/stat"};
  double lastIdleSampleMs_ = -1e300;
  double idle_ = 1.0;  ///< the latest idle share
  NodeTurboJob job_;
  double startMs_ = 0.0;
  QueueProbe queue_;
  int rung_ = 0;
  double choiceElapsedMs_ = -1.0;  ///< compute time of the running request when its exit was chosen
  Outcome outcome_;
  Estimate detect_, other_;  ///< service time at exit 0 (slowdown included) of detect and other requests
  Estimate tail_;            ///< compute after the choice at exit 0 (heads, boxes, reply; no slowdown)
  Estimate ratio_;           ///< measured / predicted enhancement time (a plain ratio in the "ms" fields)
  /// The risk factor on predicted enhancement times: ratio_'s mean + 2 deviations, ≥ 1 (1 before any sample).
  double risk() const { return ratio_.known() ? std::max(1.0, ratio_.upperMs()) : 1.0; }
  struct PeerMemory {
    double lastArrivalMs = -1.0;
    Estimate interval;
    double relativeDueMs = std::numeric_limits<double>::quiet_NaN();  ///< its last request's due − arrival
    bool detect = false;                                              ///< its last request's kind
    double difficulty = std::numeric_limits<double>::quiet_NaN();
  };
  std::map<std::string, PeerMemory> peers_;
};

}  // namespace edgescope
