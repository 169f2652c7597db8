#include "metrics/PipelineExporter.h"

#include "util/Error.h"

namespace edgescope {

namespace {
constexpr std::int64_t kScoreEveryFrames = 25;
}

PipelineExporter::PipelineExporter(const std::string& address, const std::string& source,
                                   const std::string& detectorSpec)
    : server_(address),
      pipeline_(server_.registry(), source),
      cluster_(server_.registry()),
      buildInfo_(server_.registry(), BuildInfo::describeDetector(detectorSpec)) {
  deepscale_.active = true;
}

PipelineExporter::~PipelineExporter() { server_.stop(); }

void PipelineExporter::addFrame(const LatencyBreakdown& latency, const DeepScaleFrame& deepscale,
                                const PartitionFrame& partition, int frameWidthPx, int frameHeightPx, double decodeMs) {
  if (decodeMs >= 0.0) {
    LatencyBreakdown withDecode;
    withDecode.add("decode", decodeMs);
    for (const auto& stage : latency.stages()) withDecode.add(stage.first, stage.second);
    pipeline_.observeFrame(withDecode, deepscale, partition, frameWidthPx, frameHeightPx);
  } else {
    pipeline_.observeFrame(latency, deepscale, partition, frameWidthPx, frameHeightPx);
  }
  ++counts_.framesProcessed;
  pipeline_.updateCounts(counts_);
  if (deepscale.active && deepscale.reselected) {
    ++deepscale_.selections;
    pipeline_.updateDeepScale(deepscale_);
  }
}

void PipelineExporter::scoreFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp) {
  if (!scoring_) return;
  try {
    accuracy_.addFrame(frame, gt, hyp);
  } catch (const Error&) {  // the command itself reports such GT; the live gauges just stop
    scoring_ = false;
    return;
  }
  if (++scoredFrames_ % kScoreEveryFrames == 0) pipeline_.updateAccuracy(accuracy_.compute());
}

void PipelineExporter::restartScoring() {
  if (scoring_ && scoredFrames_ % kScoreEveryFrames != 0) pipeline_.updateAccuracy(accuracy_.compute());
  accuracy_.reset();
  scoredFrames_ = 0;
  scoring_ = true;
}

}  // namespace edgescope
