// AmsFrameDecoder on untrusted batches: both codecs round-trip; headers out of range, frame-count and size
// mismatches, swapped codecs, garbage, truncation and hundreds of random mutations all end in an Error that starts
// "BAD_IMAGE: <request>: " — or, for a mutation H.264 cannot detect, in exactly frameCount frames of the header's
// size — and never in a crash.
#include <QtTest>

#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "AmsStreamTestUtil.h"
#include "amsstream/AmsFrameDecoder.h"
#include "amsstream/AmsFrameEncoder.h"
#include "util/Error.h"
#include "util/Rng.h"

#include "../TestHelpers.h"

using namespace edgescope;
using edgescope::testing::errorOf;

namespace {

const char* const kRequest = "AmsSamples #12";
const QString kPrefix = "BAD_IMAGE: AmsSamples #12: ";

QString decodeError(const AmsFrameBatch& batch) {
  return errorOf([&] { AmsFrameDecoder::decode(batch, kRequest); });
}

AmsFrameBatch encoded(const std::vector<cv::Mat>& frames, AmsFrameCodec codec, std::size_t bytes) {
  AmsFrameEncoder::Options options;
  options.codec = codec;
  options.targetBytes = bytes;
  AmsFrameBatch batch = AmsFrameEncoder::encode(frames, options);
  if (batch.codec != codec) throw Error("test setup: wanted " + AmsFrameBatch::codecName(codec));
  return batch;
}

/// @p payload changed at random: bit flips, overwritten, deleted, duplicated or zeroed runs.
std::string mutated(std::string payload, Rng& rng) {
  const int kind = rng.uniformInt(0, 4);
  const auto at = static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(payload.size()) - 1));
  const auto run = std::min<std::size_t>(static_cast<std::size_t>(rng.uniformInt(1, 64)), payload.size() - at);
  if (kind == 0) {
    for (int flips = rng.uniformInt(1, 8); flips > 0; --flips) {
      payload[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(payload.size()) - 1))] ^=
          static_cast<char>(1 << rng.uniformInt(0, 7));
    }
  } else if (kind == 1) {
    for (std::size_t i = at; i < at + run; ++i) payload[i] = static_cast<char>(rng.uniformInt(0, 255));
  } else if (kind == 2) {
    payload.erase(at, run);
  } else if (kind == 3) {
    payload.insert(at, payload.substr(at, run));
  } else {
    payload.replace(at, run, run, '\0');
  }
  return payload;
}

}  // namespace

class TestAmsFrameDecoder : public QObject {
  Q_OBJECT
 private:
  std::vector<cv::Mat> frames_;  // 6 samples of a 320×180 scene
  AmsFrameBatch h264_;
  AmsFrameBatch jpeg_;

  /// Decodes @p batch: true for a BAD_IMAGE error naming the request, false for frameCount frames of the header's
  /// size; fails the test otherwise.
  bool refusedOrIntact(const AmsFrameBatch& batch, const QString& what) {
    try {
      const std::vector<cv::Mat> frames = AmsFrameDecoder::decode(batch, kRequest);
      if (static_cast<int>(frames.size()) != batch.frameCount) {
        QTest::qFail(qPrintable(what + ": wrong frame count"), __FILE__, __LINE__);
      }
      for (const cv::Mat& frame : frames) {
        if (frame.size() != cv::Size(batch.width, batch.height) || frame.type() != CV_8UC3) {
          QTest::qFail(qPrintable(what + ": wrong frame size"), __FILE__, __LINE__);
        }
      }
      return false;
    } catch (const Error& error) {
      if (!QString(error.what()).startsWith(kPrefix))
        QTest::qFail(qPrintable(what + ": " + error.what()), __FILE__, __LINE__);
      return true;
    }
  }

 private slots:
  void initTestCase() {
    frames_ = testing::sampledFrames(testing::sceneUri(320, 180, 7), 6);
    QCOMPARE(frames_.size(), std::size_t(6));
    h264_ = encoded(frames_, AmsFrameCodec::H264, 30000);
    jpeg_ = encoded(frames_, AmsFrameCodec::Jpeg, 60000);
  }

  void decodesBothCodecs() {
    for (const AmsFrameBatch* batch : {&h264_, &jpeg_}) {
      const std::vector<cv::Mat> decoded = AmsFrameDecoder::decode(*batch, kRequest);
      QCOMPARE(decoded.size(), std::size_t(6));
      for (const cv::Mat& frame : decoded) QVERIFY(frame.size() == cv::Size(320, 180) && frame.type() == CV_8UC3);
      QVERIFY(testing::meanPsnr(frames_, decoded) >= 30.0);
    }
  }

  void refusesBadHeaders_data() {
    QTest::addColumn<int>("codec");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<int>("frameCount");
    QTest::addColumn<bool>("emptyPayload");
    QTest::addColumn<QString>("message");
    QTest::newRow("codec 7") << 7 << 320 << 180 << 6 << false << "codec 7";
    QTest::newRow("codec -1") << -1 << 320 << 180 << 6 << false << "codec -1";
    QTest::newRow("width 0") << 0 << 0 << 180 << 6 << false << "frame size 0x180";
    QTest::newRow("height -5") << 0 << 320 << -5 << 6 << false << "frame size 320x-5";
    QTest::newRow("side 16385") << 1 << 16385 << 16 << 6 << false << "over 16384 px";
    QTest::newRow("72 Mpx") << 0 << 9000 << 8000 << 1 << false << "over 64 Mpx";
    QTest::newRow("no frames") << 0 << 320 << 180 << 0 << false << "frame count 0";
    QTest::newRow("4097 frames") << 1 << 320 << 180 << 4097 << false << "frame count 4097";
    QTest::newRow("batch 4 Gpx") << 0 << 1920 << 1080 << 2000 << false << "over 256 Mpx in all";
    QTest::newRow("empty payload") << 0 << 320 << 180 << 6 << true << "empty payload";
  }
  void refusesBadHeaders() {
    QFETCH(int, codec);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(int, frameCount);
    QFETCH(bool, emptyPayload);
    QFETCH(QString, message);
    AmsFrameBatch batch = codec == 1 ? jpeg_ : h264_;
    batch.codec = static_cast<AmsFrameCodec>(codec);
    batch.width = width;
    batch.height = height;
    batch.frameCount = frameCount;
    if (emptyPayload) batch.payload.clear();
    const QString error = decodeError(batch);
    QVERIFY2(error.startsWith(kPrefix) && error.contains(message), qPrintable(error));
  }

  void refusesFrameCountMismatch() {
    AmsFrameBatch batch = h264_;
    batch.frameCount = 8;
    QCOMPARE(decodeError(batch), kPrefix + "H.264 stream decodes to 6 frames, header says 8");
    batch.frameCount = 5;
    QCOMPARE(decodeError(batch), kPrefix + "H.264 stream decodes to more than the 5 frames the header says");
    batch = jpeg_;
    batch.frameCount = 8;
    QCOMPARE(decodeError(batch), kPrefix + "JPEG payload holds 6 frames, header says 8");
    batch.frameCount = 5;
    QVERIFY2(decodeError(batch).contains("after JPEG frame 5"), qPrintable(decodeError(batch)));
  }

  void refusesSizeMismatch() {
    for (const cv::Size size : {cv::Size(160, 90), cv::Size(640, 360), cv::Size(320, 182)}) {
      for (const AmsFrameBatch* source : {&h264_, &jpeg_}) {
        AmsFrameBatch batch = *source;
        batch.width = size.width;
        batch.height = size.height;
        const QString error = decodeError(batch);
        QVERIFY2(error.startsWith(kPrefix), qPrintable(error));
      }
    }
    AmsFrameBatch batch = h264_;
    batch.width = 640;
    batch.height = 360;
    QCOMPARE(decodeError(batch), kPrefix + "H.264 picture 1 is 320x180, header says 640x360");
  }

  void refusesSwappedCodecs() {
    AmsFrameBatch batch = h264_;
    batch.codec = AmsFrameCodec::Jpeg;
    QVERIFY2(decodeError(batch).startsWith(kPrefix), qPrintable(decodeError(batch)));
    batch = jpeg_;
    batch.codec = AmsFrameCodec::H264;
    QVERIFY2(decodeError(batch).startsWith(kPrefix), qPrintable(decodeError(batch)));
  }

  void refusesGarbage() {
    Rng rng(22);
    for (int i = 0; i < 200; ++i) {
      AmsFrameBatch batch = i % 2 == 0 ? h264_ : jpeg_;
      batch.payload.resize(static_cast<std::size_t>(rng.uniformInt(1, 6000)));
      for (char& byte : batch.payload) byte = static_cast<char>(rng.uniformInt(0, 255));
      if (i % 4 == 0) batch.payload.replace(0, 5, std::string("\0\0\0\1\x67", 5));  // looks like an SPS
      const QString error = decodeError(batch);
      QVERIFY2(error.startsWith(kPrefix), qPrintable(QString("garbage %1: %2").arg(i).arg(error)));
    }
  }

  void refusesTruncation() {
    for (const AmsFrameBatch* source : {&h264_, &jpeg_}) {
      for (int part = 1; part < 50; ++part) {
        AmsFrameBatch batch = *source;
        batch.payload.resize(source->payload.size() * static_cast<std::size_t>(part) / 50);
        const QString error = decodeError(batch);
        QVERIFY2(error.startsWith(kPrefix), qPrintable(QString("%1/50: %2").arg(part).arg(error)));
      }
    }
  }

  void survivesMutations_data() {
    QTest::addColumn<int>("codec");
    QTest::addColumn<int>("mutations");
    QTest::addColumn<double>("minRefused");
    // H.264 has no checksum but its entropy coding rarely survives a change (measured 96 % refused). libjpeg decodes
    // most changes inside an image (measured 1 % refused); the length framing catches deletions and insertions.
    QTest::newRow("h264") << int(AmsFrameCodec::H264) << 300 << 0.8;
    QTest::newRow("jpeg") << int(AmsFrameCodec::Jpeg) << 100 << 0.25;
  }
  void survivesMutations() {
    QFETCH(int, codec);
    QFETCH(int, mutations);
    QFETCH(double, minRefused);
    Rng rng(2022 + static_cast<std::uint64_t>(codec));
    int refused = 0;
    for (int i = 0; i < mutations; ++i) {
      AmsFrameBatch batch = codec == int(AmsFrameCodec::Jpeg) ? jpeg_ : h264_;
      batch.payload = mutated(batch.payload, rng);
      if (refusedOrIntact(batch, QString("mutation %1").arg(i))) ++refused;
      if (QTest::currentTestFailed()) return;
    }
    qInfo("%d of %d mutated batches refused", refused, mutations);
    QVERIFY(refused >= minRefused * mutations);
  }

  void refusesAForgedJpegSize() {
    AmsFrameBatch batch = jpeg_;
    // The first frame's SOF0 height and width (big-endian at +5 and +7 from the marker) → 60000 × 60000.
    const std::size_t sof = batch.payload.find("\xFF\xC0", 4);
    QVERIFY(sof != std::string::npos);
    batch.payload.replace(sof + 5, 4, "\xEA\x60\xEA\x60", 4);
    const QString error = decodeError(batch);
    QVERIFY2(error.startsWith(kPrefix + "JPEG frame 1") && error.contains("60000x60000"), qPrintable(error));
  }
};

QTEST_GUILESS_MAIN(TestAmsFrameDecoder)
#include "TestAmsFrameDecoder.moc"
