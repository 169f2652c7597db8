// ParaLoupe in the report (issue 20): a session with ParaLoupe data gets the Gantt of the median and the slowest
// frame, latency over time with the SLO and node-loss markers, node share over time and a patches-per-frame
// histogram — in memory and from a recorded folder, also in the HTML; a session without ParaLoupe gets none of them.
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "ParaLoupeGantt.h"
#include "ParaLoupePlots.h"
#include "ReportExporter.h"
#include "ReportPlots.h"
#include "ReportSummary.h"
#include "ReportTestSession.h"
#include "paraloupe/ParaLoupeFrame.h"
#include "record/ParaLoupeRecord.h"
#include "record/SessionReader.h"
#include "record/SessionRecorder.h"

using namespace edgescope;

namespace {

const QStringList kParaLoupeFigures = {"paraloupe-gantt.png", "paraloupe-latency.png", "paraloupe-share.png",
                                       "paraloupe-patches.png"};

/// Frame @p n's ParaLoupe fields: 2 + n % 4 patches, SLO 40 ms missed on every tenth frame.
std::vector<std::pair<std::string, double>> plFields(int n) {
  const double patches = 2 + n % 4;
  return {{"pl_patches", patches},
          {"pl_high", patches - 1},
          {"pl_low", 1},
          {"pl_roi", 0},
          {"pl_shed", 0},
          {"pl_slo_ms", 40},
          {"pl_slo_met", n % 10 == 0 ? 0.0 : 1.0},
          {"pl_u", 1.5},
          {"pl_iterations", 30},
          {"pl_schedule_ms", 0.08},
          {"pl_patchgen_ms", 1.25}};
}

/// Patches of frame @p n: alternately on node1, node2 and the camera; node2 is gone after frame 30.
std::vector<RecordedPatch> plPatches(int n) {
  std::vector<RecordedPatch> out;
  for (int k = 0; k < 2 + n % 4; ++k) {
    RecordedPatch p;
    p.frame = n;
    p.patch = k;
    p.kind = k == 0 ? "low" : "high";
    p.x = 10.0 * k;
    p.width = 32;
    p.height = 64;
    const char* nodes[] = {"node1", "node2", "camera"};
    p.node = nodes[k % 3];
    if (n > 30 && p.node == "node2") p.node = "node1";
    p.inputWidth = 64;
    p.inputHeight = 128;
    p.served = p.kept = true;
    out.push_back(p);
  }
  return out;
}

/// The Gantt of frame @p n: it takes 10 + n % 7 ms (frame 13 and its kind are the slowest).
std::vector<RecordedGanttSegment> plGantt(int n) {
  const double end = 10.0 + n % 7;
  return {{n, "camera", "generate", 0, 1.25},
          {n, "camera", "schedule", 1.25, 1.5},
          {n, "node1", "uplink", 1.5, 3},
          {n, "node1", "compute", 3, end - 2},
          {n, "node1", "downlink", end - 2, end - 1},
          {n, "camera", "aggregate", end - 1, end}};
}

/// The report test session with ParaLoupe on every frame, a node loss and a recovery in events.log.
SessionData withParaLoupe() {
  SessionData data = reporttest::handMade();
  for (RecordedFrame& f : data.frames) {
    const int n = static_cast<int>(f.frame);
    f.moduleFields = plFields(n);
    f.totalMs = 10.0 + n % 7;
    for (const RecordedPatch& p : plPatches(n)) data.patches.push_back(p);
    for (const RecordedGanttSegment& s : plGantt(n)) data.gantt.push_back(s);
  }
  data.events.push_back({1.2, "warning", "ParaLoupe: node node2 lost: its patches go to the other devices"});
  data.events.push_back({2.0, "info", "ParaLoupe: node node2 is back"});
  return data;
}

QStringList names(const std::vector<ReportPlots::Image>& images) {
  QStringList out;
  for (const ReportPlots::Image& image : images) out << image.name;
  return out;
}

void checkDecodes(const std::vector<ReportPlots::Image>& images) {
  for (const ReportPlots::Image& image : images) {
    QImage decoded;
    QVERIFY2(decoded.loadFromData(image.png, "PNG"), qPrintable(image.name));
    QCOMPARE(decoded.width(), ReportPlots::kWidthPx);
    QVERIFY(!image.title.isEmpty());
  }
}

}  // namespace

class TestParaLoupeReport : public QObject {
  Q_OBJECT

 private slots:
  void sessionWithoutParaLoupeHasNoneOfTheFigures() {
    const SessionData data = reporttest::handMade();
    QVERIFY(!ParaLoupePlots::present(data));
    const auto images = ReportPlots::render(data, ReportSummary::compute(data));
    QCOMPARE(images.size(), std::size_t(6));
    for (const QString& name : kParaLoupeFigures) QVERIFY2(!names(images).contains(name), qPrintable(name));
  }

  void sessionWithParaLoupeHasTheFourFigures() {
    const SessionData data = withParaLoupe();
    QVERIFY(ParaLoupePlots::present(data));
    const auto images = ReportPlots::render(data, ReportSummary::compute(data));
    QCOMPARE(images.size(), std::size_t(10));
    QCOMPARE(names(images).mid(6), kParaLoupeFigures);
    checkDecodes(images);
    const QString latency = images[7].title;
    QVERIFY2(latency.contains("SLO met on 90.0 % of 60 ParaLoupe frames") && latency.contains("1 node loss"),
             qPrintable(latency));
    QVERIFY2(images[9].title.contains("mean 3.50 over 60 frames"), qPrintable(images[9].title));
    QVERIFY(images[6].title.contains("median-latency frame") && images[6].title.contains("slowest frame"));
  }

  void dataBehindTheFigures() {
    const SessionData data = withParaLoupe();
    // Latencies 10 + n % 7 ms over frames 1–60: the median is 13 ms, the slowest 16 ms (ties: the later frame).
    const auto [median, slowest] = ParaLoupePlots::ganttFrames(data);
    QCOMPARE(data.frames[static_cast<std::size_t>(slowest - 1)].totalMs, 16.0);
    QCOMPARE(data.frames[static_cast<std::size_t>(median - 1)].totalMs, 13.0);
    QCOMPARE(ParaLoupePlots::sloMs(data, 5), 40.0);
    QCOMPARE(ParaLoupeGantt::rows(ParaLoupeGantt::segmentsOf(data, 5)), (std::vector<std::string>{"camera", "node1"}));
    QCOMPARE(ParaLoupePlots::devices(data), (std::vector<std::string>{"camera", "node1", "node2"}));
    const auto bins = ParaLoupePlots::shareBins(data);
    QCOMPARE(bins.size(), std::size_t(3));  // frames at 0.04 … 2.4 s
    int total = 0;
    for (const auto& bin : bins) total += bin.total;
    QCOMPARE(total, static_cast<int>(data.patches.size()));
    QCOMPARE(bins.back().served[2].second, 0);  // node2 served nothing after frame 30
    const std::vector<int> counts = ParaLoupePlots::patchesPerFrame(data);
    QCOMPARE(counts.size(), std::size_t(60));
    QCOMPARE(counts[0], 3);
  }

  void recordedFolderGetsTheFiguresAndTheHtml() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("pl");
    {
      SessionRecorder recorder(folder.toStdString(), reporttest::manifest());
      for (int n = 1; n <= reporttest::kFrames; ++n) {
        ParaLoupeFrame pl;
        pl.active = true;
        for (const RecordedPatch& p : plPatches(n)) {
          PatchRecord r;
          r.id = p.patch;
          r.kind = p.kind == "low" ? PatchKind::Low : PatchKind::High;
          r.rect = {float(p.x), 0.0f, float(p.width), float(p.height)};
          r.node = p.node;
          r.served = r.kept = true;
          pl.records.push_back(r);
        }
        for (const RecordedGanttSegment& s : plGantt(n)) pl.gantt.push_back({s.device, s.phase, s.startMs, s.endMs});
        ParaLoupeRecord::appendFrame(recorder, n, pl);
        RecordedFrame f = reporttest::frame(n);
        f.moduleFields = plFields(n);
        recorder.recordFrame(f, {});
      }
      recorder.recordEvent("warning", "ParaLoupe: node node2 lost: its patches go to the other devices");
      recorder.finish();
    }
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY(data.warnings.empty());
    QCOMPARE(data.patches.size(), withParaLoupe().patches.size());
    const auto images = ReportPlots::render(data, ReportSummary::compute(data));
    for (const QString& name : kParaLoupeFigures) QVERIFY2(names(images).contains(name), qPrintable(name));
    checkDecodes(images);
    const QString html = dir.filePath("report.html");
    ReportExporter::exportTo(data, html);
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QCOMPARE(text.count("<img src=\"data:image/png;base64,"), static_cast<int>(images.size()));
    QVERIFY(text.contains("ParaLoupe Gantt of the median-latency frame"));

    const QString json = dir.filePath("report.json");
    ReportExporter::exportTo(data, json);
    QFile jsonFile(json);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(jsonFile.readAll()).object();
    QCOMPARE(root["patches"].toArray().size(), static_cast<int>(data.patches.size()));
    QCOMPARE(root["gantt"].toArray().size(), static_cast<int>(data.gantt.size()));
    QVERIFY(!root.contains("nodes"));  // none recorded
    const QJsonObject firstFrame = root["frames"].toArray().first().toObject();
    QCOMPARE(firstFrame["pl_patches"].toDouble(), 3.0);
    QVERIFY(!firstFrame.contains("pl_schedule"));  // module fields are not stages
  }

  void ganttOnlySessionStillDrawsItsFigures() {
    // PL turned on after recording started: frames.csv has no pl_* columns, patches.csv and gantt.csv do.
    SessionData data = withParaLoupe();
    for (RecordedFrame& f : data.frames) f.moduleFields.clear();
    data.manifest.initialParameters["paraloupe.sloMs"] = 30.0;
    QVERIFY(ParaLoupePlots::present(data));
    QCOMPARE(ParaLoupePlots::sloMs(data, 5), 30.0);
    const auto images = ParaLoupePlots::render(data, ReportSummary::compute(data));
    QCOMPARE(names(images), kParaLoupeFigures);
    QCOMPARE(ParaLoupePlots::patchesPerFrame(data).size(), std::size_t(60));
  }
};

QTEST_MAIN(TestParaLoupeReport)
#include "TestParaLoupeReport.moc"
