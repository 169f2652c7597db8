#include "turbo/ProcStatIdle.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
#include <vector>

namespace edgescope {

namespace {

constexpr size_t kMinFields = 4;    // user nice system idle
constexpr size_t kTotalFields = 8;  // … iowait irq softirq steal (guest, guest_nice are inside user, nice)

bool parseUnsigned(const std::string& token, std::uint64_t& value) {
  if (token.empty() || !std::all_of(token.begin(), token.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return false;
  }
  try {
    value = std::stoull(token);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

ProcStatIdle::ProcStatIdle(std::string path) : path_(std::move(path)), baseline_(read()) {}

std::optional<ProcStatIdle::Counters> ProcStatIdle::read() const {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return parse(text.str());
}

double ProcStatIdle::sample() {
  const std::optional<Counters> now = read();
  if (!now) {
    baseline_.reset();
    return 1.0;
  }
  if (!baseline_) {
    baseline_ = now;
    return 1.0;
  }
  if (now->total == baseline_->total && now->idle == baseline_->idle) return lastShare_;
  const std::optional<double> s = share(*baseline_, *now);
  baseline_ = now;
  lastShare_ = s.value_or(1.0);
  return lastShare_;
}

std::optional<ProcStatIdle::Counters> ProcStatIdle::parse(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string name;
    fields >> name;
    if (name != "cpu") continue;
    std::vector<std::uint64_t> values;
    std::string token;
    while (fields >> token) {
      std::uint64_t v = 0;
      if (!parseUnsigned(token, v)) return std::nullopt;
      values.push_back(v);
    }
    if (values.size() < kMinFields) return std::nullopt;
    Counters c;
    c.idle = values[3] + (values.size() > 4 ? values[4] : 0);
    for (size_t i = 0; i < std::min(values.size(), kTotalFields); ++i) c.total += values[i];
    return c;
  }
  return std::nullopt;
}

std::optional<double> ProcStatIdle::share(const Counters& before, const Counters& after) {
  if (after.total <= before.total || after.idle < before.idle) return std::nullopt;
  const double idle = static_cast<double>(after.idle - before.idle);
  const double total = static_cast<double>(after.total - before.total);
  return std::clamp(idle / total, 0.0, 1.0);
}

}  // namespace edgescope
