#pragma once
/// @file TransportBar.h
/// Play/pause, step and a seek slider. Seeking is sent when the user releases the slider (or on click), never while
/// the engine moves it; disabled for sources that cannot seek (GUI thread).
///
/// The play/pause icons are made once: QStyle::standardIcon() returns a new icon (new pixmaps, new QPixmapCache keys)
/// on every call, so setting it on every status update (5 per second) grew the heap by ~20 MB an hour.

#include <QIcon>
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

 protected:
  void changeEvent(QEvent* event) override;  ///< reloads the icons when the style changes

 private:
  void loadIcons();
  /// Shows the pause icon while @p playing, the play icon otherwise; touches the button only when that changes.
  void showPlaying(bool playing);

  QIcon playIcon_;
  QIcon pauseIcon_;
  bool showsPlaying_ = false;
  QToolButton* playButton_;
  QToolButton* stepButton_;
  QSlider* slider_;
  QLabel* positionLabel_;
  qint64 frameCount_ = -1;
};

}  // namespace edgescope
