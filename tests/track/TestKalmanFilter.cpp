// KalmanFilter: initiate / predict / update / gating against hand-computed numbers, and predict(dt) equal to dt
// one-frame predictions.
#include <QtTest>
#include <cmath>

#include "track/KalmanFilter.h"

using namespace edgescope;

namespace {

bool near(double a, double b, double tol = 1e-9) { return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b)); }

}  // namespace

class TestKalmanFilter : public QObject {
  Q_OBJECT
 private slots:
  void initiateUsesByteTrackUncertainty() {
    // h = 100: position std 2/20·h = 10, velocity std 10/160·h = 6.25, aspect 1e-2 and 1e-5.
    const KalmanState s = KalmanFilter().initiate({100, 200, 0.5, 100});
    QCOMPARE(s.mean[0], 100.0);
    QCOMPARE(s.mean[3], 100.0);
    QCOMPARE(s.mean[4], 0.0);
    QVERIFY(near(s.covariance(0, 0), 100.0));
    QVERIFY(near(s.covariance(1, 1), 100.0));
    QVERIFY(near(s.covariance(2, 2), 1e-4));
    QVERIFY(near(s.covariance(3, 3), 100.0));
    QVERIFY(near(s.covariance(4, 4), 39.0625));
    QVERIFY(near(s.covariance(6, 6), 1e-10));
    QCOMPARE(s.covariance(0, 4), 0.0);
  }
  void predictOneFrame() {
    const KalmanFilter kf;
    KalmanState s = kf.initiate({100, 200, 0.5, 100});
    kf.predict(s);
    // P00 = 100 + 39.0625 (velocity) + (h/20)² = 164.0625; P04 = 39.0625; P44 = 39.0625 + (h/160)².
    QVERIFY(near(s.covariance(0, 0), 164.0625));
    QVERIFY(near(s.covariance(0, 4), 39.0625));
    QVERIFY(near(s.covariance(4, 0), 39.0625));
    QVERIFY(near(s.covariance(4, 4), 39.453125));
    QVERIFY(near(s.covariance(2, 2), 2.000001e-4));
    QCOMPARE(s.mean[0], 100.0);
  }
  void updateMovesMeanByGain() {
    const KalmanFilter kf;
    KalmanState s = kf.initiate({100, 200, 0.5, 100});
    kf.predict(s);
    kf.update(s, {110, 200, 0.5, 100});
    // S = 164.0625 + (h/20)² = 189.0625; x = 100 + 10·164.0625/S; vx = 10·39.0625/S.
    QVERIFY(near(s.mean[0], 108.67768595041322));
    QVERIFY(near(s.mean[4], 2.066115702479339));
    QVERIFY(near(s.mean[1], 200.0));
    QVERIFY(near(s.covariance(0, 0), 21.694214876033044));
    QVERIFY(near(s.covariance(0, 4), 5.165289256198349));
    QVERIFY(near(s.covariance(4, 4), 31.38236053719008));
  }
  void predictTwoFramesClosedForm() {
    const KalmanFilter kf;
    KalmanState s = kf.initiate({100, 200, 0.5, 100});
    kf.predict(s, 2);
    // F(2) P F(2)^T + noise of two steps: P00 = 100 + 4·39.0625 + 25 + 0.390625 + 25.
    QVERIFY(near(s.covariance(0, 0), 306.640625));
    QVERIFY(near(s.covariance(0, 4), 78.515625));
    QVERIFY(near(s.covariance(4, 4), 39.84375));
  }
  void predictWithGapEqualsRepeatedSteps() {
    const KalmanFilter kf;
    KalmanState a = kf.initiate({320, 240, 0.4, 150});
    for (int f = 1; f <= 4; ++f) {
      kf.predict(a);
      kf.update(a, {320.0 + 7 * f, 240.0 - 2 * f, 0.4, 150.0 + 3 * f});  // moving and growing
    }
    KalmanState b = a;
    kf.predict(a, 5);
    for (int k = 0; k < 5; ++k) kf.predict(b);
    for (int i = 0; i < 8; ++i) {
      QVERIFY2(near(a.mean[i], b.mean[i]),
               qPrintable(QString("mean %1: %2 vs %3").arg(i).arg(a.mean[i]).arg(b.mean[i])));
      for (int j = 0; j < 8; ++j) {
        QVERIFY2(
            near(a.covariance(i, j), b.covariance(i, j), 1e-9),
            qPrintable(QString("cov %1,%2: %3 vs %4").arg(i).arg(j).arg(a.covariance(i, j)).arg(b.covariance(i, j))));
      }
    }
    QVERIFY(a.mean[0] > 320 + 7 * 4);  // moved on with the estimated velocity
  }
  void gatingDistanceIsSquaredMahalanobis() {
    const KalmanFilter kf;
    const KalmanState s = kf.initiate({100, 200, 0.5, 100});
    // Projected covariance: diag(100 + 25, 100 + 25, 1e-4 + 1e-2, 100 + 25).
    std::vector<double> d;
    kf.gatingDistances(s, {{110, 200, 0.5, 100}, {100, 195, 0.6, 105}}, d);
    QCOMPARE(d.size(), size_t(2));
    QVERIFY(near(d[0], 100.0 / 125.0));
    QVERIFY(near(d[1], 25.0 / 125.0 + 0.01 / 0.0101 + 25.0 / 125.0));
    QVERIFY(d[0] < KalmanFilter::kChi2Inv95Dof4);
  }
  void boxConversionRoundTrips() {
    const BoundingBox box{10.5f, 20.25f, 40.0f, 80.0f};
    const cv::Vec4d z = KalmanFilter::toXyah(box);
    QCOMPARE(z[0], 30.5);
    QCOMPARE(z[1], 60.25);
    QCOMPARE(z[2], 0.5);
    const BoundingBox back = KalmanFilter::toBox(KalmanFilter().initiate(z));
    QCOMPARE(back.x, box.x);
    QCOMPARE(back.y, box.y);
    QCOMPARE(back.width, box.width);
    QCOMPARE(back.height, box.height);
  }
  void degenerateHeightDoesNotCrash() {
    const KalmanFilter kf;
    KalmanState s = kf.initiate({0, 0, 1, 0});
    kf.predict(s, 3);
    kf.update(s, {1, 1, 1, 0});
    std::vector<double> d;
    kf.gatingDistances(s, {{1, 1, 1, 0}}, d);
    QCOMPARE(d.size(), size_t(1));
    QVERIFY(std::isfinite(s.mean[0]));
  }
};

QTEST_APPLESS_MAIN(TestKalmanFilter)
#include "TestKalmanFilter.moc"
