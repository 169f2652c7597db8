#include "ClusterPanel.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

#include "NodeCostDelegate.h"

namespace edgescope {
namespace {
constexpr int kDefaultLocalNodes = 2;
constexpr int kMaxPort = 65535;

QString number(double value) { return QString::number(value, 'f', value < 10.0 ? 1 : 0); }
QString orDash(bool known, const QString& text) { return known ? text : QStringLiteral("–"); }
QString target(const NodeView& node) { return node.address.isEmpty() ? node.name : node.address; }

/// A form dialog named @p name (tests find it) with OK / Cancel under the rows the caller adds.
QFormLayout* formDialog(QDialog& dialog, const QString& name, const QString& title, QDialogButtonBox** buttons) {
  dialog.setObjectName(name);
  dialog.setWindowTitle(title);
  auto* form = new QFormLayout(&dialog);
  *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
  QObject::connect(*buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
  QObject::connect(*buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
  return form;
}

QString tooltipOf(const NodeView& node) {
  QStringList lines;
  lines << QStringLiteral("%1 — %2").arg(node.name, node.address);
  QString where = node.local ? ClusterPanel::tr("local, pid %1").arg(node.pid) : ClusterPanel::tr("remote");
  if (!node.device.isEmpty()) where += QStringLiteral(", %1").arg(node.device);
  if (node.threads > 0) where += ClusterPanel::tr(", %1 threads").arg(node.threads);
  lines << where;
  if (node.lossCount > 0) lines << ClusterPanel::tr("lost %1×").arg(node.lossCount);
  if (!node.lastError.isEmpty()) lines << ClusterPanel::tr("last error: %1").arg(node.lastError);
  return lines.join('\n');
}
}  // namespace

ClusterPanel::ClusterPanel(QWidget* parent)
    : QWidget(parent),
      summary_(new QLabel(this)),
      table_(new QTableWidget(0, kColumnCount, this)),
      start_(new QPushButton(tr("Start local…"), this)),
      add_(new QPushButton(tr("Add…"), this)),
      stop_(new QPushButton(tr("Stop"), this)),
      kill_(new QPushButton(tr("Kill (rehearse failure)"), this)),
      whatIf_(new QPushButton(tr("What if lost"), this)),
      whatIfAnswer_(new QLabel(this)) {
  summary_->setObjectName("clusterSummary");
  summary_->setWordWrap(true);
  table_->setObjectName("clusterTable");
  table_->setHorizontalHeaderLabels({tr("Node"), tr("State"), tr("Role"), tr("Profile"), tr("RTT ms"), tr("Up Kbps"),
                                     tr("Down Kbps"), tr("Queue"), tr("Load %"), tr("Model"), tr("In use"), tr("Cost"),
                                     tr("Est. up Mbps"), tr("Patch ms"), tr("Share %"), tr("Patch model")});
  const QPair<int, QString> headerTips[] = {
      {kCost, tr("ParaLoupe: the node's cost c, 0..1 (double-click to edit); the scheduler avoids costly nodes")},
      {kUplinkEstimate, tr("ParaLoupe: the uplink the network profiler estimates (probes + patch traffic)")},
      {kPatchMs, tr("ParaLoupe: profiled ms per 64×128 patch on the node")},
      {kShare, tr("ParaLoupe: share of the recent frames' patches the node served")}};
  for (const auto& [column, tip] : headerTips) table_->horizontalHeaderItem(column)->setToolTip(tip);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  // Only the cost cells are editable (item flags); the delegate bounds the value.
  table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                          QAbstractItemView::SelectedClicked);
  table_->setItemDelegateForColumn(kCost, new NodeCostDelegate(table_));
  table_->verticalHeader()->setVisible(false);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  start_->setObjectName("clusterStartLocal");
  start_->setToolTip(tr("Start server nodes on this machine, optionally emulating a slower device"));
  add_->setObjectName("clusterAdd");
  add_->setToolTip(tr("Connect to a node running elsewhere (tcp://HOST:PORT)"));
  stop_->setObjectName("clusterStop");
  stop_->setToolTip(tr("Stop the selected node gracefully (a remote node is disconnected)"));
  kill_->setObjectName("clusterKill");
  whatIf_->setObjectName("clusterWhatIfLost");
  whatIf_->setToolTip(
      tr("ParaLoupe: re-solve the last frame without the selected node and show the predicted "
         "latency, feasibility and shed patches; the node is not touched"));
  whatIfAnswer_->setObjectName("clusterWhatIfAnswer");
  whatIfAnswer_->setWordWrap(true);
  whatIfAnswer_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  whatIfAnswer_->hide();
  auto* buttons = new QHBoxLayout;
  for (QPushButton* button : {start_, add_, stop_, kill_, whatIf_}) buttons->addWidget(button);
  buttons->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(summary_);
  layout->addWidget(table_, 1);
  layout->addWidget(whatIfAnswer_);
  layout->addLayout(buttons);
  connect(start_, &QPushButton::clicked, this, &ClusterPanel::askStartLocal);
  connect(add_, &QPushButton::clicked, this, &ClusterPanel::askAddNode);
  connect(stop_, &QPushButton::clicked, this, [this] {
    if (const NodeView* node = selectedNode()) emit stopNodeRequested(target(*node));
  });
  connect(kill_, &QPushButton::clicked, this, [this] {
    const NodeView* node = selectedNode();
    if (node && node->local) emit killNodeRequested(target(*node));
  });
  connect(whatIf_, &QPushButton::clicked, this, [this] {
    const NodeView* node = selectedNode();
    if (!node) return;
    showEngineMessage("info", tr("What if %1 were lost: asking the engine…").arg(node->name));
    emit whatIfLostRequested(target(*node));
  });
  connect(table_, &QTableWidget::itemChanged, this, &ClusterPanel::costEdited);
  connect(table_, &QTableWidget::itemSelectionChanged, this, &ClusterPanel::syncControls);
  setNodes({});  // summary and buttons of the empty cluster
}

QStringList ClusterPanel::profiles() { return {"native", "jetson-tx2", "jetson-nano", "rpi4"}; }

QColor ClusterPanel::stateColor(const QString& state) {
  if (state == QLatin1String("online")) return QColor(40, 160, 70);
  if (state == QLatin1String("degraded")) return QColor(225, 145, 0);
  if (state == QLatin1String("lost")) return QColor(215, 45, 45);
  return QColor(135, 135, 135);
}

bool ClusterPanel::isValidAddress(const QString& address) {
  static const QRegularExpression pattern(
      QStringLiteral("^tcp://(?:\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?):(\\d{1,5})$"));
  const QRegularExpressionMatch match = pattern.match(address.trimmed());
  if (!match.hasMatch()) return false;
  const int port = match.captured(1).toInt();
  return port >= 1 && port <= kMaxPort;
}

int ClusterPanel::rowOf(const QString& key) const {
  for (int row = 0; row < nodes_.size(); ++row) {
    if (nodes_[row].key() == key) return row;
  }
  return -1;
}

QString ClusterPanel::selectedKey() const {
  const NodeView* node = selectedNode();
  return node ? node->key() : QString();
}

QString ClusterPanel::summaryText() const { return summary_->text(); }
QString ClusterPanel::whatIfText() const { return whatIfAnswer_->text(); }

const NodeView* ClusterPanel::selectedNode() const {
  const QList<QTableWidgetSelectionRange> ranges = table_->selectedRanges();
  if (ranges.isEmpty()) return nullptr;
  const int row = ranges.front().topRow();
  return row >= 0 && row < nodes_.size() ? &nodes_[row] : nullptr;
}

void ClusterPanel::setStatus(const StatusView& status) { setNodes(status.nodes); }

void ClusterPanel::clear() {
  setNodes({});
  whatIfAnswer_->clear();
  whatIfAnswer_->hide();
}

void ClusterPanel::showEngineMessage(const QString& level, const QString& text) {
  const int at = text.indexOf(QLatin1String("What if "));  // after a "[source] " prefix when several are open
  if (at < 0) return;
  whatIfAnswer_->setText(text.mid(at));
  whatIfAnswer_->setStyleSheet(level == QLatin1String("error") ? QStringLiteral("color: #d22") : QString());
  whatIfAnswer_->show();
}

void ClusterPanel::costEdited(QTableWidgetItem* item) {
  const int row = item->row();
  if (item->column() != kCost || row < 0 || row >= nodes_.size()) return;
  bool ok = false;
  const double typed = item->text().trimmed().toDouble(&ok);
  const double cost = ok && std::isfinite(typed) ? NodeCostDelegate::clampCost(typed) : nodes_[row].cost;
  {
    const QSignalBlocker blocker(table_);
    item->setText(NodeCostDelegate::costText(cost));  // the clamped value, or the last one for unreadable text
  }
  if (!ok || !std::isfinite(typed)) return;
  nodes_[row].cost = cost;
  emit setNodeCostRequested(target(nodes_[row]), cost);
}

bool ClusterPanel::editingCost(int row) const {
  return table_->indexWidget(table_->model()->index(row, kCost)) != nullptr;  // the open editor of that cell
}

void ClusterPanel::selectNode(const QString& key) {
  const int row = rowOf(key);
  if (row >= 0) table_->selectRow(row);
}

void ClusterPanel::setNodes(const QVector<NodeView>& nodes) {
  // Remove rows whose node is gone (bottom-up), then update or append in the engine's order.
  const QString selected = selectedKey();
  const QSignalBlocker blocker(table_);  // one syncControls() at the end
  for (int row = nodes_.size() - 1; row >= 0; --row) {
    const QString key = nodes_[row].key();
    const bool present = std::any_of(nodes.begin(), nodes.end(), [&](const NodeView& n) { return n.key() == key; });
    if (present) continue;
    table_->removeRow(row);
    nodes_.removeAt(row);
  }
  for (const NodeView& node : nodes) {
    int row = rowOf(node.key());
    if (row < 0) {
      row = nodes_.size();
      table_->insertRow(row);
      nodes_.push_back(node);
    }
    nodes_[row] = node;
    updateRow(row, node);
  }
  // The view moves the selection to a neighbour when the selected row goes: never let a click on Stop or Kill hit
  // a node the operator did not choose.
  if (selectedKey() != selected) {
    table_->clearSelection();
    if (rowOf(selected) >= 0) table_->selectRow(rowOf(selected));
  }
  int online = 0, inUse = 0;
  for (const NodeView& node : nodes_) {
    online += node.state == QLatin1String("online") ? 1 : 0;
    inUse += node.inUse ? 1 : 0;
  }
  summary_->setText(nodes_.isEmpty()
                        ? tr("No edge nodes. Start local ones or add a remote node, then choose a partition strategy "
                             "(CO, SO, SOAT, SAT, PL) in Knobs ▸ partition.")
                        : tr("%n node(s), %1 online, %2 in use", nullptr, nodes_.size()).arg(online).arg(inUse));
  syncControls();
}

void ClusterPanel::updateRow(int row, const NodeView& node) {
  setCell(row, kName, node.local ? tr("%1 (local)").arg(node.name) : node.name);
  setCell(row, kState, node.state, stateColor(node.state));
  setCell(row, kRole, node.role);
  setCell(row, kProfile, node.profile.isEmpty() ? QStringLiteral("native") : node.profile);
  setCell(row, kRtt, node.rttMs < 0 ? QStringLiteral("–") : number(node.rttMs));
  setCell(row, kUplink, number(node.uplinkKbps));
  setCell(row, kDownlink, number(node.downlinkKbps));
  setCell(row, kQueue, QString::number(node.queueDepth));
  // A Turbo node: the share of its busy time spent enhancing, e.g. "45 (T 30)".
  setCell(row, kLoad,
          node.turboModel.isEmpty()
              ? QString::number(qRound(node.load * 100.0))
              : tr("%1 (T %2)").arg(qRound(node.load * 100.0)).arg(qRound(node.turboShare * 100.0)));
  setCell(row, kModel, node.turboModel.isEmpty() ? node.model : tr("%1 + Turbo").arg(node.model));
  setCell(row, kInUse, node.inUse ? QStringLiteral("●") : QString());
  if (!editingCost(row)) setCell(row, kCost, NodeCostDelegate::costText(node.cost));
  setCell(row, kUplinkEstimate,
          orDash(node.uplinkEstimateKbps > 0.0, QString::number(node.uplinkEstimateKbps / 1000.0, 'f', 1)));
  setCell(row, kPatchMs, orDash(node.patchMs >= 0.0, QString::number(node.patchMs, 'f', node.patchMs < 10 ? 2 : 1)));
  setCell(row, kShare,
          orDash(!node.patchModel.isEmpty() || node.share > 0.0, QString::number(qRound(node.share * 100))));
  setCell(row, kPatchModel, node.patchModel);
  const QString tip = tooltipOf(node);
  for (int column = 0; column < kColumnCount; ++column) {
    QTableWidgetItem* item = table_->item(row, column);
    if (item->toolTip() != tip) item->setToolTip(tip);
  }
  QTableWidgetItem* name = table_->item(row, kName);
  if (name->font().bold() != node.inUse) {
    QFont font = name->font();
    font.setBold(node.inUse);
    name->setFont(font);
  }
}

void ClusterPanel::setCell(int row, int column, const QString& text, const QColor& color) {
  QTableWidgetItem* item = table_->item(row, column);
  if (!item) {
    item = new QTableWidgetItem;
    if (column != kCost) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    const bool numeric = (column >= kRtt && column <= kLoad) || (column >= kCost && column <= kShare);
    if (numeric) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    if (column == kInUse) item->setTextAlignment(Qt::AlignCenter);
    table_->setItem(row, column, item);
  }
  if (item->text() != text) item->setText(text);  // unchanged cells are not touched (no repaint, selection kept)
  if (color.isValid() && item->foreground().color() != color) item->setForeground(color);
}

void ClusterPanel::syncControls() {
  const NodeView* node = selectedNode();
  const bool running = node && node->state != QLatin1String("stopped");
  stop_->setEnabled(running);
  whatIf_->setEnabled(node != nullptr);
  kill_->setEnabled(running && node->local);
  kill_->setToolTip(node && !node->local
                        ? tr("Only nodes this console started can be killed; Stop disconnects a remote node")
                        : tr("Kill the selected local node abruptly (SIGKILL) to rehearse a node failure: the "
                             "partition falls back to CO and resumes on another node"));
}

void ClusterPanel::askStartLocal() {
  QDialog dialog(this);
  QDialogButtonBox* buttons = nullptr;
  QFormLayout* form = formDialog(dialog, "startLocalDialog", tr("Start local nodes"), &buttons);
  auto* count = new QSpinBox(&dialog);
  count->setObjectName("nodeCount");
  count->setRange(1, kMaxLocalNodes);
  count->setValue(kDefaultLocalNodes);
  auto* profile = new QComboBox(&dialog);
  profile->setObjectName("nodeProfile");
  profile->addItems(profiles());
  profile->setToolTip(
      tr("Emulated device: a compute slowdown, thread count and memory cap (knobs, not "
         "measurements of the boards)"));
  auto* list = new QLineEdit(&dialog);
  list->setObjectName("nodeList");
  list->setPlaceholderText(tr("e.g. jetson-tx2;jetson-nano;rpi4;rpi4@testbed (optional)"));
  list->setToolTip(tr("One node per entry, PROFILE[@LINK] separated by ';': a device profile and an emulated link "
                      "(up=MBPS,down=MBPS,rtt=MS or 'testbed'; without @ a 100 Mbit/s LAN). When given, it replaces "
                      "the count and profile above."));
  form->addRow(tr("Nodes"), count);
  form->addRow(tr("Device profile"), profile);
  form->addRow(tr("Or a list"), list);
  form->addRow(buttons);
  if (dialog.exec() != QDialog::Accepted) return;
  if (list->text().trimmed().isEmpty()) emit startLocalNodesRequested(count->value(), profile->currentText());
  else emit startLocalNodeListRequested(list->text().trimmed());
}

void ClusterPanel::askAddNode() {
  QDialog dialog(this);
  QDialogButtonBox* buttons = nullptr;
  QFormLayout* form = formDialog(dialog, "addNodeDialog", tr("Add a node"), &buttons);
  auto* address = new QLineEdit(&dialog);
  address->setObjectName("nodeAddress");
  address->setPlaceholderText(QStringLiteral("tcp://192.168.1.20:5601"));
  auto* hint = new QLabel(tr("tcp://HOST:PORT"), &dialog);
  QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
  ok->setEnabled(false);
  connect(address, &QLineEdit::textChanged, &dialog, [ok, hint](const QString& text) {
    const bool valid = isValidAddress(text);
    ok->setEnabled(valid);
    hint->setText(valid || text.isEmpty() ? tr("tcp://HOST:PORT") : tr("not an address: use tcp://HOST:PORT"));
  });
  form->addRow(tr("Address"), address);
  form->addRow(QString(), hint);
  form->addRow(buttons);
  if (dialog.exec() == QDialog::Accepted && isValidAddress(address->text())) {
    emit addNodeRequested(address->text().trimmed());
  }
}

}  // namespace edgescope
