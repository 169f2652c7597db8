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
  jobs_.push(std::move(job));
  return true;
}

void NodeWorker::run() {
  setCurrentThreadName("es-node-work");
  while (!stopping_) {
    if (!jobs_.waitForItem(100.0)) continue;
    for (NodeJob& job : jobs_.drain()) {
      if (stopping_) break;
      process(job);
      --inFlight_;
      wake_.signal();
    }
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
    reply = compute_->run(job.request, job.peer, queueMs);
    busyUs_ += static_cast<std::uint64_t>((NetClock::nowMs() - startMs) * 1000.0);
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
