#include "TransportBar.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QStyle>
#include <QToolButton>
#include <climits>

namespace edgescope {

TransportBar::TransportBar(QWidget* parent)
    : QWidget(parent),
      playButton_(new QToolButton(this)),
      stepButton_(new QToolButton(this)),
      slider_(new QSlider(Qt::Horizontal, this)),
      positionLabel_(new QLabel(QStringLiteral("–"), this)) {
  auto* layout = new QHBoxLayout(this);
  layout->setContentsMargins(6, 2, 6, 2);
  loadIcons();
  playButton_->setToolTip(tr("Play / pause (Space)"));
  playButton_->setObjectName("playPause");
  stepButton_->setToolTip(tr("Next frame (.)"));
  slider_->setObjectName("seekSlider");
  slider_->setEnabled(false);
  positionLabel_->setMinimumWidth(120);
  layout->addWidget(playButton_);
  layout->addWidget(stepButton_);
  layout->addWidget(slider_, 1);
  layout->addWidget(positionLabel_);
  connect(playButton_, &QToolButton::clicked, this, &TransportBar::playPauseClicked);
  connect(stepButton_, &QToolButton::clicked, this, &TransportBar::stepClicked);
  connect(slider_, &QSlider::sliderReleased, this, [this] { emit seekRequested(slider_->value()); });
  connect(slider_, &QSlider::actionTriggered, this, [this](int action) {
    if (action != QAbstractSlider::SliderMove) emit seekRequested(slider_->sliderPosition());
  });
}

void TransportBar::setSource(const SourceView& source) {
  frameCount_ = source.frameCount;
  const bool seekable = source.seekable && source.frameCount > 0;
  slider_->setEnabled(seekable);
  slider_->setRange(1, seekable ? static_cast<int>(std::min<qint64>(source.frameCount, INT_MAX)) : 1);
  slider_->setValue(1);
}

void TransportBar::setStatus(const StatusView& status) {
  showPlaying(status.state == "playing");
  if (!slider_->isSliderDown()) {
    const QSignalBlocker blocker(slider_);
    slider_->setValue(static_cast<int>(status.currentFrame));
  }
  positionLabel_->setText(frameCount_ > 0 ? QStringLiteral("%1 / %2").arg(status.currentFrame).arg(frameCount_)
                                          : QStringLiteral("frame %1 (live)").arg(status.currentFrame));
}

void TransportBar::loadIcons() {
  playIcon_ = style()->standardIcon(QStyle::SP_MediaPlay);
  pauseIcon_ = style()->standardIcon(QStyle::SP_MediaPause);
  playButton_->setIcon(showsPlaying_ ? pauseIcon_ : playIcon_);
  stepButton_->setIcon(style()->standardIcon(QStyle::SP_MediaSkipForward));
}

void TransportBar::changeEvent(QEvent* event) {
  QWidget::changeEvent(event);
  if (event->type() == QEvent::StyleChange) loadIcons();
}

void TransportBar::showPlaying(bool playing) {
  if (playing == showsPlaying_) return;
  showsPlaying_ = playing;
  playButton_->setIcon(playing ? pauseIcon_ : playIcon_);
}

}  // namespace edgescope
