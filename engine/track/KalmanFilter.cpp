#include "track/KalmanFilter.h"

#include <cmath>
#include <limits>
#include <opencv2/core.hpp>

namespace edgescope {

namespace {
constexpr double kAspectPositionStd = 1e-2;     // process noise std of the aspect ratio per frame
constexpr double kAspectVelocityStd = 1e-5;     // process noise std of the aspect velocity per frame
constexpr double kAspectMeasurementStd = 1e-1;  // measurement noise std of the aspect ratio
}  // namespace

KalmanFilter::KalmanFilter(double stdWeightPosition, double stdWeightVelocity)
    : weightPosition_(stdWeightPosition), weightVelocity_(stdWeightVelocity) {}

KalmanState KalmanFilter::initiate(const cv::Vec4d& z) const {
  KalmanState s;
  const double h = z[3];
  const double p = 2.0 * weightPosition_ * h;
  const double v = 10.0 * weightVelocity_ * h;
  const double stds[8] = {p, p, kAspectPositionStd, p, v, v, kAspectVelocityStd, v};
  s.mean = cv::Vec<double, 8>::all(0.0);
  s.covariance = cv::Matx<double, 8, 8>::zeros();
  for (int i = 0; i < 4; ++i) s.mean[i] = z[i];
  for (int i = 0; i < 8; ++i) s.covariance(i, i) = stds[i] * stds[i];
  return s;
}

void KalmanFilter::predict(KalmanState& s, int dtFrames) const {
  const int n = dtFrames < 1 ? 1 : dtFrames;
  const double dt = n;
  // Noise of step k is scaled by the height before that step, h_k = h0 + k * vh; after the remaining
  // m = n - 1 - k steps it contributes [[qp + m² qv, m qv], [m qv, qv]] to each (position, velocity) pair.
  double sumH2 = 0, sumMH2 = 0, sumM2H2 = 0, sumM = 0, sumM2 = 0;
  for (int k = 0; k < n; ++k) {
    const double h = s.mean[3] + k * s.mean[7];
    const double m = n - 1 - k;
    sumH2 += h * h;
    sumMH2 += m * h * h;
    sumM2H2 += m * m * h * h;
    sumM += m;
    sumM2 += m * m;
  }
  // Mean: x += dt * v.
  for (int i = 0; i < 4; ++i) s.mean[i] += dt * s.mean[i + 4];
  // Covariance: F P F^T with F = I + dt * E (E maps velocity i + 4 onto position i).
  cv::Matx<double, 8, 8>& p = s.covariance;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) p(i, j) += dt * p(i + 4, j);
  }
  for (int j = 0; j < 4; ++j) {
    for (int i = 0; i < 8; ++i) p(i, j) += dt * p(i, j + 4);
  }
  const double wp2 = weightPosition_ * weightPosition_;
  const double wv2 = weightVelocity_ * weightVelocity_;
  const double ap2 = kAspectPositionStd * kAspectPositionStd;
  const double av2 = kAspectVelocityStd * kAspectVelocityStd;
  for (int i = 0; i < 4; ++i) {
    const bool aspect = i == 2;
    const double qpp = aspect ? n * ap2 + av2 * sumM2 : wp2 * sumH2 + wv2 * sumM2H2;
    const double qpv = aspect ? av2 * sumM : wv2 * sumMH2;
    const double qvv = aspect ? n * av2 : wv2 * sumH2;
    p(i, i) += qpp;
    p(i, i + 4) += qpv;
    p(i + 4, i) += qpv;
    p(i + 4, i + 4) += qvv;
  }
}

void KalmanFilter::project(const KalmanState& s, cv::Vec4d& mean, cv::Matx44d& covariance) const {
  const double r = weightPosition_ * s.mean[3];
  const double stds[4] = {r, r, kAspectMeasurementStd, r};
  for (int i = 0; i < 4; ++i) {
    mean[i] = s.mean[i];
    for (int j = 0; j < 4; ++j) covariance(i, j) = s.covariance(i, j);
    covariance(i, i) += stds[i] * stds[i];
  }
}

void KalmanFilter::update(KalmanState& s, const cv::Vec4d& z) const {
  cv::Vec4d projected;
  cv::Matx44d innovationCov;
  project(s, projected, innovationCov);
  bool ok = false;
  const cv::Matx44d sInv = innovationCov.inv(cv::DECOMP_CHOLESKY, &ok);
  if (!ok) return;  // degenerate covariance (e.g. zero height): keep the prediction
  // H P is the first four rows of P; gain^T = S^-1 H P (4 x 8).
  cv::Matx<double, 4, 8> hp;
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 8; ++j) hp(i, j) = s.covariance(i, j);
  }
  const cv::Matx<double, 4, 8> gainT = sInv * hp;
  const cv::Vec4d innovation = z - projected;
  for (int j = 0; j < 8; ++j) {
    double delta = 0;
    for (int i = 0; i < 4; ++i) delta += gainT(i, j) * innovation[i];
    s.mean[j] += delta;
  }
  // P - K S K^T = P - (H P)^T S^-1 (H P).
  s.covariance -= hp.t() * gainT;
}

void KalmanFilter::gatingDistances(const KalmanState& s, const std::vector<cv::Vec4d>& measurements,
                                   std::vector<double>& out) const {
  out.assign(measurements.size(), std::numeric_limits<double>::infinity());
  cv::Vec4d projected;
  cv::Matx44d cov;
  project(s, projected, cov);
  bool ok = false;
  const cv::Matx44d inv = cov.inv(cv::DECOMP_CHOLESKY, &ok);
  if (!ok) return;
  for (size_t k = 0; k < measurements.size(); ++k) {
    const cv::Vec4d d = measurements[k] - projected;
    double q = 0;
    for (int i = 0; i < 4; ++i) {
      double row = 0;
      for (int j = 0; j < 4; ++j) row += inv(i, j) * d[j];
      q += d[i] * row;
    }
    out[k] = std::isfinite(q) ? q : std::numeric_limits<double>::infinity();
  }
}

cv::Vec4d KalmanFilter::toXyah(const BoundingBox& b) {
  return {b.x + b.width * 0.5, b.y + b.height * 0.5, static_cast<double>(b.width) / b.height, b.height};
}

BoundingBox KalmanFilter::toBox(const KalmanState& s) {
  const double h = s.mean[3];
  const double w = s.mean[2] * h;
  return {static_cast<float>(s.mean[0] - w / 2), static_cast<float>(s.mean[1] - h / 2), static_cast<float>(w),
          static_cast<float>(h)};
}

}  // namespace edgescope
