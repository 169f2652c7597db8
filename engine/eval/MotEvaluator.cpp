#include "eval/MotEvaluator.h"

#include <map>
#include <set>
#include <utility>

#include "util/Error.h"

namespace edgescope {

void MotEvaluator::addSequence(MetricsAccumulator& accumulator, const std::vector<MotRow>& gt,
                               const std::vector<MotRow>& hyp, const std::string& name, const FrameRange& range) {
  std::map<std::int64_t, std::pair<std::vector<MotRow>, std::vector<MotRow>>> byFrame;
  for (const auto& row : gt) {
    if (range.contains(row.frame)) byFrame[row.frame].first.push_back(row);
  }
  for (const auto& row : hyp) {
    if (range.contains(row.frame)) byFrame[row.frame].second.push_back(row);
  }
  accumulator.beginSequence(name);
  for (const auto& entry : byFrame) accumulator.addFrame(entry.first, entry.second.first, entry.second.second);
}

MotMetrics MotEvaluator::evaluate(const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp,
                                  const FrameRange& range, const MotPreprocessor::Options& options) {
  MetricsAccumulator accumulator(options);
  addSequence(accumulator, gt, hyp, {}, range);
  return accumulator.compute();
}

void MotEvaluator::checkUniqueIds(const std::vector<MotRow>& rows, const std::string& path) {
  std::set<std::pair<std::int64_t, int>> seen;
  for (const auto& row : rows) {
    if (!seen.insert({row.frame, row.id}).second) {
      throw Error(path + ": frame " + std::to_string(row.frame) + ": id " + std::to_string(row.id) +
                  " appears more than once");
    }
  }
}

}  // namespace edgescope
