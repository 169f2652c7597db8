#include "link/LinkProfile.h"

#include <set>
#include <sstream>

#include "link/KeyValueList.h"
#include "util/Error.h"

namespace edgescope {

namespace {

constexpr double kKbpsPerMbps = 1000.0;
constexpr double kMinParsedMbps = 0.001;     // 1 Kbps
constexpr double kMaxParsedMbps = 100000.0;  // 100 Gbps
constexpr double kMaxParsedDelayMs = 60000.0;
const char* const kUplinkId = "link.uplinkMbps";
const char* const kDownlinkId = "link.downlinkMbps";
const char* const kRttId = "link.rttMs";

Error unknownId(const std::string& id) { return Error("LinkProfile: unknown parameter '" + id + "'"); }

}  // namespace

LinkProfile LinkProfile::parse(const std::string& text) {
  const KeyValueList list = KeyValueList::parse("LinkProfile", text);
  LinkProfile profile;
  std::set<std::string> seen;
  for (const auto& item : list.items()) {
    if (item.key.empty()) {
      throw Error(list.fieldError(item.value, "expected name=value (names: up, down, rtt, jitter, loss)"));
    }
    if (!seen.insert(item.key).second) throw Error(list.fieldError(item.key, "given twice"));
    if (item.key == "up") {
      profile.uplinkKbps = list.number(item, kMinParsedMbps, kMaxParsedMbps) * kKbpsPerMbps;
    } else if (item.key == "down") {
      profile.downlinkKbps = list.number(item, kMinParsedMbps, kMaxParsedMbps) * kKbpsPerMbps;
    } else if (item.key == "rtt") {
      profile.rttMs = list.number(item, 0.0, kMaxParsedDelayMs);
    } else if (item.key == "jitter") {
      profile.jitterMs = list.number(item, 0.0, kMaxParsedDelayMs);
    } else if (item.key == "loss") {
      profile.lossPercent = list.number(item, 0.0, 100.0);
    } else {
      throw Error(list.fieldError(item.key, "unknown field (known: up, down, rtt, jitter, loss)"));
    }
  }
  return profile;
}

std::string LinkProfile::toString() const {
  std::ostringstream out;
  out.precision(10);
  out << "up=" << uplinkKbps / kKbpsPerMbps << ",down=" << downlinkKbps / kKbpsPerMbps << ",rtt=" << rttMs;
  if (jitterMs != 0.0) out << ",jitter=" << jitterMs;
  if (lossPercent != 0.0) out << ",loss=" << lossPercent;
  return out.str();
}

std::vector<ParameterSpec> LinkProfile::parameterSpecs() {
  return {
      {kUplinkId, "Uplink bandwidth", 0.5, 1000.0, 0.1, kTestbedUplinkKbps / kKbpsPerMbps, "Mbps",
       "Emulated camera-to-server bandwidth; frames queue behind each other at this rate (testbed: 21.1 Mbps)"},
      {kDownlinkId, "Downlink bandwidth", 0.5, 1000.0, 0.1, kTestbedDownlinkKbps / kKbpsPerMbps, "Mbps",
       "Emulated server-to-camera bandwidth for results and resolution decisions (testbed: 78 Mbps)"},
      {kRttId, "Round-trip time", 0.0, 500.0, 0.1, kTestbedRttMs, "ms",
       "Emulated round-trip latency; every message waits half of it on top of its transmission (testbed: 1.4 ms)"},
  };
}

double LinkProfile::apply(const std::string& id, double requested) {
  for (const auto& spec : parameterSpecs()) {
    if (spec.id != id) continue;
    const double v = spec.sanitize(requested);
    if (id == kUplinkId) uplinkKbps = v * kKbpsPerMbps;
    if (id == kDownlinkId) downlinkKbps = v * kKbpsPerMbps;
    if (id == kRttId) rttMs = v;
    return value(id);
  }
  throw unknownId(id);
}

double LinkProfile::value(const std::string& id) const {
  if (id == kUplinkId) return uplinkKbps / kKbpsPerMbps;
  if (id == kDownlinkId) return downlinkKbps / kKbpsPerMbps;
  if (id == kRttId) return rttMs;
  throw unknownId(id);
}

bool LinkProfile::operator==(const LinkProfile& other) const {
  return uplinkKbps == other.uplinkKbps && downlinkKbps == other.downlinkKbps && rttMs == other.rttMs &&
         jitterMs == other.jitterMs && lossPercent == other.lossPercent;
}

}  // namespace edgescope
