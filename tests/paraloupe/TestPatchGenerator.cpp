// PatchGenerator on synthetic street frames: HighConf patches follow the predicted tracks, a person walking in where no
// track is gets a LowConf patch once the frame difference shows it, the online update keeps the weights finite, a NaN
// restores the card's weights with one warning, a new frame size resets.
#include <QtTest>

#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "paraloupe/PatchGenerator.h"

using namespace edgescope;

namespace {

/// A textured background with a walker (a 30×80 box) at x = @p walkerX.
cv::Mat frame(int walkerX) {
  cv::Mat image(240, 320, CV_8UC3, cv::Scalar(70, 80, 90));
  for (int x = 0; x < 320; x += 40) cv::line(image, {x, 200}, {x + 20, 240}, cv::Scalar(120, 120, 120), 1);
  cv::rectangle(image, cv::Rect(walkerX, 100, 30, 80), cv::Scalar(200, 160, 120), cv::FILLED);
  cv::rectangle(image, cv::Rect(walkerX + 8, 90, 14, 14), cv::Scalar(150, 140, 230), cv::FILLED);
  return image;
}

}  // namespace

class TestPatchGenerator : public QObject {
  Q_OBJECT
 private slots:
  void highConfFollowsTracksLowConfFindsNewcomers() {
    PatchGenerator generator;  // default weights: edges and motion
    ParaLoupeConfig config;
    GeneratedPatches first = generator.generate(frame(40), {}, {}, config);
    QVERIFY(first.refined.patches.empty() || first.refined.patches.front().kind != PatchKind::High);
    // Second frame: the walker moved 6 px; no track yet → a LowConf patch over it.
    GeneratedPatches second = generator.generate(frame(46), {}, {}, config);
    bool lowOverWalker = false;
    for (const Patch& p : second.refined.patches) {
      lowOverWalker |= p.kind == PatchKind::Low && p.rect.x < 76 && p.rect.right() > 46;
    }
    QVERIFY2(lowOverWalker, "the moving person gets a LowConf patch");
    QVERIFY(second.generateMs >= 0.0);
    // With a track predicted there, the walker is a HighConf patch and no LowConf patch repeats it.
    Track track;
    track.id = 3;
    track.box = {52, 100, 30, 80};
    generator.learn({{46, 90, 30, 90}}, config);
    GeneratedPatches third = generator.generate(frame(52), {track}, {}, config);
    QVERIFY(!third.refined.patches.empty());
    QCOMPARE(third.refined.patches.front().kind, PatchKind::High);
    QCOMPARE(third.refined.patches.front().trackId, 3);
    for (std::size_t i = 1; i < third.refined.patches.size(); ++i) {
      QVERIFY(third.refined.patches[i].rect.iou(third.refined.patches.front().rect) <= config.lambda2);
    }
    for (double w : generator.model().weights()) QVERIFY(std::isfinite(w));
    QVERIFY(generator.takeWarning().empty());
  }
  void nanRestoresTheCardWeights() {
    const ObjectnessModel::Weights card{1.0, 2.0, 3.0, -4.0};
    PatchGenerator generator{ObjectnessModel(card)};
    ParaLoupeConfig config;
    config.lrRate = std::numeric_limits<double>::infinity();  // the step leaves non-finite weights
    generator.generate(frame(40), {}, {}, config);
    generator.generate(frame(60), {}, {}, config);
    generator.learn({{60, 90, 30, 90}}, config);
    QCOMPARE(generator.model().weights(), card);
    QVERIFY(!generator.takeWarning().empty());
    QVERIFY(generator.takeWarning().empty());  // said once
  }
  void newSizeResets() {
    PatchGenerator generator;
    ParaLoupeConfig config;
    generator.generate(frame(40), {}, {}, config);
    cv::Mat larger;
    cv::resize(frame(40), larger, {640, 480});
    const GeneratedPatches out = generator.generate(larger, {}, {}, config);
    QCOMPARE(out.objectness.size(), cv::Size(80, 60));
  }
};

QTEST_GUILESS_MAIN(TestPatchGenerator)
#include "TestPatchGenerator.moc"
