#include "common/CommandLine.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>

#include "common/HelpFormatter.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// "--k: must be in [1, 60], got 0" → "option --k must be in [1, 60], got 0"; "--k: 1 required INT missing" →
/// "option --k needs a value"; "--source is required" → "missing required option --source".
std::string message(const CLI::ParseError& error) {
  const std::string text = error.what();
  const std::string name = error.get_name();
  const std::size_t colon = text.find(": ");
  const std::string option = colon == std::string::npos ? std::string() : text.substr(0, colon);
  const std::string detail = colon == std::string::npos ? text : text.substr(colon + 2);
  if (name == "RequiredError") {
    const std::string suffix = " is required";
    if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0)
      return "missing required option " + text.substr(0, text.size() - suffix.size());
    return text;
  }
  if (option.rfind("-", 0) != 0) return text;
  if (name == "ArgumentMismatch" && detail.find("missing") != std::string::npos)
    return "option " + option + " needs a value";
  if (detail.rfind("must ", 0) == 0) return "option " + option + " " + detail;
  return "option " + option + ": " + detail;
}

/// Arguments the command did not know: "--bogus 1" → "unknown option --bogus", "extra" → "unexpected argument". A
/// prefix command keeps its arguments for itself.
void rejectExtras(const CLI::App& app) {
  if (app.get_prefix_command()) return;
  const std::vector<std::string> extras = app.remaining();
  if (!extras.empty()) {
    const std::string& first = extras.front();
    if (first.rfind("-", 0) == 0 && first.size() > 1) throw Error("unknown option " + first.substr(0, first.find('=')));
    throw Error("unexpected argument '" + first + "'");
  }
  for (const CLI::App* sub : app.get_subcommands()) rejectExtras(*sub);
}

}  // namespace

void CommandLine::configure(CLI::App& app) {
  app.formatter(std::make_shared<HelpFormatter>());
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.allow_extras();  // reported by rejectExtras in EdgeScope's words
}

std::string CommandLine::parse(CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    return app.help();  // the help of the subcommand given, if any
  } catch (const CLI::ParseError& error) {
    rejectExtras(app);  // an unknown option explains a missing or bad one that follows it
    throw Error(message(error));
  }
  rejectExtras(app);
  return {};
}

std::string CommandLine::parse(CLI::App& app, int argc, char** argv, int first) {
  return parse(app, std::vector<std::string>(argv + std::min(first, argc), argv + argc));
}

std::vector<std::pair<std::string, double>> CommandLine::parseAssignments(const std::string& text,
                                                                          const std::string& option,
                                                                          const std::string& prefix) {
  std::vector<std::pair<std::string, double>> assignments;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() : comma + 1;
    const auto eq = item.find('=');
    char* end = nullptr;
    const double value = eq == std::string::npos ? 0.0 : std::strtod(item.c_str() + eq + 1, &end);
    if (eq == std::string::npos || end == item.c_str() + eq + 1 || *end != '\0') {
      throw Error("option " + option + ": expected id=value, got '" + item + "'");
    }
    std::string id = item.substr(0, eq);
    if (id.rfind(prefix, 0) != 0) id = prefix + id;
    assignments.emplace_back(id, value);
  }
  return assignments;
}

}  // namespace edgescope
