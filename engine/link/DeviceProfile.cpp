#include "link/DeviceProfile.h"

#include <chrono>
#include <cmath>
#include <opencv2/core/utility.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "link/KeyValueList.h"
#include "link/MemoryCap.h"
#include "util/Error.h"

namespace edgescope {

namespace {

constexpr std::uint64_t kBytesPerMb = 1024 * 1024;

// Emulation knobs, not measurements: a board's speed against the machine running the emulation depends on both.
DeviceProfile make(const char* name, double slowdown, int threads, int memoryCapMb) {
  DeviceProfile p;
  p.name = name;
  p.computeSlowdown = slowdown;
  p.threads = threads;
  p.memoryCapMb = memoryCapMb;
  return p;
}

std::string knownNames() {
  std::string names;
  for (const auto& p : DeviceProfile::builtIns()) names += (names.empty() ? "" : ", ") + p.name;
  return names;
}

void applyField(DeviceProfile& p, const KeyValueList& list, const KeyValueList::Item& item) {
  if (item.key == "name") {
    p.name = item.value;
  } else if (item.key == "slowdown") {
    p.computeSlowdown = list.number(item, 1.0, DeviceProfile::kMaxSlowdown);
  } else if (item.key == "threads") {
    p.threads = item.value == "all" ? 0 : static_cast<int>(list.integer(item, 1, DeviceProfile::kMaxThreads));
  } else if (item.key == "memory") {
    p.memoryCapMb = item.value == "none" ? 0 : static_cast<int>(list.integer(item, 1, DeviceProfile::kMaxMemoryMb));
  } else {
    throw Error(list.fieldError(item.key, "unknown field (known: name, slowdown, threads, memory)"));
  }
}

}  // namespace

const std::vector<DeviceProfile>& DeviceProfile::builtIns() {
  static const std::vector<DeviceProfile> table = {
      make("native", 1.0, 0, 0),
      make("jetson-tx2", 2.5, 6, 8192),
      make("jetson-nano", 4.0, 4, 4096),
      make("rpi4", 8.0, 4, 4096),
  };
  return table;
}

DeviceProfile DeviceProfile::named(const std::string& name) {
  for (const auto& p : builtIns()) {
    if (p.name == name) return p;
  }
  throw Error("DeviceProfile: unknown profile '" + name + "' (known: " + knownNames() + ")");
}

DeviceProfile DeviceProfile::parse(const std::string& text) {
  const KeyValueList list = KeyValueList::parse("DeviceProfile", text);
  if (list.items().empty()) throw Error("DeviceProfile: empty profile '" + text + "' (known: " + knownNames() + ")");
  DeviceProfile profile = make("custom", 1.0, 0, 0);
  std::set<std::string> seen;
  for (size_t i = 0; i < list.items().size(); ++i) {
    const auto& item = list.items()[i];
    if (item.key.empty()) {
      if (i != 0) throw Error(list.fieldError(item.value, "a profile name may only come first"));
      try {
        profile = named(item.value);
      } catch (const Error&) {
        throw Error(list.fieldError(item.value, "unknown profile (known: " + knownNames() + ")"));
      }
      continue;
    }
    if (!seen.insert(item.key).second) throw Error(list.fieldError(item.key, "given twice"));
    applyField(profile, list, item);
  }
  if (list.items().front().key.empty() && list.items().size() > 1 && !seen.count("name")) profile.name = "custom";
  return profile;
}

std::string DeviceProfile::toString() const {
  std::ostringstream out;
  out.precision(10);
  out << "name=" << name << ",slowdown=" << computeSlowdown << ",threads=";
  if (threads > 0)
    out << threads;
  else
    out << "all";
  out << ",memory=";
  if (memoryCapMb > 0)
    out << memoryCapMb;
  else
    out << "none";
  return out.str();
}

double DeviceProfile::extraDelayMs(double computeMs) const {
  if (!std::isfinite(computeMs) || computeMs <= 0 || !(computeSlowdown > 1.0)) return 0.0;
  return (computeSlowdown - 1.0) * computeMs;
}

void DeviceProfile::sleepAfterCompute(double computeMs) const {
  const double delayMs = extraDelayMs(computeMs);
  if (delayMs > 0) std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(delayMs));
}

void DeviceProfile::applyThreads() const { cv::setNumThreads(threads > 0 ? threads : -1); }

std::string DeviceProfile::applyMemoryCap() const {
  if (memoryCapMb <= 0) return "";
  const std::string reason = MemoryCap::apply(static_cast<std::uint64_t>(memoryCapMb) * kBytesPerMb);
  return reason.empty() ? "" : "DeviceProfile '" + name + "': " + reason;
}

bool DeviceProfile::operator==(const DeviceProfile& other) const {
  return name == other.name && computeSlowdown == other.computeSlowdown && threads == other.threads &&
         memoryCapMb == other.memoryCapMb;
}

}  // namespace edgescope
