#include "track/MultiObjectTracker.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_set>

#include "track/AssociationCost.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// The reference computes IoU the cython_bbox way (areas of (w + 1)(h + 1) pixels).
constexpr bool kPixelInclusiveIou = true;

bool isValid(const Detection& d) {
  const BoundingBox& b = d.box;
  return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) && std::isfinite(b.height) && b.width > 0 &&
         b.height > 0 && std::isfinite(d.score);
}

bool hasEmbedding(const Detection* d) { return !d->embedding.empty(); }

}  // namespace

MultiObjectTracker::MultiObjectTracker(const TrackerConfig& config) : config_(config) {}

void MultiObjectTracker::reset() {
  tracked_.clear();
  lost_.clear();
  lastId_ = 0;
  appearanceHoldFrames_ = 0;
  started_ = false;
  lastFrame_ = 0;
}

std::vector<Track> MultiObjectTracker::update(const std::vector<Detection>& detections, std::int64_t frame) {
  if (started_ && frame <= lastFrame_) {
    throw Error("MultiObjectTracker::update: frameNumber " + std::to_string(frame) + " does not follow " +
                std::to_string(lastFrame_) + " (call reset() after a seek or loop)");
  }
  const bool firstFrame = !started_;
  const std::int64_t gap = firstFrame ? 1 : frame - lastFrame_;
  started_ = true;
  lastFrame_ = frame;
  holding_ = appearanceHoldFrames_ > 0;
  if (holding_) --appearanceHoldFrames_;

  DetectionList high, low;
  for (const Detection& d : detections) {
    if (!isValid(d)) continue;
    (d.score >= config_.highScoreThresh ? high : low).push_back(&d);
  }
  if (gap > 1) dropStale(frame);

  TrackletList unconfirmed, pool;
  for (const auto& t : tracked_) (t->isActivated() ? pool : unconfirmed).push_back(t);
  std::unordered_set<int> poolIds;
  for (const auto& t : pool) poolIds.insert(t->id());
  for (const auto& t : lost_) {
    if (poolIds.insert(t->id()).second) pool.push_back(t);
  }
  for (const auto& t : pool) t->predict(filter_, frame);

  // Round 1: high-score detections against confirmed and lost tracks.
  TrackletList currentTracked, refound, remainTracked, currentLost, currentRemoved;
  DetectionList remainHigh;
  matchHighScore(pool, high, currentTracked, refound, remainTracked, remainHigh);

  // Round 2: low-score detections keep the remaining tracked tracks alive; the rest are lost.
  TrackletList unmatched;
  if (config_.mode == TrackerMode::Byte || config_.jdeLowScoreRound) {
    DetectionList unusedLow;
    matchAndUpdate(iouCost(remainTracked, low), config_.lowMatchThresh, remainTracked, low, currentTracked, refound,
                   unmatched, unusedLow);
  } else {
    unmatched = remainTracked;
  }
  for (const auto& t : unmatched) {
    t->markLost();
    currentLost.push_back(t);
  }

  // Tracks born last frame need a second match to be confirmed; otherwise they are dropped.
  DetectionList newDets;
  TrackletList unmatchedUnconfirmed;
  matchAndUpdate(iouCost(unconfirmed, remainHigh), config_.unconfirmedMatchThresh, unconfirmed, remainHigh,
                 currentTracked, refound, unmatchedUnconfirmed, newDets);
  for (const auto& t : unmatchedUnconfirmed) {
    t->markRemoved();
    currentRemoved.push_back(t);
  }
  for (const Detection* d : newDets) {
    if (d->score < config_.newTrackThresh) continue;
    currentTracked.push_back(std::make_shared<Tracklet>(filter_, *d, ++lastId_, frame, firstFrame));
  }

  // Lost tracks beyond the buffer are removed (they linger in the lost list until the next frame, as in the
  // reference, where they can still be found again by round 1).
  const int maxTimeLost = config_.maxTimeLostFrames();
  for (const auto& t : lost_) {
    if (frame - t->lastMatchedFrame() > maxTimeLost) {
      t->markRemoved();
      currentRemoved.push_back(t);
    }
  }

  commitLists(currentTracked, refound, currentLost, currentRemoved);

  std::vector<Track> out;
  for (const auto& t : tracked_) {
    if (t->isActivated()) out.push_back(t->toTrack(frame));
  }
  return out;
}

std::vector<Track> MultiObjectTracker::predict(std::int64_t frameNumber) const {
  std::vector<Track> out;
  if (!started_) return out;
  for (const TrackletList* list : {&tracked_, &lost_}) {
    for (const TrackletPtr& t : *list) {
      if (t->state() == TrackletState::Removed) continue;
      Tracklet copy = *t;
      if (frameNumber > lastFrame_) copy.predict(filter_, frameNumber);
      out.push_back(copy.toTrack(frameNumber));
    }
  }
  return out;
}

std::vector<Track> MultiObjectTracker::lostTracks() const {
  std::vector<Track> out;
  for (const auto& t : lost_) {
    if (t->state() == TrackletState::Lost) out.push_back(t->toTrack(lastFrame_));
  }
  return out;
}

void MultiObjectTracker::matchHighScore(const TrackletList& pool, const DetectionList& high, TrackletList& tracked,
                                        TrackletList& refound, TrackletList& remainTracked, DetectionList& remainHigh) {
  TrackletList left;
  const bool appearance =
      config_.mode == TrackerMode::Jde && !holding_ && std::any_of(high.begin(), high.end(), hasEmbedding);
  if (!appearance) {  // BYTE, or JDE falling back to IoU
    matchAndUpdate(iouCost(pool, high), config_.matchThresh, pool, high, tracked, refound, left, remainHigh);
    for (const auto& t : left) {
      if (t->state() == TrackletState::Tracked) remainTracked.push_back(t);
    }
    return;
  }
  // JDE: appearance fused with motion first (the only way back for lost tracks), then IoU for tracked ones.
  DetectionList leftDets;
  matchAndUpdate(appearanceCost(pool, high), config_.embeddingMatchThresh, pool, high, tracked, refound, left,
                 leftDets);
  TrackletList leftTracked;
  for (const auto& t : left) {
    if (t->state() == TrackletState::Tracked) leftTracked.push_back(t);
  }
  matchAndUpdate(iouCost(leftTracked, leftDets), config_.jdeIouMatchThresh, leftTracked, leftDets, tracked, refound,
                 remainTracked, remainHigh);
}

void MultiObjectTracker::commitLists(const TrackletList& currentTracked, const TrackletList& refound,
                                     const TrackletList& currentLost, const TrackletList& currentRemoved) {
  tracked_ = currentTracked;
  tracked_.insert(tracked_.end(), refound.begin(), refound.end());
  std::unordered_set<int> trackedIds;
  for (const auto& t : tracked_) trackedIds.insert(t->id());
  // As the reference: lost = (lost − tracked) ∪ newly lost, minus tracklets removed in an earlier frame, by id.
  TrackletList lost;
  for (const auto& t : lost_) {
    if (!trackedIds.count(t->id()) && !t->wasRemoved()) lost.push_back(t);
  }
  for (const auto& t : currentLost) {
    if (!t->wasRemoved()) lost.push_back(t);
  }
  std::sort(lost.begin(), lost.end(), [](const TrackletPtr& a, const TrackletPtr& b) { return a->id() < b->id(); });
  lost_ = std::move(lost);
  for (const auto& t : currentRemoved) t->setWasRemoved();
  removeDuplicates();
}

void MultiObjectTracker::matchAndUpdate(const CostMatrix& cost, double limit, const TrackletList& tracks,
                                        const DetectionList& dets, TrackletList& tracked, TrackletList& refound,
                                        TrackletList& leftTracks, DetectionList& leftDets) {
  const AssignmentResult r =
      LinearAssignment::solve(cost, static_cast<int>(tracks.size()), static_cast<int>(dets.size()), limit);
  for (const auto& [row, col] : r.matches) {
    const TrackletPtr& t = tracks[row];
    const bool wasTracked = t->state() == TrackletState::Tracked;
    t->update(filter_, *dets[col], lastFrame_, holding_ ? 0.0 : config_.embeddingMomentum);
    (wasTracked ? tracked : refound).push_back(t);
  }
  for (const int row : r.unmatchedRows) leftTracks.push_back(tracks[row]);
  for (const int col : r.unmatchedCols) leftDets.push_back(dets[col]);
}

CostMatrix MultiObjectTracker::appearanceCost(const TrackletList& pool, const DetectionList& dets) const {
  std::vector<const std::vector<float>*> trackFeatures, detFeatures;
  std::vector<const KalmanState*> states;
  std::vector<cv::Vec4d> measurements;
  for (const auto& t : pool) {
    trackFeatures.push_back(&t->embedding());
    states.push_back(&t->kalman());
  }
  for (const Detection* d : dets) {
    detFeatures.push_back(&d->embedding);
    measurements.push_back(KalmanFilter::toXyah(d->box));
  }
  return AssociationCost::gatedAppearanceCost(trackFeatures, detFeatures, filter_, states, measurements,
                                              config_.motionLambda, config_.gatingThreshold);
}

BoundingBox MultiObjectTracker::matchBox(const Tracklet& t) const {
  return config_.iouOnPrediction || config_.mode == TrackerMode::Jde ? t.box() : t.lagBox();
}

CostMatrix MultiObjectTracker::iouCost(const TrackletList& tracks, const DetectionList& dets) const {
  std::vector<BoundingBox> a, b;
  for (const auto& t : tracks) a.push_back(matchBox(*t));
  for (const Detection* d : dets) b.push_back(d->box);
  return AssociationCost::iouDistance(a, b, kPixelInclusiveIou);
}

void MultiObjectTracker::dropStale(std::int64_t frame) {
  const std::int64_t limit = static_cast<std::int64_t>(config_.maxTimeLostFrames()) + 1;
  const auto stale = [&](const TrackletPtr& t) { return frame - t->lastMatchedFrame() > limit; };
  tracked_.erase(std::remove_if(tracked_.begin(), tracked_.end(), stale), tracked_.end());
  lost_.erase(std::remove_if(lost_.begin(), lost_.end(), stale), lost_.end());
}

void MultiObjectTracker::removeDuplicates() {
  if (tracked_.empty() || lost_.empty()) return;
  std::vector<char> dropTracked(tracked_.size(), 0), dropLost(lost_.size(), 0);
  for (size_t i = 0; i < tracked_.size(); ++i) {
    const BoundingBox a = matchBox(*tracked_[i]);
    for (size_t j = 0; j < lost_.size(); ++j) {
      const double distance = 1.0 - AssociationCost::iou(a, matchBox(*lost_[j]), kPixelInclusiveIou);
      if (distance >= config_.duplicateIouDistance) continue;
      const std::int64_t timeP = tracked_[i]->lastMatchedFrame() - tracked_[i]->startFrame();
      const std::int64_t timeQ = lost_[j]->lastMatchedFrame() - lost_[j]->startFrame();
      (timeP > timeQ ? dropLost[j] : dropTracked[i]) = 1;
    }
  }
  TrackletList tracked, lost;
  for (size_t i = 0; i < tracked_.size(); ++i) {
    if (!dropTracked[i]) tracked.push_back(tracked_[i]);
  }
  for (size_t j = 0; j < lost_.size(); ++j) {
    if (!dropLost[j]) lost.push_back(lost_[j]);
  }
  tracked_ = std::move(tracked);
  lost_ = std::move(lost);
}

}  // namespace edgescope
