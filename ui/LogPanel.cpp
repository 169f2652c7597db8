#include "LogPanel.h"

#include <QTime>

namespace edgescope {
namespace {
constexpr int kMaxLines = 500;
}

LogPanel::LogPanel(QWidget* parent) : QListWidget(parent) {
  setObjectName("log");
  setWordWrap(true);
  setAlternatingRowColors(true);
}

void LogPanel::addMessage(const QString& level, const QString& text) {
  auto* item = new QListWidgetItem(QStringLiteral("%1  %2").arg(QTime::currentTime().toString("HH:mm:ss"), text));
  if (level == "error") {
    item->setForeground(QColor(200, 40, 40));
    ++errors_;
  } else if (level == "warning") {
    item->setForeground(QColor(190, 120, 0));
  }
  addItem(item);
  while (count() > kMaxLines) delete takeItem(0);
  scrollToBottom();
}

}  // namespace edgescope
