#pragma once
/// @file EnhanceFrameDialog.h
/// "Enhance this frame" (Turbo, issue 21): a non-modal window that shows the paused frame and the enhancer's
/// full-exit image side by side, each under its caption, scaled alike. install() wires it: VideoView's
/// enhanceRequested asks the active session (SessionHub::enhanceFrame) and the session's "turbo.enhanceFrame" answer
/// (SessionHub::imagesReady) fills and raises the window; a refusal arrives as a warning message instead. GUI thread.

#include <QDialog>
#include <QImage>
#include <QStringList>
#include <QVector>

class QLabel;
class QHBoxLayout;

namespace edgescope {

class SessionHub;
class VideoView;

class EnhanceFrameDialog : public QDialog {
  Q_OBJECT
 public:
  /// Shown images are scaled to at most this width (pixels), keeping their aspect ratio.
  static constexpr int kMaxImageWidthPx = 640;

  explicit EnhanceFrameDialog(QWidget* parent = nullptr);
  /// A dialog owned by @p parent that answers @p video's "Enhance this frame" through @p hub (both outlive it).
  static EnhanceFrameDialog* install(VideoView* video, SessionHub* hub, QWidget* parent);

  int imageCount() const { return captions_.size(); }
  /// Caption of image @p index ("" when out of range).
  QString caption(int index) const;
  QString description() const;

 public slots:
  /// Replaces the images: @p labels[i] captions @p images[i]; @p description goes above them.
  void setImages(const QString& description, const QStringList& labels, const QVector<QImage>& images);

 private:
  QLabel* description_;
  QHBoxLayout* row_;
  QStringList captions_;
};

}  // namespace edgescope
