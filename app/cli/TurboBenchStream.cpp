#include "cli/TurboBenchStream.h"

#include <algorithm>

#include "core/Stopwatch.h"
#include "deepscale/ResolutionLadder.h"
#include "degrade/DegradedSource.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/Percentile.h"

#include <nlohmann/json.hpp>

namespace edgescope {

TurboBenchStream::TurboBenchStream(int index, const std::string& uri, const std::string& gt, const std::string& degrade,
                                   const FrameRange& range, const TrackerConfig& tracker, cv::Size inputSize)
    : index_(index),
      uri_(uri),
      degrade_(degrade),
      range_(range),
      tracker_(tracker),
      fixedInput_(inputSize),
      exitHistogram_(6, 0) {
  source_ = SourceFactory::open(uri, gt);
  if (!degrade.empty()) source_ = std::make_unique<DegradedSource>(std::move(source_), DegradationSpec::parse(degrade));
  const SourceInfo& info = source_->info();
  if (info.live) throw Error("--source '" + uri + "': a live source sets its own pace; turbo-bench paces files");
  hasGroundTruth_ = info.hasGroundTruth || source_->groundTruth() != nullptr;
  TrackerConfig config = tracker;
  config.frameRateFps = info.fps > 0 ? info.fps : 30.0;
  tracker_.setConfig(config);
  inputSize_ = fixedInput_.empty()
                   ? cv::Size(ResolutionLadder::alignSide(info.width), ResolutionLadder::alignSide(info.height))
                   : fixedInput_;
  if (range.first > 1 && !(info.kind != "file" && source_->seek(range.first))) {
    SourceFrame skip;
    for (std::int64_t i = 1; i < range.first; ++i) {
      if (source_->read(skip, 0) != ReadStatus::Frame)
        throw Error("--source '" + uri + "': empty frame range, the video ended at frame " + std::to_string(i - 1));
    }
  }
}

bool TurboBenchStream::read() {
  if (ended_) return false;
  if (source_->read(frame_, 0) != ReadStatus::Frame || !range_.contains(frame_.frame.number)) {
    ended_ = true;
    return false;
  }
  if (fixedInput_.empty())
    inputSize_ = {ResolutionLadder::alignSide(frame_.frame.image.cols),
                  ResolutionLadder::alignSide(frame_.frame.image.rows)};
  return true;
}

bool TurboBenchStream::tracksPredictPeople() const { return !tracker_.predict(frame_.frame.number).empty(); }

double TurboBenchStream::complete(const std::vector<Detection>& detections, const TurboBenchOutcome& outcome,
                                  double dueMs, double intervalMs) {
  Stopwatch clock;
  tracker_.update(detections, frame_.frame.number);
  const double trackMs = clock.elapsedMs();
  const double e2e = Stopwatch::nowMs() - dueMs;
  e2eMs_.push_back(e2e);
  ++frames_;
  const bool late = intervalMs > 0.0 && e2e > intervalMs;
  late_ += late ? 1 : 0;
  overruns_ += late && outcome.exit > 0 ? 1 : 0;
  hard_ += outcome.hard ? 1 : 0;
  enhanced_ += outcome.exit > 0 ? 1 : 0;
  fallbacks_ += outcome.fellBack ? 1 : 0;
  demoted_ += outcome.demoted ? 1 : 0;
  ++exitHistogram_[static_cast<std::size_t>(std::clamp(outcome.exit, 0, 5))];
  predictedGain_ += outcome.predictedGain;
  spentMs_ += outcome.spentMs;
  const bool degraded = frame_.degradation.degraded();
  degraded_ += degraded ? 1 : 0;
  if (hasGroundTruth_) detection_.addFrame(frame_.frame.number, frame_.groundTruth, detections, degraded);
  return trackMs;
}

Json TurboBenchStream::toJson() const {
  Json json = {{"source", uri_},
               {"degrade", degrade_},
               {"frames", frames_},
               {"latency_ms",
                {{"e2e",
                  {{"p50", Percentile::of(e2eMs_, 50.0)},
                   {"p99", Percentile::of(e2eMs_, 99.0)},
                   {"max", e2eMs_.empty() ? 0.0 : *std::max_element(e2eMs_.begin(), e2eMs_.end())}}}}},
               {"late_frames", late_},
               {"overruns", overruns_},
               {"hard_frames", hard_},
               {"enhanced_frames", enhanced_},
               {"degraded_frames", degraded_},
               {"fallbacks", fallbacks_},
               {"demoted_frames", demoted_},
               {"exit_histogram", exitHistogram_},
               {"predicted_gain", predictedGain_},
               {"spent_ms", spentMs_}};
  if (hasGroundTruth_) {
    json["detection"] = {{"AP50", 100.0 * detection_.ap50()},
                         {"AP50_hard", 100.0 * detection_.ap50Hard()},
                         {"AP50_clean", 100.0 * detection_.ap50Clean()},
                         {"hard_frames", detection_.hardFrames()}};
  }
  return json;
}

}  // namespace edgescope
