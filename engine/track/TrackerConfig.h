#pragma once
/// @file TrackerConfig.h
/// Every threshold of MultiObjectTracker, with the defaults of the reference BYTETracker (BYTE mode) and of
/// JDE/FairMOT's appearance association (JDE mode), plus the operator-facing subset as ParameterSpecs.

#include <string>
#include <vector>

#include "session/ParameterSpec.h"

namespace edgescope {

/// How the first association round is scored.
enum class TrackerMode {
  Byte,  ///< IoU only, high- then low-score detections (ByteTrack)
  Jde,   ///< appearance (cosine of EMA embeddings) fused with Kalman motion gating, then IoU (JDE/FairMOT)
};

/// Value type; copy it into the tracker (the tracker keeps its own copy). Distances are unitless in [0, 1] (IoU
/// distance = 1 − IoU, cosine distance = 1 − cos); scores are detector confidences in [0, 1].
struct TrackerConfig {
  TrackerMode mode = TrackerMode::Byte;

  // --- shared by both modes ---
  float highScoreThresh = 0.5f;         ///< detections with score ≥ this are "high" (ByteTrack track_thresh)
  float newTrackThresh = 0.6f;          ///< a leftover high detection starts a track if score ≥ this (high_thresh)
  float matchThresh = 0.8f;             ///< IoU distance limit of round 1 (BYTE, or JDE without embeddings)
  float lowMatchThresh = 0.5f;          ///< IoU distance limit of the low-score round (BYTE round 2)
  float unconfirmedMatchThresh = 0.7f;  ///< IoU distance limit for tracks born in the previous frame
  float duplicateIouDistance = 0.15f;   ///< tracked/lost pairs closer than this are de-duplicated
  int trackBufferFrames = 30;           ///< lost tracks survive frameRateFps / 30 × this many frames
  double frameRateFps = 30.0;           ///< source frame rate (frame numbers passed to update() count source frames)
  /// IoU rounds compare detections with the track's Kalman prediction (Python ByteTrack, FairMOT) instead of the
  /// box of its last correction (the reference ByteTrack-cpp, whose golden output needs false). Either way,
  /// skipped source frames are bridged with the Kalman velocity. JDE mode always uses the prediction.
  bool iouOnPrediction = false;

  // --- JDE mode ---
  float embeddingMatchThresh = 0.4f;  ///< limit of the fused appearance/motion cost (FairMOT 0.4, JDE 0.7)
  float motionLambda = 0.98f;         ///< fused cost = λ·cosine + (1 − λ)·Mahalanobis² (fuse_motion)
  float gatingThreshold = 9.4877f;    ///< Mahalanobis² gate, chi² 95 % quantile for 4 dof
  float embeddingMomentum = 0.9f;     ///< α of the track embedding EMA: e = α·e + (1 − α)·f, re-normalised
  float jdeIouMatchThresh = 0.5f;     ///< IoU distance limit of JDE's second (IoU) round
  bool jdeLowScoreRound = false;      ///< JDE: also match remaining tracks to low-score boxes like BYTE round 2

  /// Frames a lost track is kept: int(frameRateFps / 30 × trackBufferFrames) (30 with the defaults).
  int maxTimeLostFrames() const;

  /// Operator-facing knobs (ids "track.*") with this struct's defaults; the UI builds controls from these.
  static std::vector<ParameterSpec> parameterSpecs();
  /// Sets the field named by @p id to @p value sanitised by its spec (clamped, snapped to the step). Returns the
  /// applied value. Throws Error naming the id when it is not one of parameterSpecs().
  double apply(const std::string& id, double value);
  /// Value of the field named by @p id (as a double). Throws Error for an unknown id.
  double value(const std::string& id) const;
};

}  // namespace edgescope
