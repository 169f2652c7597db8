#include "cli/ProgressLine.h"

#include <unistd.h>

#include <cstdio>

namespace edgescope {

ProgressLine::ProgressLine(std::string label, std::int64_t total)
    : label_(std::move(label)), total_(total), terminal_(::isatty(::fileno(stderr)) != 0) {}

void ProgressLine::update(std::int64_t done) {
  done_ = done;
  const double nowMs = clock_.elapsedMs();
  // A terminal gets a line redrawn 5× per second; a log file a new line every 5 s.
  if (nowMs < 1000.0 || nowMs - lastDrawMs_ < (terminal_ ? 200.0 : 5000.0)) return;
  lastDrawMs_ = nowMs;
  draw(done);
}

void ProgressLine::draw(std::int64_t done) {
  const double seconds = clock_.elapsedMs() / 1000.0;
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
  if (total_ > 0) {
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
    std::fprintf(stderr, "%s%s %lld/%lld %3.0f%% %.1f/s ETA %.0f s %s  %s", terminal_ ? "\r" : "", label_.c_str(),
                 static_cast<long long>(done),
                 static_cast<long long>(total_), 100.0 * static_cast<double>(done) / static_cast<double>(total_),
                 rate, eta, suffix_.c_str(), terminal_ ? "" : "\n");
  } else {
    std::fprintf(stderr, "%s%s %lld %.1f/s   %s", terminal_ ? "\r" : "", label_.c_str(), static_cast<long long>(done),
                 rate, terminal_ ? "" : "\n");
  }
  std::fflush(stderr);
  shown_ = true;
}

void ProgressLine::finish() {
  if (!shown_) return;
  draw(done_);
  if (terminal_) std::fprintf(stderr, "\n");
  shown_ = false;
}

}  // namespace edgescope
