// Turbo in the report (issue 21): a recorded version 2 session whose frames.csv has Turbo frames (difficulty, exit,
// budget_ms, turbo_ms, degrade_kind, degrade_strength) gets a "Turbo" section — totals with the AP50 note, the exit
// histogram and degraded frames by kind, and four figures (difficulty timeline with the hard threshold, budget vs
// spent against T, exit histogram, degraded share) — plus the columns and a "turbo" summary in the JSON/CSV exports;
// the same session with Turbo off gets none of it.
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

#include "CsvReport.h"
#include "HtmlReport.h"
#include "JsonReport.h"
#include "ReportExporter.h"
#include "ReportPlots.h"
#include "ReportSummary.h"
#include "ReportTestSession.h"
#include "TurboPlots.h"
#include "TurboSessionSummary.h"
#include "record/SessionReader.h"
#include "record/SessionRecorder.h"

using namespace edgescope;

namespace {

const QStringList kTurboFigures = {"turbo-difficulty.png", "turbo-budget.png", "turbo-exits.png", "turbo-degrade.png"};

/// Frame @p n with Turbo on: difficulty (n % 10) / 10; frames with d ≥ 0.5 enhanced at exit 1 + n % 5 in 8 ms of a
/// 30 ms budget (frame 9: 35 ms, over budget); every 4th frame dark 0.5, every 6th (not 4th) noisy 0.75.
RecordedFrame turboFrame(int n) {
  RecordedFrame f = reporttest::frame(n);
  f.difficulty = (n % 10) / 10.0;
  f.budgetMs = 30.0;
  if (f.difficulty >= 0.5) {
    f.exit = 1 + n % 5;
    f.turboMs = n == 9 ? 35.0 : 8.0;
  }
  if (n % 4 == 0) {
    f.degradeKind = "dark";
    f.degradeStrength = 0.5;
  } else if (n % 6 == 0) {
    f.degradeKind = "noise";
    f.degradeStrength = 0.75;
  }
  return f;
}

SessionManifest turboManifest() {
  SessionManifest m = reporttest::manifest();  // 25 fps, playback.speed 1
  m.initialParameters["turbo.hardThreshold"] = 0.5;
  m.initialParameters["turbo.latencyMs"] = 0.0;
  return m;
}

/// Records kFrames frames into @p folder (Turbo frames when @p turbo) with SessionRecorder.
void record(const QString& folder, bool turbo) {
  SessionRecorder recorder(folder.toStdString(), turboManifest());
  for (int n = 1; n <= reporttest::kFrames; ++n) recorder.recordFrame(turbo ? turboFrame(n) : reporttest::frame(n), {});
  recorder.finish();
}

QStringList names(const std::vector<ReportPlots::Image>& images) {
  QStringList out;
  for (const ReportPlots::Image& image : images) out << image.name;
  return out;
}

QString readText(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace

class TestTurboReport : public QObject {
  Q_OBJECT

 private slots:
  void summaryCountsTheTurboFrames() {
    SessionData data = reporttest::handMade();
    data.manifest = turboManifest();
    for (RecordedFrame& f : data.frames) f = turboFrame(static_cast<int>(f.frame));
    data.knobs.push_back({2.0, 50, "turbo.hardThreshold", 0.9, 0.9});  // frames 50–60: only d = 0.9 is hard
    const TurboSessionSummary t = ReportSummary::compute(data).turbo;
    QVERIFY(t.present);
    QCOMPARE(t.frames, std::int64_t(60));
    QCOMPARE(t.enhancedFrames, std::int64_t(30));  // d ∈ {0.5 … 0.9}: half of the frames
    QCOMPARE(t.hardFrames, std::int64_t(25 + 1));  // frames 1–49 at 0.5 (25), 50–60 at 0.9 (frame 59)
    QVERIFY(t.thresholdKnown);
    QCOMPARE(t.hardThreshold, 0.9);
    QCOMPARE(t.exitHistogram.size(), std::size_t(6));
    QCOMPARE(t.exitHistogram[0], std::int64_t(30));
    std::int64_t sum = 0;
    for (std::int64_t count : t.exitHistogram) sum += count;
    QCOMPARE(sum, t.frames);
    QCOMPARE(t.overBudgetFrames, std::int64_t(1));
    QCOMPARE(t.meanBudgetMs, 30.0);
    QCOMPARE(t.meanSpentMs, (29 * 8.0 + 35.0) / 30);
    QCOMPARE(t.frameIntervalMs, 40.0);                 // 25 fps, speed 1, turbo.latencyMs 0
    QCOMPARE(t.degradedFrames, std::int64_t(15 + 5));  // 15 multiples of 4, 5 more of 6
    QCOMPARE(t.degraded.size(), std::size_t(2));
    QCOMPARE(t.degraded[0].kind, std::string("dark"));  // frame 4 comes before frame 6
    QCOMPARE(t.degraded[0].frames, std::int64_t(15));
    QCOMPARE(t.degraded[0].fraction, 0.25);
    QCOMPARE(t.degraded[1].kind, std::string("noise"));
    QCOMPARE(t.degraded[1].frames, std::int64_t(5));
    QCOMPARE(t.degraded[0].enhanced, std::int64_t(6));  // 4·k with k·4 % 10 ≥ 5: 8, 16, 28, 36, 48, 56
    QVERIFY(!t.apDerivable);
    QVERIFY(t.apNote.contains("not derivable"));

    data.manifest.initialParameters.erase("turbo.hardThreshold");
    data.knobs.pop_back();
    const TurboSessionSummary unknown = TurboSessionSummary::compute(data);
    QVERIFY(!unknown.thresholdKnown);
    QCOMPARE(unknown.hardFrames, std::int64_t(0));
  }

  void sessionWithoutTurboHasNoTurboSection() {
    const SessionData data = reporttest::handMade();  // version 2 defaults: no difficulty, exit 0, clean
    const ReportSummary summary = ReportSummary::compute(data);
    QVERIFY(!summary.turbo.present);
    QVERIFY(!TurboSessionSummary::hasTurboColumns(data));
    const auto images = ReportPlots::render(data, summary);
    for (const QString& name : kTurboFigures) QVERIFY2(!names(images).contains(name), qPrintable(name));
    const QString html = HtmlReport::render(data, summary, images, HtmlReport::ImageMode::Resource);
    QVERIFY(!html.contains("<h2>Turbo</h2>"));
    QVERIFY(!JsonReport::build(data, summary)["summary"].toObject().contains("turbo"));
    QVERIFY(!CsvReport::header(data).contains("difficulty"));
  }

  void recordedTurboSessionGetsTheSection() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("turbo");
    record(folder, true);
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY(data.warnings.empty());
    QCOMPARE(data.manifest.version, 2);
    QCOMPARE(data.frames[8].exit, turboFrame(9).exit);
    const ReportSummary summary = ReportSummary::compute(data);
    QVERIFY(summary.turbo.present);
    const auto images = ReportPlots::render(data, summary);
    QCOMPARE(names(images).mid(names(images).size() - 4), kTurboFigures);
    for (const ReportPlots::Image& image : images) {
      if (!TurboPlots::isTurboImage(image)) continue;
      QImage decoded;
      QVERIFY2(decoded.loadFromData(image.png, "PNG"), qPrintable(image.name));
      QCOMPARE(decoded.width(), ReportPlots::kWidthPx);
    }
    QVERIFY2(images[images.size() - 4].title.contains("hard threshold (dashed, 0.50 at the end): 30 of 60 frames hard"),
             qPrintable(images[images.size() - 4].title));
    QVERIFY2(images[images.size() - 3].title.contains("T = 40.0 ms"), qPrintable(images[images.size() - 3].title));

    const QString html = dir.filePath("report.html");
    ReportExporter::exportTo(data, html);
    const QString text = readText(html);
    const int section = text.indexOf("<h2>Turbo</h2>");
    QVERIFY(section > text.indexOf("<h2>Plots</h2>"));
    QCOMPARE(text.count("<img src=\"data:image/png;base64,"), static_cast<int>(images.size()));
    QVERIFY(text.indexOf("Turbo difficulty per frame", section) > section);  // its figures are in the section
    QVERIFY(text.contains("not derivable from a recording"));
    QVERIFY(text.contains("<h3>Exit histogram</h3>"));
    QVERIFY(text.contains("<h3>Degraded frames</h3>"));
    ReportExporter::exportTo(data, dir.filePath("report.pdf"));
    QVERIFY(readText(dir.filePath("report.pdf")).startsWith("%PDF"));

    const QString json = dir.filePath("report.json");
    ReportExporter::exportTo(data, json);
    const QJsonObject root = QJsonDocument::fromJson(readText(json).toUtf8()).object();
    const QJsonObject turbo = root["summary"].toObject()["turbo"].toObject();
    QCOMPARE(turbo["enhanced_frames"].toDouble(), 30.0);
    QCOMPARE(turbo["exit_histogram"].toArray().size(), 6);
    QCOMPARE(turbo["hard_threshold"].toDouble(), 0.5);
    QVERIFY(turbo["ap50"].isNull());
    QCOMPARE(turbo["degraded"].toObject()["dark"].toObject()["frames"].toDouble(), 15.0);
    const QJsonObject frame9 = root["frames"].toArray()[8].toObject();
    QCOMPARE(frame9["turbo_ms"].toDouble(), 35.0);
    QCOMPARE(frame9["difficulty"].toDouble(), 0.9);

    const QString csv = dir.filePath("report.csv");
    ReportExporter::exportTo(data, csv);
    const QStringList rows = readText(csv).split('\n', Qt::SkipEmptyParts);
    const QStringList header = rows[0].split(',');
    const int exitColumn = static_cast<int>(header.indexOf("exit"));
    QVERIFY(exitColumn > 0 && header.contains("degrade_kind") && header.contains("turbo_ms"));
    QCOMPARE(rows[9].split(',')[exitColumn], QString::number(turboFrame(9).exit));
    QCOMPARE(rows[8].split(',')[header.indexOf("degrade_kind")], QString("dark"));
  }

  void recordedSessionWithTurboOffHasNoSection() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("plain");
    record(folder, false);
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY(data.warnings.empty());
    QVERIFY(std::isnan(data.frames.front().difficulty));
    const QString html = dir.filePath("report.html");
    ReportExporter::exportTo(data, html);
    const QString text = readText(html);
    QVERIFY(text.contains("<h2>Plots</h2>"));
    QVERIFY(!text.contains("<h2>Turbo</h2>"));
    QVERIFY(!text.contains("Turbo difficulty"));
  }
};

QTEST_MAIN(TestTurboReport)
#include "TestTurboReport.moc"
