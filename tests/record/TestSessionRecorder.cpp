// The session folder format: every file written by SessionRecorder reads back exactly through SessionReader; a
// killed writer, an unterminated last line and malformed lines degrade to warnings naming file, line and field;
// unusable folders are errors naming them.
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "record/ModelCardFile.h"
#include "record/SessionReader.h"
#include "record/SessionRecorder.h"
#include "../TestHelpers.h"
#include "util/Error.h"

using namespace edgescope;

namespace {

SessionManifest sampleManifest() {
  SessionManifest manifest;
  manifest.tool = "edgescope-test";
  manifest.sourceUri = "synthetic:?seed=3&frames=60";
  manifest.sourceName = "synthetic seed 3";
  manifest.sourceKind = "synthetic";
  manifest.width = 320;
  manifest.height = 240;
  manifest.fps = 29.97;
  manifest.frameCount = 60;
  manifest.groundTruthPath = "/data/gt \"quoted\".txt";
  manifest.hasGroundTruth = true;
  manifest.detector = "jde:model.json";
  manifest.embedder = "color-hist";
  manifest.modelCardJson = R"({"name":"jde","resolutions":[[1088,608],[864,480]],"metrics":{"mota":0.1},"ok":true})";
  manifest.initialParameters = {{"track.highScore", 0.1 + 0.2}, {"playback.speed", 1.0}};
  return manifest;
}

RecordedFrame sampleFrame(std::int64_t number) {
  RecordedFrame frame;
  frame.frame = number;
  frame.timeS = 0.04 * static_cast<double>(number) + 1e-9;
  frame.inputWidth = 864;
  frame.inputHeight = 480;
  frame.rung = 1;
  frame.reselected = number % 3 == 0;
  frame.detections = 5;
  frame.tracks = 2;
  frame.stageMs = {{"decode", 0.1 * static_cast<double>(number)}, {"detect", 12.345678901234567}, {"track", 0.3}};
  frame.totalMs = frame.stageMs[0].second + 12.345678901234567 + 0.3;
  return frame;
}

std::vector<Track> sampleTracks(std::int64_t number) {
  Track a;
  a.id = 1;
  a.box = {10.125f + static_cast<float>(number), 20.1f, 30.3f, 60.7f};
  a.score = 0.87654321f;
  Track b = a;
  b.id = 7;
  b.box.x = 200.0f / 3.0f;
  return {a, b};
}

std::string readText(const QString& path) {
  std::ifstream in(path.toStdString(), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeText(const QString& path, const std::string& text) {
  std::ofstream(path.toStdString(), std::ios::binary | std::ios::trunc) << text;
}

using edgescope::testing::errorOf;

bool anyContains(const std::vector<std::string>& texts, const QString& part) {
  for (const auto& text : texts) {
    if (QString::fromStdString(text).contains(part)) return true;
  }
  return false;
}

}  // namespace

class TestSessionRecorder : public QObject {
  Q_OBJECT

 private slots:
  void roundTripsEveryFile() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("session").toStdString();  // created by the recorder
    {
      SessionRecorder recorder(folder, sampleManifest());
      recorder.recordInitialParameters(0);
      recorder.recordKnob({1.5, 12, "track.highScore", 0.55, 0.5499999999999999});
      for (std::int64_t n = 1; n <= 3; ++n) recorder.recordFrame(sampleFrame(n), sampleTracks(n));
      RecordedFrame odd = sampleFrame(4);
      odd.stageMs = {{"detect", 2.0}, {"embed", 9.0}};  // embed is unknown: dropped; decode/track missing: 0
      recorder.recordFrame(odd, {});
      RecordedMetrics metrics;
      metrics.frame = 4;
      metrics.timeS = 0.16;
      metrics.metrics.frames = 4;
      metrics.metrics.mota = -0.1234567890123;
      metrics.metrics.idf1 = 2.0 / 3.0;
      metrics.metrics.hota.hota = 0.45;
      metrics.metrics.motp = 0.8;
      metrics.metrics.recall = 0.6;
      metrics.metrics.precision = 0.7;
      metrics.metrics.idsw = 3;
      metrics.metrics.fp = 4;
      metrics.metrics.fn = 5;
      metrics.metrics.gtDetections = 20;
      recorder.recordMetrics(metrics);
      recorder.recordEvent("warning", "seek ignored,\nnot seekable");
      QCOMPARE(recorder.framesRecorded(), std::int64_t(4));
      recorder.finish();
      recorder.finish();  // idempotent
    }
    const SessionData data = SessionReader::read(folder);
    QVERIFY2(data.warnings.empty(), data.warnings.empty() ? "" : data.warnings.front().c_str());
    const SessionManifest expected = sampleManifest();
    const SessionManifest& m = data.manifest;
    QCOMPARE(m.format, std::string("edgescope-session"));
    QCOMPARE(m.version, 2);  // issue 21: frames.csv with the Turbo/degrade columns
    QCOMPARE(m.tool, expected.tool);
    QVERIFY(m.complete);
    QVERIFY(QString::fromStdString(m.created).endsWith('Z'));
    QVERIFY(!m.ended.empty());
    QCOMPARE(m.sourceUri, expected.sourceUri);
    QCOMPARE(m.sourceName, expected.sourceName);
    QCOMPARE(m.sourceKind, expected.sourceKind);
    QCOMPARE(m.width, 320);
    QCOMPARE(m.height, 240);
    QCOMPARE(m.fps, 29.97);
    QCOMPARE(m.frameCount, std::int64_t(60));
    QCOMPARE(m.groundTruthPath, expected.groundTruthPath);
    QVERIFY(m.hasGroundTruth);
    QCOMPARE(m.detector, expected.detector);
    QCOMPARE(m.embedder, expected.embedder);
    QCOMPARE(m.modelCardJson, expected.modelCardJson);  // compact JSON re-serialises to the same text
    QVERIFY(m.initialParameters == expected.initialParameters);

    QCOMPARE(data.knobs.size(), std::size_t(3));
    QCOMPARE(data.knobs[0].id, std::string("playback.speed"));  // initial parameters first, at time 0, frame 0
    QCOMPARE(data.knobs[1].applied, 0.1 + 0.2);
    QCOMPARE(data.knobs[2].timeS, 1.5);
    QCOMPARE(data.knobs[2].frame, std::int64_t(12));
    QCOMPARE(data.knobs[2].requested, 0.55);
    QCOMPARE(data.knobs[2].applied, 0.5499999999999999);

    QCOMPARE(data.frames.size(), std::size_t(4));
    for (std::int64_t n = 1; n <= 3; ++n) {
      const RecordedFrame want = sampleFrame(n);
      const RecordedFrame& got = data.frames[static_cast<std::size_t>(n - 1)];
      QCOMPARE(got.frame, n);
      QCOMPARE(got.timeS, want.timeS);
      QCOMPARE(got.inputWidth, 864);
      QCOMPARE(got.inputHeight, 480);
      QCOMPARE(got.rung, 1);
      QCOMPARE(got.reselected, want.reselected);
      QCOMPARE(got.detections, 5);
      QCOMPARE(got.tracks, 2);
      QCOMPARE(got.totalMs, want.totalMs);
      QVERIFY(got.stageMs == want.stageMs);  // exact doubles, same order
    }
    const std::vector<std::pair<std::string, double>> oddStages = {{"decode", 0.0}, {"detect", 2.0}, {"track", 0.0}};
    QVERIFY(data.frames[3].stageMs == oddStages);

    QCOMPARE(data.tracks.size(), std::size_t(6));
    const std::vector<Track> tracks = sampleTracks(2);
    const MotRow& row = data.tracks[3];
    QCOMPARE(row.frame, std::int64_t(2));
    QCOMPARE(row.id, 7);
    QCOMPARE(row.box.x, tracks[1].box.x);  // exact floats
    QCOMPARE(row.box.y, tracks[1].box.y);
    QCOMPARE(row.box.width, tracks[1].box.width);
    QCOMPARE(row.box.height, tracks[1].box.height);
    QCOMPARE(row.confidence, tracks[1].score);
    QCOMPARE(row.worldX, -1.0f);

    QCOMPARE(data.metrics.size(), std::size_t(1));
    const MotMetrics& metrics = data.metrics[0].metrics;
    QCOMPARE(data.metrics[0].frame, std::int64_t(4));
    QCOMPARE(data.metrics[0].timeS, 0.16);
    QCOMPARE(metrics.frames, std::int64_t(4));
    QCOMPARE(metrics.mota, -0.1234567890123);
    QCOMPARE(metrics.idf1, 2.0 / 3.0);
    QCOMPARE(metrics.hota.hota, 0.45);
    QCOMPARE(metrics.motp, 0.8);
    QCOMPARE(metrics.recall, 0.6);
    QCOMPARE(metrics.precision, 0.7);
    QCOMPARE(metrics.idsw, std::int64_t(3));
    QCOMPARE(metrics.fp, std::int64_t(4));
    QCOMPARE(metrics.fn, std::int64_t(5));
    QCOMPARE(metrics.gtDetections, std::int64_t(20));
    QCOMPARE(metrics.tp, std::int64_t(15));

    QCOMPARE(data.events.size(), std::size_t(1));
    QCOMPARE(data.events[0].level, std::string("warning"));
    QCOMPARE(data.events[0].message, std::string("seek ignored, not seekable"));
    QVERIFY(data.events[0].timeS >= 0.0);
  }

  void unterminatedLastLineIsSkippedWithAWarning() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    SessionRecorder recorder(folder, sampleManifest());
    for (std::int64_t n = 1; n <= 3; ++n) recorder.recordFrame(sampleFrame(n), sampleTracks(n));
    const QString frames = dir.filePath("frames.csv");
    writeText(frames, readText(frames) + "4,0.16,864,480,1,0,5,2,12.");  // the writer died mid-line
    const SessionData data = SessionReader::read(folder);
    QCOMPARE(data.frames.size(), std::size_t(3));
    QVERIFY(!data.manifest.complete);  // still recording
    QCOMPARE(data.warnings.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(data.warnings[0]).startsWith("frames.csv line 5: unterminated"),
             data.warnings[0].c_str());
  }

  void malformedLinesAreReportedWithFileLineAndField() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    {
      SessionRecorder recorder(folder, sampleManifest());
      for (std::int64_t n = 1; n <= 4; ++n) recorder.recordFrame(sampleFrame(n), sampleTracks(n));
      recorder.recordKnob({1.0, 2, "track.buffer", 30, 30});
    }
    std::string text = readText(dir.filePath("frames.csv"));
    std::vector<std::string> lines;
    std::istringstream stream(text);
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    QCOMPARE(lines.size(), std::size_t(5));
    QStringList fields = QString::fromStdString(lines[2]).split(',');
    fields[8] = "abc";  // line 3 (frame 2): total_ms
    lines[2] = fields.join(',').toStdString();
    lines[3] = "3,0.1,864,480";  // line 4: too few fields
    text.clear();
    for (const auto& line : lines) text += line + "\n";
    writeText(dir.filePath("frames.csv"), text);
    writeText(dir.filePath("knobs.csv"), readText(dir.filePath("knobs.csv")) + "2.0,x3,track.buffer,1,1\n");
    writeText(dir.filePath("events.log"), "garbage\n");

    const SessionData data = SessionReader::read(folder);
    QCOMPARE(data.frames.size(), std::size_t(2));
    QCOMPARE(data.frames[0].frame, std::int64_t(1));
    QCOMPARE(data.frames[1].frame, std::int64_t(4));
    QCOMPARE(data.knobs.size(), std::size_t(1));
    QVERIFY(data.manifest.complete);
    QVERIFY(anyContains(data.warnings, "frames.csv line 3: field 'total_ms': not a number, got '"));
    QVERIFY(anyContains(data.warnings, "frames.csv line 4: expected 18 fields, got 4"));
    QVERIFY(anyContains(data.warnings, "knobs.csv line 3: field 'frame': not an integer, got 'x3'"));
    QVERIFY(anyContains(data.warnings, "events.log line 1: field 'time_s'"));
    QCOMPARE(data.warnings.size(), std::size_t(4));
  }

  void missingDataFilesAreTolerated() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    { SessionRecorder recorder(folder, sampleManifest()); }  // no frame: frames.csv never created
    QVERIFY(!QFile::exists(dir.filePath("frames.csv")));
    QVERIFY(QFile::remove(dir.filePath("tracks.txt")));
    QVERIFY(QFile::remove(dir.filePath("metrics.csv")));
    const SessionData data = SessionReader::read(folder);
    QVERIFY(data.warnings.empty());
    QVERIFY(data.frames.empty() && data.tracks.empty() && data.metrics.empty());
    QVERIFY(data.manifest.complete);
  }

  void unusableFoldersAreErrorsNamingThem() {
    QTemporaryDir dir;
    const QString file = dir.filePath("plain.txt");
    writeText(file, "x");
    const std::string underFile = (file + "/session").toStdString();
    QVERIFY(errorOf([&] { SessionRecorder(underFile, sampleManifest()); }).contains(QString::fromStdString(underFile)));

    const std::string folder = dir.filePath("used").toStdString();
    { SessionRecorder first(folder, sampleManifest()); }
    const QString inUse = errorOf([&] { SessionRecorder(folder, sampleManifest()); });
    QVERIFY2(inUse.contains("session folder already in use") && inUse.contains(QString::fromStdString(folder)),
             qPrintable(inUse));
    QVERIFY(SessionReader::read(folder).manifest.complete);  // the refused second writer touched nothing
  }

  void readerRejectsFoldersWithoutAManifest() {
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    QVERIFY(errorOf([&] { SessionReader::read(folder); }).contains(QString::fromStdString(folder)));
    writeText(dir.filePath("session.json"), "{\"format\": \"edgescope-session\", ");
    const QString broken = errorOf([&] { SessionReader::read(folder); });
    QVERIFY2(broken.contains(QString::fromStdString(folder)) && broken.contains("session.json"), qPrintable(broken));
    writeText(dir.filePath("session.json"), "{\"format\": \"other\"}");
    QVERIFY(errorOf([&] { SessionReader::read(folder); }).contains("edgescope-session"));
  }

  void modelCardsAreFoundNextToJdeModels() {
    QTemporaryDir dir;
    const std::string card = R"({"architecture": {"stageChannels": [32, 64]}, "sha256": "ab"})";
    writeText(dir.filePath("net.json"), card);
    const std::string weights = dir.filePath("net.pt").toStdString();
    QCOMPARE(ModelCardFile::textForDetector("jde:" + weights + "?conf=0.2"), card);
    QCOMPARE(ModelCardFile::textForDetector("jde:" + dir.filePath("net.json").toStdString()), card);
    QCOMPARE(ModelCardFile::textForDetector("jde:" + dir.filePath("other.pt").toStdString()), std::string());
    QCOMPARE(ModelCardFile::textForDetector("hog"), std::string());
    QCOMPARE(ModelCardFile::textForDetector(""), std::string());

    SessionManifest manifest = sampleManifest();
    manifest.modelCardJson = "{not json";  // written as null, never as broken JSON
    { SessionRecorder recorder(dir.filePath("s").toStdString(), manifest); }
    const SessionData data = SessionReader::read(dir.filePath("s").toStdString());
    QCOMPARE(data.manifest.modelCardJson, std::string());
  }

  void killedWriterLeavesEverythingItFlushed() {
    QTemporaryDir dir;
    const std::string folder = dir.filePath("killed").toStdString();
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
      // Child: records until it is killed; finish() and the destructors never run.
      SessionRecorder recorder(folder, sampleManifest());
      recorder.recordInitialParameters(0);
      recorder.recordEvent("info", "recording until killed");
      for (int n = 1; n < 10000000; ++n) {
        recorder.recordFrame(sampleFrame(n), sampleTracks(n));
        usleep(100);
      }
      _exit(3);
    }
    // Parent: kill the writer mid-run once it has written at least 50 frames.
    const QString frames = dir.filePath("killed/frames.csv");
    QDeadlineTimer deadline(20000);
    const auto lines = [&] {
      const std::string text = readText(frames);
      return std::count(text.begin(), text.end(), '\n');
    };
    while (!deadline.hasExpired() && lines() < 51) usleep(1000);
    QCOMPARE(kill(child, SIGKILL), 0);
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    const SessionData data = SessionReader::read(folder);
    QVERIFY(data.warnings.size() <= 1);  // at most the line being written when the signal came
    QVERIFY(!data.manifest.complete);
    QVERIFY(data.manifest.ended.empty());
    QCOMPARE(data.manifest.detector, std::string("jde:model.json"));
    QVERIFY(data.frames.size() >= 50);
    for (std::size_t i = 0; i < data.frames.size(); ++i) QCOMPARE(data.frames[i].frame, std::int64_t(i + 1));
    // Tracks are written before their frame line: every recorded frame has both of its tracks.
    QVERIFY(data.tracks.size() >= 2 * data.frames.size());
    QVERIFY(data.tracks.size() <= 2 * data.frames.size() + 2);
    QCOMPARE(data.knobs.size(), std::size_t(2));
    QCOMPARE(data.events.size(), std::size_t(1));
  }
};

QTEST_APPLESS_MAIN(TestSessionRecorder)
#include "TestSessionRecorder.moc"
