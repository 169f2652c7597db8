#pragma once
/// @file SourcesPanel.h
/// The open sources (one engine session each) with their state, the active one selected, buttons to add and
/// remove sources, and the recently opened sources (remembered across runs in QSettings). GUI thread.

#include <QWidget>

class QListWidget;
class QMenu;
class QToolButton;

namespace edgescope {

class SessionHub;

class SourcesPanel : public QWidget {
  Q_OBJECT
 public:
  explicit SourcesPanel(SessionHub* hub, QWidget* parent = nullptr);
  /// Most recent first: "URI" or "URI\tGT path".
  static QStringList recentSources();
  /// Puts @p uri (+ GT) at the top of the recent list (at most 12 kept).
  static void remember(const QString& uri, const QString& groundTruthPath);
  int rowCount() const;
  QString rowText(int row) const;

 public slots:
  void refresh();

 signals:
  /// The operator wants a new source in a new session.
  void addRequested();
  /// Re-open a recent source in a new session.
  void recentRequested(const QString& uri, const QString& groundTruthPath);

 private:
  void fillRecentMenu();
  SessionHub* hub_;
  QListWidget* list_;
  QToolButton* recent_;
  QMenu* recentMenu_;
};

}  // namespace edgescope
