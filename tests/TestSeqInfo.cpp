// seqinfo.ini parsing and MOT sequence folders (with gt/det), including the broken folders users hand us.
#include <QTemporaryDir>
#include <QtTest>

#include "SourceTestUtil.h"
#include "TestPrinters.h"
#include <fstream>
#include <opencv2/imgcodecs.hpp>

#include "mot/SeqInfo.h"
#include "source/MotSequenceSource.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

void writeText(const QString& path, const std::string& text) {
  std::ofstream out(path.toStdString());
  out << text;
}

/// A 5-frame sequence of 64×48 images whose pixel (0,0) encodes the frame number.
void makeSequence(const QTemporaryDir& dir, bool withGt) {
  QDir(dir.path()).mkpath("img1");
  QDir(dir.path()).mkpath("gt");
  writeText(dir.filePath("seqinfo.ini"),
            "[Sequence]\nname=Tiny\nimDir=img1\nframeRate=5\nseqLength=5\nimWidth=64\nimHeight=48\nimExt=.png\n");
  for (int i = 1; i <= 5; ++i) {
    cv::Mat image(48, 64, CV_8UC3, cv::Scalar(10 * i, 0, 0));
    cv::imwrite(dir.filePath(QString::asprintf("img1/%06d.png", i)).toStdString(), image);
  }
  if (withGt) writeText(dir.filePath("gt/gt.txt"), "1,1,5,5,10,20,1,1,1\n3,1,6,5,10,20,1,1,0.5\n3,2,30,5,10,20,0,1,1\n");
}


}  // namespace

class TestSeqInfo : public QObject {
  Q_OBJECT
 private slots:
  void parsesSharedStyleIni() {
    const auto info = SeqInfo::parse(
        "[Sequence]\nname=PETS09-S2L1\nimDir=img1\nframeRate=7\nseqLength=795\nimWidth=768\nimHeight=576\nimExt=.jpg\n",
        "seqinfo.ini");
    QCOMPARE(info.seqLength, std::int64_t(795));
    QCOMPARE(info.frameRate, 7.0);
    QCOMPARE(info.imWidth, 768);
  }
  void garbageIniIsAClearError() {
    QVERIFY_THROWS_EXCEPTION(Error, SeqInfo::parse("\x01\x02garbage\n", "s.ini"));
    try {
      SeqInfo::parse("[Sequence]\nframeRate=fast\n", "s.ini");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).startsWith("s.ini:2: field 'frameRate'"));
    }
    try {
      SeqInfo::parse("[Sequence]\nframeRate=7\n", "s.ini");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("missing key 'seqLength'"));
    }
  }
  void sequenceReadsFramesGtAndSeeks() {
    QTemporaryDir dir;
    makeSequence(dir, true);
    MotSequenceSource source(dir.path().toStdString());
    QCOMPARE(source.info().frameCount, std::int64_t(5));
    QVERIFY(source.info().hasGroundTruth);
    SourceFrame frame;
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QCOMPARE(frame.frame.number, std::int64_t(1));
    QCOMPARE(frame.groundTruth.size(), size_t(1));
    QVERIFY(source.seek(3));
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QCOMPARE(frame.frame.number, std::int64_t(3));
    QCOMPARE(int(frame.frame.image.at<cv::Vec3b>(0, 0)[0]), 30);
    QCOMPARE(frame.groundTruth.size(), size_t(2));
    QVERIFY(frame.groundTruth[1].isIgnore());
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QCOMPARE(source.read(frame, 0), ReadStatus::Frame);
    QCOMPARE(source.read(frame, 0), ReadStatus::EndOfStream);
    QVERIFY(!source.seek(6));
  }
  void brokenFoldersGiveClearErrors() {
    QVERIFY(sourceOpenError("mot:/nonexistent/seq").contains("no such folder"));
    QTemporaryDir empty;
    QVERIFY(sourceOpenError("mot:" + empty.path().toStdString()).contains("missing seqinfo.ini"));
    QTemporaryDir noImages;
    writeText(noImages.filePath("seqinfo.ini"), "[Sequence]\nframeRate=7\nseqLength=5\nimWidth=64\nimHeight=48\n");
    QVERIFY(sourceOpenError("mot:" + noImages.path().toStdString()).contains("image folder 'img1' is missing"));
    QTemporaryDir garbage;
    writeText(garbage.filePath("seqinfo.ini"), "this is not an ini file\n");
    QVERIFY(sourceOpenError("mot:" + garbage.path().toStdString()).contains("seqinfo.ini:1"));
    QTemporaryDir badGt;
    makeSequence(badGt, false);
    writeText(badGt.filePath("gt/gt.txt"), "1,1,5,5,10,20,1,1,1\n2,1,5,5,ten,20,1,1,1\n");
    QVERIFY(sourceOpenError("mot:" + badGt.path().toStdString()).contains("gt.txt:2: field 'bb_width'"));
  }
};

QTEST_APPLESS_MAIN(TestSeqInfo)
#include "TestSeqInfo.moc"
