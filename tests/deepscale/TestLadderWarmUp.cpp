// LadderWarmUp: one detect() per rung of the source's ladder (detectability only at the highest), nothing for a size
// already warmed or too small for a ladder, and a failed warm-up is retried. The detector here is a test double that
// records what it was asked to do (the real JDE detector is exercised in TestJdePipeline).
#include <QtTest>
#include <stdexcept>
#include <vector>

#include "deepscale/LadderWarmUp.h"
#include "deepscale/ResolutionLadder.h"
#include "detect/ScalableDetector.h"

using namespace edgescope;

namespace {

struct Call {
  cv::Size input;
  bool detectability = false;
  cv::Size frame;
};

class RecordingDetector : public ScalableDetector {
 public:
  std::vector<Call> calls;
  int failAtCall = -1;  ///< throw at this detect() (0-based), -1: never
  bool detectabilityRequested = false;

  void setInputSize(cv::Size size) override { input_ = size; }
  void setDetectabilityRequested(bool requested) override { detectabilityRequested = requested; }
  const std::vector<cv::Mat>& detectability() const override { return maps_; }
  int resolutionCount() const override { return ResolutionLadder::kRungCount; }
  bool providesEmbeddings() const override { return true; }
  std::vector<Detection> detect(const cv::Mat& bgr) override {
    if (static_cast<int>(calls.size()) == failAtCall) throw std::runtime_error("inference failed");
    calls.push_back({input_, detectabilityRequested, bgr.size()});
    return {};
  }
  std::string name() const override { return "recording"; }
  cv::Size inputSize() const override { return input_; }

 private:
  cv::Size input_;
  std::vector<cv::Mat> maps_;
};

}  // namespace

class TestLadderWarmUp : public QObject {
  Q_OBJECT

 private slots:
  void runsEveryRungOnce() {
    RecordingDetector detector;
    LadderWarmUp warmUp;
    const cv::Size source(768, 576);
    QCOMPARE(warmUp.run(detector, source), ResolutionLadder::kRungCount);
    const ResolutionLadder ladder = ResolutionLadder::fromSource(source);
    QCOMPARE(static_cast<int>(detector.calls.size()), ladder.size());
    for (int i = 0; i < ladder.size(); ++i) {
      const Call& call = detector.calls[static_cast<std::size_t>(i)];
      QCOMPARE(call.input, ladder.rung(i));
      QCOMPARE(call.detectability, i == 0);  // the head runs at the highest rung only, as on a live feed
      QCOMPARE(call.frame, source);
    }
    QVERIFY(!detector.detectabilityRequested);
    QCOMPARE(warmUp.warmedFor(), source);
  }

  void sameSizeTwiceCostsNothing() {
    RecordingDetector detector;
    LadderWarmUp warmUp;
    QCOMPARE(warmUp.run(detector, cv::Size(768, 576)), ResolutionLadder::kRungCount);
    QCOMPARE(warmUp.run(detector, cv::Size(768, 576)), 0);
    QCOMPARE(detector.calls.size(), std::size_t{5});
    QCOMPARE(warmUp.run(detector, cv::Size(1920, 1080)), ResolutionLadder::kRungCount);  // a new source size
    QCOMPARE(detector.calls.back().input, ResolutionLadder::fromSource(cv::Size(1920, 1080)).rung(4));
    QCOMPARE(warmUp.run(detector, cv::Size(768, 576)), ResolutionLadder::kRungCount);  // only the last size is kept
    QCOMPARE(detector.calls.size(), std::size_t{15});
  }

  void tooSmallForALadder() {
    RecordingDetector detector;
    LadderWarmUp warmUp;
    QCOMPARE(warmUp.run(detector, cv::Size(40, 30)), 0);
    QCOMPARE(warmUp.run(detector, cv::Size()), 0);
    QVERIFY(detector.calls.empty());
    QCOMPARE(warmUp.warmedFor(), cv::Size());
  }

  void failureIsNotRemembered() {
    RecordingDetector detector;
    detector.failAtCall = 2;
    LadderWarmUp warmUp;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, warmUp.run(detector, cv::Size(768, 576)));
    QCOMPARE(warmUp.warmedFor(), cv::Size());
    detector.failAtCall = -1;
    detector.calls.clear();
    QCOMPARE(warmUp.run(detector, cv::Size(768, 576)), ResolutionLadder::kRungCount);  // retried in full
    QCOMPARE(detector.calls.size(), std::size_t{5});
  }
};

QTEST_APPLESS_MAIN(TestLadderWarmUp)
#include "TestLadderWarmUp.moc"
