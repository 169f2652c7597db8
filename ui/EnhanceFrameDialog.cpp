#include "EnhanceFrameDialog.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QVBoxLayout>
#include <algorithm>

#include "SessionHub.h"
#include "VideoView.h"
#include "session/TurboModule.h"

namespace edgescope {

EnhanceFrameDialog::EnhanceFrameDialog(QWidget* parent)
    : QDialog(parent), description_(new QLabel(this)), row_(new QHBoxLayout) {
  setWindowTitle(tr("Turbo — enhanced frame"));
  setObjectName("enhanceFrameDialog");
  description_->setWordWrap(true);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(description_);
  layout->addLayout(row_, 1);
}

EnhanceFrameDialog* EnhanceFrameDialog::install(VideoView* video, SessionHub* hub, QWidget* parent) {
  auto* dialog = new EnhanceFrameDialog(parent);
  connect(video, &VideoView::enhanceRequested, hub, &SessionHub::enhanceFrame);
  connect(hub, &SessionHub::imagesReady, dialog,
          [dialog](const QString& command, const QString& description, const QStringList& labels,
                   const QVector<QImage>& images) {
            if (command != QLatin1String(TurboModule::kEnhanceFrameCommand)) return;
            dialog->setImages(description, labels, images);
            dialog->show();
            dialog->raise();
          });
  return dialog;
}

QString EnhanceFrameDialog::caption(int index) const { return captions_.value(index); }

QString EnhanceFrameDialog::description() const { return description_->text(); }

void EnhanceFrameDialog::setImages(const QString& description, const QStringList& labels,
                                   const QVector<QImage>& images) {
  while (QLayoutItem* item = row_->takeAt(0)) {
    if (QLayout* column = item->layout()) {
      while (QLayoutItem* inner = column->takeAt(0)) {
        delete inner->widget();
        delete inner;
      }
    }
    delete item;  // deletes the column layout too
  }
  captions_.clear();
  description_->setText(description);
  // One display size for all, so the pictures line up pixel for pixel even when the network ran at another size.
  int widthPx = kMaxImageWidthPx;
  for (const QImage& image : images) {
    if (!image.isNull()) widthPx = std::min(widthPx, image.width());
  }
  for (int i = 0; i < images.size(); ++i) {
    auto* column = new QVBoxLayout;
    auto* caption = new QLabel(labels.value(i), this);
    caption->setObjectName(QStringLiteral("caption_%1").arg(i));
    auto* picture = new QLabel(this);
    picture->setObjectName(QStringLiteral("image_%1").arg(i));
    if (images[i].isNull()) {
      picture->setText(tr("(no image)"));
    } else {
      picture->setPixmap(QPixmap::fromImage(images[i].scaledToWidth(widthPx, Qt::SmoothTransformation)));
    }
    column->addWidget(caption);
    column->addWidget(picture, 1);
    row_->addLayout(column);
    captions_ << labels.value(i);
  }
}

}  // namespace edgescope
