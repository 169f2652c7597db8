#include "ReportSummary.h"

#include <algorithm>
#include <map>
#include <numeric>

namespace edgescope {
namespace {

ReportSummary::StageLatency latencyOf(const QString& stage, std::vector<double> samples) {
  ReportSummary::StageLatency out;
  out.stage = stage;
  out.samples = samples.size();
  if (samples.empty()) return out;
  out.meanMs = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
  std::sort(samples.begin(), samples.end());
  out.p50Ms = ReportSummary::percentile(samples, 0.50);
  out.p95Ms = ReportSummary::percentile(samples, 0.95);
  out.p99Ms = ReportSummary::percentile(samples, 0.99);
  out.maxMs = samples.back();
  return out;
}

std::vector<ReportSummary::ResolutionShare> resolutionsOf(const SessionData& data, std::int64_t& framesWithSize) {
  std::map<std::pair<int, int>, std::int64_t> counts;
  framesWithSize = 0;
  for (const RecordedFrame& f : data.frames) {
    if (f.inputWidth <= 0 || f.inputHeight <= 0) continue;
    ++counts[{f.inputWidth, f.inputHeight}];
    ++framesWithSize;
  }
  std::vector<ReportSummary::ResolutionShare> out;
  for (const auto& [size, frames] : counts) {
    ReportSummary::ResolutionShare share;
    share.width = size.first;
    share.height = size.second;
    share.label = QString("%1x%2").arg(size.first).arg(size.second);
    share.frames = frames;
    share.fraction = static_cast<double>(frames) / static_cast<double>(framesWithSize);
    out.push_back(share);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    const std::int64_t areaA = std::int64_t{a.width} * a.height, areaB = std::int64_t{b.width} * b.height;
    return areaA != areaB ? areaA > areaB : a.width > b.width;
  });
  return out;
}

/// Frames scored against GT: metrics lines are cumulative per segment; a smaller count starts a new segment (seek).
std::int64_t scoredFrames(const SessionData& data) {
  if (!data.manifest.hasGroundTruth) return 0;
  std::int64_t total = 0, previous = 0;
  for (const RecordedMetrics& m : data.metrics) {
    if (m.metrics.frames < previous) total += previous;
    previous = m.metrics.frames;
  }
  return std::min<std::int64_t>(total + previous, static_cast<std::int64_t>(data.frames.size()));
}

}  // namespace

std::vector<std::string> ReportSummary::stageNames(const SessionData& data) {
  std::vector<std::string> names;
  for (const RecordedFrame& f : data.frames) {
    for (const auto& stage : f.stageMs) {
      if (std::find(names.begin(), names.end(), stage.first) == names.end()) names.push_back(stage.first);
    }
  }
  return names;
}

std::vector<std::string> ReportSummary::moduleFieldNames(const SessionData& data) {
  std::vector<std::string> names;
  for (const RecordedFrame& f : data.frames) {
    for (const auto& field : f.moduleFields) {
      if (std::find(names.begin(), names.end(), field.first) == names.end()) names.push_back(field.first);
    }
  }
  return names;
}

double ReportSummary::percentile(std::vector<double> values, double q) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

ReportSummary ReportSummary::compute(const SessionData& data) {
  ReportSummary s;
  s.frameCount = static_cast<std::int64_t>(data.frames.size());
  s.interrupted = !data.manifest.complete;
  if (!data.frames.empty()) {
    s.firstFrame = data.frames.front().frame;
    s.lastFrame = data.frames.back().frame;
    s.durationS = std::max(0.0, data.frames.back().timeS - data.frames.front().timeS);
    if (s.frameCount >= 2 && s.durationS > 0) s.meanFps = static_cast<double>(s.frameCount - 1) / s.durationS;
    for (const std::string& stage : stageNames(data)) {
      std::vector<double> samples;
      for (const RecordedFrame& f : data.frames) {
        for (const auto& [name, ms] : f.stageMs) {
          if (name == stage) samples.push_back(ms);
        }
      }
      s.latency.push_back(latencyOf(QString::fromStdString(stage), std::move(samples)));
    }
    std::vector<double> totals;
    for (const RecordedFrame& f : data.frames) totals.push_back(f.totalMs);
    s.latency.push_back(latencyOf("total", std::move(totals)));
  }
  s.resolutions = resolutionsOf(data, s.framesWithSize);
  s.hasMetrics = !data.metrics.empty();
  if (s.hasMetrics) s.finalMetrics = data.metrics.back();
  s.knobs = data.knobs;
  std::stable_sort(s.knobs.begin(), s.knobs.end(), [](const auto& a, const auto& b) { return a.timeS < b.timeS; });
  s.framesWithGt = scoredFrames(data);
  s.framesWithoutGt = s.frameCount - s.framesWithGt;
  s.turbo = TurboSessionSummary::compute(data);
  return s;
}

}  // namespace edgescope
