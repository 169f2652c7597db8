#pragma once
/// @file MultiObjectTracker.h
/// Tracking-by-detection with a pure update() API (ByteTrack-cpp style). BYTE mode reproduces the reference
/// BYTETracker exactly (IoU rounds for high- then low-score boxes, unconfirmed handling, track buffer, de-duplication
/// of tracked vs lost tracks); JDE mode (JDE/FairMOT, DeepScale §III-C) first associates by appearance — cosine
/// distance to each track's EMA embedding fused with Kalman Mahalanobis gating — then by IoU. Frame numbers are
/// source frame numbers, so skipped frames widen the Kalman prediction instead of breaking tracks.

#include <cstdint>
#include <memory>
#include <vector>

#include "core/Detection.h"
#include "core/Track.h"
#include "track/KalmanFilter.h"
#include "track/LinearAssignment.h"
#include "track/TrackerConfig.h"
#include "track/Tracklet.h"

namespace edgescope {

/// Not thread-safe: owned and called by one thread (the engine thread). Holds no references to its inputs.
class MultiObjectTracker {
 public:
  explicit MultiObjectTracker(const TrackerConfig& config = TrackerConfig());

  /// Associates the detections of source frame @p frameNumber (any origin; must increase from call to call, gaps
  /// allowed) and returns the active tracks: tracked and confirmed, boxes Kalman-corrected (pixels), ids stable.
  /// Detections with non-finite values or a non-positive width/height are ignored. Throws Error when
  /// @p frameNumber does not increase (call reset() after a seek or a loop).
  std::vector<Track> update(const std::vector<Detection>& detections, std::int64_t frameNumber);
  /// Tracks currently lost (waiting for re-identification), boxes at their Kalman prediction.
  std::vector<Track> lostTracks() const;
  /// Every tracked (confirmed or tentative) and lost track with its box Kalman-predicted to source frame
  /// @p frameNumber (no state changes; a frame not after the last update predicts nothing); framesSinceUpdate counts
  /// to @p frameNumber. ParaLoupe's HighConf patches (issue 20).
  std::vector<Track> predict(std::int64_t frameNumber) const;
  /// Forgets every track and restarts ids at 1; the next update() is a first frame again.
  void reset();

  /// For the next @p frames update() calls, JDE mode associates by IoU only (as without embeddings) and every matched
  /// track takes its detection's embedding as it is (re-seeded, no EMA): after an AMS model swap the new network's
  /// embeddings are not comparable with the old ones. 0 ends it; reset() too.
  void holdAppearance(int frames) { appearanceHoldFrames_ = frames > 0 ? frames : 0; }
  /// update() calls left in the hold.
  int appearanceHoldFrames() const { return appearanceHoldFrames_; }

  const TrackerConfig& config() const { return config_; }
  /// Takes effect at the next update(); tracks are kept.
  void setConfig(const TrackerConfig& config) { config_ = config; }

 private:
  using TrackletPtr = std::shared_ptr<Tracklet>;
  using TrackletList = std::vector<TrackletPtr>;
  using DetectionList = std::vector<const Detection*>;

  /// Matches @p tracks to @p dets on @p cost below @p limit; matched tracklets are updated and appended to
  /// @p tracked (or @p refound when they were not Tracked). Leftovers are returned through the out lists.
  void matchAndUpdate(const CostMatrix& cost, double limit, const TrackletList& tracks, const DetectionList& dets,
                      TrackletList& tracked, TrackletList& refound, TrackletList& leftTracks, DetectionList& leftDets);
  /// Round 1 (and JDE's IoU round): @p high against @p pool. Tracked leftovers go to @p remainTracked.
  void matchHighScore(const TrackletList& pool, const DetectionList& high, TrackletList& tracked, TrackletList& refound,
                      TrackletList& remainTracked, DetectionList& remainHigh);
  /// Rebuilds tracked_ and lost_ from this frame's outcome as the reference does, then de-duplicates.
  void commitLists(const TrackletList& currentTracked, const TrackletList& refound, const TrackletList& currentLost,
                   const TrackletList& currentRemoved);
  /// JDE round-1 cost: appearance fused with motion gating (+inf for pairs lacking embeddings).
  CostMatrix appearanceCost(const TrackletList& pool, const DetectionList& dets) const;
  /// IoU distance between the tracks' match boxes and the detections.
  CostMatrix iouCost(const TrackletList& tracks, const DetectionList& dets) const;
  /// Box a track is associated with: its Kalman prediction, or the reference's lagging box (see TrackerConfig).
  BoundingBox matchBox(const Tracklet& t) const;
  /// Drops tracks not matched for longer than the buffer (+1) before association; only needed across gaps.
  void dropStale(std::int64_t frame);
  /// ByteTrack's remove_duplicate_stracks on tracked_ and lost_.
  void removeDuplicates();

  TrackerConfig config_;
  KalmanFilter filter_;
  TrackletList tracked_;  ///< Tracked tracklets, confirmed or not (in reference order)
  TrackletList lost_;     ///< Lost tracklets sorted by id (may hold tracklets removed this frame for one frame)
  int lastId_ = 0;
  int appearanceHoldFrames_ = 0;  ///< holdAppearance(): update() calls left
  bool holding_ = false;          ///< the update() running is in the hold
  bool started_ = false;
  std::int64_t lastFrame_ = 0;
};

}  // namespace edgescope
