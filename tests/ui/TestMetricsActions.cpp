// View ▸ Serve metrics: the console serves /metrics with its sessions' series, reports where, turns a busy address
// into an error message (and a non-blocking dialog) while the console keeps running, and the menu action follows.
#include <QAction>
#include <QMenu>
#include <QMessageBox>
#include <QSignalSpy>
#include <QtTest>

#include <sstream>

#include "../metrics/MetricsTestUtil.h"
#include "EngineClient.h"
#include "MetricsActions.h"
#include "SessionHub.h"
#include "metrics/MetricsServer.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {
const QString kSource = "synthetic:?seed=1&people=2&frames=400&width=160&height=120";

/// Sum of edgescope_frames_processed_total over every source in @p text.
double framesProcessed(const std::string& text) {
  const std::string prefix = "edgescope_frames_processed_total{source=";
  double sum = 0.0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}
}  // namespace

class TestMetricsActions : public QObject {
  Q_OBJECT
 private slots:
  void servesTheSessions() {
    SessionHub hub;
    QWidget window;
    MetricsActions actions(&hub, &window);
    QSignalSpy messages(&actions, &MetricsActions::message);
    hub.openSource(kSource);
    QVERIFY(actions.start("127.0.0.1:0"));
    QVERIFY(actions.serving());
    QVERIFY(actions.address().startsWith("127.0.0.1:"));
    QCOMPARE(messages.last().at(0).toString(), QString("info"));
    QVERIFY(messages.last().at(1).toString().contains(actions.address()));
    const int port = actions.address().section(':', 1).toInt();
    QTRY_VERIFY_WITH_TIMEOUT(framesProcessed(httpBody(httpGet(port))) > 5.0, 20000);
    const std::string text = httpBody(httpGet(port));
    QVERIFY(text.find("edgescope_stage_latency_seconds_bucket{source=") != std::string::npos);
    QVERIFY(text.find("edgescope_input_width_pixels{source=") != std::string::npos);
    QVERIFY(text.find("edgescope_build_info{") != std::string::npos);
    // A session added while serving gets series too (its own source label, or the same name's).
    hub.addSession();
    hub.openSource("synthetic:?seed=2&people=1&frames=400&width=96&height=64");
    QTRY_VERIFY_WITH_TIMEOUT(httpBody(httpGet(port)).find("edgescope_input_width_pixels{source=") != std::string::npos &&
                                 sample(httpBody(httpGet(port)), "edgescope_input_width_pixels{source=\"" +
                                                                     hub.sessionName(1).toStdString() + "\"}") == 96.0,
                             20000);
    actions.stop();
    QVERIFY(!actions.serving());
    QVERIFY(httpGet(port).empty());
    QVERIFY(messages.last().at(1).toString().contains("Stopped"));
  }

  void busyAddressIsAnError() {
    SessionHub hub;
    QWidget window;
    MetricsActions actions(&hub, &window);
    QSignalSpy messages(&actions, &MetricsActions::message);
    MetricsServer other("127.0.0.1:0");
    QVERIFY(!actions.start(QString::fromStdString(other.address())));
    QVERIFY(!actions.serving());
    QCOMPARE(messages.last().at(0).toString(), QString("error"));
    QVERIFY2(messages.last().at(1).toString().contains(QString::fromStdString(other.address())),
             qPrintable(messages.last().at(1).toString()));
    auto* box = window.findChild<QMessageBox*>();
    QVERIFY(box);  // shown without blocking: we got here
    box->close();
    QVERIFY(actions.start("127.0.0.1:0"));  // and it still works afterwards
  }

  void menuActionFollowsTheServer() {
    SessionHub hub;
    QWidget window;
    MetricsActions actions(&hub, &window);
    QMenu menu;
    actions.addToMenu(&menu);
    QAction* action = menu.findChild<QAction*>("serveMetrics");
    QVERIFY(action);
    QVERIFY(action->isCheckable());
    QVERIFY(action->text().contains(MetricsActions::defaultAddress()));
    QVERIFY(actions.start("127.0.0.1:0"));
    QVERIFY(action->isChecked());
    action->trigger();  // unchecks: stops
    QVERIFY(!actions.serving());
    QVERIFY(!action->isChecked());
    action->trigger();  // serves on the default address, or reports that it is busy on this machine
    QCOMPARE(action->isChecked(), actions.serving());
    if (actions.serving()) QCOMPARE(actions.address(), MetricsActions::defaultAddress());
  }
};

QTEST_MAIN(TestMetricsActions)
#include "TestMetricsActions.moc"
