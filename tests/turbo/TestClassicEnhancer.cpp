// ClassicEnhancer (issue 21, `track --enhance` baselines) and WienerDeconvolution: classic-oracle brings a degraded
// synthetic street frame closer to the clean one (PSNR) for every kind it inverts, leaves clean frames untouched,
// keeps size and type (odd sizes too); classic raises a flat frame's contrast; the kernels are normalised; empty or
// non-BGR input is an Error.
#include <QtTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "degrade/ImageDegrader.h"
#include "synthetic/SyntheticSource.h"
#include "turbo/ClassicEnhancer.h"
#include "turbo/WienerDeconvolution.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

cv::Mat streetFrame(int width, int height) {
  SyntheticSource source("synthetic:?seed=4&people=10&frames=5&width=" + std::to_string(width) +
                         "&height=" + std::to_string(height));
  SourceFrame frame;
  source.seek(3);
  source.read(frame, 0);
  return frame.frame.image;
}

FrameDegradation make(DegradationKind kind, double strength) {
  FrameDegradation d;
  d.kind = kind;
  d.strength = strength;
  d.angleDeg = 30.0;
  return d;
}

}  // namespace

class TestClassicEnhancer : public QObject {
  Q_OBJECT
 private:
  cv::Mat clean_;

 private slots:
  void initTestCase() {
    clean_ = streetFrame(384, 288);
    QVERIFY(!clean_.empty());
  }

  void oracleRestoresTowardsTheCleanFrame_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("minGainDb");
    // The kinds with a real inverse gain clearly; JPEG and low resolution lose information that no filter brings
    // back, so they must only not get worse.
    QTest::newRow("dark") << static_cast<int>(DegradationKind::Dark) << 2.0;
    QTest::newRow("noise") << static_cast<int>(DegradationKind::Noise) << 3.0;
    QTest::newRow("motion") << static_cast<int>(DegradationKind::Motion) << 0.5;
    QTest::newRow("defocus") << static_cast<int>(DegradationKind::Defocus) << 0.5;
    QTest::newRow("jpeg") << static_cast<int>(DegradationKind::Jpeg) << 0.0;
    QTest::newRow("lowres") << static_cast<int>(DegradationKind::LowRes) << 0.0;
  }
  void oracleRestoresTowardsTheCleanFrame() {
    QFETCH(int, kind);
    QFETCH(double, minGainDb);
    const FrameDegradation degradation = make(static_cast<DegradationKind>(kind), 0.8);
    const cv::Mat degraded = ImageDegrader::apply(clean_, degradation, 17);
    ClassicEnhancer enhancer;
    const cv::Mat restored = enhancer.oracle(degraded, degradation);
    const double before = cv::PSNR(clean_, degraded), after = cv::PSNR(clean_, restored);
    QVERIFY2(after >= before + minGainDb, qPrintable(QString("PSNR %1 -> %2 dB").arg(before).arg(after)));
    // The same input twice (the cached Wiener filter) gives the same image.
    QCOMPARE(cv::norm(enhancer.oracle(degraded, degradation), restored, cv::NORM_INF), 0.0);
  }

  void oracleLeavesCleanFramesUntouched() {
    ClassicEnhancer enhancer;
    const cv::Mat out = enhancer.oracle(clean_, FrameDegradation{});
    QVERIFY(out.data == clean_.data);  // not even copied
    QCOMPARE(cv::norm(out, clean_, cv::NORM_INF), 0.0);
  }

  void sizeAndTypeKept() {
    const cv::Mat odd = streetFrame(250, 170);  // no side a multiple of 8 or of a DFT-friendly size
    ClassicEnhancer enhancer;
    const cv::Mat classic = enhancer.classic(odd);
    QCOMPARE(classic.size(), odd.size());
    QCOMPARE(classic.type(), CV_8UC3);
    for (DegradationKind kind : kAllDegradationKinds) {
      const FrameDegradation degradation = make(kind, 1.0);
      const cv::Mat out = enhancer.oracle(ImageDegrader::apply(odd, degradation, 3), degradation);
      QCOMPARE(out.size(), odd.size());
      QCOMPARE(out.type(), CV_8UC3);
    }
  }

  void classicRaisesContrastOfAFlatFrame() {
    cv::Mat flat;
    clean_.convertTo(flat, -1, 0.3, 90.0);  // a washed-out frame
    const cv::Mat out = ClassicEnhancer().classic(flat);
    cv::Mat grayIn, grayOut;
    cv::cvtColor(flat, grayIn, cv::COLOR_BGR2GRAY);
    cv::cvtColor(out, grayOut, cv::COLOR_BGR2GRAY);
    cv::Scalar meanIn, stdIn, meanOut, stdOut;
    cv::meanStdDev(grayIn, meanIn, stdIn);
    cv::meanStdDev(grayOut, meanOut, stdOut);
    QVERIFY2(stdOut[0] > 1.3 * stdIn[0], qPrintable(QString("std %1 -> %2").arg(stdIn[0]).arg(stdOut[0])));
  }

  void kernelsAreNormalised() {
    for (const cv::Mat& kernel :
         {WienerDeconvolution::motionKernel(15, 30.0), WienerDeconvolution::motionKernel(0, 0.0),
          WienerDeconvolution::diskKernel(4.0), WienerDeconvolution::diskKernel(0.2)}) {
      QCOMPARE(kernel.type(), CV_32F);
      QVERIFY(kernel.cols % 2 == 1 && kernel.rows % 2 == 1);
      QVERIFY(std::abs(cv::sum(kernel)[0] - 1.0) < 1e-5);
    }
    // A horizontal line: all weight on the centre row.
    const cv::Mat line = WienerDeconvolution::motionKernel(9, 0.0);
    QVERIFY(std::abs(cv::sum(line.row(line.rows / 2))[0] - 1.0) < 1e-5);
  }

  void badInputIsAnError() {
    ClassicEnhancer enhancer;
    QVERIFY_THROWS_EXCEPTION(Error, enhancer.classic(cv::Mat()));
    QVERIFY_THROWS_EXCEPTION(Error, enhancer.oracle(cv::Mat(), make(DegradationKind::Noise, 0.5)));
    QVERIFY_THROWS_EXCEPTION(Error, enhancer.oracle(cv::Mat(), FrameDegradation{}));
    const cv::Mat gray(32, 32, CV_8UC1, cv::Scalar(100));
    QVERIFY_THROWS_EXCEPTION(Error, enhancer.classic(gray));
    WienerDeconvolution wiener;
    QVERIFY_THROWS_EXCEPTION(Error, wiener.apply(cv::Mat(), WienerDeconvolution::diskKernel(2.0), 0.01));
    QVERIFY_THROWS_EXCEPTION(Error, wiener.apply(gray, cv::Mat::ones(4, 4, CV_32F), 0.01));  // even sides
    QVERIFY_THROWS_EXCEPTION(Error, wiener.apply(gray, WienerDeconvolution::diskKernel(2.0), 0.0));
  }
};

QTEST_GUILESS_MAIN(TestClassicEnhancer)
#include "TestClassicEnhancer.moc"
