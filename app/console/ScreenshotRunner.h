#pragma once
/// @file ScreenshotRunner.h
/// `edgescope --screenshot OUT.png --frames N`: waits until the window has shown N frames (or the source ended or
/// failed, or 120 s passed), then saves the window as PNG and quits with 0 on success (GUI thread).

#include <QObject>
#include <QTimer>

namespace edgescope {

class MainWindow;

class ScreenshotRunner : public QObject {
  Q_OBJECT
 public:
  ScreenshotRunner(MainWindow* window, QString path, int frames, QObject* parent = nullptr);
  void start();

 private:
  void check();
  void save();
  MainWindow* window_;
  QString path_;
  int frames_;
  QTimer timer_;
  qint64 startMs_ = 0;
};

}  // namespace edgescope
