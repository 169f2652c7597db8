#include "TurboSessionSummary.h"

#include <algorithm>
#include <cmath>

#include <QObject>

#include "ReportSummary.h"

namespace edgescope {
namespace {

constexpr const char* kThresholdKnob = "turbo.hardThreshold";

/// The initial value of parameter @p id, @p fallback when the manifest has none.
double initial(const SessionData& data, const char* id, double fallback) {
  const auto found = data.manifest.initialParameters.find(id);
  return found == data.manifest.initialParameters.end() ? fallback : found->second;
}

/// T as the engine uses it: turbo.latencyMs when set, else one frame interval of a paced source; 0 when unknown.
double intervalMs(const SessionData& data) {
  const double latencyMs = initial(data, "turbo.latencyMs", 0.0);
  if (latencyMs > 0.0) return latencyMs;
  const double speed = initial(data, "playback.speed", 1.0);
  const bool paced = initial(data, "playback.paced", 1.0) >= 0.5;
  if (!paced || data.manifest.fps <= 0.0 || speed <= 0.0) return 0.0;
  return 1000.0 / (data.manifest.fps * speed);
}

/// Sums behind one DegradeShare's mean difficulty.
struct DifficultySum {
  double sum = 0.0;
  std::int64_t count = 0;
};

/// Counts @p f into its kind's share (a clean frame into none).
void addDegraded(TurboSessionSummary& s, std::vector<DifficultySum>& sums, const RecordedFrame& f) {
  if (f.degradeKind.empty() || f.degradeKind == "none") return;
  ++s.degradedFrames;
  auto share = std::find_if(s.degraded.begin(), s.degraded.end(),
                            [&](const TurboSessionSummary::DegradeShare& d) { return d.kind == f.degradeKind; });
  if (share == s.degraded.end()) {
    s.degraded.push_back({f.degradeKind});
    sums.emplace_back();
    share = s.degraded.end() - 1;
  }
  ++share->frames;
  if (f.exit > 0) ++share->enhanced;
  if (std::isfinite(f.difficulty)) {
    DifficultySum& sum = sums[static_cast<std::size_t>(share - s.degraded.begin())];
    sum.sum += f.difficulty;
    ++sum.count;
  }
}

}  // namespace

bool TurboSessionSummary::isTurboFrame(const RecordedFrame& frame) {
  return std::isfinite(frame.difficulty) || frame.exit > 0;
}

bool TurboSessionSummary::thresholdAt(const SessionData& data, std::int64_t frame, double* threshold) {
  bool known = false;
  const auto found = data.manifest.initialParameters.find(kThresholdKnob);
  if (found != data.manifest.initialParameters.end()) {
    *threshold = found->second;
    known = true;
  }
  for (const RecordedKnob& knob : data.knobs) {
    if (knob.id == kThresholdKnob && knob.frame <= frame) {
      *threshold = knob.applied;
      known = true;
    }
  }
  return known;
}

bool TurboSessionSummary::hasTurboColumns(const SessionData& data) {
  return std::any_of(data.frames.begin(), data.frames.end(), [](const RecordedFrame& f) {
    return isTurboFrame(f) || (!f.degradeKind.empty() && f.degradeKind != "none");
  });
}

TurboSessionSummary TurboSessionSummary::compute(const SessionData& data) {
  TurboSessionSummary s;
  std::vector<double> spent;
  std::vector<DifficultySum> sums;
  double budgetSum = 0.0;
  for (const RecordedFrame& f : data.frames) {
    addDegraded(s, sums, f);
    if (!isTurboFrame(f)) continue;
    ++s.frames;
    budgetSum += f.budgetMs;
    const auto exit = static_cast<std::size_t>(std::max(0, f.exit));
    if (s.exitHistogram.size() <= exit) s.exitHistogram.resize(exit + 1, 0);
    ++s.exitHistogram[exit];
    double threshold = 0.0;
    if (std::isfinite(f.difficulty) && thresholdAt(data, f.frame, &threshold) && f.difficulty >= threshold) {
      ++s.hardFrames;
    }
    if (f.exit <= 0) continue;
    ++s.enhancedFrames;
    spent.push_back(f.turboMs);
    if (f.turboMs > f.budgetMs) ++s.overBudgetFrames;
  }
  for (std::size_t k = 0; k < s.degraded.size(); ++k) {
    DegradeShare& d = s.degraded[k];
    d.fraction = static_cast<double>(d.frames) / static_cast<double>(data.frames.size());
    if (sums[k].count > 0) d.meanDifficulty = sums[k].sum / static_cast<double>(sums[k].count);
  }
  s.present = s.frames > 0;
  if (s.frames > 0) s.meanBudgetMs = budgetSum / static_cast<double>(s.frames);
  if (!spent.empty()) {
    for (double ms : spent) s.meanSpentMs += ms / static_cast<double>(spent.size());
    s.p99SpentMs = ReportSummary::percentile(spent, 0.99);
  }
  s.thresholdKnown = thresholdAt(data, data.frames.empty() ? 0 : data.frames.back().frame, &s.hardThreshold);
  s.frameIntervalMs = intervalMs(data);
  s.apNote = QObject::tr(
      "AP50 plain vs Turbo is not derivable from a recording: frames.csv keeps detection counts, "
      "not boxes. Shown instead: hard and enhanced frame counts and the mean enhancement ms "
      "(the console's Turbo panel and `edgescope-cli track --turbo … --json` report AP50 live).");
  return s;
}

}  // namespace edgescope
