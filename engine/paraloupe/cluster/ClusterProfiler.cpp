#include "paraloupe/cluster/ClusterProfiler.h"

#include <chrono>
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
  const double roundTripMs = entry.probe.get();
  if (roundTripMs > 0.0) {
    network_.addProbe(name, NetworkProfiler::kProbeBytes, roundTripMs, entry.probeRttMs, nowS);
  }
}

void ClusterProfiler::startProbe(const ClusterServer& server, Entry& entry, double nowS) {
  const PeerStatus status = server.client->status();
  entry.probeRttMs = std::max(0.0, status.rttMs);
  std::shared_ptr<NodeClient> client = server.client;
  entry.probe = std::async(std::launch::async, [client] {
    wire::Envelope request;
    request.mutable_bandwidth_probe()->set_payload(std::string(NetworkProfiler::kProbeBytes, '\x5a'));
    const Stopwatch clock;
    try {
      client->request(std::move(request), 0, kProbeTimeoutMs).get();
      return clock.elapsedMs();
    } catch (const std::exception&) {
      return -1.0;
    }
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
    bool any = false;
    for (const wire::PatchModelProfile& profile : caps.patch_models()) {
      for (std::size_t j = 0; j < sizes.size(); ++j) {
        if (static_cast<int>(profile.width()) == sizes[j].width &&
            static_cast<int>(profile.height()) == sizes[j].height) {
          computeMs[j] = profile.compute_ms();
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
      network_.forget(server.name);
    }
    entry.online = true;
    for (std::size_t j = 0; j < computeMs.size(); ++j) {
      if (computeMs[j] < 0.0) entry.computeMs[j] = -1.0;
      else if (entry.computeMs[j] < 0.0) entry.computeMs[j] = computeMs[j];
    }
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
    node.device.overheadMs = entry.overheadMs;
    node.device.backlogMs = cluster.ledger().backlogMs(server.name, nowMs);
    node.device.cost = cost_.cost(server.name);
    node.device.computeMs = entry.computeMs;
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
  for (const auto& [j, ms] : patchMs) {
    if (j >= 0 && j < static_cast<int>(entry.computeMs.size()) && entry.computeMs[j] >= 0.0) {
      ewma(entry.computeMs[j], ms, kAlpha);
    }
  }
  const double transferMs = roundTripMs - serverMs - emptyRttMs;
  network_.addTransfer(node, requestBytes, transferMs);
}

std::vector<std::pair<bool, std::string>> ClusterProfiler::takeMessages() {
  std::vector<std::pair<bool, std::string>> out;
  out.swap(messages_);
  return out;
}

}  // namespace edgescope
