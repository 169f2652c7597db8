#include "StatsPanel.h"

#include <QFormLayout>
#include <QLabel>

namespace edgescope {

StatsPanel::StatsPanel(QWidget* parent) : QWidget(parent) {
  auto* form = new QFormLayout(this);
  form->setLabelAlignment(Qt::AlignRight);
  addRow(form, "source", tr("Source"));
  addRow(form, "state", tr("State"));
  addRow(form, "sourceFps", tr("Source fps"));
  addRow(form, "processingFps", tr("Processing fps"));
  addRow(form, "capacity", tr("Pipeline capacity"));
  addRow(form, "latency", tr("Latency"));
  addRow(form, "dropped", tr("Dropped (source)"));
  addRow(form, "skipped", tr("Skipped (display)"));
  addRow(form, "health", tr("Health"));
}

QLabel* StatsPanel::addRow(QFormLayout* form, const QString& key, const QString& title) {
  auto* label = new QLabel(QStringLiteral("–"), this);
  label->setObjectName("stat_" + key);
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  label->setWordWrap(true);
  form->addRow(title, label);
  labels_[key] = label;
  return label;
}

QString StatsPanel::text(const QString& key) const {
  const auto* label = labels_.value(key);
  return label ? label->text() : QString();
}

void StatsPanel::setStatus(const StatusView& status) {
  if (!isVisible()) return;
  labels_["source"]->setText(status.source.uri.isEmpty()
                                 ? tr("none")
                                 : QStringLiteral("%1 (%2, %3×%4)")
                                       .arg(status.source.name, status.source.kind)
                                       .arg(status.source.width)
                                       .arg(status.source.height));
  labels_["state"]->setText(status.state);
  labels_["sourceFps"]->setText(QString::number(status.sourceFps, 'f', 1));
  labels_["processingFps"]->setText(QString::number(status.processingFps, 'f', 1));
  labels_["capacity"]->setText(QStringLiteral("%1 fps").arg(status.capacityFps, 0, 'f', 0));
  labels_["dropped"]->setText(QString::number(status.sourceDropped));
  labels_["skipped"]->setText(QString::number(status.displaySkipped));
  QString health = status.health;
  if (status.health == "reconnecting") {
    health = tr("reconnecting (attempt %1, next in %2 s)").arg(status.reconnectAttempts).arg(status.nextRetryMs / 1000.0, 0, 'f', 1);
  }
  if (status.reconnects > 0) health += tr(", %1 reconnects").arg(status.reconnects);
  if (!status.lastError.isEmpty() && status.health != "ok") health += "\n" + status.lastError;
  labels_["health"]->setText(health);
}

void StatsPanel::setFrame(const FrameView& frame) {
  if (!isVisible()) return;
  QStringList parts;
  for (const auto& stage : frame.latencyMs) parts << QStringLiteral("%1 %2").arg(stage.first).arg(stage.second, 0, 'f', 1);
  labels_["latency"]->setText(QStringLiteral("%1 ms (%2)").arg(frame.totalLatencyMs, 0, 'f', 1).arg(parts.join(", ")));
}

}  // namespace edgescope
