// The cluster dock (issue 6): node rows follow the engine's status in place (added, updated, renamed at the
// handshake, removed; selection kept), states are coloured, Kill is only offered for local nodes, the buttons and
// dialogs emit the right cluster commands, the bandwidth plot gets a point per node and status, and the partition
// plot stacks per-frame times and shows the fallback marker while the strategy that ran differs from the request.
#include <qcustomplot.h>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>
#include <functional>

#include "BandwidthPlot.h"
#include "ClusterPanel.h"
#include "ClusterViewFixtures.h"
#include "MainWindow.h"
#include "PartitionPlot.h"
#include "SessionHub.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {
NodeView node(const QString& name, const QString& address, const QString& state, bool local) {
  NodeView view = serverNode(name, address, state, local);
  view.pid = local ? 4242 : 0;
  view.device = "cpu";
  view.rttMs = 3.26;
  view.uplinkKbps = 850.0;
  view.downlinkKbps = 12.7;
  view.queueDepth = 1;
  view.load = 0.42;
  return view;
}

FrameView partitioned(qint64 number, const QString& requested, const QString& ran, const QString& reason = {}) {
  FrameView frame;
  frame.frameNumber = number;
  PartitionView& p = frame.partition;
  p.active = true;
  p.requested = requested;
  p.strategy = ran;
  p.node = ran == "CO" ? QString() : QStringLiteral("node-a");
  p.sentWidth = ran == "CO" ? 0 : 320;
  p.sentHeight = ran == "CO" ? 0 : 180;
  p.cameraMs = 4.0;
  p.transmissionMs = ran == "CO" ? 0.0 : 10.0;
  p.serverMs = ran == "CO" ? 0.0 : 20.0;
  p.endToEndMs = p.cameraMs + p.transmissionMs + p.serverMs + 1.0;
  p.uplinkKb = ran == "CO" ? 0.0 : 30.0;
  p.downlinkKb = ran == "CO" ? 0.0 : 0.5;
  p.fallbackReason = reason;
  return frame;
}

QString cell(const ClusterPanel& panel, const QString& key, int column) {
  const int row = panel.rowOf(key);
  return row < 0 ? QString() : panel.table()->item(row, column)->text();
}

/// Runs @p fill on the panel's dialog named @p name once it is open (dialogs are modal: exec() returns after). A
/// dialog @p fill leaves open (a failed check inside it) is rejected, so the test fails instead of hanging.
void whenDialogOpens(ClusterPanel* panel, const QString& name, std::function<void(QDialog*)> fill) {
  QTimer::singleShot(0, panel, [panel, name, fill] {
    if (auto* dialog = panel->findChild<QDialog*>(name)) fill(dialog);
    if (auto* open = qobject_cast<QDialog*>(QApplication::activeModalWidget())) open->reject();
  });
}
}  // namespace

class TestClusterPanel : public QObject {
  Q_OBJECT
 private slots:
  void rowsAppearUpdateAndDisappear() {
    ClusterPanel panel;
    QCOMPARE(panel.nodeCount(), 0);
    QVERIFY(panel.summaryText().contains("No edge nodes"));
    const QString a = "tcp://127.0.0.1:5601", b = "tcp://10.0.0.7:5601";
    // Before the handshake the name is the address.
    panel.setStatus(statusWith({node(a, a, "connecting", true), node("jetson", b, "online", false)}));
    QCOMPARE(panel.nodeCount(), 2);
    QCOMPARE(panel.table()->rowCount(), 2);
    QCOMPARE(cell(panel, a, ClusterPanel::kState), QString("connecting"));
    QCOMPARE(cell(panel, b, ClusterPanel::kRtt), QString("3.3"));
    QCOMPARE(cell(panel, b, ClusterPanel::kUplink), QString("850"));
    QCOMPARE(cell(panel, b, ClusterPanel::kDownlink), QString("13"));
    QCOMPARE(cell(panel, b, ClusterPanel::kLoad), QString("42"));
    QCOMPARE(cell(panel, b, ClusterPanel::kProfile), QString("native"));
    {  // a Turbo node shows its enhancing share of the busy time and its enhancer
      NodeView turbo = node("jetson", b, "online", false);
      turbo.turboModel = "turbo_jde_yolox_s8.json";
      turbo.turboShare = 0.3;
      ClusterPanel other;
      other.setStatus(statusWith({turbo}));
      QCOMPARE(cell(other, b, ClusterPanel::kLoad), QString("42 (T 30)"));
      QVERIFY(cell(other, b, ClusterPanel::kModel).endsWith("+ Turbo"));
    }
    QCOMPARE(cell(panel, b, ClusterPanel::kInUse), QString());
    QVERIFY(panel.summaryText().contains("1 online"));

    // Select the local node, then the handshake renames it and it goes online and in use: same row, same selection.
    panel.selectNode(a);
    QCOMPARE(panel.selectedKey(), a);
    QTableWidgetItem* stateItem = panel.table()->item(panel.rowOf(a), ClusterPanel::kState);
    NodeView renamed = node("node-1", a, "online", true);
    renamed.inUse = true;
    renamed.profile = "jetson-nano";
    renamed.rttMs = -1.0;
    NodeView remote = node("jetson", b, "degraded", false);
    remote.lastError = "deadline exceeded after 500 ms";
    panel.setStatus(statusWith({renamed, remote}));
    QCOMPARE(panel.nodeCount(), 2);
    QCOMPARE(panel.table()->item(panel.rowOf(a), ClusterPanel::kState), stateItem);  // updated in place
    QCOMPARE(panel.selectedKey(), a);
    QVERIFY(cell(panel, a, ClusterPanel::kName).startsWith("node-1"));
    QCOMPARE(cell(panel, a, ClusterPanel::kProfile), QString("jetson-nano"));
    QCOMPARE(cell(panel, a, ClusterPanel::kRtt), QString("–"));
    QVERIFY(!cell(panel, a, ClusterPanel::kInUse).isEmpty());
    QVERIFY(panel.table()->item(panel.rowOf(a), ClusterPanel::kName)->font().bold());
    QVERIFY(panel.table()->item(panel.rowOf(b), ClusterPanel::kModel)->toolTip().contains("deadline exceeded"));
    QVERIFY(!panel.table()->item(panel.rowOf(a), ClusterPanel::kModel)->toolTip().contains("last error"));

    // The remote node disappears; the selected local node keeps its selection and moves up.
    panel.selectNode(b);
    panel.setStatus(statusWith({renamed}));
    QCOMPARE(panel.nodeCount(), 1);
    QCOMPARE(panel.rowOf(b), -1);
    QCOMPARE(panel.rowOf(a), 0);
    QVERIFY(panel.selectedKey().isEmpty());  // the selected row went away
    panel.selectNode(a);
    panel.setStatus(statusWith({renamed, node("late", "tcp://10.0.0.9:5601", "connecting", false)}));
    QCOMPARE(panel.selectedKey(), a);
    QCOMPARE(panel.rowOf("tcp://10.0.0.9:5601"), 1);
    panel.setStatus(statusWith({}));
    QCOMPARE(panel.table()->rowCount(), 0);
    QVERIFY(panel.selectedKey().isEmpty());
  }

  void statesAreColoured() {
    QCOMPARE(ClusterPanel::stateColor("online").green() > ClusterPanel::stateColor("online").red(), true);
    QVERIFY(ClusterPanel::stateColor("lost").red() > 2 * ClusterPanel::stateColor("lost").green());
    const QColor amber = ClusterPanel::stateColor("degraded");
    QVERIFY(amber.red() > 150 && amber.green() > 100 && amber.blue() < 60);
    QCOMPARE(ClusterPanel::stateColor("connecting"), ClusterPanel::stateColor("stopped"));
    QCOMPARE(ClusterPanel::stateColor("connecting").saturation(), 0);
    ClusterPanel panel;
    QVector<NodeView> nodes;
    const QStringList states = {"online", "degraded", "lost", "connecting", "stopped"};
    for (int i = 0; i < states.size(); ++i) {
      nodes << node(QStringLiteral("n%1").arg(i), QStringLiteral("tcp://127.0.0.1:%1").arg(5601 + i), states[i], true);
    }
    panel.setStatus(statusWith(nodes));
    for (int i = 0; i < states.size(); ++i) {
      QTableWidgetItem* item = panel.table()->item(i, ClusterPanel::kState);
      QCOMPARE(item->text(), states[i]);
      QCOMPARE(item->foreground().color(), ClusterPanel::stateColor(states[i]));
    }
    // A node turning lost changes its colour in place.
    nodes[0].state = "lost";
    panel.setStatus(statusWith(nodes));
    QCOMPARE(panel.table()->item(0, ClusterPanel::kState)->foreground().color(), ClusterPanel::stateColor("lost"));
  }

  void stopAndKillTargetTheSelectedNode() {
    ClusterPanel panel;
    panel.show();
    auto* stop = panel.findChild<QPushButton*>("clusterStop");
    auto* kill = panel.findChild<QPushButton*>("clusterKill");
    QVERIFY(stop && kill);
    QVERIFY(kill->text().contains("rehearse failure"));
    QVERIFY(!stop->isEnabled() && !kill->isEnabled());  // nothing selected
    const QString local = "tcp://127.0.0.1:5601", remote = "tcp://10.0.0.7:5601";
    panel.setStatus(statusWith({node("node-1", local, "online", true), node("jetson", remote, "online", false),
                                node("node-2", "tcp://127.0.0.1:5602", "stopped", true)}));
    QSignalSpy stops(&panel, &ClusterPanel::stopNodeRequested);
    QSignalSpy kills(&panel, &ClusterPanel::killNodeRequested);

    panel.selectNode(remote);
    QVERIFY(stop->isEnabled());
    QVERIFY(!kill->isEnabled());  // remote nodes cannot be killed
    QVERIFY(kill->toolTip().contains("Only nodes this console started"));
    kill->click();
    QCOMPARE(kills.count(), 0);
    QTest::mouseClick(stop, Qt::LeftButton);
    QCOMPARE(stops.count(), 1);
    QCOMPARE(stops.takeFirst().at(0).toString(), remote);

    panel.selectNode(local);
    QVERIFY(kill->isEnabled());
    QTest::mouseClick(kill, Qt::LeftButton);
    QCOMPARE(kills.count(), 1);
    QCOMPARE(kills.takeFirst().at(0).toString(), local);

    panel.selectNode("tcp://127.0.0.1:5602");  // already stopped: nothing to stop or kill
    QVERIFY(!stop->isEnabled());
    QVERIFY(!kill->isEnabled());

    // The node going remote-only after a status (e.g. lost and re-added) updates the buttons too.
    panel.selectNode(local);
    panel.setStatus(statusWith({node("node-1", local, "online", false)}));
    QVERIFY(!kill->isEnabled());
    QCOMPARE(stops.count(), 0);
  }

  void startLocalAsksCountAndProfile() {
    ClusterPanel panel;
    QSignalSpy starts(&panel, &ClusterPanel::startLocalNodesRequested);
    whenDialogOpens(&panel, "startLocalDialog", [](QDialog* dialog) {
      auto* count = dialog->findChild<QSpinBox*>("nodeCount");
      auto* profile = dialog->findChild<QComboBox*>("nodeProfile");
      QVERIFY(count && profile);
      QCOMPARE(count->minimum(), 1);
      QCOMPARE(count->maximum(), 8);
      QCOMPARE(profile->count(), 4);
      QCOMPARE(profile->itemText(0), QString("native"));
      count->setValue(3);
      profile->setCurrentText("jetson-nano");
      dialog->accept();
    });
    panel.findChild<QPushButton*>("clusterStartLocal")->click();
    QCOMPARE(starts.count(), 1);
    QCOMPARE(starts.at(0).at(0).toInt(), 3);
    QCOMPARE(starts.at(0).at(1).toString(), QString("jetson-nano"));
    // Cancel sends nothing.
    whenDialogOpens(&panel, "startLocalDialog", [](QDialog* dialog) { dialog->reject(); });
    panel.findChild<QPushButton*>("clusterStartLocal")->click();
    QCOMPARE(starts.count(), 1);
    // A node list (profiles and links, issue 20) replaces count and profile.
    QSignalSpy lists(&panel, &ClusterPanel::startLocalNodeListRequested);
    whenDialogOpens(&panel, "startLocalDialog", [](QDialog* dialog) {
      auto* list = dialog->findChild<QLineEdit*>("nodeList");
      QVERIFY(list);
      list->setText("  jetson-tx2;rpi4@testbed ");
      dialog->accept();
    });
    panel.findChild<QPushButton*>("clusterStartLocal")->click();
    QCOMPARE(starts.count(), 1);
    QCOMPARE(lists.count(), 1);
    QCOMPARE(lists.at(0).at(0).toString(), QString("jetson-tx2;rpi4@testbed"));
  }

  void addValidatesTheAddress() {
    QVERIFY(ClusterPanel::isValidAddress("tcp://192.168.1.20:5601"));
    QVERIFY(ClusterPanel::isValidAddress("tcp://edge-box.local:1"));
    QVERIFY(ClusterPanel::isValidAddress("tcp://[::1]:5601"));
    QVERIFY(!ClusterPanel::isValidAddress("192.168.1.20:5601"));
    QVERIFY(!ClusterPanel::isValidAddress("tcp://host"));
    QVERIFY(!ClusterPanel::isValidAddress("tcp://host:0"));
    QVERIFY(!ClusterPanel::isValidAddress("tcp://host:70000"));
    QVERIFY(!ClusterPanel::isValidAddress("tcp://-bad:5601"));
    QVERIFY(!ClusterPanel::isValidAddress("udp://host:5601"));
    ClusterPanel panel;
    QSignalSpy adds(&panel, &ClusterPanel::addNodeRequested);
    bool okWasDisabled = false;
    whenDialogOpens(&panel, "addNodeDialog", [&](QDialog* dialog) {
      auto* address = dialog->findChild<QLineEdit*>("nodeAddress");
      QPushButton* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
      QVERIFY(address && ok);
      address->setText("tcp://nowhere");
      okWasDisabled = !ok->isEnabled();
      address->setText(" tcp://10.0.0.7:5601 ");
      QVERIFY(ok->isEnabled());
      ok->click();
    });
    panel.findChild<QPushButton*>("clusterAdd")->click();
    QVERIFY(okWasDisabled);
    QCOMPARE(adds.count(), 1);
    QCOMPARE(adds.at(0).at(0).toString(), QString("tcp://10.0.0.7:5601"));
  }

  void bandwidthPlotGetsPointsPerNode() {
    BandwidthPlot plot;
    plot.show();
    const QString a = "tcp://127.0.0.1:5601", b = "tcp://10.0.0.7:5601";
    plot.addStatus(statusWith({}));  // no cluster: nothing plotted
    QVERIFY(plot.nodeKeys().isEmpty());
    NodeView first = node("node-1", a, "online", true);
    plot.addStatus(statusWith({first}));
    first.uplinkKbps = 1200.0;
    first.downlinkKbps = 40.0;
    plot.addStatus(statusWith({first, node("jetson", b, "online", false)}));
    QCOMPARE(plot.nodeKeys(), QStringList({a, b}));
    QCOMPARE(plot.sampleCount(a), 2);
    QCOMPARE(plot.sampleCount(b), 1);
    QCOMPARE(plot.lastUplinkKbps(a), 1200.0);
    QCOMPARE(plot.lastDownlinkKbps(a), 40.0);
    QCOMPARE(plot.sampleCount("tcp://other:1"), 0);
    QCOMPARE(plot.plot()->graphCount(), 4);  // up + down per node
    QVERIFY(plot.plot()->graph(0)->name().contains("node-1"));
    QTRY_VERIFY(plot.replotCount() > 0);
    plot.clear();
    QVERIFY(plot.nodeKeys().isEmpty());
    QCOMPARE(plot.plot()->graphCount(), 0);
  }

  void partitionPlotStacksAndMarksFallback() {
    PartitionPlot plot;
    plot.show();
    QVERIFY(!plot.fallbackShown());
    FrameView local;
    local.frameNumber = 1;  // partition inactive: not plotted
    plot.addFrame(local);
    QCOMPARE(plot.frameCount(), 0);
    for (int n = 2; n <= 11; ++n) plot.addFrame(partitioned(n, "SOAT", "SOAT"));
    QCOMPARE(plot.frameCount(), 10);
    QVERIFY(!plot.fallbackShown());
    QVERIFY(plot.captionText().contains("SOAT"));
    QVERIFY(plot.captionText().contains("node-a"));
    QCOMPARE(plot.meanUplinkKb(), 30.0);
    // The stack's top is camera + transmission + server.
    bool found = false;
    auto* server = qobject_cast<QCPBars*>(plot.plot()->plottable(2));
    QVERIFY(server);
    QCOMPARE(server->getValueRange(found).upper, 34.0);
    QVERIFY(found);

    // The node is lost: the frames run CO and the marker names the reason.
    for (int n = 12; n <= 21; ++n) plot.addFrame(partitioned(n, "SOAT", "CO", "node node-a lost"));
    QVERIFY(plot.fallbackShown());
    QCOMPARE(plot.fallbackText(), QString("fallback: CO (node node-a lost)"));
    QCOMPARE(plot.fallbackCount(), 10);
    QCOMPARE(plot.meanUplinkKb(), 15.0);  // half of the window sent nothing
    QVERIFY(plot.captionText().contains("<b>CO</b>"));
    // Without a reason the marker still says what was requested.
    plot.addFrame(partitioned(22, "SO", "CO"));
    QCOMPARE(plot.fallbackText(), QString("fallback: CO (requested SO)"));
    // Back on the server: the marker goes away.
    plot.addFrame(partitioned(23, "SOAT", "SOAT"));
    QVERIFY(!plot.fallbackShown());

    // The window keeps the last kWindowFrames frames; a seek clears it.
    for (int n = 24; n <= 400; ++n) plot.addFrame(partitioned(n, "SO", "SO"));
    QCOMPARE(plot.frameCount(), PartitionPlot::kWindowFrames);
    QCOMPARE(plot.fallbackCount(), 0);
    plot.addFrame(partitioned(5, "SO", "SO"));
    QCOMPARE(plot.frameCount(), 1);
  }

  void windowComposesTheClusterDocks() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestClusterPanel");
    QSettings().clear();
    MainWindow window;
    for (const char* name : {"Cluster", "Bandwidth", "Partition"}) QVERIFY2(window.findChild<QDockWidget*>(name), name);
    QCOMPARE(window.dockWidgetArea(window.findChild<QDockWidget*>("Cluster")), Qt::RightDockWidgetArea);
    QVERIFY(window.tabifiedDockWidgets(window.findChild<QDockWidget*>("Partition"))
                .contains(window.findChild<QDockWidget*>("Throughput")));
    // Status from the hub reaches the panel; a session switch clears it until the next status.
    QCOMPARE(window.engine()->count(), 0);
    emit window.engine()->statusChanged(statusWith({node("n", "tcp://127.0.0.1:5601", "online", true)}));
    QCOMPARE(window.clusterPanel()->nodeCount(), 1);
    QCOMPARE(window.bandwidthPlot()->nodeKeys().size(), 1);
    emit window.engine()->activeChanged(-1);
    QCOMPARE(window.clusterPanel()->nodeCount(), 0);
    QVERIFY(window.bandwidthPlot()->nodeKeys().isEmpty());
    // Stop with no session posts nothing and creates no session; starting nodes creates the session for them.
    window.clusterPanel()->stopNodeRequested("tcp://127.0.0.1:5601");
    QCOMPARE(window.engine()->count(), 0);
    window.clusterPanel()->startLocalNodesRequested(1, "native");
    QCOMPARE(window.engine()->count(), 1);
  }
};

QTEST_MAIN(TestClusterPanel)
#include "TestClusterPanel.moc"
