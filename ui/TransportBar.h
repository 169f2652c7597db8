#pragma once
/// @file TransportBar.h
/// Play/pause, step and a seek slider. Seeking is sent when the user releases the slider (or on click), never while
/// the engine moves it; disabled for sources that cannot seek (GUI thread).

#include <QWidget>

#include "ViewTypes.h"

class QLabel;
class QSlider;
class QToolButton;

namespace edgescope {

class TransportBar : public QWidget {
  Q_OBJECT
 public:
  explicit TransportBar(QWidget* parent = nullptr);

 public slots:
  void setSource(const edgescope::SourceView& source);
  void setStatus(const edgescope::StatusView& status);

 signals:
  void playPauseClicked();
  void stepClicked();
  void seekRequested(qint64 frameNumber);

 private:
  QToolButton* playButton_;
  QToolButton* stepButton_;
  QSlider* slider_;
  QLabel* positionLabel_;
  qint64 frameCount_ = -1;
};

}  // namespace edgescope
