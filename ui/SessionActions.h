#pragma once
/// @file SessionActions.h
/// Session recording and reports in the console: "Record session" (the active source's engine session writes a
/// session folder incrementally), "Export report…" (HTML, PDF, JSON, CSV or MOTChallenge results from any session
/// folder, also an interrupted one), and "Run evaluation…" (the active labelled source runs from frame 1 to its end
/// unpaced while recording, with a progress dialog and cancel, then offers the report). GUI thread.

#include <QObject>
#include <QPointer>
#include <QString>

#include "ViewTypes.h"

class QAction;
class QMenu;
class QProgressDialog;
class QWidget;

namespace edgescope {

class SessionHub;

class SessionActions : public QObject {
  Q_OBJECT
 public:
  SessionActions(SessionHub* hub, QWidget* window);
  void addToMenu(QMenu* menu);
  /// Where new session folders go: $EDGESCOPE_SESSIONS_DIR, else the per-user data folder + "/sessions".
  static QString sessionsRoot();
  /// A new, not yet existing folder under sessionsRoot() named after the time and @p sourceName.
  static QString newSessionFolder(const QString& sourceName);
  /// Writes the report of session @p folder to @p outPath (format from the extension). Returns "" or the error.
  static QString exportSession(const QString& folder, const QString& outPath);
  QString lastFolder() const { return lastFolder_; }
  bool evaluating() const { return evaluating_; }
  /// Whether a finished evaluation asks to export a report (modal question); tests turn it off.
  void setOfferReport(bool offer) { offerReport_ = offer; }

 public slots:
  /// Starts (@p on) or stops recording the active session; returns through recordingChanged.
  void setRecording(bool on);
  /// Asks for a session folder and an output file, then exports.
  void exportReport(const QString& folder = {});
  /// Runs the active source to its end in offline mode while recording (needs ground truth and a pipeline).
  void runEvaluation();
  void cancelEvaluation();

 signals:
  void recordingChanged(bool on, const QString& folder);
  /// The evaluation run ended (@p completed false: cancelled or failed); @p folder holds its session.
  void evaluationFinished(bool completed, const QString& folder);

 private:
  void onStatus(const StatusView& status);
  void finishEvaluation(bool completed);
  SessionHub* hub_;
  QWidget* window_;
  QAction* record_ = nullptr;
  QPointer<QProgressDialog> progress_;
  QString lastFolder_;
  bool evaluating_ = false;
  bool sawPlaying_ = false;
  bool offerReport_ = true;
  double savedPaced_ = 1.0, savedLoop_ = 0.0;
};

}  // namespace edgescope
