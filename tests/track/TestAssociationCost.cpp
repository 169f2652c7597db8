// AssociationCost: IoU (plain and pixel-inclusive) by hand, cosine distance, fuse_motion gating, and the gate-first
// appearance cost equal to embeddingDistance + fuseMotion.
#include <QtTest>
#include <cmath>
#include <limits>

#include "track/AssociationCost.h"
#include "util/Rng.h"

using namespace edgescope;

class TestAssociationCost : public QObject {
  Q_OBJECT
 private slots:
  void iouByHand() {
    const BoundingBox a{0, 0, 10, 10}, b{5, 0, 10, 10};
    QVERIFY(std::fabs(AssociationCost::iou(a, b, false) - 50.0 / 150.0) < 1e-6);
    // (w + 1)(h + 1) areas: intersection 6 x 11, union 121 + 121 - 66.
    QCOMPARE(AssociationCost::iou(a, b, true), 66.0 / 176.0);
    QCOMPARE(AssociationCost::iou(a, {20, 20, 5, 5}, true), 0.0);
    const CostMatrix d = AssociationCost::iouDistance({a, b}, {b}, false);
    QCOMPARE(d.rows(), 2);
    QCOMPARE(d.cols(), 1);
    QCOMPARE(d.at(1, 0), 0.0);
    QVERIFY(std::fabs(d.at(0, 0) - 2.0 / 3.0) < 1e-6);
    QVERIFY(AssociationCost::iouDistance({}, {b}, true).empty());
  }
  void cosineDistance() {
    const std::vector<float> x{1, 0}, y{0, 2}, z{3, 3}, bad{1, 0, 0}, zero{0, 0};
    const CostMatrix d = AssociationCost::embeddingDistance({&x, &zero}, {&x, &y, &z, &bad});
    QCOMPARE(d.at(0, 0), 0.0);
    QCOMPARE(d.at(0, 1), 1.0);
    QVERIFY(std::fabs(d.at(0, 2) - (1.0 - std::sqrt(0.5))) < 1e-6);
    QVERIFY(std::isinf(d.at(0, 3)));  // dimension mismatch
    QVERIFY(std::isinf(d.at(1, 0)));  // all-zero embedding
    QVERIFY(std::isinf(AssociationCost::embeddingDistance({nullptr}, {&x}).at(0, 0)));
  }
  void fuseMotionGatesAndBlends() {
    const KalmanFilter kf;
    const KalmanState s = kf.initiate({100, 200, 0.5, 100});  // projected variance 125 in x
    CostMatrix cost(1, 2, 0.5);
    AssociationCost::fuseMotion(cost, kf, {&s}, {{110, 200, 0.5, 100}, {140, 200, 0.5, 100}}, 0.98, 9.4877);
    QVERIFY(std::fabs(cost.at(0, 0) - (0.98 * 0.5 + 0.02 * 0.8)) < 1e-12);
    QVERIFY(std::isinf(cost.at(0, 1)));  // 1600 / 125 = 12.8 > 9.4877
  }
  void gatedCostEqualsEmbeddingPlusFuse() {
    Rng rng(9);
    const KalmanFilter kf;
    std::vector<KalmanState> states;
    std::vector<std::vector<float>> trackE(12), detE(15);
    std::vector<cv::Vec4d> measurements;
    for (int i = 0; i < 12; ++i) {
      states.push_back(kf.initiate({rng.uniform(0, 300), rng.uniform(0, 300), 0.4, rng.uniform(50, 150)}));
      kf.predict(states.back(), 1 + i % 3);
    }
    for (auto& e : trackE) {
      for (int k = 0; k < 32; ++k) e.push_back(static_cast<float>(rng.normal()));
    }
    for (int j = 0; j < 15; ++j) {
      measurements.push_back({rng.uniform(0, 300), rng.uniform(0, 300), 0.4, rng.uniform(50, 150)});
      for (int k = 0; k < 32; ++k) detE[j].push_back(static_cast<float>(rng.normal()));
    }
    detE[3].clear();  // a detection without embedding
    std::vector<const std::vector<float>*> t, d;
    std::vector<const KalmanState*> sp;
    for (auto& e : trackE) t.push_back(&e);
    for (auto& e : detE) d.push_back(&e);
    for (auto& s : states) sp.push_back(&s);
    CostMatrix reference = AssociationCost::embeddingDistance(t, d);
    AssociationCost::fuseMotion(reference, kf, sp, measurements, 0.98, 9.4877);
    const CostMatrix gated = AssociationCost::gatedAppearanceCost(t, d, kf, sp, measurements, 0.98, 9.4877);
    int finite = 0;
    for (int i = 0; i < 12; ++i) {
      for (int j = 0; j < 15; ++j) {
        if (std::isinf(reference.at(i, j))) {
          QVERIFY(std::isinf(gated.at(i, j)));
        } else {
          ++finite;
          QVERIFY(std::fabs(reference.at(i, j) - gated.at(i, j)) < 1e-12);
        }
      }
    }
    QVERIFY(finite > 5 && finite < 12 * 15);  // the scene has pairs inside and outside the gate
  }
};

QTEST_APPLESS_MAIN(TestAssociationCost)
#include "TestAssociationCost.moc"
