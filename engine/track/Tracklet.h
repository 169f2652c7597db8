#pragma once
/// @file Tracklet.h
/// The tracker's internal state of one object (ByteTrack's STrack): Kalman state, identity, lifecycle flags and the
/// EMA-smoothed appearance embedding.

#include <cstdint>
#include <vector>

#include "core/Detection.h"
#include "core/Track.h"
#include "track/KalmanFilter.h"

namespace edgescope {

/// Lifecycle of a tracklet. Removed tracklets may linger one frame in the lost list (as in the reference tracker).
enum class TrackletState { Tracked, Lost, Removed };

/// Owned by MultiObjectTracker (shared between its lists); touched only by the thread that calls update().
/// Frame numbers count source frames.
class Tracklet {
 public:
  /// Starts a tracklet from @p detection at @p frame with identity @p id. @p activated is true for tracklets born in
  /// the tracker's very first frame (reported at once); others are unconfirmed until their next match.
  Tracklet(const KalmanFilter& filter, const Detection& detection, int id, std::int64_t frame, bool activated);

  /// Kalman prediction from the frame of the last predict/update to @p frame (dt = the gap in source frames). A
  /// tracklet that is not Tracked stops growing or shrinking (height velocity zeroed first), as in ByteTrack.
  void predict(const KalmanFilter& filter, std::int64_t frame);
  /// Kalman correction with @p detection matched at @p frame (also re-activates a Lost or lingering Removed
  /// tracklet): activated, state Tracked. @p momentum is the embedding EMA factor α.
  void update(const KalmanFilter& filter, const Detection& detection, std::int64_t frame, double momentum);
  void markLost() { state_ = TrackletState::Lost; }
  void markRemoved() { state_ = TrackletState::Removed; }

  int id() const { return id_; }
  TrackletState state() const { return state_; }
  bool isActivated() const { return activated_; }
  float score() const { return score_; }
  std::int64_t lastMatchedFrame() const { return lastMatchedFrame_; }
  std::int64_t startFrame() const { return startFrame_; }
  const KalmanState& kalman() const { return kalman_; }
  /// Box of the current Kalman mean (predicted or corrected), pixels.
  BoundingBox box() const { return KalmanFilter::toBox(kalman_); }
  /// Box the reference ByteTrack-cpp associates with: the box of the last correction (its STrack rect is not
  /// refreshed by predict), advanced by the Kalman velocity over source frames skipped since (none at dt = 1).
  BoundingBox lagBox() const;
  /// EMA-smoothed, L2-normalised embedding; empty when no matched detection carried one.
  const std::vector<float>& embedding() const { return embedding_; }
  /// Whether the tracklet was put on the removed list in an earlier frame (then it is dropped from the lost list).
  bool wasRemoved() const { return wasRemoved_; }
  void setWasRemoved() { wasRemoved_ = true; }

  /// Published snapshot at @p frame (Confirmed when Tracked and activated, Lost when lost, else Tentative).
  Track toTrack(std::int64_t frame) const;

 private:
  void blendEmbedding(const std::vector<float>& feature, double momentum);

  KalmanState kalman_;
  cv::Vec4d lagXyah_;        ///< (cx, cy, a, h) of lagBox()
  std::int64_t stateFrame_;  ///< frame the Kalman state refers to
  std::vector<float> embedding_;
  TrackletState state_ = TrackletState::Tracked;
  bool activated_ = false;
  bool wasRemoved_ = false;
  float score_ = 0.0f;
  int id_ = 0;
  std::int64_t lastMatchedFrame_ = 0;
  std::int64_t startFrame_ = 0;
};

}  // namespace edgescope
