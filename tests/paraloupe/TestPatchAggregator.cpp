// PatchCropper and PatchAggregator: crop/frame mapping round trip (≤ 1e-3 px) for crops inside and past the frame,
// padding never shifts content, NMS prefers a HighConf patch's centre peak, truncated peaks are down-weighted, bad
// peaks dropped.
#include <QtTest>

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "paraloupe/PatchAggregator.h"
#include "paraloupe/PatchCropper.h"

using namespace edgescope;

namespace {

Patch patchAt(PatchKind kind, BoundingBox rect) {
  Patch p;
  p.kind = kind;
  p.rect = rect;
  return p;
}

}  // namespace

class TestPatchAggregator : public QObject {
  Q_OBJECT
 private slots:
  void mappingRoundTrip() {
    const cv::Size in(64, 128);
    for (const BoundingBox rect : {BoundingBox{100, 50, 80, 160}, BoundingBox{-30, -40, 90, 180},
                                   BoundingBox{600, 400, 70, 141}}) {
      const BoundingBox frameBox{rect.x + 11.25f, rect.y + 17.5f, 33.3f, 70.7f};
      const BoundingBox back = PatchCropper::toFrame(PatchCropper::toCrop(frameBox, rect, in), rect, in);
      QVERIFY(std::abs(back.x - frameBox.x) <= 1e-3f);
      QVERIFY(std::abs(back.y - frameBox.y) <= 1e-3f);
      QVERIFY(std::abs(back.width - frameBox.width) <= 1e-3f);
      QVERIFY(std::abs(back.height - frameBox.height) <= 1e-3f);
    }
  }
  void paddedCropKeepsContentInPlace() {
    cv::Mat frame(100, 100, CV_8UC3, cv::Scalar(10, 20, 30));
    cv::rectangle(frame, cv::Rect(0, 0, 20, 40), cv::Scalar(200, 200, 200), cv::FILLED);
    // A 60×120 patch at (−20, −40) resized 1:1: the frame's white block lands at crop (20, 40), padding above/left.
    const cv::Mat crop = PatchCropper::crop(frame, {-20, -40, 60, 120}, {60, 120});
    QCOMPARE(crop.size(), cv::Size(60, 120));
    QCOMPARE(crop.at<cv::Vec3b>(10, 10), cv::Vec3b(114, 114, 114));
    QCOMPARE(crop.at<cv::Vec3b>(50, 30), cv::Vec3b(200, 200, 200));
    QCOMPARE(crop.at<cv::Vec3b>(100, 50), cv::Vec3b(10, 20, 30));
    // Downscaled 2× the same block covers crop [10, 20) × [20, 40).
    const cv::Mat half = PatchCropper::crop(frame, {-20, -40, 60, 120}, {30, 60});
    QCOMPARE(half.at<cv::Vec3b>(30, 15), cv::Vec3b(200, 200, 200));
    QCOMPARE(half.at<cv::Vec3b>(5, 5), cv::Vec3b(114, 114, 114));
    QVERIFY_THROWS_EXCEPTION(std::exception, PatchCropper::crop(frame, {0, 0, 0, 10}, {8, 16}));
  }
  void peaksMappedToTheFrame() {
    PatchOutcome outcome{patchAt(PatchKind::Low, {100, 100, 128, 256}), {64, 128}, {}};
    outcome.peaks.push_back({{16, 32, 32, 64}, 0.9f, {1.0f, 0.0f}});
    const auto detections = PatchAggregator().aggregate({outcome}, {640, 480});
    QCOMPARE(static_cast<int>(detections.size()), 1);
    QCOMPARE(detections[0].box.x, 132.0f);
    QCOMPARE(detections[0].box.y, 164.0f);
    QCOMPARE(detections[0].box.width, 64.0f);
    QCOMPARE(detections[0].box.height, 128.0f);
    QCOMPARE(detections[0].score, 0.9f);
    QCOMPARE(detections[0].embedding.size(), std::size_t(2));
  }
  void truncatedPeaksDownWeightedUnlessAtTheFrameEdge() {
    // Box touching the crop's left edge: cut by the patch (×0.5) inside the frame, not at the frame's edge.
    PatchOutcome inside{patchAt(PatchKind::Low, {100, 100, 64, 128}), {64, 128}, {{{0, 40, 20, 40}, 0.8f, {}}}};
    PatchOutcome atEdge{patchAt(PatchKind::Low, {0, 300, 64, 128}), {64, 128}, {{{0, 40, 20, 40}, 0.8f, {}}}};
    const PatchAggregator aggregator;
    QCOMPARE(aggregator.aggregate({inside}, {640, 480})[0].score, 0.4f);
    QCOMPARE(aggregator.aggregate({atEdge}, {640, 480})[0].score, 0.8f);
  }
  void nmsPrefersHighConfCentrePeak() {
    // The same person seen by a HighConf patch (centre peak, 0.6) and a LowConf patch (0.9): the HighConf one stays.
    PatchOutcome high{patchAt(PatchKind::High, {100, 100, 64, 128}), {64, 128}, {{{12, 24, 40, 80}, 0.6f, {}}}};
    PatchOutcome low{patchAt(PatchKind::Low, {104, 100, 64, 128}), {64, 128}, {{{10, 24, 40, 80}, 0.9f, {}}}};
    const auto detections = PatchAggregator().aggregate({low, high}, {640, 480});
    QCOMPARE(static_cast<int>(detections.size()), 1);
    QCOMPARE(detections[0].score, 0.6f);
    QCOMPARE(detections[0].box.x, 112.0f);
    // Separate people both survive; a second (non-centre) peak of a HighConf patch competes by score.
    PatchOutcome two{patchAt(PatchKind::High, {300, 100, 64, 128}),
                     {64, 128},
                     {{{2, 2, 20, 40}, 0.7f, {}}, {{20, 40, 24, 48}, 0.5f, {}}}};
    QCOMPARE(PatchAggregator::centrePeak(two.peaks, two.inputSize), 1);
    QCOMPARE(static_cast<int>(PatchAggregator().aggregate({high, two}, {640, 480}).size()), 3);
  }
  void badPeaksDropped() {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    PatchOutcome outcome{patchAt(PatchKind::Low, {100, 100, 64, 128}), {64, 128}, {}};
    outcome.peaks = {{{nan, 0, 10, 10}, 0.9f, {}}, {{10, 10, 20, 20}, nan, {}}, {{10, 10, 20, 20}, 0.1f, {}},
                     {{10, 10, 20, 20}, 0.5f, {}}};
    QCOMPARE(static_cast<int>(PatchAggregator().aggregate({outcome}, {640, 480}).size()), 1);
    // A box entirely outside the frame after mapping is dropped.
    PatchOutcome outside{patchAt(PatchKind::Low, {-64, 0, 64, 128}), {64, 128}, {{{4, 4, 20, 40}, 0.9f, {}}}};
    QCOMPARE(static_cast<int>(PatchAggregator().aggregate({outside}, {640, 480}).size()), 0);
  }
};

QTEST_GUILESS_MAIN(TestPatchAggregator)
#include "TestPatchAggregator.moc"
