#include "paraloupe/NetworkProfiler.h"

#include <cmath>

namespace edgescope {

void NetworkProfiler::add(Entry& e, double kbps, double weight) {
  if (!std::isfinite(kbps) || kbps <= 0.0) return;
  if (e.kbps <= 0.0) {
    e.kbps = kbps;
    return;
  }
  const double alpha = 1.0 - std::pow(1.0 - kAlpha, weight);
  e.kbps += alpha * (kbps - e.kbps);
}

void NetworkProfiler::addProbe(const std::string& node, std::size_t bytes, double roundTripMs, double emptyRttMs,
                               double nowS) {
  Entry& e = entries_[node];
  e.lastProbeS = nowS;
  e.probed = true;
  const double transferMs = roundTripMs - emptyRttMs;
  if (!(transferMs > 0.0)) return;
  add(e, static_cast<double>(bytes) * 8.0 / transferMs, 2.0);  // bytes·8 / ms = kbit/s
}

void NetworkProfiler::addTransfer(const std::string& node, std::size_t bytes, double transferMs) {
  if (!(transferMs > kMinTransferMs) || bytes < 4096) return;  // shorter transfers are mostly timing noise
  add(entries_[node], static_cast<double>(bytes) * 8.0 / transferMs, 1.0);
}

double NetworkProfiler::uplinkKbps(const std::string& node) const {
  const auto it = entries_.find(node);
  return it == entries_.end() ? 0.0 : it->second.kbps;
}

bool NetworkProfiler::probeDue(const std::string& node, double nowS, double intervalS) const {
  const auto it = entries_.find(node);
  return it == entries_.end() || !it->second.probed || nowS - it->second.lastProbeS >= intervalS;
}

void NetworkProfiler::forget(const std::string& node) { entries_.erase(node); }

}  // namespace edgescope
