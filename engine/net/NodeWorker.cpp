#include "net/NodeWorker.h"

#include "net/NetClock.h"
#include "net/NodeCompute.h"
#include "net/WakeupFd.h"
#include "net/WireCodec.h"
#include "net/WireConvert.h"
#include "util/Error.h"
#include "util/ThreadName.h"

namespace edgescope {

NodeWorker::NodeWorker(std::unique_ptr<NodeCompute> compute, WakeupFd& wake, std::size_t maxQueue)
    : compute_(std::move(compute)), wake_(wake), maxQueue_(maxQueue == 0 ? 1 : maxQueue) {}

NodeWorker::~NodeWorker() { stop(); }

void NodeWorker::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void NodeWorker::stop() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

bool NodeWorker::submit(NodeJob job) {
  if (inFlight_.load() >= maxQueue_) return false;
  ++inFlight_;
  job.turboUsAtArrival = turboUs_.load();
  jobs_.push(std::move(job));
  return true;
}

void NodeWorker::run() {
  setCurrentThreadName("es-node-work");
  while (!stopping_) {
    if (pending_.empty() && !jobs_.waitForItem(100.0)) continue;
    admit();
    if (pending_.empty() || stopping_) continue;
    NodeJob job = std::move(pending_.front());
    pending_.pop_front();
    process(job);
    --inFlight_;
    wake_.signal();
  }
}

void NodeWorker::admit() {
  NodeTurbo* turbo = compute_->turbo();
  for (NodeJob& job : jobs_.drain()) {
    if (turbo) job.turbo = turbo->admit(job.peer, job.request, job.arrivalMs);
    pending_.push_back(std::move(job));
  }
}

void NodeWorker::process(NodeJob& job) {
  const double startMs = NetClock::nowMs();
  const double queueMs = startMs - job.arrivalMs;
  const std::uint32_t deadlineMs = job.request.deadline_ms();
  wire::Envelope reply;
  if (deadlineMs > 0 && queueMs > deadlineMs) {
    reply = WireConvert::errorReply(job.request, wire::ERROR_DEADLINE_EXCEEDED,
                                    "deadline exceeded (waited " + std::to_string(static_cast<int>(queueMs)) +
                                        " ms, deadline " + std::to_string(deadlineMs) + " ms)");
  } else {
    NodeTurbo* turbo = compute_->turbo();
    if (turbo) {
      turbo->beginJob(job.turbo, startMs, [this] {  // the window: what waits behind it now (new arrivals included)
        admit();
        std::vector<NodeTurboJob> queued;
        for (const NodeJob& next : pending_) queued.push_back(next.turbo);
        return queued;
      });
    }
    reply = compute_->run(job.request, job.peer, queueMs);
    const double serviceMs = NetClock::nowMs() - startMs;
    busyUs_ += static_cast<std::uint64_t>(serviceMs * 1000.0);
    if (turbo) {
      turbo->endJob(serviceMs);
      const NodeTurbo::Outcome& outcome = turbo->outcome();
      turboUs_ += static_cast<std::uint64_t>(outcome.enhanceMs * turbo->slowdown() * 1000.0);
      if (outcome.exit > 0) ++turboEnhanced_;
      if (outcome.yielded) ++turboYielded_;
      if (startMs + serviceMs > job.turbo.dueMs) {  // NaN (no due time) compares false
        ++turboMissed_;
        if (turboUs_.load() > job.turboUsAtArrival) ++turboMissedAfterEnhancing_;
      }
    }
  }
  NodeReply out{job.peer, {}, reply.has_error() ? reply.error().code() : wire::ERROR_UNSPECIFIED};
  try {
    out.bytes = WireCodec::encode(reply);
  } catch (const Error& error) {  // e.g. a detector produced a non-finite box
    const wire::Envelope failed = WireConvert::errorReply(job.request, wire::ERROR_COMPUTE,
                                                          std::string("reply not encodable: ") + error.what());
    out.error = wire::ERROR_COMPUTE;
    out.bytes = WireCodec::encode(failed);
  }
  replies_.push(std::move(out));
}

}  // namespace edgescope
