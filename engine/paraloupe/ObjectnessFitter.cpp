#include "paraloupe/ObjectnessFitter.h"

#include "util/Error.h"

namespace edgescope {

void ObjectnessFitter::collect(const std::vector<cv::Mat>& frames, const std::vector<std::vector<BoundingBox>>& boxes,
                               double historyDecay, std::vector<ObjectnessFeatureMaps>& maps,
                               std::vector<cv::Mat>& labels) {
  if (frames.size() != boxes.size() || frames.size() < 2) {
    throw Error("objectness fit: needs at least two consecutive frames with boxes for each");
  }
  ObjectnessFeatures features;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const ObjectnessFeatureMaps& m = features.compute(frames[i]);
    if (m.hasPrevious) {
      ObjectnessFeatureMaps copy;
      copy.edge = m.edge.clone();
      copy.diff = m.diff.clone();
      copy.hist = m.hist.clone();
      copy.hasPrevious = true;
      maps.push_back(copy);
      labels.push_back(ObjectnessFeatures::occupancy(boxes[i], frames[i].size()));
    }
    features.addBoxes(boxes[i], historyDecay);  // after this frame: its history holds only the past
  }
}

ObjectnessScore ObjectnessFitter::fit(ObjectnessModel& model, const std::vector<cv::Mat>& frames,
                                      const std::vector<std::vector<BoundingBox>>& boxes, double historyDecay,
                                      int iterations, double learningRate) {
  std::vector<ObjectnessFeatureMaps> maps;
  std::vector<cv::Mat> labels;
  collect(frames, boxes, historyDecay, maps, labels);
  model.fit(maps, labels, iterations, learningRate);
  return score(model, frames, boxes, historyDecay);
}

ObjectnessScore ObjectnessFitter::score(const ObjectnessModel& model, const std::vector<cv::Mat>& frames,
                                        const std::vector<std::vector<BoundingBox>>& boxes, double historyDecay,
                                        double threshold) {
  std::vector<ObjectnessFeatureMaps> maps;
  std::vector<cv::Mat> labels;
  collect(frames, boxes, historyDecay, maps, labels);
  ObjectnessScore out;
  double objects = 0, objectHits = 0, background = 0, backgroundHits = 0;
  for (std::size_t i = 0; i < maps.size(); ++i) {
    out.loss += model.loss(maps[i], labels[i]) / maps.size();
    const cv::Mat p = model.predict(maps[i]);
    const cv::Mat object = labels[i] > 0.5f, passes = p >= threshold;
    objects += cv::countNonZero(object);
    objectHits += cv::countNonZero(object & passes);
    background += static_cast<double>(object.total()) - cv::countNonZero(object);
    backgroundHits += cv::countNonZero(~object & passes);
  }
  out.objectRecall = objects > 0 ? objectHits / objects : 0.0;
  out.backgroundRate = background > 0 ? backgroundHits / background : 0.0;
  out.frames = static_cast<int>(maps.size());
  return out;
}

}  // namespace edgescope
