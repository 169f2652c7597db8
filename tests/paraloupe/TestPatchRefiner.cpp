// PatchRefiner: λ1 drop or split into person-sized tiles, λ2 overlap only for LowConf, priority order and cap,
// whole-pixel rectangles and weights.
#include <QtTest>

#include "paraloupe/PatchRefiner.h"

using namespace edgescope;

namespace {

Patch make(PatchKind kind, BoundingBox rect, float objectness) {
  Patch p;
  p.kind = kind;
  p.rect = rect;
  p.objectness = objectness;
  return p;
}

}  // namespace

class TestPatchRefiner : public QObject {
  Q_OBJECT
 private slots:
  void largeLowConfDroppedWithoutSplit() {
    PatchRefinerOptions options;
    options.splitLarge = false;
    const cv::Size frame(640, 480);
    const RefinedPatches out = PatchRefiner(options).refine(
        {make(PatchKind::Low, {0, 0, 640, 300}, 0.9f), make(PatchKind::High, {0, 0, 640, 400}, 0.9f)}, frame,
        cv::Mat(), 100);
    QCOMPARE(out.droppedLarge, 1);
    QCOMPARE(static_cast<int>(out.patches.size()), 1);  // HighConf is never dropped for size
    QVERIFY(out.patches[0].kind == PatchKind::High);
  }
  void largeLowConfSplitIntoTilesWhereObjectnessIs() {
    PatchRefinerOptions options;
    options.maxPatches = 32;
    const cv::Size frame(640, 480);
    cv::Mat p = cv::Mat::zeros(60, 80, CV_32F);
    p(cv::Rect(0, 0, 40, 60)).setTo(0.7f);  // the left half of the frame passes the threshold
    const RefinedPatches out =
        PatchRefiner(options).refine({make(PatchKind::Low, {0, 0, 640, 480}, 0.5f)}, frame, p, 160);
    QCOMPARE(out.splitLarge, 1);
    QVERIFY(out.tiles > 0);
    for (const Patch& tile : out.patches) {
      QCOMPARE(tile.rect.height, 160.0f);
      QCOMPARE(tile.rect.width, 80.0f);
      QVERIFY2(tile.rect.x < 320.0f, "tiles only where p passes");
      QVERIFY(tile.rect.x >= 0.0f && tile.rect.bottom() <= 480.0f);
    }
    // λ2 thins the 25 %-overlapping tiles, but every part of the left half keeps a tile.
    QVERIFY(out.patches.size() >= 4);
  }
  void overlapDropsOnlyLowConf() {
    const cv::Size frame(640, 480);
    const RefinedPatches out = PatchRefiner().refine(
        {make(PatchKind::Low, {100, 100, 50, 100}, 0.9f), make(PatchKind::High, {100, 100, 50, 100}, 0.5f),
         make(PatchKind::High, {105, 100, 50, 100}, 0.6f), make(PatchKind::Low, {400, 100, 50, 100}, 0.7f),
         make(PatchKind::Low, {410, 110, 50, 100}, 0.6f)},
        frame, cv::Mat(), 100);
    QCOMPARE(out.droppedOverlap, 2);  // the LowConf over the HighConf, the weaker of the two LowConf
    QCOMPARE(static_cast<int>(out.patches.size()), 3);
    QVERIFY(out.patches[0].kind == PatchKind::High && out.patches[0].objectness == 0.6f);
    QVERIFY(out.patches[1].kind == PatchKind::High);
    QCOMPARE(out.patches[2].objectness, 0.7f);
  }
  void orderCapIdsAndWeights() {
    PatchRefinerOptions options;
    options.maxPatches = 3;
    options.lowConfWeight = 0.25;
    const RefinedPatches out = PatchRefiner(options).refine(
        {make(PatchKind::Low, {0, 0, 10, 20}, 0.9f), make(PatchKind::Roi, {100, 0, 10, 20}, 1.0f),
         make(PatchKind::Low, {200, 0, 10, 20}, 0.95f), make(PatchKind::High, {300, 0, 10.4f, 19.6f}, 0.3f)},
        {640, 480}, cv::Mat(), 100);
    QCOMPARE(out.droppedCap, 1);
    QCOMPARE(static_cast<int>(out.patches.size()), 3);
    QVERIFY(out.patches[0].kind == PatchKind::High);
    QVERIFY(out.patches[1].kind == PatchKind::Roi);
    QCOMPARE(out.patches[2].objectness, 0.95f);
    for (int i = 0; i < 3; ++i) QCOMPARE(out.patches[i].id, i);
    QCOMPARE(out.patches[0].weight, 1.0);
    QCOMPARE(out.patches[2].weight, 0.25);
    QCOMPARE(out.patches[0].rect.width, 10.0f);  // whole pixels
    QCOMPARE(out.patches[0].rect.height, 20.0f);
  }
};

QTEST_GUILESS_MAIN(TestPatchRefiner)
#include "TestPatchRefiner.moc"
