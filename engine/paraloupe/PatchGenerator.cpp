#include "paraloupe/PatchGenerator.h"

#include <algorithm>

#include "core/Stopwatch.h"
#include "paraloupe/PatchProposer.h"

namespace edgescope {

PatchGenerator::PatchGenerator(ObjectnessModel model) : model_(std::move(model)) {}

GeneratedPatches PatchGenerator::generate(const cv::Mat& bgr, const std::vector<Track>& predicted,
                                          const std::vector<BoundingBox>& rois, const ParaLoupeConfig& config) {
  const Stopwatch clock;
  GeneratedPatches out;
  if (bgr.size() != frameSize_) {
    reset();
    frameSize_ = bgr.size();
  }
  const ObjectnessFeatureMaps& maps = features_.compute(bgr);
  out.objectness = model_.predict(maps);
  std::vector<PredictedTrack> tracks;
  std::vector<float> heights;
  for (const Track& t : predicted) {
    tracks.push_back({t.id, t.box, t.score, t.framesSinceUpdate});
    heights.push_back(t.box.height);
  }
  if (!heights.empty()) {
    std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
    personHeightPx_ = heights[heights.size() / 2] * static_cast<float>(1.0 + config.highConfMargin);
  }
  out.personHeightPx = personHeightPx_ > 0.0f ? personHeightPx_ : 0.3f * static_cast<float>(bgr.rows);
  const PatchProposer proposer({config.highConfMargin, config.lostFrames, config.lowConfThreshold,
                                ObjectnessFeatures::kCellPx});
  const std::vector<Patch> candidates = proposer.propose(bgr.size(), tracks, rois, out.objectness, out.personHeightPx);
  const PatchRefiner refiner({config.lambda1, config.lambda2, config.splitLarge, config.maxPatches,
                              config.lowConfWeight, config.lowConfThreshold, ObjectnessFeatures::kCellPx});
  out.refined = refiner.refine(candidates, bgr.size(), out.objectness, out.personHeightPx);
  out.generateMs = clock.elapsedMs();
  return out;
}

void PatchGenerator::learn(const std::vector<BoundingBox>& boxes, const ParaLoupeConfig& config) {
  if (frameSize_.empty() || features_.maps().edge.empty()) return;
  const cv::Mat labels = ObjectnessFeatures::occupancy(boxes, frameSize_);
  if (features_.maps().hasPrevious && !model_.update(features_.maps(), labels, config.lrRate)) {
    warning_ = "objectness update gave a non-finite weight: the model card's weights are restored";
  }
  features_.addBoxes(boxes, config.historyDecay);
}

void PatchGenerator::reset() {
  features_.reset();
  frameSize_ = cv::Size();
  personHeightPx_ = 0.0f;
}

std::string PatchGenerator::takeWarning() {
  std::string out;
  std::swap(out, warning_);
  return out;
}

}  // namespace edgescope
