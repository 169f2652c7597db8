#pragma once
/// @file ProcStatIdle.h
/// The idle share of all cores between two calls, from the aggregate "cpu" line of /proc/stat: the input of
/// IdleBudget::Inputs::idleShare.

#include <cstdint>
#include <optional>
#include <string>

namespace edgescope {

/// Value type; one thread at a time (sample() updates the baseline).
class ProcStatIdle {
 public:
  /// Cumulative jiffies of the aggregate cpu line.
  struct Counters {
    std::uint64_t idle = 0;   ///< idle + iowait
    std::uint64_t total = 0;  ///< user + nice + system + idle + iowait + irq + softirq + steal (guest time is already
                              ///< inside user and nice, so it is not added again)
    std::uint64_t self = 0;   ///< utime + stime of the process file given (0 without one)
  };

  /// Reads @p path (default /proc/stat) once as the baseline. @p selfPath (e.g. "/proc/self/stat"): the time this
  /// process itself spent counts as idle too (the share is what *other* work leaves), so an enhancer's own load does
  /// not shrink its next budget; empty: plain idle.
  explicit ProcStatIdle(std::string path = "/proc/stat", std::string selfPath = {});
  /// utime + stime (fields 14 and 15) of a /proc/PID/stat text; nothing when malformed.
  static std::optional<std::uint64_t> parseSelf(const std::string& text);

  /// Idle share in [0, 1] since the previous call (the first: since construction) = Δidle / Δtotal; the reading
  /// becomes the new baseline. 1.0 when the file cannot be read or parsed now, when there was no readable baseline,
  /// or when the counters went backwards (the baseline is taken afresh each time); the previous share (initially 1.0)
  /// when no jiffy has passed.
  double sample();

  /// Parses the aggregate line "cpu  user nice system idle [iowait [irq [softirq [steal [guest [guest_nice]]]]]]" of
  /// /proc/stat text (other lines, including cpu0…, are skipped). Nothing when the line is missing, has fewer than
  /// 4 counters, or a field is not an unsigned integer.
  static std::optional<Counters> parse(const std::string& text);
  /// Δidle / Δtotal in [0, 1]; nothing when @p after does not advance past @p before (Δtotal ≤ 0 or a counter went
  /// backwards).
  static std::optional<double> share(const Counters& before, const Counters& after);

 private:
  std::optional<Counters> read() const;

  std::string path_, selfPath_;
  std::optional<Counters> baseline_;
  double lastShare_ = 1.0;
};

}  // namespace edgescope
