// ImageDegrader: every kind changes the image and never its input, results are byte-identical for the same seed,
// 'dark' keeps the brightness while adding noise, strength has a monotonic effect, sizes scale with the width, and a
// 768×576 frame takes milliseconds.
#include <QtTest>

#include <algorithm>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "core/Stopwatch.h"
#include "degrade/ImageDegrader.h"
#include "synthetic/SyntheticSource.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

cv::Mat streetFrame(int width = 768, int height = 576) {
  SyntheticSource source("synthetic:?seed=3&people=10&frames=5&width=" + std::to_string(width) +
                         "&height=" + std::to_string(height));
  SourceFrame frame;
  source.seek(3);
  source.read(frame, 0);
  return frame.frame.image;
}

bool sameImage(const cv::Mat& a, const cv::Mat& b) {
  return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0.0;
}

FrameDegradation make(DegradationKind kind, double strength, double angleDeg = 30.0) {
  FrameDegradation d;
  d.kind = kind;
  d.strength = strength;
  d.angleDeg = angleDeg;
  return d;
}

double meanGray(const cv::Mat& bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  return cv::mean(gray)[0];
}

/// Variance of the Laplacian of the gray image: high for sharp images, falls with blur.
double sharpness(const cv::Mat& bgr) {
  cv::Mat gray, laplacian;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::Laplacian(gray, laplacian, CV_64F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(laplacian, mean, stddev);
  return stddev[0] * stddev[0];
}

/// Per-pixel noise sigma of two renderings that differ only in their noise seed: std(a − b) / √2.
double noiseSigmaBetween(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat difference;
  cv::subtract(a, b, difference, cv::noArray(), CV_32F);
  cv::Scalar mean, stddev;
  cv::meanStdDev(difference.reshape(1), mean, stddev);
  return stddev[0] / std::sqrt(2.0);
}

/// Number of distinct values in the green channel.
int distinctLevels(const cv::Mat& bgr) {
  std::vector<bool> seen(256, false);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) seen[bgr.at<cv::Vec3b>(y, x)[1]] = true;
  }
  return static_cast<int>(std::count(seen.begin(), seen.end(), true));
}

}  // namespace

class TestImageDegrader : public QObject {
  Q_OBJECT
 private slots:
  void initTestCase() {
    image_ = streetFrame();
    QVERIFY(image_.cols == 768 && image_.rows == 576 && image_.type() == CV_8UC3);
  }

  void everyKindChangesTheImageButNotItsInput() {
    const cv::Mat before = image_.clone();
    for (DegradationKind kind : kAllDegradationKinds) {
      for (double strength : {0.0, 0.5, 1.0}) {
        const cv::Mat out = ImageDegrader::apply(image_, make(kind, strength), 77);
        QVERIFY2(out.size() == image_.size() && out.type() == CV_8UC3, kindName(kind));
        QVERIFY2(out.data != image_.data, kindName(kind));
        const double meanChange = cv::norm(out, image_, cv::NORM_L1) / static_cast<double>(image_.total() * 3);
        QVERIFY2(meanChange > 0.5,
                 qPrintable(QString("%1 at %2: mean change %3").arg(kindName(kind)).arg(strength).arg(meanChange)));
      }
    }
    QVERIFY(sameImage(image_, before));
    const cv::Mat clean = ImageDegrader::apply(image_, FrameDegradation{}, 77);
    QVERIFY(sameImage(clean, image_) && clean.data != image_.data);
  }

  void sameSeedSameBytes() {
    for (DegradationKind kind : kAllDegradationKinds) {
      const cv::Mat a = ImageDegrader::apply(image_, make(kind, 0.7), 123);
      const cv::Mat b = ImageDegrader::apply(image_, make(kind, 0.7), 123);
      QVERIFY2(sameImage(a, b), kindName(kind));
    }
    for (DegradationKind kind : {DegradationKind::Dark, DegradationKind::Noise}) {
      QVERIFY2(!sameImage(ImageDegrader::apply(image_, make(kind, 0.7), 123),
                          ImageDegrader::apply(image_, make(kind, 0.7), 124)),
               kindName(kind));
    }
  }

  void darkKeepsBrightnessAndAddsNoise() {
    const double original = meanGray(image_);
    double previousSigma = 0.0;
    for (double strength : {0.0, 0.5, 1.0}) {
      const cv::Mat a = ImageDegrader::apply(image_, make(DegradationKind::Dark, strength), 1);
      const cv::Mat b = ImageDegrader::apply(image_, make(DegradationKind::Dark, strength), 2);
      const double brightness = meanGray(a);
      QVERIFY2(std::abs(brightness - original) <= 0.25 * original,
               qPrintable(QString("strength %1: mean %2 vs %3").arg(strength).arg(brightness).arg(original)));
      const double sigma = noiseSigmaBetween(a, b);
      QVERIFY2(sigma > 2.0 && sigma > previousSigma * 1.2,
               qPrintable(QString("strength %1: noise sigma %2 after %3").arg(strength).arg(sigma).arg(previousSigma)));
      previousSigma = sigma;
    }
    // Posterised: 8-bit quantisation at gain 0.05 leaves few distinct levels, which auto-gain spreads apart.
    const int levels = distinctLevels(ImageDegrader::apply(image_, make(DegradationKind::Dark, 1.0), 1));
    QVERIFY2(levels < 0.5 * distinctLevels(image_) && levels < 100,
             qPrintable(QString("%1 levels, original %2").arg(levels).arg(distinctLevels(image_))));
    QCOMPARE(ImageDegrader::darkGain(1.0), 0.05);
    QCOMPARE(ImageDegrader::darkGain(0.0), 0.35);
  }

  void blurFallsWithStrength_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("motion") << static_cast<int>(DegradationKind::Motion);
    QTest::newRow("defocus") << static_cast<int>(DegradationKind::Defocus);
    QTest::newRow("lowres") << static_cast<int>(DegradationKind::LowRes);
  }

  void blurFallsWithStrength() {
    QFETCH(int, kind);
    double previous = sharpness(image_);
    for (double strength : {0.0, 0.25, 0.5, 0.75, 1.0}) {
      const double now = sharpness(ImageDegrader::apply(image_, make(static_cast<DegradationKind>(kind), strength), 5));
      QVERIFY2(now < previous,
               qPrintable(QString("strength %1: Laplacian variance %2 after %3").arg(strength).arg(now).arg(previous)));
      previous = now;
    }
  }

  void motionBlursAlongItsAngleInPlace() {
    cv::Mat dot(576, 768, CV_8UC3, cv::Scalar::all(0));
    cv::rectangle(dot, cv::Rect(400, 300, 3, 3), cv::Scalar::all(255), cv::FILLED);
    for (double angle : {0.0, 37.0, 90.0, 150.0}) {
      cv::Mat gray;
      cv::cvtColor(ImageDegrader::apply(dot, make(DegradationKind::Motion, 1.0, angle), 1), gray, cv::COLOR_BGR2GRAY);
      const cv::Moments m = cv::moments(gray);
      QVERIFY(m.m00 > 0.0);
      const double cx = m.m10 / m.m00, cy = m.m01 / m.m00;
      QVERIFY2(std::abs(cx - 401.0) < 0.6 && std::abs(cy - 301.0) < 0.6,
               qPrintable(QString("angle %1: centroid %2,%3").arg(angle).arg(cx).arg(cy)));
      // The streak's long axis (second moments) points along the angle, and it is about 25 px long.
      const double orientation = 0.5 * std::atan2(2.0 * m.mu11, m.mu20 - m.mu02) * 180.0 / CV_PI;
      const double off = std::abs(std::remainder(orientation - angle, 180.0));
      QVERIFY2(off < 3.0, qPrintable(QString("angle %1: streak at %2").arg(angle).arg(orientation)));
      const double radians = angle * CV_PI / 180.0, c = std::cos(radians), sn = std::sin(radians);
      const double along = (m.mu20 * c * c + 2.0 * m.mu11 * c * sn + m.mu02 * sn * sn) / m.m00;
      const double extent = std::sqrt(12.0 * along);  // length of a uniform segment with that variance
      QVERIFY2(std::abs(extent - 25.0) < 3.0, qPrintable(QString("angle %1: extent %2").arg(angle).arg(extent)));
    }
  }

  void noiseAndJpegGrowWithStrength() {
    double previousNoise = 0.0, previousPsnr = 1e9;
    for (double strength : {0.0, 0.5, 1.0}) {
      const double noise =
          cv::norm(ImageDegrader::apply(image_, make(DegradationKind::Noise, strength), 9), image_, cv::NORM_L2) /
          std::sqrt(static_cast<double>(image_.total() * 3));
      QVERIFY2(noise > previousNoise, qPrintable(QString::number(noise)));
      previousNoise = noise;
      const double psnr = cv::PSNR(ImageDegrader::apply(image_, make(DegradationKind::Jpeg, strength), 9), image_);
      QVERIFY2(psnr < previousPsnr, qPrintable(QString::number(psnr)));
      previousPsnr = psnr;
    }
    QVERIFY(previousNoise > 20.0);  // sigma 30 at strength 1, some clipped
  }

  void sizesScaleWithWidth() {
    QCOMPARE(ImageDegrader::motionLengthPx(0.0, 768), 3);
    QCOMPARE(ImageDegrader::motionLengthPx(1.0, 768), 25);
    QCOMPARE(ImageDegrader::motionLengthPx(1.0, 1536), 50);
    QCOMPARE(ImageDegrader::defocusRadiusPx(1.0, 768), 8);
    QCOMPARE(ImageDegrader::defocusRadiusPx(0.0, 384), 1);
    QCOMPARE(ImageDegrader::jpegQuality(0.0), 45);
    QCOMPARE(ImageDegrader::jpegQuality(1.0), 5);
    QCOMPARE(ImageDegrader::lowResFactor(0.0), 1.5);
    QCOMPARE(ImageDegrader::lowResFactor(1.0), 6.0);
    QCOMPARE(ImageDegrader::noiseSigma(1.0), 30.0);
    // A small frame degrades without errors at every strength.
    const cv::Mat small = streetFrame(64, 64);
    for (DegradationKind kind : kAllDegradationKinds) {
      QCOMPARE(ImageDegrader::apply(small, make(kind, 1.0), 3).size(), small.size());
    }
  }

  void rejectsOtherImages() {
    QVERIFY_THROWS_EXCEPTION(Error, ImageDegrader::apply(cv::Mat(), make(DegradationKind::Noise, 0.5), 1));
    QVERIFY_THROWS_EXCEPTION(
        Error, ImageDegrader::apply(cv::Mat(8, 8, CV_8UC1, cv::Scalar(3)), make(DegradationKind::Dark, 0.5), 1));
  }

  void takesMilliseconds() {
    for (DegradationKind kind : kAllDegradationKinds) {
      std::vector<double> ms;
      for (int i = 0; i < 7; ++i) {
        Stopwatch clock;
        ImageDegrader::apply(image_, make(kind, 1.0, 37.0), static_cast<std::uint64_t>(i));
        ms.push_back(clock.elapsedMs());
      }
      std::sort(ms.begin(), ms.end());
      qInfo("%s at strength 1, 768x576: median %.2f ms", kindName(kind), ms[ms.size() / 2]);
      QVERIFY2(ms[ms.size() / 2] < 60.0, kindName(kind));  // a few ms on a desktop core; generous for loaded CI
    }
  }

 private:
  cv::Mat image_;
};

QTEST_APPLESS_MAIN(TestImageDegrader)
#include "TestImageDegrader.moc"
