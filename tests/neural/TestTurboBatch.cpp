// TurboBatch (turbo-bench's window path, issue 21) against TurboInference::run on a tiny network with a perturbed
// enhancer: a batch of one gives exactly the per-frame path's detections at every exit and the same D_f difficulty;
// a batch of two frames gives each frame its own result (up to float rounding of the batched convolutions); frames
// wait for the plan without being overwritten by the next encode; mixed input sizes are an Error; an empty image
// gives no detections; timeExit runs each batch size.
#include "TurboTestRig.h"
#include "neural/TurboBatch.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

#include "util/Error.h"

using namespace edgescope;
using namespace edgescope::neuraltest;

namespace {

bool sameDetections(const std::vector<Detection>& a, const std::vector<Detection>& b, double tolerance) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const BoundingBox &p = a[i].box, &q = b[i].box;
    if (std::fabs(p.x - q.x) > tolerance || std::fabs(p.y - q.y) > tolerance ||
        std::fabs(p.width - q.width) > tolerance || std::fabs(p.height - q.height) > tolerance ||
        std::fabs(a[i].score - b[i].score) > tolerance || a[i].embedding.size() != b[i].embedding.size())
      return false;
    for (std::size_t k = 0; k < a[i].embedding.size(); ++k)
      if (std::fabs(a[i].embedding[k] - b[i].embedding[k]) > tolerance) return false;
  }
  return true;
}

TurboInference::ExitChooser fixed(int exit) {
  return [exit](double, const std::vector<Detection>*) { return exit; };
}

}  // namespace

class TestTurboBatch : public QObject {
  Q_OBJECT

 private Q_SLOTS:
  void initTestCase() { torch::manual_seed(11); }

  void aBatchOfOneIsThePerFramePath() {
    TurboTestRig rig;
    TurboBatch batch(*rig.turbo);
    const cv::Mat frame = noiseFrame(1);
    const cv::Size size(128, 96);
    const TurboEncodedFrame encoded = batch.encode(frame, size, true);
    TurboInference::Options options;
    const TurboFrameResult plain = rig.turbo->run(frame, size, options, fixed(0));
    QCOMPARE(encoded.discriminatorDifficulty, plain.discriminatorDifficulty);
    QVERIFY(encoded.discriminatorDifficulty >= 0.0 && encoded.discriminatorDifficulty <= 1.0);
    QVERIFY(!plain.detections.empty());
    for (int exit = 0; exit <= batch.exits(); ++exit) {
      const TurboBatchResult result = batch.finish({&encoded}, exit);
      const TurboFrameResult expected = rig.turbo->run(frame, size, options, fixed(exit));
      QCOMPARE(expected.exit, exit);
      QCOMPARE(result.detections.size(), std::size_t(1));
      QVERIFY2(sameDetections(result.detections[0], expected.detections, 0.0), qPrintable(QString::number(exit)));
      QVERIFY(!result.fellBack[0]);
      QVERIFY(result.ms > 0.0);
      if (exit > 0) QVERIFY(!sameDetections(result.detections[0], plain.detections, 1e-6));  // the enhancer ran
    }
  }

  void aBatchGivesEachFrameItsOwnResult() {
    TurboTestRig rig;
    TurboBatch batch(*rig.turbo);
    const cv::Size size(128, 96);
    const cv::Mat a = noiseFrame(2), b = noiseFrame(3);
    // Both encoded before either finishes: the second encode must not overwrite the first frame's input level.
    const TurboEncodedFrame ea = batch.encode(a, size, false), eb = batch.encode(b, size, false);
    QCOMPARE(ea.discriminatorDifficulty, -1.0);
    for (int exit : {0, 3, 5}) {
      const TurboBatchResult both = batch.finish({&ea, &eb}, exit);
      QCOMPARE(both.detections.size(), std::size_t(2));
      const TurboBatchResult onlyA = batch.finish({&ea}, exit), onlyB = batch.finish({&eb}, exit);
      QVERIFY2(sameDetections(both.detections[0], onlyA.detections[0], 1e-3), qPrintable(QString::number(exit)));
      QVERIFY2(sameDetections(both.detections[1], onlyB.detections[0], 1e-3), qPrintable(QString::number(exit)));
      QVERIFY(!sameDetections(both.detections[0], both.detections[1], 1e-3));
      const TurboFrameResult expected = rig.turbo->run(a, size, TurboInference::Options{}, fixed(exit));
      QVERIFY(sameDetections(onlyA.detections[0], expected.detections, 0.0));
    }
  }

  void badBatchesAndEmptyFrames() {
    TurboTestRig rig;
    TurboBatch batch(*rig.turbo);
    const TurboEncodedFrame small = batch.encode(noiseFrame(4), {128, 96}, false);
    const TurboEncodedFrame large = batch.encode(noiseFrame(4), {160, 128}, false);
    QVERIFY_THROWS_EXCEPTION(Error, batch.finish({&small, &large}, 2));
    QVERIFY_THROWS_EXCEPTION(Error, batch.encode(noiseFrame(4), {100, 96}, false));  // not a multiple of 32
    const TurboEncodedFrame empty = batch.encode(cv::Mat(), {128, 96}, true);
    QVERIFY(empty.encoding.levels.empty());
    const TurboBatchResult result = batch.finish({&empty, &small}, 3);
    QVERIFY(result.detections[0].empty());
    QVERIFY(!result.detections[1].empty());
    QVERIFY(batch.finish({}, 1).detections.empty());
    QVERIFY(batch.timeExit({128, 96}, 5, 3) > 0.0);
    QVERIFY(batch.timeDiscriminator({128, 96}) > 0.0);
    QVERIFY_THROWS_EXCEPTION(Error, batch.timeExit({128, 96}, 1, 0));
  }
};

QTEST_GUILESS_MAIN(TestTurboBatch)
#include "TestTurboBatch.moc"
