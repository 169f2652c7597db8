#pragma once
/// @file CommandLine.h
/// Shared CLI11 set-up of edgescope, edgescope-cli and edgescope-node: the help layout (HelpFormatter), "--key value"
/// and "--key=value", the last value wins when a single-valued option repeats, and errors that name the option in
/// EdgeScope's words ("unknown option --bogus", "option --k needs a value", "missing required option --source",
/// "option --k must be in [1, 60], got 0").

#include <string>
#include <utility>
#include <vector>

namespace CLI {
class App;
}

namespace edgescope {

class CommandLine {
 public:
  /// Description of the `--metrics ADDR` option that edgescope, edgescope-cli track/partition-bench and
  /// edgescope-node share.
  static constexpr const char* kMetricsHelp =
      "serve Prometheus metrics on ADDR, e.g. 127.0.0.1:9464 (loopback unless ADDR names another interface; "
      "default: off)";

  /// Applies the shared settings to @p app. Call it before adding options and subcommands: they inherit them.
  static void configure(CLI::App& app);
  /// Parses @p args (without the program name). Returns the help text of the command when it asked for --help /
  /// -h (nothing else is checked then), else an empty string. Throws Error naming the option for an unknown option,
  /// a stray argument, a missing or bad value, or a missing required option.
  static std::string parse(CLI::App& app, const std::vector<std::string>& args);
  /// Convenience for main(): parses argv[first..argc).
  static std::string parse(CLI::App& app, int argc, char** argv, int first);
  /// The "id=value,id=value" list of knob option @p option (e.g. --tracker, --ams-set), in order; @p prefix is
  /// added to ids without it ("track." → "buffer" reads as "track.buffer"). Throws Error naming the option and the
  /// item for one that is not id=number.
  static std::vector<std::pair<std::string, double>> parseAssignments(const std::string& text,
                                                                      const std::string& option,
                                                                      const std::string& prefix);
};

}  // namespace edgescope
