#include "SourcesPanel.h"

#include <QHBoxLayout>
#include <QListWidget>
#include <QMenu>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include "EngineClient.h"
#include "SessionHub.h"

namespace edgescope {
namespace {
constexpr int kMaxRecent = 12;
const char* const kRecentKey = "sources/recent";
}  // namespace

SourcesPanel::SourcesPanel(SessionHub* hub, QWidget* parent)
    : QWidget(parent), hub_(hub), list_(new QListWidget(this)), recent_(new QToolButton(this)),
      recentMenu_(new QMenu(this)) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  list_->setObjectName("sourcesList");
  layout->addWidget(list_, 1);
  auto* buttons = new QHBoxLayout;
  auto* add = new QToolButton(this);
  add->setText(tr("Add…"));
  add->setToolTip(tr("Open another source in its own engine session"));
  auto* remove = new QToolButton(this);
  remove->setText(tr("Remove"));
  remove->setObjectName("removeSource");
  remove->setToolTip(tr("Stop the selected source and close its session"));
  recent_->setText(tr("Recent"));
  recent_->setPopupMode(QToolButton::InstantPopup);
  recent_->setMenu(recentMenu_);
  buttons->addWidget(add);
  buttons->addWidget(remove);
  buttons->addWidget(recent_);
  buttons->addStretch(1);
  layout->addLayout(buttons);
  connect(add, &QToolButton::clicked, this, &SourcesPanel::addRequested);
  connect(remove, &QToolButton::clicked, this, [this] {
    if (list_->currentRow() >= 0) hub_->removeSession(list_->currentRow());
  });
  connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
    if (row >= 0) hub_->setActive(row);
  });
  connect(recentMenu_, &QMenu::aboutToShow, this, &SourcesPanel::fillRecentMenu);
  connect(hub_, &SessionHub::sessionsChanged, this, &SourcesPanel::refresh);
  connect(hub_, &SessionHub::activeChanged, this, &SourcesPanel::refresh);
  refresh();
}

void SourcesPanel::refresh() {
  const QSignalBlocker blocker(list_);
  list_->clear();
  for (int i = 0; i < hub_->count(); ++i) {
    const StatusView& status = hub_->client(i)->lastStatus();
    auto* item = new QListWidgetItem(QStringLiteral("%1  —  %2").arg(hub_->sessionName(i), status.state), list_);
    item->setToolTip(status.source.uri.isEmpty() ? tr("no source") : status.source.uri);
  }
  list_->setCurrentRow(hub_->activeIndex());
}

int SourcesPanel::rowCount() const { return list_->count(); }
QString SourcesPanel::rowText(int row) const { return list_->item(row) ? list_->item(row)->text() : QString(); }

QStringList SourcesPanel::recentSources() { return QSettings().value(kRecentKey).toStringList(); }

void SourcesPanel::remember(const QString& uri, const QString& groundTruthPath) {
  if (uri.isEmpty()) return;
  const QString entry = groundTruthPath.isEmpty() ? uri : uri + '\t' + groundTruthPath;
  QStringList recent = recentSources();
  recent.removeAll(entry);
  recent.prepend(entry);
  while (recent.size() > kMaxRecent) recent.removeLast();
  QSettings().setValue(kRecentKey, recent);
}

void SourcesPanel::fillRecentMenu() {
  recentMenu_->clear();
  const QStringList recent = recentSources();
  if (recent.isEmpty()) recentMenu_->addAction(tr("(none yet)"))->setEnabled(false);
  for (const QString& entry : recent) {
    const QString uri = entry.section('\t', 0, 0), gt = entry.section('\t', 1);
    QAction* action = recentMenu_->addAction(gt.isEmpty() ? uri : tr("%1  (GT %2)").arg(uri, gt));
    connect(action, &QAction::triggered, this, [this, uri, gt] { emit recentRequested(uri, gt); });
  }
}

}  // namespace edgescope
