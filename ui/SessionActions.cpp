#include "SessionActions.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMessageBox>
#include <QProgressDialog>
#include <QRegularExpression>
#include <QStandardPaths>

#include "EngineClient.h"
#include "SessionHub.h"
#include "record/SessionReader.h"
#include "report/ReportExporter.h"
#include "util/Error.h"

namespace edgescope {

SessionActions::SessionActions(SessionHub* hub, QWidget* window) : QObject(window), hub_(hub), window_(window) {
  connect(hub_, &SessionHub::statusChanged, this, &SessionActions::onStatus);
}

void SessionActions::addToMenu(QMenu* menu) {
  record_ = menu->addAction(tr("&Record session"));
  record_->setCheckable(true);
  record_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
  record_->setToolTip(tr("Record knobs, per-frame results and metrics of the active source to a session folder"));
  connect(record_, &QAction::triggered, this, &SessionActions::setRecording);
  menu->addAction(tr("&Export report…"), QKeySequence(Qt::CTRL | Qt::Key_E), this, [this] { exportReport(); });
  menu->addAction(tr("Run &evaluation…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E), this,
                  &SessionActions::runEvaluation);
}

QString SessionActions::sessionsRoot() {
  const QString configured = qEnvironmentVariable("EDGESCOPE_SESSIONS_DIR");
  if (!configured.isEmpty()) return configured;
  return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/sessions";
}

QString SessionActions::newSessionFolder(const QString& sourceName) {
  QString name = sourceName;
  name.replace(QRegularExpression("[^A-Za-z0-9._-]+"), "_");
  const QString base = sessionsRoot() + "/" + QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss") + "-" +
                       (name.isEmpty() ? QStringLiteral("session") : name.left(40));
  QString folder = base;
  for (int i = 2; QFileInfo::exists(folder); ++i) folder = base + QStringLiteral("-%1").arg(i);
  return folder;
}

QString SessionActions::exportSession(const QString& folder, const QString& outPath) {
  try {
    const SessionData data = SessionReader::read(folder.toStdString());
    ReportExporter::exportTo(data, outPath);
    return {};
  } catch (const std::exception& error) {
    return QString::fromStdString(error.what());
  }
}

void SessionActions::setRecording(bool on) {
  EngineClient* client = hub_->active();
  if (on) {
    lastFolder_ = newSessionFolder(hub_->sessionName(hub_->activeIndex()));
    client->startRecording(lastFolder_);
  } else {
    client->stopRecording();
  }
  if (record_) record_->setChecked(on);
  emit recordingChanged(on, lastFolder_);
}

void SessionActions::exportReport(const QString& folder) {
  QString session = folder;
  if (session.isEmpty()) {
    session = QFileDialog::getExistingDirectory(window_, tr("Session folder to export"),
                                                lastFolder_.isEmpty() ? sessionsRoot() : lastFolder_);
  }
  if (session.isEmpty()) return;
  const QString out = QFileDialog::getSaveFileName(
      window_, tr("Export report"), session + "/report.html",
      tr("HTML report (*.html);;PDF report (*.pdf);;JSON, everything (*.json);;CSV, per frame (*.csv);;"
         "MOTChallenge results (*.txt)"));
  if (out.isEmpty()) return;
  const QString error = exportSession(session, out);
  if (error.isEmpty()) {
    QMessageBox::information(window_, tr("Report exported"), tr("Wrote %1").arg(out));
  } else {
    QMessageBox::warning(window_, tr("Export failed"), error);
  }
}

void SessionActions::runEvaluation() {
  const StatusView status = hub_->lastStatus();
  QString problem;
  if (status.source.uri.isEmpty()) problem = tr("Open a source first.");
  else if (!status.source.hasGroundTruth) problem = tr("The source has no ground truth: open it with a GT file.");
  else if (status.source.live || !status.source.seekable) problem = tr("Evaluation needs a file or sequence.");
  else if (status.detectorName.isEmpty()) problem = tr("Choose a detector in the Tracking panel first.");
  if (!problem.isEmpty()) {
    QMessageBox::warning(window_, tr("Run evaluation"), problem);
    return;
  }
  savedPaced_ = status.parameters.value("playback.paced", 1.0);
  savedLoop_ = status.parameters.value("playback.loop", 0.0);
  evaluating_ = true;
  sawPlaying_ = false;
  hub_->pause();
  hub_->setParameter("playback.paced", 0.0);
  hub_->setParameter("playback.loop", 0.0);
  hub_->seek(1);
  setRecording(true);
  hub_->play();
  progress_ = new QProgressDialog(tr("Evaluating %1 …").arg(status.source.name), tr("Cancel"), 0,
                                  status.source.frameCount > 0 ? static_cast<int>(status.source.frameCount) : 0,
                                  window_);
  progress_->setWindowTitle(tr("Run evaluation"));
  progress_->setMinimumDuration(0);
  progress_->setAutoClose(false);
  progress_->setAutoReset(false);
  connect(progress_, &QProgressDialog::canceled, this, &SessionActions::cancelEvaluation);
  progress_->show();
}

void SessionActions::cancelEvaluation() {
  if (!evaluating_) return;
  hub_->pause();
  finishEvaluation(false);
}

void SessionActions::onStatus(const StatusView& status) {
  if (!evaluating_) return;
  if (status.state == "playing") sawPlaying_ = true;
  if (progress_) {
    progress_->setValue(static_cast<int>(std::min<qint64>(status.currentFrame, progress_->maximum())));
    if (status.hasMetrics) {
      progress_->setLabelText(tr("Evaluating %1: frame %2, MOTA %3")
                                  .arg(status.source.name).arg(status.currentFrame)
                                  .arg(status.metrics.value("MOTA"), 0, 'f', 3));
    }
  }
  if (sawPlaying_ && (status.state == "ended" || status.state == "failed")) finishEvaluation(status.state == "ended");
}

void SessionActions::finishEvaluation(bool completed) {
  evaluating_ = false;
  setRecording(false);
  hub_->setParameter("playback.paced", savedPaced_);
  hub_->setParameter("playback.loop", savedLoop_);
  if (progress_) progress_->deleteLater();
  emit evaluationFinished(completed, lastFolder_);
  if (!offerReport_) return;
  const auto answer = QMessageBox::question(
      window_, tr("Run evaluation"),
      (completed ? tr("The evaluation finished.") : tr("The evaluation was cancelled; the session holds the frames run so far.")) +
          tr("\nExport a report of %1?").arg(lastFolder_));
  if (answer == QMessageBox::Yes) exportReport(lastFolder_);
}

}  // namespace edgescope
