// MOTChallenge text I/O: both formats, round trip, ignore rows, and errors naming file, line and field.
#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

#include "mot/GroundTruthIndex.h"
#include "mot/MotFile.h"
#include "util/Error.h"

using namespace edgescope;

class TestMotFile : public QObject {
  Q_OBJECT
 private:
  static QString errorOf(const std::string& text) {
    try {
      MotFile::parse(text, "gt.txt");
    } catch (const Error& e) {
      return e.what();
    }
    return {};
  }

 private slots:
  void readsMot15TenColumns() {
    const auto c = MotFile::parse("1,9,499,158,31.03,75.17,1,-4.15,-7.35,0\n2,9,500,159,31,75,0,-1,-1,-1\n", "x");
    QCOMPARE(c.columns, 10);
    QCOMPARE(c.format, MotFormat::Mot15);
    QCOMPARE(c.rows.size(), size_t(2));
    QCOMPARE(c.rows[0].id, 9);
    QCOMPARE(c.rows[0].box.width, 31.03f);
    QCOMPARE(c.rows[0].worldX, -4.15f);
    QVERIFY(!c.rows[0].isIgnore());
    QVERIFY(c.rows[1].isIgnore());
  }
  void readsMot16NineColumnsWithClassAndVisibility() {
    const auto c = MotFile::parse("# comment\n\n3, 2, 10, 20, 30, 40, 1, 7, 0.25\r\n", "x");
    QCOMPARE(c.columns, 9);
    QCOMPARE(c.format, MotFormat::Mot16);
    QCOMPARE(c.rows[0].frame, std::int64_t(3));
    QCOMPARE(c.rows[0].classId, 7);
    QCOMPARE(c.rows[0].visibility, 0.25f);
  }
  void roundTripsThroughAFile() {
    QTemporaryDir dir;
    const std::string path = dir.filePath("gt.txt").toStdString();
    std::vector<MotRow> rows(2);
    rows[0].frame = 1; rows[0].id = 4; rows[0].box = {1.5f, 2.25f, 30, 60}; rows[0].classId = 1; rows[0].visibility = 0.5f;
    rows[1].frame = 2; rows[1].id = 5; rows[1].box = {100, 200, 10, 20}; rows[1].confidence = 0; rows[1].classId = 1;
    MotFile::write(path, rows, MotFormat::Mot16);
    const auto back = MotFile::read(path);
    QCOMPARE(back.rows.size(), size_t(2));
    QCOMPARE(back.rows[0].box.y, 2.25f);
    QCOMPARE(back.rows[0].visibility, 0.5f);
    QVERIFY(back.rows[1].isIgnore());
    const GroundTruthIndex index(back.rows);
    QCOMPARE(index.rowsForFrame(2).size(), size_t(1));
    QCOMPARE(index.rowsForFrame(3).size(), size_t(0));
    QCOMPARE(index.identityCount(), size_t(1));  // id 5 is an ignore row
  }
  void malformedLinesNameFileLineAndField() {
    QVERIFY(errorOf("1,1,0,0,10,10,1,1,1\n1,x,0,0,10,10,1,1,1\n").startsWith("gt.txt:2: field 'id'"));
    QVERIFY(errorOf("1,1,0,0,abc,10,1,1,1\n").contains("field 'bb_width'"));
    QVERIFY(errorOf("0,1,0,0,10,10,1,1,1\n").contains("field 'frame'"));
    QVERIFY(errorOf("1,1,0,0,-5,10,1,1,1\n").contains("bb_width"));
    QVERIFY(errorOf("1,1,0,0\n").contains("gt.txt:1:"));
    QVERIFY(errorOf("1,1,0,0,1,1,1,1,1\n2,1,0,0,1,1,1,1,1,1\n").contains("gt.txt:2:"));
    QVERIFY(errorOf("1,1,0,0,1,1,1,1,1.5\n").contains("visibility"));
    QVERIFY(errorOf("1,1,0,0,1,1,1,1,nan\n").contains("visibility"));
  }
  void outOfRangeNumbersNameFileLineAndField() {
    const std::string good = "1,1,10,20,30,40,1,1,1\n";
    QVERIFY(errorOf(good).isEmpty());
    const QString frame = errorOf(good + "99999999999999999999,1,10,20,30,40,1,1,1\n");
    QVERIFY2(frame.startsWith("gt.txt:2: field 'frame'"), qPrintable(frame));
    QVERIFY2(frame.contains("2147483647"), qPrintable(frame));
    QVERIFY(errorOf("2147483648,1,10,20,30,40,1,1,1\n").startsWith("gt.txt:1: field 'frame'"));
    QCOMPARE(MotFile::parse("2147483647,1,10,20,30,40,1,1,1\n", "gt.txt").rows[0].frame, std::int64_t(2147483647));
    const QString box = errorOf(good + good + "3,1,1e308,20,1e308,1e308,1,1,1\n");
    QVERIFY2(box.startsWith("gt.txt:3: field 'bb_left'"), qPrintable(box));
    QVERIFY2(box.contains("1e7 px"), qPrintable(box));
    QVERIFY(errorOf("1,1,10,-20000000,30,40,1,1,1\n").startsWith("gt.txt:1: field 'bb_top'"));
    QVERIFY(errorOf("1,1,10,20,10000001,40,1,1,1\n").startsWith("gt.txt:1: field 'bb_width'"));
    QVERIFY(errorOf("1,1,10,20,30,1e9,1,1,1\n").startsWith("gt.txt:1: field 'bb_height'"));
    QCOMPARE(MotFile::parse("1,1,-9999999,0,1e7,30,1,1,1\n", "gt.txt").rows[0].box.width, 1e7f);
    QVERIFY(errorOf("1,3000000000,10,20,30,40,1,1,1\n").startsWith("gt.txt:1: field 'id'"));
    QVERIFY(errorOf("1,1,10,20,30,40,1e300,-1,-1,-1\n").startsWith("gt.txt:1: field 'conf'"));
  }
  void missingFileIsAClearError() {
    try {
      MotFile::read("/nonexistent/gt.txt");
      QFAIL("no error");
    } catch (const Error& e) {
      QVERIFY(QString(e.what()).contains("/nonexistent/gt.txt"));
    }
  }
  void realPetsGroundTruthParses() {
    const QString path = QStringLiteral(EDGESCOPE_SHARED_DIR "/data/pets09-s2l1/gt.txt");
    if (!QFile::exists(path)) QSKIP("../shared/data/pets09-s2l1/gt.txt absent (shared data not available)");
    const auto c = MotFile::read(path.toStdString());
    QCOMPARE(c.columns, 10);
    QCOMPARE(c.rows.size(), size_t(2396));  // frames 1–400 of PETS09-S2L1
    const GroundTruthIndex index(c.rows);
    QCOMPARE(index.firstFrame(), std::int64_t(1));
    QCOMPARE(index.lastFrame(), std::int64_t(400));
  }
};

QTEST_APPLESS_MAIN(TestMotFile)
#include "TestMotFile.moc"
