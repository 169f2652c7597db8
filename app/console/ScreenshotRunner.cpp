#include "ScreenshotRunner.h"

#include <QApplication>
#include <QDateTime>
#include <QPixmap>
#include <cstdio>

#include "SessionHub.h"
#include "MainWindow.h"

namespace edgescope {
namespace {
constexpr qint64 kTimeoutMs = 120000;
}

ScreenshotRunner::ScreenshotRunner(MainWindow* window, QString path, int frames, QObject* parent)
    : QObject(parent), window_(window), path_(std::move(path)), frames_(frames) {
  connect(&timer_, &QTimer::timeout, this, &ScreenshotRunner::check);
}

void ScreenshotRunner::start() {
  startMs_ = QDateTime::currentMSecsSinceEpoch();
  timer_.start(50);
}

void ScreenshotRunner::check() {
  const auto& status = window_->engine()->lastStatus();
  const bool enough = window_->engine()->framesShown() >= static_cast<quint64>(frames_);
  const bool finished = status.state == "ended" || status.state == "failed";
  const bool late = QDateTime::currentMSecsSinceEpoch() - startMs_ > kTimeoutMs;
  if (enough || finished || late) {
    timer_.stop();
    // Let the last status reach the panels and the plot replot before grabbing.
    QTimer::singleShot(300, this, &ScreenshotRunner::save);
  }
}

void ScreenshotRunner::save() {
  const QPixmap pixmap = window_->grab();
  const bool ok = pixmap.save(path_, "PNG");
  const auto& status = window_->engine()->lastStatus();
  std::fprintf(stderr, "edgescope: %s %s after %llu frames (state %s)%s%s\n", ok ? "saved" : "could not save",
               qPrintable(path_), static_cast<unsigned long long>(window_->engine()->framesShown()),
               qPrintable(status.state), status.lastError.isEmpty() ? "" : ": ", qPrintable(status.lastError));
  QApplication::exit(ok && status.state != "failed" ? 0 : 1);
}

}  // namespace edgescope
