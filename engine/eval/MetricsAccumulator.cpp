#include "eval/MetricsAccumulator.h"

#include <algorithm>
#include <unordered_set>

#include "eval/BoxIou.h"
#include "util/Error.h"

namespace edgescope {
namespace {

double ratio(double numerator, double denominator) { return numerator / std::max(1.0, denominator); }

}  // namespace

MetricsAccumulator::MetricsAccumulator(const MotPreprocessor::Options& options) : preprocessor_(options) {}

void MetricsAccumulator::beginSequence(const std::string& name) {
  ++sequence_;
  sequenceName_ = name;
}

void MetricsAccumulator::reset() { *this = MetricsAccumulator(preprocessor_.options()); }

int MetricsAccumulator::denseId(std::unordered_map<std::uint64_t, int>& ids, int rawId) {
  const std::uint64_t key = (static_cast<std::uint64_t>(sequence_) << 32) | static_cast<std::uint32_t>(rawId);
  return ids.emplace(key, static_cast<int>(ids.size())).first->second;
}

void MetricsAccumulator::checkUnique(std::int64_t frame, const std::vector<MotRow>& rows, const char* what) const {
  std::unordered_set<int> seen;
  for (const auto& row : rows) {
    if (seen.insert(row.id).second) continue;
    const std::string where = sequenceName_.empty() ? std::string() : sequenceName_ + ": ";
    throw Error(where + "frame " + std::to_string(frame) + ": " + what + " id " + std::to_string(row.id) +
                " appears more than once");
  }
}

void MetricsAccumulator::addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp) {
  checkUnique(frame, gt, "ground-truth");
  checkUnique(frame, hyp, "hypothesis");
  if (sequence_ < 0) beginSequence();
  ++frames_;
  if (gt.empty() && hyp.empty()) return;
  std::vector<BoundingBox> gtBoxes, hypBoxes;
  for (const auto& row : gt) gtBoxes.push_back(row.box);
  for (const auto& row : hyp) hypBoxes.push_back(row.box);
  const auto allOverlaps = BoxIou::overlaps(gtBoxes, hypBoxes);
  const MotPreprocessor::Kept kept = preprocessor_.apply(gt, hyp, allOverlaps);
  // Re-index the kept rows and their overlaps.
  std::vector<int> gtLocal(gt.size(), -1), hypLocal(hyp.size(), -1);
  EvalFrame evalFrame;
  for (int i : kept.gt) {
    gtLocal[static_cast<std::size_t>(i)] = static_cast<int>(evalFrame.gtIds.size());
    evalFrame.gtIds.push_back(denseId(gtIds_, gt[static_cast<std::size_t>(i)].id));
  }
  for (int j : kept.hyp) {
    hypLocal[static_cast<std::size_t>(j)] = static_cast<int>(evalFrame.hypIds.size());
    evalFrame.hypIds.push_back(denseId(hypIds_, hyp[static_cast<std::size_t>(j)].id));
  }
  for (const auto& overlap : allOverlaps) {
    const int g = gtLocal[static_cast<std::size_t>(overlap.gt)], h = hypLocal[static_cast<std::size_t>(overlap.hyp)];
    if (g >= 0 && h >= 0) evalFrame.overlaps.push_back({g, h, overlap.iou});
  }
  if (evalFrame.gtIds.empty() && evalFrame.hypIds.empty()) return;
  clear_.addFrame(evalFrame);
  identity_.addFrame(evalFrame);
  hota_.addFrame(evalFrame);
}

MotMetrics MetricsAccumulator::compute() const {
  MotMetrics m;
  const ClearMotCounts clear = clear_.counts();
  static_cast<ClearMotCounts&>(m) = clear;
  const auto gtCount = static_cast<double>(clear.gtDetections);
  m.mota = ratio(static_cast<double>(clear.tp - clear.fp - clear.idsw), gtCount);
  m.motp = ratio(clear.iouSum, static_cast<double>(clear.tp));
  m.recall = ratio(static_cast<double>(clear.tp), gtCount);
  m.precision = ratio(static_cast<double>(clear.tp), static_cast<double>(clear.tp + clear.fp));
  const IdentityCounts identity = identity_.compute();
  m.idtp = identity.idtp;
  m.idfp = identity.idfp;
  m.idfn = identity.idfn;
  const auto idtp = static_cast<double>(identity.idtp);
  m.idp = ratio(idtp, idtp + static_cast<double>(identity.idfp));
  m.idr = ratio(idtp, idtp + static_cast<double>(identity.idfn));
  m.idf1 = ratio(idtp, idtp + 0.5 * static_cast<double>(identity.idfp + identity.idfn));
  m.hota = hota_.compute();
  m.frames = frames_;
  m.sequences = sequence_ + 1;
  return m;
}

}  // namespace edgescope
