#pragma once
/// @file AssociationCost.h
/// Cost matrices of the association rounds: IoU distance, appearance (cosine) distance and JDE's fusion of
/// appearance with Kalman motion gating (fuse_motion).

#include <opencv2/core/matx.hpp>
#include <vector>

#include "core/BoundingBox.h"
#include "track/CostMatrix.h"
#include "track/KalmanFilter.h"

namespace edgescope {

/// Stateless; reentrant. Rows are tracks, columns detections.
class AssociationCost {
 public:
  /// Pixel-inclusive IoU (areas (w + 1)(h + 1), as cython_bbox and the reference ByteTrack-cpp compute it) when
  /// @p pixelInclusive, plain geometric IoU otherwise.
  static double iou(const BoundingBox& a, const BoundingBox& b, bool pixelInclusive);
  /// 1 − IoU for every pair; an empty matrix when either side is empty.
  static CostMatrix iouDistance(const std::vector<BoundingBox>& tracks, const std::vector<BoundingBox>& detections,
                                bool pixelInclusive);
  /// max(0, 1 − cos) between embeddings (any norm; cosine is computed). A pair gets +inf when either embedding is
  /// null, empty, all-zero or the dimensions differ — such pairs are never matched by appearance.
  static CostMatrix embeddingDistance(const std::vector<const std::vector<float>*>& tracks,
                                      const std::vector<const std::vector<float>*>& detections);
  /// JDE/FairMOT fuse_motion: cost(i, j) = λ·cost(i, j) + (1 − λ)·d²(i, j) with d² the squared Mahalanobis distance
  /// of detection j from track i's projected state, or +inf when d² > @p gatingThreshold.
  static void fuseMotion(CostMatrix& cost, const KalmanFilter& filter, const std::vector<const KalmanState*>& tracks,
                         const std::vector<cv::Vec4d>& measurementsXyah, double lambda, double gatingThreshold);
  /// fuseMotion(embeddingDistance(@p trackEmbeddings, @p detectionEmbeddings)) computed gate first: cosines are
  /// evaluated only inside the Mahalanobis gate (pairs outside are +inf either way). Same result, a fraction of the
  /// dot products in a crowd. @p tracks and @p trackEmbeddings are parallel, as are the detection vectors.
  static CostMatrix gatedAppearanceCost(const std::vector<const std::vector<float>*>& trackEmbeddings,
                                        const std::vector<const std::vector<float>*>& detectionEmbeddings,
                                        const KalmanFilter& filter, const std::vector<const KalmanState*>& tracks,
                                        const std::vector<cv::Vec4d>& measurementsXyah, double lambda,
                                        double gatingThreshold);
};

}  // namespace edgescope
