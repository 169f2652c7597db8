#pragma once
/// @file ClusterPanel.h
/// The "Cluster" dock (issue 6): the active session's edge nodes in a table (name, state in colour, role, device
/// profile, RTT, measured up/down link, queue, load, model, whether the partition uses it; the node's last error as
/// the row's tooltip) and the operator's cluster commands: start local nodes, add a remote node, stop a node, kill a
/// local node to rehearse a failure. ParaLoupe (issue 20) adds the columns cost (editable 0–1 with NodeCostDelegate),
/// estimated uplink Mbps, patch ms, share % and patch model, and "What if lost": the engine re-solves the last PL
/// frame without the selected node and its answer ("What if … were lost: …", an info message) shows under the table.
/// Rows are updated in place from each status (keyed by address, so the rename at the handshake keeps the row and the
/// selection). Commands leave through the *Requested signals, which MainWindow routes to SessionHub. GUI thread.

#include <QVector>
#include <QWidget>

#include "ViewTypes.h"

class QLabel;
class QPushButton;
class QTableWidget;
class QTableWidgetItem;

namespace edgescope {

class ClusterPanel : public QWidget {
  Q_OBJECT
 public:
  enum Column {
    kName, kState, kRole, kProfile, kRtt, kUplink, kDownlink, kQueue, kLoad, kModel, kInUse,
    kCost, kUplinkEstimate, kPatchMs, kShare, kPatchModel, kColumnCount
  };
  static constexpr int kMaxLocalNodes = 8;

  explicit ClusterPanel(QWidget* parent = nullptr);

  /// Device-emulation profiles offered for local nodes (the names engine DeviceProfile accepts), "native" first.
  static QStringList profiles();
  /// Text colour of a node state: online green, degraded amber, lost red, connecting/stopped (and unknown) grey.
  static QColor stateColor(const QString& state);
  /// True for "tcp://HOST:PORT" with a host name, IPv4 or [IPv6] host and a port 1–65535.
  static bool isValidAddress(const QString& address);

  QTableWidget* table() const { return table_; }
  int nodeCount() const { return nodes_.size(); }
  /// Row of the node with NodeView::key() @p key, or -1.
  int rowOf(const QString& key) const;
  /// Key of the selected node (empty when none).
  QString selectedKey() const;
  /// The line above the table: node counts, or how to add nodes when there are none.
  QString summaryText() const;
  /// The last what-if-lost answer shown (empty before the first).
  QString whatIfText() const;

 public slots:
  void setStatus(const edgescope::StatusView& status);
  /// Selects the row of node @p key (no-op when absent).
  void selectNode(const QString& key);
  /// Forgets every row and the what-if answer (the active session changed).
  void clear();
  /// Shows @p text under the table when it is the engine's what-if-lost answer (it contains "What if "); other
  /// messages are ignored. Connected to SessionHub::message.
  void showEngineMessage(const QString& level, const QString& text);

 signals:
  void startLocalNodesRequested(int count, const QString& profile);
  /// "Start local…" with a node list: one node per "PROFILE[@LINK]" entry (issue 20).
  void startLocalNodeListRequested(const QString& list);
  void addNodeRequested(const QString& address);
  /// @p name is the node's address (its name when it has none): unambiguous for the engine.
  void stopNodeRequested(const QString& name);
  void killNodeRequested(const QString& name);
  /// The operator set node @p name's cost to @p cost (clamped to 0..1).
  void setNodeCostRequested(const QString& name, double cost);
  /// The operator asked what the last ParaLoupe frame would cost without node @p name.
  void whatIfLostRequested(const QString& name);

 private:
  void setNodes(const QVector<NodeView>& nodes);
  void updateRow(int row, const NodeView& node);
  void setCell(int row, int column, const QString& text, const QColor& color = {});
  void syncControls();
  void askStartLocal();
  void askAddNode();
  void costEdited(QTableWidgetItem* item);
  bool editingCost(int row) const;
  const NodeView* selectedNode() const;

  QLabel* summary_;
  QTableWidget* table_;
  QPushButton* start_;
  QPushButton* add_;
  QPushButton* stop_;
  QPushButton* kill_;
  QPushButton* whatIf_;
  QLabel* whatIfAnswer_;
  QVector<NodeView> nodes_;  ///< one per table row, same order
};

}  // namespace edgescope
