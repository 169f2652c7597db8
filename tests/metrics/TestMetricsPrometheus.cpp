// The issue's end-to-end check of /metrics: an edgescope-node started with --metrics on a free loopback port serves a
// partition (SO, hog) run by this process as the camera; its scraped text (and the camera's own) passes
// `promtool check metrics`, and a real Prometheus server scraping the node every second reports
// edgescope_frames_processed_total above 0 through its HTTP API. Skips where promtool or prometheus is missing.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

#include "MetricsTestUtil.h"
#include "metrics/PipelineExporter.h"
#include "partition/Cluster.h"
#include "partition/PartitionRunner.h"
#include "source/SourceFactory.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {

const char* const kPromtool = "/usr/bin/promtool";
const char* const kPrometheus = "/usr/bin/prometheus";

/// The text after @p marker up to the end of its line in @p output ("" when absent).
QString after(const QString& output, const QString& marker) {
  const int at = output.indexOf(marker);
  if (at < 0) return {};
  const int end = output.indexOf('\n', at);
  return output.mid(at + marker.size(), end < 0 ? -1 : end - at - marker.size()).trimmed();
}

/// `promtool check metrics` on @p text: its exit code and output.
std::pair<int, QString> promtoolCheck(const std::string& text) {
  QProcess promtool;
  promtool.setProcessChannelMode(QProcess::MergedChannels);
  promtool.start(kPromtool, {"check", "metrics"});
  if (!promtool.waitForStarted(10000)) return {-1, "promtool did not start"};
  promtool.write(text.data(), static_cast<qint64>(text.size()));
  promtool.closeWriteChannel();
  promtool.waitForFinished(30000);
  return {promtool.exitCode(), QString::fromUtf8(promtool.readAll())};
}

/// The value of the first result of the instant query @p query on Prometheus at @p port (-1 while there is none).
double queryValue(int port, const std::string& query) {
  const QJsonDocument json = QJsonDocument::fromJson(QByteArray::fromStdString(httpBody(httpGet(port, "/api/v1/query?query=" + query))));
  const QJsonArray results = json.object()["data"].toObject()["result"].toArray();
  if (results.isEmpty()) return -1.0;
  return results.first().toObject()["value"].toArray().at(1).toString().toDouble();
}

}  // namespace

class TestMetricsPrometheus : public QObject {
  Q_OBJECT

 private slots:
  void initTestCase() {
    QVERIFY(keys_.isValid());
    qputenv("EDGESCOPE_KEYS_DIR", keys_.path().toUtf8());
    node_.setProcessChannelMode(QProcess::MergedChannels);
    node_.start(EDGESCOPE_NODE_EXE, {"--insecure", "--detector", "hog", "--bind", "tcp://127.0.0.1:" + QString::number(freePort()),
                                     "--metrics", "127.0.0.1:" + QString::number(freePort()), "--name", "metricsnode"});
    QVERIFY(node_.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(readNode().contains("ready on") && output_.contains("metrics on"), 30000);
    nodeAddress_ = after(output_, "ready on ").section(' ', 0, 0);
    metricsUrl_ = after(output_, "metrics on ").section(' ', 0, 0);
    metricsPort_ = metricsUrl_.section(':', 2, 2).section('/', 0, 0).toInt();
    QVERIFY2(nodeAddress_.startsWith("tcp://127.0.0.1:") && metricsPort_ > 0, qPrintable(output_));
  }

  void cleanupTestCase() {
    node_.terminate();
    node_.waitForFinished(10000);
  }

  void partitionRunIsCountedAndLintClean() {
    PipelineExporter camera("127.0.0.1:0", "synthetic", "hog");
    const int cameraPort = QString::fromStdString(camera.url()).section(':', 2, 2).section('/', 0, 0).toInt();
    auto cluster = std::make_shared<Cluster>(ClusterOptions{});
    cluster->add(nodeAddress_.toStdString());
    QTRY_VERIFY_WITH_TIMEOUT(cluster->pickServer().has_value(), 20000);
    PartitionRunner runner(cluster, "metrics-test");
    PartitionConfig config;
    config.strategy = PartitionStrategy::SO;
    runner.setConfig(config);
    PipelineConfig local;
    local.detectorSpec = "hog";
    TrackingPipeline pipelineLocal(local);
    auto source = SourceFactory::open("synthetic:?seed=3&people=2&frames=8&width=320&height=240");
    SourceFrame frame;
    while (source->read(frame, 0) == ReadStatus::Frame) {
      PartitionFrame partition;
      const TrackingPipeline::Result result = runner.process(frame.frame, pipelineLocal, partition);
      camera.addFrame(result.latency, result.deepscale, partition, frame.frame.image.cols, frame.frame.image.rows);
    }
    camera.updateNodes(cluster->views());

    const std::string nodeText = httpBody(httpGet(metricsPort_));
    const std::string cameraText = httpBody(httpGet(cameraPort));
    // Under SO every frame goes to the node; one that timed out on a loaded machine ran CO on the camera instead.
    const double sentToNode = sample(cameraText, R"(edgescope_partition_frames_total{source="synthetic",strategy="SO"})");
    const double fellBack = sample(cameraText, R"(edgescope_partition_frames_total{source="synthetic",strategy="CO"})");
    QCOMPARE(sentToNode + (std::isnan(fellBack) ? 0.0 : fellBack), 8.0);
    QVERIFY2(sentToNode >= 1.0, cameraText.c_str());
    const double served = sample(nodeText, R"(edgescope_frames_processed_total{node="metricsnode"})");
    QVERIFY2(served >= sentToNode, nodeText.c_str());
    QVERIFY(sample(nodeText, R"(edgescope_link_bytes_total{direction="up",node="metricsnode"})") > 1000.0);  // at least one JPEG went up
    QVERIFY(sample(nodeText, R"(edgescope_node_busy_seconds_total{node="metricsnode"})") > 0.0);
    QVERIFY(nodeText.find("edgescope_build_info{model=\"hog\"") != std::string::npos);
    QCOMPARE(sample(cameraText, R"(edgescope_frames_processed_total{source="synthetic"})"), 8.0);
    QCOMPARE(sample(cameraText, R"(edgescope_stage_latency_seconds_count{source="synthetic",stage="end_to_end"})"), 8.0);
    QVERIFY(sample(cameraText, R"(edgescope_stage_latency_seconds_count{source="synthetic",stage="server"})") >= 1.0);
    QVERIFY(sample(cameraText, "edgescope_link_bytes_total{direction=\"up\",node=\"tcp://127.0.0.1:" +
                                   nodeAddress_.section(':', 2).toStdString() + "\"}") > 1000.0);  // at least one JPEG went up

    if (!QFile::exists(kPromtool)) QSKIP("promtool is missing (Debian package prometheus): lint not run");
    for (const std::string* text : {&nodeText, &cameraText}) {
      const auto [code, output] = promtoolCheck(*text);
      QVERIFY2(code == 0, qPrintable(output + "\n" + QString::fromStdString(*text)));
    }
  }

  void prometheusScrapesTheNode() {
    if (!QFile::exists(kPrometheus)) QSKIP("prometheus is missing (Debian package prometheus): scrape not run");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QFile config(dir.filePath("prometheus.yml"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QString("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n"
                         "  - job_name: edgescope-node\n    static_configs:\n      - targets: ['127.0.0.1:%1']\n")
                     .arg(metricsPort_)
                     .toUtf8());
    config.close();
    const int port = freePort();
    QProcess prometheus;
    prometheus.setProcessChannelMode(QProcess::MergedChannels);
    prometheus.start(kPrometheus, {"--config.file=" + config.fileName(), "--storage.tsdb.path=" + dir.filePath("data"),
                                   "--web.listen-address=127.0.0.1:" + QString::number(port)});
    QVERIFY(prometheus.waitForStarted(10000));
    double value = -1.0;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < 45000 && prometheus.state() == QProcess::Running) {
      value = queryValue(port, "edgescope_frames_processed_total");
      if (value > 0.0) break;
      QTest::qWait(500);
    }
    const QString log = QString::fromUtf8(prometheus.readAll());
    prometheus.terminate();
    QVERIFY(prometheus.waitForFinished(15000));
    QVERIFY2(value > 0.0, qPrintable(QString("no edgescope_frames_processed_total > 0 after %1 ms; prometheus said:\n%2")
                                         .arg(waited.elapsed())
                                         .arg(log.right(3000))));
    qInfo("prometheus reported edgescope_frames_processed_total = %g after %lld ms", value,
          static_cast<long long>(waited.elapsed()));
  }

  void dashboardQueriesAreValidPromQl() {
    if (!QFile::exists(kPrometheus)) QSKIP("prometheus is missing (Debian package prometheus): queries not checked");
    QFile file(EDGESCOPE_GRAFANA_DASHBOARD);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument dashboard = QJsonDocument::fromJson(file.readAll(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    QTemporaryDir dir;
    const int port = freePort();
    QProcess prometheus;
    QFile config(dir.filePath("prometheus.yml"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("scrape_configs: []\n");
    config.close();
    prometheus.start(kPrometheus, {"--config.file=" + config.fileName(), "--storage.tsdb.path=" + dir.filePath("data"),
                                   "--web.listen-address=127.0.0.1:" + QString::number(port)});
    QVERIFY(prometheus.waitForStarted(10000));
    QTRY_VERIFY_WITH_TIMEOUT(httpGet(port, "/-/ready").find(" 200 ") != std::string::npos, 30000);
    int checked = 0;
    for (const QJsonValue panel : dashboard.object()["panels"].toArray()) {
      for (const QJsonValue target : panel.toObject()["targets"].toArray()) {
        QString expr = target.toObject()["expr"].toString();
        QVERIFY(panel.toObject()["datasource"].toObject()["uid"].toString() == "${DS_PROMETHEUS}");
        expr.replace("$__rate_interval", "1m").replace("$source", ".*").replace("$node", ".*");
        const std::string answer = httpBody(
            httpGet(port, "/api/v1/query?query=" + QUrl::toPercentEncoding(expr).toStdString()));
        QVERIFY2(answer.find("\"status\":\"success\"") != std::string::npos, qPrintable(expr + ": " + answer.c_str()));
        ++checked;
      }
    }
    prometheus.terminate();
    QVERIFY(prometheus.waitForFinished(15000));
    QVERIFY(checked >= 10);
  }

 private:
  QString readNode() {
    output_ += QString::fromUtf8(node_.readAll());
    return output_;
  }

  QTemporaryDir keys_;
  QProcess node_;
  QString output_;
  QString nodeAddress_;
  QString metricsUrl_;
  int metricsPort_ = 0;
};

QTEST_GUILESS_MAIN(TestMetricsPrometheus)
#include "TestMetricsPrometheus.moc"
