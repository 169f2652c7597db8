// Recording format versions (issue 21): version 2's frames.csv carries Turbo's difficulty, exit, budget and spent ms
// and the frame's degradation right after total_ms, round-trips through SessionRecorder/SessionReader, and is filled
// from a FrameSnapshot; version 1 folders (without those columns) still read, as Turbo off and clean frames; bad
// values in the new columns are warnings naming file, line and field.
#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <limits>

#include "record/SessionReader.h"
#include "record/SessionRecorder.h"
#include "record/SnapshotRecord.h"
#include "session/FrameSnapshot.h"

using namespace edgescope;

namespace {

void writeText(const QString& path, const std::string& text) {
  std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << text;
}

QString readText(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString joined(const std::vector<std::string>& texts) {
  QStringList all;
  for (const auto& text : texts) all << QString::fromStdString(text);
  return all.join(" | ");
}

RecordedFrame frame(std::int64_t number) {
  RecordedFrame f;
  f.frame = number;
  f.timeS = 0.1 * static_cast<double>(number);
  f.detections = 3;
  f.tracks = 2;
  f.stageMs = {{"decode", 1.25}, {"detect", 10.5}, {"discriminate", 0.25}, {"enhance", 6.5}, {"track", 0.5}};
  f.totalMs = 19.0;
  f.moduleFields = {{"pl_patches", 4.0}};
  return f;
}

}  // namespace

class TestSessionVersions : public QObject {
  Q_OBJECT

 private slots:
  void version2RoundTripsTurboAndDegradeColumns() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("v2");
    SessionManifest manifest;
    manifest.tool = "edgescope-test";
    manifest.version = 1;  // a copied old manifest: the recorder writes the layout it knows
    std::vector<RecordedFrame> written;
    {
      SessionRecorder recorder(folder.toStdString(), manifest);
      RecordedFrame enhanced = frame(1);
      enhanced.difficulty = 0.625;
      enhanced.exit = 3;
      enhanced.budgetMs = 42.125;
      enhanced.turboMs = 6.5;
      enhanced.degradeKind = "dark";
      enhanced.degradeStrength = 0.7;
      RecordedFrame plain = frame(2);  // Turbo off, clean: the defaults
      RecordedFrame easy = frame(3);
      easy.difficulty = 0.1;
      easy.budgetMs = 30.0;
      easy.degradeKind = "lowres";
      easy.degradeStrength = 0.35;
      written = {enhanced, plain, easy};
      for (const RecordedFrame& f : written) recorder.recordFrame(f, {});
      recorder.finish();
    }
    const QString header = readText(folder + "/frames.csv").section('\n', 0, 0);
    QCOMPARE(header, QString("frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,"
                             "difficulty,exit,budget_ms,turbo_ms,degrade_kind,degrade_strength,decode_ms,detect_ms,"
                             "discriminate_ms,enhance_ms,track_ms,pl_patches"));
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY2(data.warnings.empty(), qPrintable(joined(data.warnings)));
    QCOMPARE(data.manifest.version, 2);
    QCOMPARE(data.frames.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      const RecordedFrame& in = written[i];
      const RecordedFrame& out = data.frames[i];
      QCOMPARE(out.frame, in.frame);
      QCOMPARE(std::isnan(out.difficulty), std::isnan(in.difficulty));
      if (!std::isnan(in.difficulty)) QCOMPARE(out.difficulty, in.difficulty);
      QCOMPARE(out.exit, in.exit);
      QCOMPARE(out.budgetMs, in.budgetMs);
      QCOMPARE(out.turboMs, in.turboMs);
      QCOMPARE(out.degradeKind, in.degradeKind);
      QCOMPARE(out.degradeStrength, in.degradeStrength);
      QCOMPARE(out.stageMs, in.stageMs);  // the new columns are not taken for stages
      QCOMPARE(out.moduleFields, in.moduleFields);
      QCOMPARE(out.totalMs, in.totalMs);
    }
  }

  void version1FoldersStillRead() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("v1");
    QVERIFY(QDir().mkpath(folder));
    writeText(folder + "/session.json",
              R"({"format":"edgescope-session","version":1,"tool":"edgescope","created":"2026-10-01T10:00:00Z",)"
              R"("ended":"2026-10-01T10:01:00Z","complete":true,"source":{"uri":"a.avi","fps":25}})");
    writeText(folder + "/frames.csv",
              "frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,decode_ms,detect_ms,"
              "track_ms\n1,0.04,864,480,1,0,5,2,13.5,1.5,11,1\n2,0.08,864,480,1,1,4,2,12,1,10,1\n");
    writeText(folder + "/knobs.csv", "time_s,frame,id,requested,applied\n0,0,track.buffer,30,30\n");
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY2(data.warnings.empty(), qPrintable(joined(data.warnings)));
    QCOMPARE(data.manifest.version, 1);
    QVERIFY(data.manifest.complete);
    QCOMPARE(data.frames.size(), std::size_t(2));
    const std::vector<std::pair<std::string, double>> stages = {{"decode", 1.5}, {"detect", 11.0}, {"track", 1.0}};
    QCOMPARE(data.frames[0].stageMs, stages);
    QVERIFY(data.frames[1].reselected);
    for (const RecordedFrame& f : data.frames) {  // Turbo off, clean frames
      QVERIFY(std::isnan(f.difficulty));
      QCOMPARE(f.exit, 0);
      QCOMPARE(f.budgetMs, 0.0);
      QCOMPARE(f.turboMs, 0.0);
      QCOMPARE(f.degradeKind, std::string("none"));
      QCOMPARE(f.degradeStrength, 0.0);
    }
    QCOMPARE(data.knobs.size(), std::size_t(1));
  }

  void manifestWithoutVersionIsVersion1() {
    QTemporaryDir dir;
    writeText(dir.filePath("session.json"), R"({"format":"edgescope-session","tool":"edgescope"})");
    QCOMPARE(SessionReader::read(dir.path().toStdString()).manifest.version, 1);
  }

  void badTurboValuesAreWarningsNamingTheField() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("bad");
    {
      SessionRecorder recorder(folder.toStdString(), SessionManifest{});
      recorder.finish();
    }
    const std::string header =
        "frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,difficulty,exit,budget_ms,"
        "turbo_ms,degrade_kind,degrade_strength,decode_ms\n";
    writeText(folder + "/frames.csv", header +
                                          "1,0.04,0,0,-1,0,0,0,2,0.5,2,20,3,dark,0.7,1\n"
                                          "2,0.08,0,0,-1,0,0,0,2,0.5,2,20,3,foggy,0.7,1\n"
                                          "3,0.12,0,0,-1,0,0,0,2,0.5,7,20,3,none,0,1\n"
                                          "4,0.16,0,0,-1,0,0,0,2,nan,0,0,0,none,0,1\n"
                                          "5,0.20,0,0,-1,0,0,0,2,0.5,1,x,3,none,0,1\n");
    const SessionData data = SessionReader::read(folder.toStdString());
    const QString all = joined(data.warnings);
    QCOMPARE(data.frames.size(), std::size_t(2));
    QCOMPARE(data.frames[0].degradeKind, std::string("dark"));
    QVERIFY(std::isnan(data.frames[1].difficulty));
    QVERIFY2(all.contains("frames.csv line 3: field 'degrade_kind': not a degradation kind, got 'foggy'"),
             qPrintable(all));
    QVERIFY2(all.contains("frames.csv line 4: field 'exit': not an exit 0-5, got '7'"), qPrintable(all));
    QVERIFY2(all.contains("frames.csv line 6: field 'budget_ms': not a number, got 'x'"), qPrintable(all));
    QCOMPARE(data.warnings.size(), std::size_t(3));
  }

  void snapshotsFillTheColumns() {
    FrameSnapshot snapshot;
    snapshot.frame.number = 7;
    snapshot.latency.add("decode", 1.0);
    RecordedFrame off = SnapshotRecord::fromSnapshot(snapshot, 0.5);
    QVERIFY(std::isnan(off.difficulty));
    QCOMPARE(off.exit, 0);
    QCOMPARE(off.degradeKind, std::string("none"));
    QCOMPARE(off.degradeStrength, 0.0);

    snapshot.turbo.active = true;
    snapshot.turbo.difficulty = 0.8;
    snapshot.turbo.exit = 4;
    snapshot.turbo.budgetMs = 55.5;
    snapshot.turbo.spentMs = 12.25;
    snapshot.turbo.discriminateMs = 0.3;
    snapshot.degradation = {DegradationKind::Motion, 0.45, 30.0};
    const RecordedFrame on = SnapshotRecord::fromSnapshot(snapshot, 0.5);
    QCOMPARE(on.difficulty, 0.8);
    QCOMPARE(on.exit, 4);
    QCOMPARE(on.budgetMs, 55.5);
    QCOMPARE(on.turboMs, 12.25);
    QCOMPARE(on.degradeKind, std::string("motion"));
    QCOMPARE(on.degradeStrength, 0.45);

    snapshot.turbo.difficulty = -1.0;  // active, but no difficulty computed (no latency bound)
    QVERIFY(std::isnan(SnapshotRecord::fromSnapshot(snapshot, 0.5).difficulty));
  }
};

QTEST_GUILESS_MAIN(TestSessionVersions)
#include "TestSessionVersions.moc"
