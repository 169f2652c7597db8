#include "cli/TrainSupport.h"

#include <ctime>
#include <iostream>
#include <memory>

#include "cli/ProgressLine.h"

namespace edgescope {
namespace TrainSupport {

std::string commandLine(int argc, char** argv) {
  std::string line = "edgescope-cli";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool quote = arg.find_first_of(" ;&?*") != std::string::npos;
    line += " " + (quote ? "'" + arg + "'" : arg);
  }
  return line;
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

TrainingSetLoader::Result loadData(const std::vector<std::string>& specs, Detector* teacher, const char* what) {
  std::unique_ptr<ProgressLine> line;
  std::string current;
  const TrainingSetLoader loader(teacher);
  TrainingSetLoader::Result result = loader.load(specs, [&](const std::string& spec, std::int64_t done, std::int64_t total) {
    if (spec != current) {
      if (line) line->finish();
      current = spec;
      line = std::make_unique<ProgressLine>(std::string("reading ") + what + " " + spec, total);
    }
    line->update(done);
  });
  if (line) line->finish();
  for (const auto& entry : result.log) std::cerr << what << ": " << entry << "\n";
  return result;
}

}  // namespace TrainSupport
}  // namespace edgescope
