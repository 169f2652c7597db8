// edgescope-cli eval --gt GT.txt --hyp RESULTS.txt [--json] [--first-frame A] [--last-frame B]
// Scores a tracker result file against MOTChallenge ground truth: CLEAR MOT, identity metrics and HOTA. With --json,
// exactly one JSON object on stdout with the keys MOTA MOTP IDF1 IDP IDR HOTA DetA AssA LocA Recall Precision FP FN
// IDSW Frag MT PT ML GT_IDs (rates as fractions, counts as integers); otherwise a readable table.
#include <CLI/CLI.hpp>

#include <iostream>
#include <limits>
#include <memory>

#include "cli/Commands.h"
#include "common/NumberRange.h"
#include "eval/FrameRange.h"
#include "eval/MetricsJson.h"
#include "eval/MetricsTable.h"
#include "eval/MotEvaluator.h"
#include "mot/MotFile.h"
#include "util/JsonDocument.h"

namespace edgescope {
namespace {

constexpr std::int64_t kMaxFrame = std::numeric_limits<std::int64_t>::max();

struct EvalOptions {
  std::string gt;
  std::string hyp;
  std::int64_t firstFrame = 1;
  std::int64_t lastFrame = kMaxFrame;
  bool json = false;
};

int runEval(const EvalOptions& options) {
  const std::string& gtPath = options.gt;
  const std::string& hypPath = options.hyp;
  FrameRange range;
  range.first = options.firstFrame;
  range.last = options.lastFrame;
  range.validate();

  const MotFile::Contents gt = MotFile::read(gtPath);
  const MotFile::Contents hyp = MotFile::read(hypPath);
  MotEvaluator::checkUniqueIds(gt.rows, gtPath);
  MotEvaluator::checkUniqueIds(hyp.rows, hypPath);
  const MotMetrics metrics = MotEvaluator::evaluate(gt.rows, hyp.rows, range);

  if (options.json) {
    std::cout << MetricsJson::toString(metrics) << std::endl;
  } else {
    std::string title = "ground truth: " + gtPath + "\nhypotheses:   " + hypPath;
    if (!range.isAll()) title += "\nframes:       " + range.toString();
    std::cout << MetricsTable::format(metrics, title);
  }
  return 0;
}

}  // namespace

Command addEvalCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("eval", "CLEAR MOT, identity and HOTA metrics of a MOT results file");
  auto options = std::make_shared<EvalOptions>();
  command->add_option("--gt", options->gt, "MOTChallenge ground truth")->required()->type_name("GT.txt");
  command->add_option("--hyp", options->hyp, "tracker results (MOTChallenge)")->required()->type_name("RESULTS.txt");
  command->add_flag("--json", options->json, "print one JSON object instead of the table");
  command->add_option("--first-frame", options->firstFrame, "first frame scored (1-based)")
      ->check(NumberRange(std::int64_t{1}, kMaxFrame))
      ->capture_default_str();
  command->add_option("--last-frame", options->lastFrame, "last frame scored (default: the last)")
      ->check(NumberRange(std::int64_t{1}, kMaxFrame));
  return [options] { return runEval(*options); };
}

}  // namespace edgescope
