#include "track/AssociationCost.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace edgescope {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

/// Dot product with eight independent partial sums (lets the compiler vectorise without -ffast-math).
float dot(const float* a, const float* b, size_t n) {
  float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t k = 0;
  for (; k + 8 <= n; k += 8) {
    for (int l = 0; l < 8; ++l) s[l] += a[k + l] * b[k + l];
  }
  float total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
  for (; k < n; ++k) total += a[k] * b[k];
  return total;
}

double norm(const std::vector<float>* e) {
  if (!e || e->empty()) return 0.0;
  const double n = std::sqrt(static_cast<double>(dot(e->data(), e->data(), e->size())));
  return std::isfinite(n) ? n : 0.0;
}

/// max(0, 1 − cos) of two embeddings with precomputed norms; +inf when either is unusable or dimensions differ.
double cosineDistance(const std::vector<float>* a, double aNorm, const std::vector<float>* b, double bNorm) {
  if (!(aNorm > 0) || !(bNorm > 0) || a->size() != b->size()) return kInf;
  const double cosine = dot(a->data(), b->data(), a->size()) / (aNorm * bNorm);
  return std::isfinite(cosine) ? std::max(0.0, 1.0 - cosine) : kInf;
}

std::vector<double> norms(const std::vector<const std::vector<float>*>& embeddings) {
  std::vector<double> out(embeddings.size());
  for (size_t k = 0; k < embeddings.size(); ++k) out[k] = norm(embeddings[k]);
  return out;
}

}  // namespace

double AssociationCost::iou(const BoundingBox& a, const BoundingBox& b, bool pixelInclusive) {
  if (!pixelInclusive) return a.iou(b);
  const double iw = std::min<double>(a.right(), b.right()) - std::max<double>(a.x, b.x) + 1.0;
  if (!(iw > 0)) return 0.0;
  const double ih = std::min<double>(a.bottom(), b.bottom()) - std::max<double>(a.y, b.y) + 1.0;
  if (!(ih > 0)) return 0.0;
  const double inter = iw * ih;
  const double areaA = (static_cast<double>(a.width) + 1.0) * (static_cast<double>(a.height) + 1.0);
  const double areaB = (static_cast<double>(b.width) + 1.0) * (static_cast<double>(b.height) + 1.0);
  const double uni = areaA + areaB - inter;
  return uni > 0 ? inter / uni : 0.0;
}

CostMatrix AssociationCost::iouDistance(const std::vector<BoundingBox>& tracks,
                                        const std::vector<BoundingBox>& detections, bool pixelInclusive) {
  CostMatrix cost(static_cast<int>(tracks.size()), static_cast<int>(detections.size()));
  for (int i = 0; i < cost.rows(); ++i) {
    double* row = cost.row(i);
    for (int j = 0; j < cost.cols(); ++j) row[j] = 1.0 - iou(tracks[i], detections[j], pixelInclusive);
  }
  return cost;
}

CostMatrix AssociationCost::embeddingDistance(const std::vector<const std::vector<float>*>& tracks,
                                              const std::vector<const std::vector<float>*>& detections) {
  CostMatrix cost(static_cast<int>(tracks.size()), static_cast<int>(detections.size()), kInf);
  const std::vector<double> trackNorm = norms(tracks), detNorm = norms(detections);
  for (int i = 0; i < cost.rows(); ++i) {
    double* row = cost.row(i);
    for (int j = 0; j < cost.cols(); ++j) row[j] = cosineDistance(tracks[i], trackNorm[i], detections[j], detNorm[j]);
  }
  return cost;
}

void AssociationCost::fuseMotion(CostMatrix& cost, const KalmanFilter& filter,
                                 const std::vector<const KalmanState*>& tracks,
                                 const std::vector<cv::Vec4d>& measurementsXyah, double lambda,
                                 double gatingThreshold) {
  if (cost.empty()) return;
  std::vector<double> gating;
  for (int i = 0; i < cost.rows() && i < static_cast<int>(tracks.size()); ++i) {
    filter.gatingDistances(*tracks[i], measurementsXyah, gating);
    double* row = cost.row(i);
    for (int j = 0; j < cost.cols() && j < static_cast<int>(gating.size()); ++j) {
      row[j] = gating[j] > gatingThreshold ? kInf : lambda * row[j] + (1.0 - lambda) * gating[j];
    }
  }
}

CostMatrix AssociationCost::gatedAppearanceCost(const std::vector<const std::vector<float>*>& trackEmbeddings,
                                                const std::vector<const std::vector<float>*>& detectionEmbeddings,
                                                const KalmanFilter& filter,
                                                const std::vector<const KalmanState*>& tracks,
                                                const std::vector<cv::Vec4d>& measurementsXyah, double lambda,
                                                double gatingThreshold) {
  const int rows = static_cast<int>(std::min(trackEmbeddings.size(), tracks.size()));
  const int cols = static_cast<int>(std::min(detectionEmbeddings.size(), measurementsXyah.size()));
  CostMatrix cost(rows, cols, kInf);
  const std::vector<double> detNorm = norms(detectionEmbeddings);
  std::vector<double> gating;
  for (int i = 0; i < cost.rows(); ++i) {
    filter.gatingDistances(*tracks[i], measurementsXyah, gating);
    const double trackNorm = norm(trackEmbeddings[i]);
    double* row = cost.row(i);
    for (int j = 0; j < cost.cols(); ++j) {
      if (gating[j] > gatingThreshold) continue;
      const double c = cosineDistance(trackEmbeddings[i], trackNorm, detectionEmbeddings[j], detNorm[j]);
      if (std::isfinite(c)) row[j] = lambda * c + (1.0 - lambda) * gating[j];
    }
  }
  return cost;
}

}  // namespace edgescope
