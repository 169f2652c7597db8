// The cluster panel's ParaLoupe columns (issue 20): cost (editable 0–1, the edit leaves as a request with the node and
// the clamped value), estimated uplink Mbps, patch ms, share % and patch model from the status; "What if lost" asks
// about the selected node and shows the engine's answer; the window routes both to the session hub.
#include <QAbstractItemDelegate>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>
#include <cmath>

#include "ClusterPanel.h"
#include "ClusterViewFixtures.h"
#include "MainWindow.h"
#include "NodeCostDelegate.h"
#include "SessionHub.h"

using namespace edgescope;
using namespace edgescope::testing;

namespace {
const QString kA = QStringLiteral("tcp://127.0.0.1:5601");
const QString kB = QStringLiteral("tcp://10.0.0.7:5601");

NodeView node(const QString& name, const QString& address, bool patches) {
  NodeView view = serverNode(name, address, "online", true);
  if (patches) {
    view.cost = 0.3;
    view.patchModel = "patch_mini";
    view.patchMs = 4.256;
    view.uplinkEstimateKbps = 21100.0;
    view.share = 0.424;
  }
  return view;
}

QTableWidgetItem* item(const ClusterPanel& panel, const QString& key, int column) {
  const int row = panel.rowOf(key);
  return row < 0 ? nullptr : panel.table()->item(row, column);
}
}  // namespace

class TestClusterPanelCost : public QObject {
  Q_OBJECT
 private slots:
  void columnsShowTheParaLoupeFigures() {
    ClusterPanel panel;
    panel.setStatus(statusWith({node("node1", kA, true), node("node2", kB, false)}));
    QCOMPARE(panel.table()->columnCount(), int(ClusterPanel::kColumnCount));
    QCOMPARE(panel.table()->horizontalHeaderItem(ClusterPanel::kUplinkEstimate)->text(), QString("Est. up Mbps"));
    QCOMPARE(item(panel, kA, ClusterPanel::kCost)->text(), QString("0.30"));
    QCOMPARE(item(panel, kA, ClusterPanel::kUplinkEstimate)->text(), QString("21.1"));
    QCOMPARE(item(panel, kA, ClusterPanel::kPatchMs)->text(), QString("4.26"));
    QCOMPARE(item(panel, kA, ClusterPanel::kShare)->text(), QString("42"));
    QCOMPARE(item(panel, kA, ClusterPanel::kPatchModel)->text(), QString("patch_mini"));
    // A node without a patch model has no figures yet.
    QCOMPARE(item(panel, kB, ClusterPanel::kCost)->text(), QString("0.00"));
    QCOMPARE(item(panel, kB, ClusterPanel::kUplinkEstimate)->text(), QString("–"));
    QCOMPARE(item(panel, kB, ClusterPanel::kPatchMs)->text(), QString("–"));
    QCOMPARE(item(panel, kB, ClusterPanel::kShare)->text(), QString("–"));
    // The status updates the figures in place.
    NodeView faster = node("node1", kA, true);
    faster.patchMs = 12.04;
    faster.share = 1.0;
    panel.setStatus(statusWith({faster}));
    QCOMPARE(item(panel, kA, ClusterPanel::kPatchMs)->text(), QString("12.0"));
    QCOMPARE(item(panel, kA, ClusterPanel::kShare)->text(), QString("100"));
  }

  void editingTheCostRequestsTheClampedValue() {
    ClusterPanel panel;
    panel.setStatus(statusWith({node("node1", kA, true), node("node2", kB, true)}));
    QSignalSpy costs(&panel, &ClusterPanel::setNodeCostRequested);
    QTableWidgetItem* cost = item(panel, kB, ClusterPanel::kCost);
    QVERIFY(cost->flags() & Qt::ItemIsEditable);
    QVERIFY(!(item(panel, kB, ClusterPanel::kName)->flags() & Qt::ItemIsEditable));
    QVERIFY(!(item(panel, kB, ClusterPanel::kShare)->flags() & Qt::ItemIsEditable));

    cost->setText("0.75");
    QCOMPARE(costs.count(), 1);
    QCOMPARE(costs.at(0).at(0).toString(), kB);  // the address: unambiguous for the engine
    QCOMPARE(costs.at(0).at(1).toDouble(), 0.75);
    cost->setText("1.7");
    QCOMPARE(costs.count(), 2);
    QCOMPARE(costs.at(1).at(1).toDouble(), 1.0);
    QCOMPARE(cost->text(), QString("1.00"));
    cost->setText("-2");
    QCOMPARE(costs.at(2).at(1).toDouble(), 0.0);
    QCOMPARE(cost->text(), QString("0.00"));
    cost->setText("cheap");  // unreadable: nothing sent, the last value back in the cell
    QCOMPARE(costs.count(), 3);
    QCOMPARE(cost->text(), QString("0.00"));
    // A status refresh (the engine's echo) does not send anything.
    panel.setStatus(statusWith({node("node1", kA, true), node("node2", kB, true)}));
    QCOMPARE(costs.count(), 3);
    QCOMPARE(cost->text(), QString("0.30"));
  }

  void theCostEditorIsBounded() {
    ClusterPanel panel;
    panel.resize(1400, 300);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setStatus(statusWith({node("node1", kA, true)}));
    QSignalSpy costs(&panel, &ClusterPanel::setNodeCostRequested);
    panel.table()->editItem(item(panel, kA, ClusterPanel::kCost));
    auto* editor = panel.table()->findChild<QDoubleSpinBox*>("nodeCostEditor");
    QVERIFY(editor);
    QCOMPARE(editor->minimum(), 0.0);
    QCOMPARE(editor->maximum(), 1.0);
    QCOMPARE(editor->value(), 0.3);
    editor->setValue(0.55);
    // The delegate commits what the editor holds when the edit ends.
    QAbstractItemDelegate* delegate = panel.table()->itemDelegateForColumn(ClusterPanel::kCost);
    QVERIFY(qobject_cast<NodeCostDelegate*>(delegate));
    emit delegate->commitData(editor);
    QCOMPARE(costs.count(), 1);
    QCOMPARE(costs.at(0).at(0).toString(), kA);
    QCOMPARE(costs.at(0).at(1).toDouble(), 0.55);
    QCOMPARE(NodeCostDelegate::clampCost(std::nan("")), 0.0);
    QCOMPARE(NodeCostDelegate::costText(3.0), QString("1.00"));
  }

  void whatIfLostAsksForTheSelectedNodeAndShowsTheAnswer() {
    ClusterPanel panel;
    panel.show();
    auto* whatIf = panel.findChild<QPushButton*>("clusterWhatIfLost");
    auto* answer = panel.findChild<QLabel*>("clusterWhatIfAnswer");
    QVERIFY(whatIf && answer);
    QVERIFY(!whatIf->isEnabled());  // nothing selected
    QVERIFY(answer->isHidden());
    panel.setStatus(statusWith({node("node1", kA, true), node("node2", kB, true)}));
    QSignalSpy asks(&panel, &ClusterPanel::whatIfLostRequested);
    panel.selectNode(kB);
    QVERIFY(whatIf->isEnabled());
    QTest::mouseClick(whatIf, Qt::LeftButton);
    QCOMPARE(asks.count(), 1);
    QCOMPARE(asks.at(0).at(0).toString(), kB);
    QVERIFY(panel.whatIfText().startsWith("What if node2 were lost"));  // waiting for the answer
    QVERIFY(!answer->isHidden());

    const QString text = "What if node2 were lost: predicted 31.2 ms (budget 35.0), feasible, 2 of 9 patches shed";
    panel.showEngineMessage("info", "node node1: cost set to 0.50");  // other messages leave the answer alone
    panel.showEngineMessage("info", "[PETS09] " + text);              // several sources: prefixed
    QCOMPARE(panel.whatIfText(), text);
    QCOMPARE(answer->text(), text);
    panel.showEngineMessage("info", "node node1: cost set to 0.50");
    QCOMPARE(panel.whatIfText(), text);
    panel.clear();  // another session
    QVERIFY(panel.whatIfText().isEmpty());
    QVERIFY(answer->isHidden());
  }

  void windowRoutesCostAndWhatIf() {
    QCoreApplication::setOrganizationName("EdgeScopeTests");
    QCoreApplication::setApplicationName("TestClusterPanelCost");
    QSettings().clear();
    MainWindow window;
    emit window.engine()->message("info",
                                  "What if node1 were lost: predicted 20.0 ms (budget 35.0), feasible, "
                                  "0 of 4 patches shed");
    QVERIFY(window.clusterPanel()->whatIfText().startsWith("What if node1 were lost: predicted 20.0 ms"));
    // Without a session the requests go nowhere and create none.
    emit window.clusterPanel()->setNodeCostRequested(kA, 0.5);
    emit window.clusterPanel()->whatIfLostRequested(kA);
    QCOMPARE(window.engine()->count(), 0);
  }
};

QTEST_MAIN(TestClusterPanelCost)
#include "TestClusterPanelCost.moc"
