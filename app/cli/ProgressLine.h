#pragma once
/// @file ProgressLine.h
/// A progress line on stderr ("track 120/400 30% 8.1/s ETA 35 s") once the work has run for a second (short runs
/// print nothing): redrawn in place 5× per second on a terminal, a new line every 5 s when stderr is a file.

#include <cstdint>
#include <string>

#include "core/Stopwatch.h"

namespace edgescope {

class ProgressLine {
 public:
  ProgressLine(std::string label, std::int64_t total);
  /// @p done items finished so far.
  void update(std::int64_t done);
  /// Text shown after the counts (e.g. "loss 2.31"), from the next redraw on.
  void setSuffix(std::string suffix) { suffix_ = std::move(suffix); }
  /// Ends the line (prints a final state if anything was shown).
  void finish();

 private:
  void draw(std::int64_t done);
  std::string label_;
  std::string suffix_;
  std::int64_t total_;
  Stopwatch clock_;
  double lastDrawMs_ = -1e9;
  bool terminal_;
  bool shown_ = false;
  std::int64_t done_ = 0;
};

}  // namespace edgescope
