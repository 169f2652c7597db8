#include "track/Tracklet.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgescope {

Tracklet::Tracklet(const KalmanFilter& filter, const Detection& detection, int id, std::int64_t frame, bool activated)
    : kalman_(filter.initiate(KalmanFilter::toXyah(detection.box))),
      stateFrame_(frame),
      activated_(activated),
      score_(detection.score),
      id_(id),
      lastMatchedFrame_(frame),
      startFrame_(frame) {
  blendEmbedding(detection.embedding, 0.0);
  for (int i = 0; i < 4; ++i) lagXyah_[i] = kalman_.mean[i];
}

void Tracklet::predict(const KalmanFilter& filter, std::int64_t frame) {
  if (state_ != TrackletState::Tracked) kalman_.mean[7] = 0.0;
  const std::int64_t gap = frame - stateFrame_;
  const int dt = static_cast<int>(std::clamp<std::int64_t>(gap, 1, std::numeric_limits<int>::max()));
  for (int i = 0; i < 4; ++i) lagXyah_[i] += (dt - 1) * kalman_.mean[i + 4];
  filter.predict(kalman_, dt);
  stateFrame_ = std::max(frame, stateFrame_ + 1);
}

void Tracklet::update(const KalmanFilter& filter, const Detection& detection, std::int64_t frame, double momentum) {
  filter.update(kalman_, KalmanFilter::toXyah(detection.box));
  for (int i = 0; i < 4; ++i) lagXyah_[i] = kalman_.mean[i];
  stateFrame_ = std::max(stateFrame_, frame);
  state_ = TrackletState::Tracked;
  activated_ = true;
  score_ = detection.score;
  lastMatchedFrame_ = frame;
  blendEmbedding(detection.embedding, momentum);
}

void Tracklet::blendEmbedding(const std::vector<float>& feature, double momentum) {
  if (feature.empty()) return;
  double norm = 0;
  for (const float v : feature) norm += static_cast<double>(v) * v;
  norm = std::sqrt(norm);
  if (!(norm > 0) || !std::isfinite(norm)) return;
  if (embedding_.size() != feature.size()) {
    embedding_.assign(feature.size(), 0.0f);  // first (or re-dimensioned) feature: taken as is
    momentum = 0.0;
  }
  double smoothNorm = 0;
  for (size_t k = 0; k < feature.size(); ++k) {
    const double v = momentum * embedding_[k] + (1.0 - momentum) * feature[k] / norm;
    embedding_[k] = static_cast<float>(v);
    smoothNorm += v * v;
  }
  smoothNorm = std::sqrt(smoothNorm);
  if (smoothNorm > 0) {
    for (float& v : embedding_) v = static_cast<float>(v / smoothNorm);
  }
}

BoundingBox Tracklet::lagBox() const {
  const double h = lagXyah_[3];
  const double w = lagXyah_[2] * h;
  return {static_cast<float>(lagXyah_[0] - w / 2), static_cast<float>(lagXyah_[1] - h / 2), static_cast<float>(w),
          static_cast<float>(h)};
}

Track Tracklet::toTrack(std::int64_t frame) const {
  Track t;
  t.id = id_;
  t.box = box();
  t.score = score_;
  t.state = state_ == TrackletState::Tracked ? (activated_ ? TrackState::Confirmed : TrackState::Tentative)
                                             : TrackState::Lost;
  t.ageFrames = static_cast<int>(std::max<std::int64_t>(0, frame - startFrame_));
  t.framesSinceUpdate = static_cast<int>(std::max<std::int64_t>(0, frame - lastMatchedFrame_));
  return t;
}

}  // namespace edgescope
