// ParaLoupe in a recorded session (issue 20): frames.csv module fields (pl_*) read back as module fields and never
// as latency stages, patches.csv / gantt.csv / nodes.csv written through SessionRecorder::appendLines and
// EngineRecording (nodes once per second) read back exactly; old sessions without them read unchanged; malformed
// lines become warnings naming file and line; info events reach events.log.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

#include "../TestHelpers.h"
#include "record/ParaLoupeRecord.h"
#include "record/SessionReader.h"
#include "record/SessionRecorder.h"
#include "record/SnapshotRecord.h"
#include "session/EngineRecording.h"
#include "session/FrameSnapshot.h"

using namespace edgescope;

namespace {

SessionManifest manifest() {
  SessionManifest m;
  m.tool = "edgescope-test";
  m.sourceUri = "synthetic:?seed=1";
  m.width = 768;
  m.height = 576;
  m.fps = 25.0;
  return m;
}

/// A ParaLoupe frame: two patches on node1 and the camera, one shed, and its Gantt.
ParaLoupeFrame plFrame(int n) {
  ParaLoupeFrame pl;
  pl.active = true;
  pl.scheduler = "markov";
  pl.patches = 3;
  pl.high = 2;
  pl.low = 1;
  pl.shed = 1;
  pl.sloMs = 40.0;
  pl.sloMet = n % 2 == 0;
  pl.utility = 1.0 / 3.0 + n;
  pl.iterations = 17 + n;
  pl.scheduleMs = 0.0912345;
  pl.patchgenMs = 1.5 + 0.1 * n;
  PatchRecord a;
  a.id = 0;
  a.kind = PatchKind::High;
  a.rect = {10.5f, 20.25f, 32.0f, 64.0f};
  a.node = "node1";
  a.inputWidth = 64;
  a.inputHeight = 128;
  a.predictedMs = 7.125;
  a.measuredMs = 6.0 + n;
  a.objectness = 0.8125f;
  a.served = a.kept = true;
  PatchRecord b = a;
  b.id = 1;
  b.rect.x = -4.0f;  // past the border: padded, never shifted
  b.node = "camera";
  b.kept = false;
  PatchRecord shed;
  shed.id = 2;
  shed.kind = PatchKind::Low;
  shed.rect = {100.0f, 100.0f, 16.0f, 32.0f};
  shed.objectness = 0.51f;
  pl.records = {a, b, shed};
  pl.gantt = {{"camera", "generate", 0.0, 1.5},
              {"camera", "schedule", 1.5, 1.6},
              {"node1", "uplink", 1.7, 4.0},
              {"node1", "compute", 4.0, 11.0 + n},
              {"camera", "aggregate", 12.0 + n, 13.0 + n}};
  return pl;
}

std::vector<ClusterNodeView> nodes(double share) {
  ClusterNodeView node1;
  node1.name = "node1";
  node1.state = "online";
  node1.uplinkEstimateKbps = 24000.5;
  node1.cost = 0.25;
  node1.share = share;
  node1.queueDepth = 2;
  node1.rttMs = 3.5;
  node1.load = 0.4;
  ClusterNodeView node2 = node1;
  node2.name = "node,2";  // a comma in a name must not break the line
  node2.state = "lost";
  node2.rttMs = -1.0;
  return {node1, node2};
}

void writeText(const QString& path, const std::string& text) {
  std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << text;
}

bool anyContains(const std::vector<std::string>& texts, const QString& part) {
  for (const auto& text : texts) {
    if (QString::fromStdString(text).contains(part)) return true;
  }
  return false;
}

QString joined(const std::vector<std::string>& texts) {
  QStringList out;
  for (const auto& text : texts) out << QString::fromStdString(text);
  return out.join(" | ");
}

}  // namespace

class TestParaLoupeRecord : public QObject {
  Q_OBJECT

 private slots:
  void frameFieldsFollowTheIssue() {
    const auto fields = ParaLoupeRecord::frameFields(plFrame(2));
    const std::vector<std::string> expected = {"pl_patches",    "pl_high",        "pl_low",        "pl_roi",
                                               "pl_shed",       "pl_slo_ms",      "pl_slo_met",    "pl_u",
                                               "pl_iterations", "pl_schedule_ms", "pl_patchgen_ms"};
    QCOMPARE(fields.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      QCOMPARE(fields[i].first, expected[i]);
      QVERIFY(RecordedFrame::isModuleColumn(fields[i].first));
    }
    QCOMPARE(fields[6].second, 1.0);  // frame 2 met the SLO
    QCOMPARE(fields[8].second, 19.0);
    QVERIFY(ParaLoupeRecord::frameFields(ParaLoupeFrame{}).empty());  // not a ParaLoupe frame: no fields

    FrameSnapshot snapshot;
    snapshot.frame.number = 2;
    snapshot.latency.add("decode", 1.0);
    snapshot.partition.paraloupe = plFrame(2);
    const RecordedFrame recorded = SnapshotRecord::fromSnapshot(snapshot, 0.5);
    QCOMPARE(recorded.moduleFields.size(), expected.size());
    QCOMPARE(recorded.moduleField("pl_patchgen_ms", -1.0), 1.7);
    QCOMPARE(recorded.stageMs.size(), std::size_t(1));
  }

  void moduleFieldsRoundTripAndAreNotStages() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("s").toStdString();
    std::vector<RecordedFrame> written;
    {
      SessionRecorder recorder(folder, manifest());
      for (int n = 1; n <= 3; ++n) {
        RecordedFrame f;
        f.frame = n;
        f.timeS = 0.04 * n;
        f.stageMs = {{"decode", 1.0}, {"patchgen", 0.1 * n}, {"schedule", 0.3}};
        f.totalMs = 1.4 + 0.1 * n;
        f.moduleFields = ParaLoupeRecord::frameFields(plFrame(n));
        if (n == 2) f.moduleFields.erase(f.moduleFields.begin() + 4);  // pl_shed missing: "nan", read as absent
        if (n == 3) f.moduleFields.emplace_back("pl_unknown", 5.0);    // not in the header: dropped
        recorder.recordFrame(f, {});
        if (n == 3) f.moduleFields.pop_back();
        written.push_back(f);
      }
      recorder.finish();
    }
    const SessionData data = SessionReader::read(folder);
    QVERIFY2(data.warnings.empty(), qPrintable(joined(data.warnings)));
    QCOMPARE(data.frames.size(), written.size());
    for (std::size_t i = 0; i < written.size(); ++i) {
      QCOMPARE(data.frames[i].stageMs, written[i].stageMs);  // no pl_schedule_ms / pl_patchgen_ms stage
      QCOMPARE(data.frames[i].moduleFields, written[i].moduleFields);
    }
    QVERIFY(!data.frames[1].hasModuleField("pl_shed"));
    QCOMPARE(data.frames[0].moduleField("pl_u", 0.0), 1.0 / 3.0 + 1);  // exact through the text
  }

  void recorderRefusesFieldsInTheWrongNamespace() {
    QTemporaryDir dir;
    SessionRecorder unprefixed(dir.filePath("a").toStdString(), manifest());
    RecordedFrame f;
    f.moduleFields = {{"patches", 1.0}};
    QVERIFY(edgescope::testing::errorOf([&] { unprefixed.recordFrame(f, {}); }).contains("no registered prefix"));
    SessionRecorder stage(dir.filePath("b").toStdString(), manifest());
    RecordedFrame g;
    g.stageMs = {{"pl_x", 1.0}};
    QVERIFY(edgescope::testing::errorOf([&] { stage.recordFrame(g, {}); }).contains("module column prefix"));
  }

  void appendLinesCreatesFeatureFilesOnFirstUse() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("s");
    SessionRecorder recorder(folder.toStdString(), manifest());
    QVERIFY(!QFile::exists(folder + "/extra.csv"));
    recorder.appendLines("extra.csv", "a,b", {});
    QVERIFY(QFile::exists(folder + "/extra.csv"));
    recorder.appendLines("extra.csv", "a,b", {"1,2", "3,4"});
    QVERIFY(edgescope::testing::errorOf([&] {
              recorder.appendLines("frames.csv", "a", {"1"});
            }).contains("the session's own file"));
    SessionRecorder other(dir.filePath("t").toStdString(), manifest());
    QVERIFY(edgescope::testing::errorOf([&] { other.appendLines("../x.csv", "a", {}); }).contains("plain file name"));
    SessionRecorder third(dir.filePath("u").toStdString(), manifest());
    third.appendLines("x.csv", "a", {});
    QVERIFY(edgescope::testing::errorOf([&] { third.appendLines("x.csv", "b", {}); }).contains("differs"));
    QVERIFY(third.stopped());  // a failed write stops the recorder
    recorder.finish();
    QFile file(folder + "/extra.csv");
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("a,b\n1,2\n3,4\n"));
  }

  void engineRecordingWritesPatchesGanttAndNodes() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("engine").toStdString();
    std::vector<std::string> errors;
    EngineRecording recording([&](EngineEvent::Type type, std::string message) {
      if (type == EngineEvent::Type::Error) errors.push_back(message);
    });
    EngineRecording::Context context;
    context.source.uri = "synthetic:?seed=1";
    recording.start(folder, "edgescope-test", context);
    QVERIFY(recording.active());
    for (int n = 1; n <= 3; ++n) {
      FrameSnapshot snapshot;
      snapshot.frame.number = n;
      snapshot.latency.add("decode", 1.0);
      snapshot.latency.add("patches", 10.0);
      if (n != 2) snapshot.partition.paraloupe = plFrame(n);  // frame 2 ran another strategy
      snapshot.nodes = nodes(0.5 + 0.1 * n);
      recording.recordFrame(snapshot);  // three frames within a second: one nodes sample
    }
    recording.recordEngineEvent(EngineEvent::Type::Info, "ParaLoupe: node node1 is back");
    recording.recordEngineEvent(EngineEvent::Type::Warning, "ParaLoupe: node node1 lost: its patches go elsewhere");
    recording.recordEngineEvent(EngineEvent::Type::ParameterApplied, "not for the log");
    recording.stop();
    QVERIFY2(errors.empty(), errors.empty() ? "" : errors.front().c_str());

    const SessionData data = SessionReader::read(folder);
    QVERIFY2(data.warnings.empty(), qPrintable(joined(data.warnings)));
    QCOMPARE(data.frames.size(), std::size_t(3));
    QCOMPARE(data.frames[0].moduleFields.size(), std::size_t(11));
    QVERIFY(data.frames[1].moduleFields.empty());
    QCOMPARE(data.frames[2].moduleField("pl_iterations", 0.0), 20.0);
    QCOMPARE(data.frames[2].stageMs.size(), std::size_t(2));

    QCOMPARE(data.patches.size(), std::size_t(6));
    const ParaLoupeFrame expected = plFrame(3);
    for (std::size_t i = 0; i < 3; ++i) {
      const RecordedPatch& p = data.patches[3 + i];
      const PatchRecord& r = expected.records[i];
      QCOMPARE(p.frame, std::int64_t(3));
      QCOMPARE(p.patch, r.id);
      QCOMPARE(p.kind, std::string(Patch::kindName(r.kind)));
      QCOMPARE(float(p.x), r.rect.x);  // float fields read back as the same float
      QCOMPARE(float(p.y), r.rect.y);
      QCOMPARE(float(p.width), r.rect.width);
      QCOMPARE(float(p.height), r.rect.height);
      QCOMPARE(p.node, r.node);
      QCOMPARE(p.inputWidth, r.inputWidth);
      QCOMPARE(p.inputHeight, r.inputHeight);
      QCOMPARE(p.predictedMs, r.predictedMs);
      QCOMPARE(p.measuredMs, r.measuredMs);
      QCOMPARE(float(p.objectness), r.objectness);
      QCOMPARE(p.served, r.served);
      QCOMPARE(p.kept, r.kept);
    }
    QCOMPARE(data.gantt.size(), std::size_t(10));
    const RecordedGanttSegment& last = data.gantt.back();
    QCOMPARE(last.frame, std::int64_t(3));
    QCOMPARE(last.device, std::string("camera"));
    QCOMPARE(last.phase, std::string("aggregate"));
    QCOMPARE(last.startMs, 15.0);
    QCOMPARE(last.endMs, 16.0);

    QCOMPARE(data.nodes.size(), std::size_t(2));  // one sample of two nodes
    QCOMPARE(data.nodes[0].frame, std::int64_t(1));
    QCOMPARE(data.nodes[0].node, std::string("node1"));
    QCOMPARE(data.nodes[0].state, std::string("online"));
    QCOMPARE(data.nodes[0].uplinkEstimateKbps, 24000.5);
    QCOMPARE(data.nodes[0].cost, 0.25);
    QCOMPARE(data.nodes[0].share, 0.5 + 0.1);
    QCOMPARE(data.nodes[0].queueDepth, 2);
    QCOMPARE(data.nodes[0].rttMs, 3.5);
    QCOMPARE(data.nodes[0].load, 0.4);
    QCOMPARE(data.nodes[1].node, std::string("node;2"));
    QCOMPARE(data.nodes[1].state, std::string("lost"));
    QCOMPARE(data.nodes[1].rttMs, -1.0);

    QCOMPARE(data.events.size(), std::size_t(2));
    QCOMPARE(data.events[0].level, std::string("info"));
    QCOMPARE(data.events[0].message, std::string("ParaLoupe: node node1 is back"));
    QCOMPARE(data.events[1].level, std::string("warning"));
  }

  void nodesAreSampledOncePerSecond() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("slow").toStdString();
    EngineRecording recording([](EngineEvent::Type, std::string) {});
    recording.start(folder, "edgescope-test", {});
    for (int n = 1; n <= 3; ++n) {
      FrameSnapshot snapshot;
      snapshot.frame.number = n;
      snapshot.nodes = nodes(0.5);
      recording.recordFrame(snapshot);
      if (n == 2) QTest::qWait(1100);  // frame 3 falls into the next second
    }
    recording.stop();
    const SessionData data = SessionReader::read(folder);
    QCOMPARE(data.nodes.size(), std::size_t(4));
    QCOMPARE(data.nodes[2].frame, std::int64_t(3));
    QVERIFY(data.nodes[2].timeS >= 1.0);
    QVERIFY(data.patches.empty() && data.gantt.empty());  // no ParaLoupe frame: no files
    QVERIFY(!QFile::exists(QString::fromStdString(folder) + "/patches.csv"));
  }

  void oldSessionsReadUnchanged() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("old");
    QVERIFY(QDir().mkpath(folder));
    writeText(folder + "/session.json",
              R"({"format":"edgescope-session","version":1,"tool":"edgescope","created":"2026-11-01T10:00:00Z",)"
              R"("ended":"2026-11-01T10:01:00Z","complete":true,"source":{"uri":"a.avi"}})");
    writeText(folder + "/frames.csv",
              "frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,decode_ms,detect_ms,"
              "camera_ms\n1,0.04,864,480,1,0,5,2,13.5,1.5,10,2\n2,0.08,864,480,1,0,4,2,12,1,9,2\n");
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY2(data.warnings.empty(), qPrintable(joined(data.warnings)));
    QCOMPARE(data.frames.size(), std::size_t(2));
    const std::vector<std::pair<std::string, double>> stages = {{"decode", 1.5}, {"detect", 10.0}, {"camera", 2.0}};
    QCOMPARE(data.frames[0].stageMs, stages);
    QVERIFY(data.frames[0].moduleFields.empty());
    QVERIFY(data.patches.empty() && data.gantt.empty() && data.nodes.empty());
  }

  void malformedFeatureLinesAreWarningsNamingFileAndLine() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("bad");
    {
      SessionRecorder recorder(folder.toStdString(), manifest());
      recorder.finish();
    }
    writeText(folder + "/frames.csv",
              "frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,decode_ms,pl_patches,"
              "pl_schedule_ms\n1,0.04,0,0,-1,0,0,0,2,1,3,0.5\n2,0.08,0,0,-1,0,0,0,2,1,x,0.5\n");
    writeText(folder + "/patches.csv",
              "frame,patch,kind,x,y,w,h,node,input_w,input_h,predicted_ms,measured_ms,objectness,served,kept\n"
              "1,0,high,1,2,3,6,node1,64,128,5,6,0.9,1,1\n"
              "1,1,medium,1,2,3,6,node1,64,128,5,6,0.9,1,0\n"
              "1,2,low,1,2,3,6,,0,0,0,0,0.5,0,0\n"
              "1,3,low,1,2\n"
              "1,4,low,1,2,3,6,camera,32,64,1,1,0.5,2,0\n");
    writeText(folder + "/gantt.csv",
              "frame,device,phase,start_ms,end_ms\n1,camera,generate,0,1.5\n1,node1,queue,zz,3\n");
    writeText(folder + "/nodes.csv", "time,frame,node\n0,1,node1\n");  // another format: one warning, no rows
    const SessionData data = SessionReader::read(folder.toStdString());
    QCOMPARE(data.frames.size(), std::size_t(1));
    QCOMPARE(data.frames[0].moduleField("pl_schedule_ms", 0.0), 0.5);
    QCOMPARE(data.frames[0].stageMs.size(), std::size_t(1));
    QCOMPARE(data.patches.size(), std::size_t(2));
    QCOMPARE(data.patches[1].node, std::string());
    QCOMPARE(data.gantt.size(), std::size_t(1));
    QVERIFY(data.nodes.empty());
    const QString all = joined(data.warnings);
    QVERIFY2(anyContains(data.warnings, "frames.csv line 3: field 'pl_patches': not a number, got 'x'"),
             qPrintable(all));
    QVERIFY2(anyContains(data.warnings, "patches.csv line 3: field 'kind': not high, roi or low, got 'medium'"),
             qPrintable(all));
    QVERIFY2(anyContains(data.warnings, "patches.csv line 5: expected 15 fields, got 5"), qPrintable(all));
    QVERIFY2(anyContains(data.warnings, "patches.csv line 6: field 'served': not 0 or 1, got '2'"), qPrintable(all));
    QVERIFY2(anyContains(data.warnings, "gantt.csv line 3: field 'start_ms': not a number, got 'zz'"), qPrintable(all));
    QVERIFY2(anyContains(data.warnings, "nodes.csv line 1: unexpected header"), qPrintable(all));
    QCOMPARE(data.warnings.size(), std::size_t(6));
  }
};

QTEST_GUILESS_MAIN(TestParaLoupeRecord)
#include "TestParaLoupeRecord.moc"
