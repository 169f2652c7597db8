// AmsFrameEncoder: the budget from bitrate × seconds; H.264 batches land within the budget at defaults and low rates
// with a sane PSNR, as one GOP (SPS, PPS, one IDR, then P slices; no SEI); JPEG fits where its qualities reach and
// falls to the minimum quality where not; a failing H.264 encoder falls back to JPEG; odd sizes round-trip uncropped
// and unshifted; bad frames and options are refused naming the field.
#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "AmsStreamTestUtil.h"
#include "amsstream/AmsFrameDecoder.h"
#include "amsstream/AmsFrameEncoder.h"
#include "util/Error.h"

#include "../TestHelpers.h"

using namespace edgescope;
using edgescope::testing::errorOf;
using Options = AmsFrameEncoder::Options;
using Stats = AmsFrameEncoder::Stats;

namespace {

std::vector<cv::Mat> cropped(const std::vector<cv::Mat>& frames, cv::Size size) {
  std::vector<cv::Mat> out;
  for (const cv::Mat& frame : frames) out.push_back(frame(cv::Rect({0, 0}, size)).clone());
  return out;
}

Options withBitrate(double kbps, AmsFrameCodec codec = AmsFrameCodec::H264) {
  Options options;
  options.bitrateKbps = kbps;
  options.codec = codec;
  return options;
}

}  // namespace

class TestAmsFrameEncoder : public QObject {
  Q_OBJECT
 private:
  std::vector<cv::Mat> frames_;  // 10 samples 1 s apart of a 768×432 scene

 private slots:
  void initTestCase() {
    frames_ = testing::sampledFrames(testing::sceneUri(), 10);
    QCOMPARE(frames_.size(), std::size_t(10));
  }

  void budgetFollowsBitrateAndSeconds() {
    Options options;
    QCOMPARE(options.budgetBytes(), std::size_t(250000));  // 200 kbps × 10 s
    options.bitrateKbps = 64.0;
    options.batchSeconds = 5.0;
    QCOMPARE(options.budgetBytes(), std::size_t(40000));
    options.targetBytes = 1234;
    QCOMPARE(options.budgetBytes(), std::size_t(1234));
  }

  void h264FitsTheBudgetAtDefaults() {
    Stats stats;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, Options{}, &stats);
    QVERIFY2(stats.fallbackReason.empty(), stats.fallbackReason.c_str());
    QCOMPARE(batch.codec, AmsFrameCodec::H264);
    QCOMPARE(stats.codec, AmsFrameCodec::H264);
    QVERIFY(batch.width == 768 && batch.height == 432 && batch.frameCount == 10);
    QCOMPARE(stats.payloadBytes, batch.payload.size());
    QVERIFY(stats.attempts >= 1 && stats.attempts <= Options{}.maxH264Attempts && stats.encodeMs > 0.0);
    QVERIFY2(batch.payload.size() <= stats.budgetBytes && batch.payload.size() >= stats.budgetBytes * 3 / 4,
             qPrintable(QString("%1 bytes for %2").arg(batch.payload.size()).arg(stats.budgetBytes)));
    const std::vector<cv::Mat> decoded = AmsFrameDecoder::decode(batch, "AmsSamples #1");
    QCOMPARE(decoded.size(), frames_.size());
    for (const cv::Mat& frame : decoded) QVERIFY(frame.size() == cv::Size(768, 432) && frame.type() == CV_8UC3);
    const double psnr = testing::meanPsnr(frames_, decoded);
    qInfo("%s: %zu of %zu bytes, %d encode(s), %.0f ms, PSNR %.2f dB", stats.encoderName.c_str(), stats.payloadBytes,
          stats.budgetBytes, stats.attempts, stats.encodeMs, psnr);
    QVERIFY2(psnr >= 38.0, qPrintable(QString::number(psnr)));  // measured 41.8 dB (libx264 veryfast)
  }

  void h264FitsLowBudgets_data() {
    QTest::addColumn<double>("kbps");
    QTest::addColumn<double>("minPsnr");
    QTest::newRow("100 kbps") << 100.0 << 36.0;  // measured 39.9 dB
    QTest::newRow("50 kbps") << 50.0 << 34.0;    // measured 37.2 dB
    QTest::newRow("20 kbps") << 20.0 << 30.0;    // measured 33.8 dB
  }
  void h264FitsLowBudgets() {
    QFETCH(double, kbps);
    QFETCH(double, minPsnr);
    Stats stats;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, withBitrate(kbps), &stats);
    QCOMPARE(batch.codec, AmsFrameCodec::H264);
    const auto bytes = static_cast<double>(batch.payload.size());
    const auto budget = static_cast<double>(stats.budgetBytes);
    QVERIFY2(bytes <= 1.25 * budget && bytes >= 0.5 * budget, qPrintable(QString("%1 of %2").arg(bytes).arg(budget)));
    const double psnr = testing::meanPsnr(frames_, AmsFrameDecoder::decode(batch, "AmsSamples #2"));
    QVERIFY2(psnr >= minPsnr, qPrintable(QString::number(psnr)));
  }

  void h264IsOneGopPerBatch_data() {
    QTest::addColumn<int>("bFrames");
    QTest::newRow("P only") << 0;
    QTest::newRow("2 B-frames") << 2;
  }
  void h264IsOneGopPerBatch() {
    QFETCH(int, bFrames);
    Options options;
    options.maxBFrames = bFrames;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, options);
    const std::vector<int> types = testing::nalTypes(batch.payload);
    QVERIFY(types.size() >= 3);
    QVERIFY2(types[0] == 7 && types[1] == 8 && types[2] == 5, "SPS, PPS, IDR first");
    QCOMPARE(std::count(types.begin(), types.end(), 5), std::ptrdiff_t(1));  // one IDR slice: one GOP
    QCOMPARE(std::count(types.begin(), types.end(), 1), std::ptrdiff_t(9));  // one slice per other picture
    QCOMPARE(std::count(types.begin(), types.end(), 6), std::ptrdiff_t(0));  // x264's settings SEI dropped
    const std::vector<cv::Mat> decoded = AmsFrameDecoder::decode(batch, "AmsSamples #3");
    QCOMPARE(decoded.size(), std::size_t(10));
    QVERIFY(testing::meanPsnr(frames_, decoded) >= 38.0);
  }

  void jpegFitsWhereItCan() {
    Stats stats;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, withBitrate(200.0, AmsFrameCodec::Jpeg), &stats);
    QCOMPARE(batch.codec, AmsFrameCodec::Jpeg);
    QVERIFY(stats.encoderName == "jpeg" && stats.fallbackReason.empty());
    QVERIFY2(batch.payload.size() <= stats.budgetBytes, qPrintable(QString::number(batch.payload.size())));
    QVERIFY(stats.jpegQuality >= 20 && stats.jpegQuality < 90);
    const double psnr = testing::meanPsnr(frames_, AmsFrameDecoder::decode(batch, "AmsSamples #4"));
    qInfo("jpeg: %zu of %zu bytes at quality %d, %.0f ms, PSNR %.2f dB", stats.payloadBytes, stats.budgetBytes,
          stats.jpegQuality, stats.encodeMs, psnr);
    QVERIFY2(psnr >= 28.0, qPrintable(QString::number(psnr)));  // measured 31.4 dB at quality 28

    Stats richer;
    const AmsFrameBatch large = AmsFrameEncoder::encode(frames_, withBitrate(2000.0, AmsFrameCodec::Jpeg), &richer);
    QVERIFY(large.payload.size() <= richer.budgetBytes && richer.jpegQuality > stats.jpegQuality);
    QVERIFY(testing::meanPsnr(frames_, AmsFrameDecoder::decode(large, "AmsSamples #5")) > psnr + 2.0);
  }

  void jpegOverBudgetUsesTheMinimumQuality() {
    Options options = withBitrate(20.0, AmsFrameCodec::Jpeg);
    options.jpegQualityMin = 15;
    Stats stats;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, options, &stats);
    QCOMPARE(stats.jpegQuality, 15);
    QVERIFY(batch.payload.size() > stats.budgetBytes);  // 25 kB cannot hold ten 768×432 JPEGs
    QCOMPARE(AmsFrameDecoder::decode(batch, "AmsSamples #6").size(), std::size_t(10));
  }

  void fallsBackToJpegWhenH264Fails() {
    Options options;
    options.h264Preset = "no-such-preset";  // libx264 refuses to open
    Stats stats;
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames_, options, &stats);
    QCOMPARE(batch.codec, AmsFrameCodec::Jpeg);
    QVERIFY2(QString::fromStdString(stats.fallbackReason).contains("open"), stats.fallbackReason.c_str());
    QVERIFY(stats.encoderName == "jpeg" && stats.jpegQuality > 0 && batch.payload.size() <= stats.budgetBytes);
    const std::vector<cv::Mat> decoded = AmsFrameDecoder::decode(batch, "AmsSamples #7");
    QCOMPARE(decoded.size(), std::size_t(10));
    QVERIFY(testing::meanPsnr(frames_, decoded) >= 28.0);
  }

  void oddSizesRoundTrip_data() {
    QTest::addColumn<int>("codec");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::newRow("h264 767x431") << int(AmsFrameCodec::H264) << 767 << 431;
    QTest::newRow("h264 101x57") << int(AmsFrameCodec::H264) << 101 << 57;
    QTest::newRow("jpeg 767x431") << int(AmsFrameCodec::Jpeg) << 767 << 431;
  }
  void oddSizesRoundTrip() {
    QFETCH(int, codec);
    QFETCH(int, width);
    QFETCH(int, height);
    const std::vector<cv::Mat> frames = cropped(frames_, {width, height});
    const AmsFrameBatch batch = AmsFrameEncoder::encode(frames, withBitrate(200.0, AmsFrameCodec(codec)));
    QCOMPARE(batch.codec, AmsFrameCodec(codec));
    QVERIFY(batch.width == width && batch.height == height);
    const std::vector<cv::Mat> decoded = AmsFrameDecoder::decode(batch, "AmsSamples #8");
    QCOMPARE(decoded.size(), frames.size());
    for (std::size_t i = 0; i < frames.size(); ++i) {
      QVERIFY(decoded[i].size() == cv::Size(width, height));
      // The last column and row are the image's, not padding and not shifted by one.
      const cv::Rect lastColumn(width - 1, 0, 1, height), lastRow(0, height - 1, width, 1);
      QVERIFY(cv::PSNR(frames[i](lastColumn), decoded[i](lastColumn)) >= 24.0);
      QVERIFY(cv::PSNR(frames[i](lastRow), decoded[i](lastRow)) >= 24.0);
    }
    QVERIFY(testing::meanPsnr(frames, decoded) >= 28.0);
  }

  void refusesBadFrames() {
    const cv::Mat small(4, 4, CV_8UC3, cv::Scalar::all(9));
    QVERIFY(errorOf([&] { AmsFrameEncoder::encode({}, Options{}); }).contains("'frames'"));
    QVERIFY(errorOf([&] { AmsFrameEncoder::encode({small, cv::Mat(4, 6, CV_8UC3)}, Options{}); }).contains("frame 1"));
    QVERIFY(errorOf([&] { AmsFrameEncoder::encode({cv::Mat(4, 4, CV_8UC1)}, Options{}); }).contains("frame 0"));
    QVERIFY(errorOf([&] { AmsFrameEncoder::encode({cv::Mat()}, Options{}); }).contains("frame 0"));
    const std::vector<cv::Mat> tooMany(AmsFrameBatch::kMaxFrames + 1, small);
    QVERIFY(errorOf([&] { AmsFrameEncoder::encode(tooMany, Options{}); }).contains("4097 frames"));
  }

  void refusesBadOptions_data() {
    QTest::addColumn<QString>("field");
    for (const char* field :
         {"bitrateKbps", "batchSeconds", "jpegQualityMin", "maxBFrames", "maxH264Attempts", "codec"}) {
      QTest::newRow(field) << field;
    }
  }
  void refusesBadOptions() {
    QFETCH(QString, field);
    Options options;
    if (field == "bitrateKbps") options.bitrateKbps = 0.0;
    if (field == "batchSeconds") options.batchSeconds = -1.0;
    if (field == "jpegQualityMin") options.jpegQualityMin = 95;
    if (field == "maxBFrames") options.maxBFrames = 9;
    if (field == "maxH264Attempts") options.maxH264Attempts = 0;
    if (field == "codec") options.codec = AmsFrameCodec(7);
    const QString message = errorOf([&] { AmsFrameEncoder::encode(frames_, options); });
    QVERIFY2(message.contains("'" + field + "'"), qPrintable(message));
  }
};

QTEST_GUILESS_MAIN(TestAmsFrameEncoder)
#include "TestAmsFrameEncoder.moc"
