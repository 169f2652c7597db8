#pragma once
/// @file ProgressLine.h
/// A one-line progress display on stderr ("synth  120/600  20%  48.1 fps  ETA 10 s"), redrawn at most 5× per
/// second and only once the work has run for a second (short runs print nothing).

#include <cstdint>
#include <string>

#include "core/Stopwatch.h"

namespace edgescope {

class ProgressLine {
 public:
  ProgressLine(std::string label, std::int64_t total);
  /// @p done items finished so far.
  void update(std::int64_t done);
  /// Ends the line (prints a final state if anything was shown).
  void finish();

 private:
  void draw(std::int64_t done);
  std::string label_;
  std::int64_t total_;
  Stopwatch clock_;
  double lastDrawMs_ = -1e9;
  bool shown_ = false;
  std::int64_t done_ = 0;
};

}  // namespace edgescope
