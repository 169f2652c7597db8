#pragma once
/// @file LogPanel.h
/// Time-stamped list of engine messages (info, warnings, errors), newest last, capped at 500 lines (GUI thread).

#include <QListWidget>

namespace edgescope {

class LogPanel : public QListWidget {
  Q_OBJECT
 public:
  explicit LogPanel(QWidget* parent = nullptr);
  int errorCount() const { return errors_; }

 public slots:
  void addMessage(const QString& level, const QString& text);

 private:
  int errors_ = 0;
};

}  // namespace edgescope
