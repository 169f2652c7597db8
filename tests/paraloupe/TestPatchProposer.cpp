// PatchProposer: HighConf margin and aspect, lost-track age, LowConf components outside HighConf patches with their
// mean objectness and minimum height, RoIs.
#include <QtTest>

#include "paraloupe/PatchProposer.h"

using namespace edgescope;

namespace {

int countKind(const std::vector<Patch>& patches, PatchKind kind) {
  return static_cast<int>(std::count_if(patches.begin(), patches.end(), [&](const Patch& p) { return p.kind == kind; }));
}

}  // namespace

class TestPatchProposer : public QObject {
  Q_OBJECT
 private slots:
  void highConfEnlargedAndWidened() {
    PatchProposer proposer({0.25, 5, 0.5, 8});
    // A 40×100 box (aspect 0.4): enlarged to 50×125, then widened to 62.5×125 about the same centre (120, 250).
    const auto patches = proposer.propose({640, 480}, {{7, {100, 200, 40, 100}, 0.9f, 0}}, {}, cv::Mat(), 100);
    QCOMPARE(static_cast<int>(patches.size()), 1);
    const Patch& p = patches[0];
    QVERIFY(p.kind == PatchKind::High);
    QCOMPARE(p.trackId, 7);
    QCOMPARE(p.objectness, 0.9f);
    QCOMPARE(p.rect.width, 62.5f);
    QCOMPARE(p.rect.height, 125.0f);
    QCOMPARE(p.rect.centerX(), 120.0f);
    QCOMPARE(p.rect.centerY(), 250.0f);
    // A wide box (aspect 2) is made taller, not narrower.
    const BoundingBox wide = proposer.highConfRect({0, 0, 100, 50});
    QCOMPARE(wide.width, 125.0f);
    QCOMPARE(wide.height, 250.0f);
  }
  void oldLostTracksAndOffFrameTracksSkipped() {
    PatchProposer proposer({0.0, 5, 0.5, 8});
    const std::vector<PredictedTrack> tracks{{1, {10, 10, 20, 40}, 1, 5},   // lost 5 frames: kept
                                             {2, {10, 10, 20, 40}, 1, 6},   // lost 6: dropped
                                             {3, {700, 10, 20, 40}, 1, 0},  // predicted outside the frame
                                             {4, {10, 10, 0, 40}, 1, 0}};   // empty
    const auto patches = proposer.propose({640, 480}, tracks, {}, cv::Mat(), 100);
    QCOMPARE(static_cast<int>(patches.size()), 1);
    QCOMPARE(patches[0].trackId, 1);
  }
  void lowConfComponentsOutsideHighConf() {
    PatchProposer proposer({0.0, 5, 0.5, 8});
    cv::Mat p = cv::Mat::zeros(60, 80, CV_32F);  // 640×480 frame
    p(cv::Rect(10, 10, 4, 8)).setTo(0.8f);       // component A: x 80–112, y 80–144
    p(cv::Rect(50, 30, 2, 4)).setTo(0.6f);       // component B under a track's patch
    p(cv::Rect(70, 50, 1, 1)).setTo(0.49f);      // below the threshold
    const std::vector<PredictedTrack> tracks{{9, {392, 232, 32, 64}, 1, 0}};
    const auto patches = proposer.propose({640, 480}, tracks, {}, p, 60);
    QCOMPARE(countKind(patches, PatchKind::High), 1);
    QCOMPARE(countKind(patches, PatchKind::Low), 1);
    const Patch& low = patches[1];
    QCOMPARE(low.objectness, 0.8f);
    QCOMPARE(low.rect.x, 80.0f);
    QCOMPARE(low.rect.y, 80.0f);
    QCOMPARE(low.rect.width, 32.0f);
    QCOMPARE(low.rect.height, 64.0f);
  }
  void smallComponentsGrowToHalfAPerson() {
    PatchProposer proposer({0.0, 5, 0.5, 8});
    cv::Mat p = cv::Mat::zeros(60, 80, CV_32F);
    p.at<float>(20, 20) = 0.9f;  // one cell: 8×8 px centred at (164, 164)
    const auto patches = proposer.propose({640, 480}, {}, {}, p, 120);
    QCOMPARE(static_cast<int>(patches.size()), 1);
    QCOMPARE(patches[0].rect.height, 60.0f);
    QCOMPARE(patches[0].rect.width, 30.0f);
    QCOMPARE(patches[0].rect.centerX(), 164.0f);
    QCOMPARE(patches[0].rect.centerY(), 164.0f);
  }
  void roisBecomePatches() {
    PatchProposer proposer;
    const auto patches = proposer.propose({640, 480}, {}, {{0, 0, 100, 100}, {5, 5, 0, 0}}, cv::Mat(), 100);
    QCOMPARE(static_cast<int>(patches.size()), 1);
    QVERIFY(patches[0].kind == PatchKind::Roi);
    QCOMPARE(patches[0].rect.height, 200.0f);
    QCOMPARE(patches[0].objectness, 1.0f);
  }
};

QTEST_GUILESS_MAIN(TestPatchProposer)
#include "TestPatchProposer.moc"
