// edgescope-cli eval --gt GT.txt --hyp RESULTS.txt [--json] [--first-frame A] [--last-frame B]
// Scores a tracker result file against MOTChallenge ground truth: CLEAR MOT, identity metrics and HOTA. With --json,
// exactly one JSON object on stdout with the keys MOTA MOTP IDF1 IDP IDR HOTA DetA AssA LocA Recall Precision FP FN
// IDSW Frag MT PT ML GT_IDs (rates as fractions, counts as integers); otherwise a readable table.
#include <iostream>
#include <limits>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "eval/FrameRange.h"
#include "eval/MetricsJson.h"
#include "eval/MetricsTable.h"
#include "eval/MotEvaluator.h"
#include "mot/MotFile.h"
#include "util/JsonWriter.h"

namespace edgescope {

int runEvalCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2, {"gt", "hyp", "first-frame", "last-frame"}, {"json"});
  const std::string gtPath = options.get("gt");
  const std::string hypPath = options.get("hyp");
  constexpr std::int64_t kMaxFrame = std::numeric_limits<std::int64_t>::max();
  FrameRange range;
  range.first = options.getInt("first-frame", 1, 1, kMaxFrame);
  range.last = options.getInt("last-frame", kMaxFrame, 1, kMaxFrame);
  range.validate();

  const MotFile::Contents gt = MotFile::read(gtPath);
  const MotFile::Contents hyp = MotFile::read(hypPath);
  MotEvaluator::checkUniqueIds(gt.rows, gtPath);
  MotEvaluator::checkUniqueIds(hyp.rows, hypPath);
  const MotMetrics metrics = MotEvaluator::evaluate(gt.rows, hyp.rows, range);

  if (options.has("json")) {
    JsonWriter json;
    MetricsJson::write(json, metrics);
    std::cout << json.str() << std::endl;
  } else {
    std::string title = "ground truth: " + gtPath + "\nhypotheses:   " + hypPath;
    if (!range.isAll()) title += "\nframes:       " + range.toString();
    std::cout << MetricsTable::format(metrics, title);
  }
  return 0;
}

}  // namespace edgescope
