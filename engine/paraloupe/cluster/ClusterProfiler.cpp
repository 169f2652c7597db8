#include "paraloupe/cluster/ClusterProfiler.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <cmath>

#include "core/Stopwatch.h"
#include "net/NodeClient.h"
#include "paraloupe/NetworkProfiler.h"

namespace edgescope {

namespace {

bool ready(const std::future<double>& future) {
  return future.valid() && future.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

void ewma(double& value, double sample, double alpha) {
  if (std::isfinite(sample) && sample >= 0.0) value = (1.0 - alpha) * value + alpha * sample;
}

}  // namespace

ClusterProfiler::~ClusterProfiler() {
  for (auto& [name, entry] : entries_) {
    if (entry.probe.valid()) entry.probe.wait();
  }
}

void ClusterProfiler::takeProbe(const std::string& name, Entry& entry, double nowS) {
  if (!ready(entry.probe)) return;
  const double transferMs = entry.probe.get();
  if (transferMs > 0.0) network_.addProbe(name, NetworkProfiler::kProbeBytes, transferMs, 0.0, nowS);
}

void ClusterProfiler::startProbe(const ClusterServer& server, Entry& entry, double nowS) {
  std::shared_ptr<NodeClient> client = server.client;
  entry.probe = std::async(std::launch::async, [client] {
    // Empty and 64 KB probes back to back, kProbePairs times: the difference of the fastest of each is the
    // transfer alone (the fixed delays — link latency, the node's wake-up, this host's scheduling — cancel).
    double emptyMs = -1.0, fullMs = -1.0;
    try {
      for (int pair = 0; pair < kProbePairs; ++pair) {
        for (const std::size_t bytes : {std::size_t{0}, NetworkProfiler::kProbeBytes}) {
          wire::Envelope request;
          request.mutable_bandwidth_probe()->set_payload(std::string(bytes, '\x5a'));
          const Stopwatch clock;
          client->request(std::move(request), 0, kProbeTimeoutMs).get();
          double& best = bytes == 0 ? emptyMs : fullMs;
          best = best < 0.0 ? clock.elapsedMs() : std::min(best, clock.elapsedMs());
        }
      }
    } catch (const std::exception&) {
      return -1.0;
    }
    return fullMs - emptyMs;
  });
  (void)nowS;
}

std::vector<ProfiledNode> ClusterProfiler::refresh(Cluster& cluster, const std::vector<cv::Size>& sizes,
                                                   const ParaLoupeConfig& config, double nowMs) {
  const double nowS = nowMs / 1000.0;
  std::vector<ProfiledNode> nodes;
  std::map<std::string, bool> seen;
  for (const ClusterServer& server : cluster.onlineServers()) {
    seen[server.name] = true;
    Entry& entry = entries_[server.name];
    const PeerStatus status = server.client->status();
    const wire::Capabilities& caps = status.capabilities;
    std::vector<double> computeMs(sizes.size(), -1.0);
    std::vector<double> batchMs(sizes.size(), 0.0);
    bool any = false;
    for (const wire::PatchModelProfile& profile : caps.patch_models()) {
      for (std::size_t j = 0; j < sizes.size(); ++j) {
        if (static_cast<int>(profile.width()) == sizes[j].width &&
            static_cast<int>(profile.height()) == sizes[j].height) {
          computeMs[j] = profile.compute_ms();
          batchMs[j] = profile.batch_ms();
          any = true;
        }
      }
    }
    if (!any) {
      if (!entry.excluded) {
        messages_.emplace_back(true, "ParaLoupe: node " + server.name +
                                         (caps.patch_models_size() == 0 ? " serves no patch model"
                                                                        : " serves none of the patch sizes") +
                                         ": excluded");
      }
      entry.excluded = true;
      continue;
    }
    if (entry.excluded) messages_.emplace_back(false, "ParaLoupe: node " + server.name + " serves patches now");
    entry.excluded = false;
    if (!entry.online && !entry.computeMs.empty()) {
      messages_.emplace_back(false, "ParaLoupe: node " + server.name + " is back");
    }
    if (!entry.online) {
      entry.computeMs = computeMs;  // (re)start from the node's own profile
      entry.batchMs = batchMs;
      entry.speed = 1.0;
      network_.forget(server.name);
    }
    entry.online = true;
    for (std::size_t j = 0; j < computeMs.size(); ++j) {
      if (computeMs[j] < 0.0) entry.computeMs[j] = -1.0;
      else if (entry.computeMs[j] < 0.0) entry.computeMs[j] = computeMs[j];
    }
    if (entry.lastRefreshS > 0.0 && nowS > entry.lastRefreshS && entry.speed > 1.0) {
      // Unproven slowness fades (τ = kSpeedRecoveryS), so a node that was slow once gets patches, and a new
      // measurement, again.
      entry.speed = 1.0 + (entry.speed - 1.0) * std::exp(-(nowS - entry.lastRefreshS) / kSpeedRecoveryS);
    }
    entry.lastRefreshS = nowS;
    cost_.setOperatorCost(server.name, cluster.cost(server.name));
    cost_.addLoad(server.name, status.load, nowS, config.costWindowS);
    takeProbe(server.name, entry, nowS);
    if (!entry.probe.valid() && network_.probeDue(server.name, nowS, config.bandwidthProbeS)) {
      startProbe(server, entry, nowS);
    }
    const double uplink = network_.uplinkKbps(server.name);
    if (!(uplink > 0.0)) continue;  // not probed yet
    ProfiledNode node;
    node.server = server;
    node.device.name = server.name;
    node.device.uplinkKbps = uplink;
    node.device.rttMs = std::max(0.0, status.rttMs);
    double batch = 0.0;  // one batch's fixed cost: the served size nearest the middle
    for (std::size_t j = 0; j < entry.computeMs.size(); ++j) {
      if (entry.computeMs[j] >= 0.0 && (batch == 0.0 || j == entry.computeMs.size() / 2)) batch = entry.batchMs[j];
    }
    node.device.overheadMs = std::max(0.0, entry.overheadMs) + batch * entry.speed;
    node.device.backlogMs = cluster.ledger().backlogMs(server.name, nowMs);
    node.device.cost = cost_.cost(server.name);
    node.device.computeMs = entry.computeMs;
    for (double& ms : node.device.computeMs) {
      if (ms >= 0.0) ms *= entry.speed;
    }
    nodes.push_back(std::move(node));
  }
  for (auto& [name, entry] : entries_) {
    if (seen.count(name) || !entry.online) continue;
    entry.online = false;
    cluster.ledger().forget(name);
    messages_.emplace_back(true, "ParaLoupe: node " + name + " lost: its patches go to the other devices");
  }
  return nodes;
}

void ClusterProfiler::addReply(const std::string& node, std::size_t requestBytes, double roundTripMs,
                               double emptyRttMs, double serverMs, double queueMs, double computeMs,
                               const std::vector<std::pair<int, double>>& patchMs) {
  auto it = entries_.find(node);
  if (it == entries_.end()) return;
  Entry& entry = it->second;
  ewma(entry.overheadMs, serverMs - queueMs - computeMs, kAlpha);
  std::map<int, int> perSize;
  for (const auto& [j, ms] : patchMs) {
    if (j >= 0 && j < static_cast<int>(entry.computeMs.size()) && entry.computeMs[j] >= 0.0) ++perSize[j];
  }
  double predicted = 0.0;
  for (const auto& [j, n] : perSize) predicted += entry.batchMs[j] + entry.computeMs[j] * n;
  if (predicted > 0.0 && computeMs > 0.0) {
    // A late reply read afterwards is the measurement that settles the speed its lateness raised: taken whole.
    // One reply moves the factor at most ×2 (a batch shape's first run is slow).
    const double ratio = std::clamp(computeMs / predicted, std::max(1.0 / kMaxSpeedFactor, entry.speed / 2.0),
                                    std::min(kMaxSpeedFactor, entry.speed * 2.0));
    ewma(entry.speed, ratio, roundTripMs < 0.0 ? 1.0 : kAlpha);
  }
  if (roundTripMs < 0.0) return;  // a late reply read afterwards: its round trip is not known
  const double transferMs = roundTripMs - serverMs - emptyRttMs;
  network_.addTransfer(node, requestBytes, transferMs);
}

void ClusterProfiler::addLate(const std::string& node, double waitedMs, double predictedMs) {
  auto it = entries_.find(node);
  if (it == entries_.end() || !(predictedMs > 0.0) || !(waitedMs > predictedMs)) return;
  it->second.speed = std::min(kMaxSpeedFactor, it->second.speed * std::min(2.0, waitedMs / predictedMs));
}

double ClusterProfiler::speed(const std::string& node) const {
  const auto it = entries_.find(node);
  return it == entries_.end() ? 1.0 : it->second.speed;
}

std::vector<std::pair<bool, std::string>> ClusterProfiler::takeMessages() {
  std::vector<std::pair<bool, std::string>> out;
  out.swap(messages_);
  return out;
}

}  // namespace edgescope
