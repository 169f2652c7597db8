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

ProcStatIdle::ProcStatIdle(std::string path, std::string selfPath)
    : path_(std::move(path)), selfPath_(std::move(selfPath)), baseline_(read()) {}

std::optional<ProcStatIdle::Counters> ProcStatIdle::read() const {
  std::ifstream in(path_);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  std::optional<Counters> counters = parse(text.str());
  if (counters && !selfPath_.empty()) {
    std::ifstream self(selfPath_);
    std::stringstream selfText;
    selfText << self.rdbuf();
    counters->self = parseSelf(selfText.str()).value_or(0);
  }
  return counters;
}

std::optional<std::uint64_t> ProcStatIdle::parseSelf(const std::string& text) {
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  std::string token;
  std::uint64_t utime = 0, stime = 0;
  for (int field = 3; field <= 15 && fields >> token; ++field) {
    if (field == 14 && !parseUnsigned(token, utime)) return std::nullopt;
    if (field == 15) return parseUnsigned(token, stime) ? std::optional<std::uint64_t>(utime + stime) : std::nullopt;
  }
  return std::nullopt;
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
  const double self = after.self >= before.self ? static_cast<double>(after.self - before.self) : 0.0;
  const double idle = static_cast<double>(after.idle - before.idle) + self;
  const double total = static_cast<double>(after.total - before.total);
  return std::clamp(idle / total, 0.0, 1.0);
}

}  // namespace edgescope
