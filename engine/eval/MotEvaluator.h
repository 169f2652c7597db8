#pragma once
/// @file MotEvaluator.h
/// Scoring whole MOTChallenge files: groups GT and hypothesis rows by frame and feeds a MetricsAccumulator, the way
/// py-motmetrics' compare_to_groundtruth walks the frames present in either file.

#include <string>
#include <vector>

#include "eval/FrameRange.h"
#include "eval/MetricsAccumulator.h"
#include "mot/MotRow.h"

namespace edgescope {

/// Stateless; call from any thread (each call uses only its arguments).
class MotEvaluator {
 public:
  /// Starts a new sequence named @p name in @p accumulator and adds every frame of @p range that has a row in @p gt
  /// or @p hyp, in increasing frame order. Throws Error (see MetricsAccumulator::addFrame) on duplicate ids.
  static void addSequence(MetricsAccumulator& accumulator, const std::vector<MotRow>& gt,
                          const std::vector<MotRow>& hyp, const std::string& name = {}, const FrameRange& range = {});
  /// Metrics of one sequence.
  static MotMetrics evaluate(const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp,
                             const FrameRange& range = {}, const MotPreprocessor::Options& options = {});
  /// Throws Error "PATH: frame F: id I appears more than once" for the first id repeated within a frame of @p rows.
  static void checkUniqueIds(const std::vector<MotRow>& rows, const std::string& path);
};

}  // namespace edgescope
