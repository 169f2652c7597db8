// Session → report: every format from a hand-filled SessionData and from folders written by SessionRecorder (also
// an interrupted one); the HTML is self-contained with decodable plots, the PDF has pages, JSON/CSV/TXT keep every
// row and exact values; bad extensions and unwritable paths are errors naming them.
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "ReportExporter.h"
#include "ReportPlots.h"
#include "ReportSummary.h"
#include "ReportTestSession.h"
#include "ReportText.h"
#include "record/SessionReader.h"
#include "util/Error.h"

using namespace edgescope;

class TestReportExport : public QObject {
  Q_OBJECT
 private:
  QTemporaryDir dir_;

  QByteArray exportAndRead(const SessionData& data, const QString& name) {
    const QString path = dir_.filePath(name);
    ReportExporter::exportTo(data, path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return file.readAll();
  }
  static QString errorOf(const SessionData& data, const QString& path) {
    try {
      ReportExporter::exportTo(data, path);
    } catch (const Error& e) {
      return QString::fromStdString(e.what());
    }
    return {};
  }
  static QStringList lines(const QByteArray& text) { return QString::fromUtf8(text).split('\n', Qt::SkipEmptyParts); }
  /// Checks the HTML of the test session: doctype, status, MOTA cell, escaping, and that every plot decodes.
  static void checkHtml(const QByteArray& bytes, const SessionData& data, const QString& status) {
    const QString html = QString::fromUtf8(bytes);
    QVERIFY(html.startsWith("<!DOCTYPE html>"));
    QVERIFY(html.trimmed().endsWith("</html>"));
    QVERIFY2(html.contains(status), qPrintable(status));
    QVERIFY(html.contains("<td>" + ReportText::percent(reporttest::kFinalMota) + "</td>"));
    QVERIFY(html.contains("<td>65.4</td>"));
    QVERIFY(!html.contains("<script>"));
    QVERIFY(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; cam"));
    QVERIFY(html.contains("source &lt;stalled&gt;"));
    QVERIFY(html.contains("edgescope-cli train --steps 4000"));  // the card's nested training command
    // The card's summary heads the model section: architecture, data, lineage, validation.
    QVERIFY(html.contains("<h3>Summary</h3>"));
    QVERIFY(html.contains("<td>Lineage</td><td>trained from scratch</td>"));
    QVERIFY(html.contains("b&lt;c&gt; (teacher labels)"));
    QVERIFY(html.contains("<td>Validation</td><td>MOTA 0.734</td>"));
    const QString prefix = "<img src=\"data:image/png;base64,";
    const std::size_t expected = ReportPlots::render(data, ReportSummary::compute(data)).size();
    QCOMPARE(expected, std::size_t{6});
    QCOMPARE(html.count(prefix), static_cast<int>(expected));
    for (int at = html.indexOf(prefix); at >= 0; at = html.indexOf(prefix, at + 1)) {
      const int begin = at + prefix.size();
      const QByteArray png = QByteArray::fromBase64(html.mid(begin, html.indexOf('"', begin) - begin).toLatin1());
      QImage image;
      QVERIFY(image.loadFromData(png, "PNG"));
      QCOMPARE(image.width(), ReportPlots::kWidthPx);
    }
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void summaryOfTheSession() {
    const ReportSummary s = ReportSummary::compute(reporttest::handMade());
    QCOMPARE(s.frameCount, qint64{60});
    QCOMPARE(s.latency.size(), std::size_t{5});
    QCOMPARE(s.latency[1].stage, QString("detect"));  // detect = frame number: 1 … 60 ms
    QCOMPARE(s.latency[1].p50Ms, 31.0);
    QCOMPARE(s.latency[1].p95Ms, 57.0);
    QCOMPARE(s.latency[1].p99Ms, 59.0);
    QCOMPARE(s.latency[1].maxMs, 60.0);
    QCOMPARE(s.latency[1].meanMs, 30.5);
    QCOMPARE(s.latency.back().stage, QString("total"));
    QCOMPARE(s.latency.back().maxMs, 61.75);
    QVERIFY(std::abs(s.meanFps - 25.0) < 1e-9);
    QCOMPARE(s.resolutions.size(), std::size_t{2});
    QCOMPARE(s.resolutions[0].label, QString("864x480"));
    QVERIFY(std::abs(s.resolutions[0].fraction - 2.0 / 3.0) < 1e-12);
    QCOMPARE(s.resolutions[1].frames, qint64{20});
    QVERIFY(s.hasMetrics);
    QCOMPARE(s.finalMetrics.metrics.mota, reporttest::kFinalMota);
    QCOMPARE(s.framesWithGt, qint64{60});
    QCOMPARE(s.framesWithoutGt, qint64{0});
    QCOMPARE(s.knobs.size(), std::size_t{2});
    QVERIFY(!s.interrupted);
  }

  void slidingFpsOfSteadyFrames() {
    const auto fps = ReportPlots::slidingFps(reporttest::handMade().frames);
    QCOMPARE(fps.size(), std::size_t{59});
    QVERIFY(std::abs(fps.back().second - 25.0) < 1e-6);
  }

  void htmlFromMemory() {
    const SessionData data = reporttest::handMade();
    checkHtml(exportAndRead(data, "memory.html"), data, "COMPLETE");
  }

  void pdfFromMemory() {
    const QByteArray pdf = exportAndRead(reporttest::handMade(), "memory.pdf");
    QVERIFY(pdf.startsWith("%PDF"));
    QVERIFY2(pdf.size() > 10 * 1024, qPrintable(QString::number(pdf.size())));
    const int pages = QString::fromLatin1(pdf).count(QRegularExpression("/Type\\s*/Page[^s]"));
    QVERIFY2(pages > 0, qPrintable(QString::number(pages)));
  }

  void jsonKeepsEverything() {
    const SessionData data = reporttest::handMade();
    QJsonParseError error{};
    const QJsonObject json = QJsonDocument::fromJson(exportAndRead(data, "memory.json"), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QCOMPARE(json["format"].toString(), QString("edgescope-report"));
    QCOMPARE(json["frames"].toArray().size(), reporttest::kFrames);
    QCOMPARE(json["frames"].toArray()[4].toObject()["detect_ms"].toDouble(), 5.0);
    const QJsonArray metrics = json["metrics"].toArray();
    QCOMPARE(metrics.size(), static_cast<int>(data.metrics.size()));
    for (int i = 0; i < metrics.size(); ++i) {
      const QJsonObject m = metrics[i].toObject();
      const MotMetrics& expected = data.metrics[static_cast<std::size_t>(i)].metrics;
      QCOMPARE(m["MOTA"].toDouble(), expected.mota);
      QCOMPARE(m["IDF1"].toDouble(), expected.idf1);
      QCOMPARE(m["HOTA"].toDouble(), expected.hota.hota);
      QCOMPARE(m["fn"].toDouble(), static_cast<double>(expected.fn));
    }
    const QJsonObject manifest = json["manifest"].toObject();
    QCOMPARE(manifest["model_card"].toObject()["training"].toObject()["data"].toArray()[1].toString(), QString("b<c>"));
    QCOMPARE(json["knobs"].toArray()[1].toObject()["applied"].toDouble(), 0.5);
    QCOMPARE(json["summary"].toObject()["final_metrics"].toObject()["MOTA"].toDouble(), reporttest::kFinalMota);
  }

  void csvHasOneRowPerFrame() {
    const QStringList rows = lines(exportAndRead(reporttest::handMade(), "memory.csv"));
    QCOMPARE(rows.size(), reporttest::kFrames + 1);
    QCOMPARE(rows[0],
             QString("frame,time_s,input_width,input_height,rung,reselected,detections,tracks,total_ms,"
                     "decode_ms,detect_ms,embed_ms,track_ms,MOTA,IDF1,HOTA,MOTP,recall,precision,idsw,fp,fn,gt"));
    QVERIFY(rows[19].endsWith(",,,,,,,,,"));  // frame 19: no metrics line yet
    QCOMPARE(rows[20].split(',')[13], ReportText::shortest(reporttest::metrics(20).metrics.mota));  // first line
    QCOMPARE(rows[60].split(',')[13], QString("0.6543"));
  }

  void txtIsTheMotResults() {
    const QStringList rows = lines(exportAndRead(reporttest::handMade(), "memory.txt"));
    QCOMPARE(rows.size(), reporttest::kFrames * reporttest::kTracksPerFrame);
    QCOMPARE(rows[0].split(',').size(), 10);
    QVERIFY(rows[0].startsWith("1,1,11.00,20.00,30.50,60.25,0.9,"));
  }

  void recordedFolderExportsEveryFormat() {
    const QString folder = dir_.filePath("recorded");
    reporttest::recordComplete(folder);
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY(data.manifest.complete);
    QCOMPARE(static_cast<int>(data.frames.size()), reporttest::kFrames);
    checkHtml(exportAndRead(data, "recorded.html"), data, "COMPLETE");
    QVERIFY(exportAndRead(data, "recorded.pdf").startsWith("%PDF"));
    QCOMPARE(lines(exportAndRead(data, "recorded.csv")).size(), reporttest::kFrames + 1);
    QCOMPARE(lines(exportAndRead(data, "recorded.txt")).size(), reporttest::kFrames * reporttest::kTracksPerFrame);
    const QJsonObject json = QJsonDocument::fromJson(exportAndRead(data, "recorded.json")).object();
    QCOMPARE(json["metrics"].toArray().last().toObject()["HOTA"].toDouble(), reporttest::metrics(60).metrics.hota.hota);
  }

  void interruptedFolderStillExports() {
    const QString folder = dir_.filePath("interrupted");
    reporttest::recordInterrupted(folder);
    const SessionData data = SessionReader::read(folder.toStdString());
    QVERIFY(!data.manifest.complete);
    QVERIFY(!data.warnings.empty());  // the unterminated frames.csv line
    QCOMPARE(static_cast<int>(data.frames.size()), reporttest::kFrames);
    checkHtml(exportAndRead(data, "interrupted.html"), data, "INTERRUPTED (readable up to frame 60)");
    QVERIFY(exportAndRead(data, "interrupted.pdf").startsWith("%PDF"));
    const QJsonObject json = QJsonDocument::fromJson(exportAndRead(data, "interrupted.json")).object();
    QVERIFY(json["summary"].toObject()["interrupted"].toBool());
    QCOMPARE(json["frames"].toArray().size(), reporttest::kFrames);
  }

  void emptySessionExports() {
    SessionData empty;
    empty.manifest.sourceUri = "camera:0";
    for (const char* name : {"empty.html", "empty.pdf", "empty.json", "empty.csv", "empty.txt"}) {
      ReportExporter::exportTo(empty, dir_.filePath(name));
      QVERIFY2(QFile::exists(dir_.filePath(name)), name);
    }
    QVERIFY(QString::fromUtf8(exportAndRead(empty, "empty2.html")).contains("INTERRUPTED (readable up to frame 0)"));
  }

  void badExtensionIsNamed() {
    const QString path = dir_.filePath("report.docx");
    const QString error = errorOf(reporttest::handMade(), path);
    QVERIFY2(error.contains("'.docx'") && error.contains(path), qPrintable(error));
    for (const char* accepted : {".html", ".pdf", ".json", ".csv", ".txt"})
      QVERIFY2(error.contains(accepted), accepted);
    QVERIFY(!QFile::exists(path));
    QVERIFY(errorOf(reporttest::handMade(), dir_.filePath("noextension")).contains("(none)"));
  }

  void unwritablePathIsNamed() {
    const QString path = dir_.filePath("no/such/folder/report.html");
    const QString error = errorOf(reporttest::handMade(), path);
    QVERIFY2(error.contains(path) && error.startsWith("cannot write report"), qPrintable(error));
  }
};

QTEST_MAIN(TestReportExport)
#include "TestReportExport.moc"
