#include "PatchesPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

#include "NodeShareArea.h"
#include "PatchGanttPlot.h"
#include "PatchLatencyStrip.h"

namespace edgescope {

PatchesPanel::PatchesPanel(QWidget* parent)
    : QWidget(parent),
      caption_(new QLabel(this)),
      strip_(new PatchLatencyStrip(this)),
      gantt_(new PatchGanttPlot(this)),
      share_(new NodeShareArea(this)) {
  caption_->setObjectName("patchesCaption");
  caption_->setTextFormat(Qt::RichText);
  caption_->setWordWrap(true);
  caption_->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  strip_->setObjectName("patchesStrip");
  gantt_->setObjectName("patchesGantt");
  share_->setObjectName("patchesShare");
  // Caption over a strip: the latency chooser and the Gantt it drives | the node shares.
  auto* left = new QVBoxLayout;
  left->addWidget(strip_, 1);
  left->addWidget(gantt_, 3);
  auto* row = new QHBoxLayout;
  row->addLayout(left, 3);
  row->addWidget(share_, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 2, 4, 2);
  layout->addWidget(caption_);
  layout->addLayout(row, 1);
  connect(strip_, &PatchLatencyStrip::shownFrameChanged, this, &PatchesPanel::refresh);
  refresh();
}

QString PatchesPanel::captionText() const { return caption_->text(); }

void PatchesPanel::addFrame(const FrameView& frame) {
  strip_->addFrame(frame);
  share_->addFrame(frame);
}

void PatchesPanel::clear() {
  strip_->clear();
  share_->clear();
}

void PatchesPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (stale_) refresh();
}

void PatchesPanel::refresh() {
  if (!isVisible()) {
    stale_ = true;
    return;
  }
  stale_ = false;
  const PatchLatencyStrip::Entry* shown = strip_->shownEntry();
  if (!shown) {
    gantt_->clear();
    caption_->setText(tr("No ParaLoupe frames: start nodes (Cluster) and choose strategy PL in Knobs ▸ partition."));
    return;
  }
  gantt_->showFrame(shown->frameNumber, shown->partition);
  const ParaLoupeView& pl = shown->partition.paraloupe;
  QString text = tr("<b>Frame %1</b>%2: ").arg(shown->frameNumber).arg(strip_->isFollowing() ? tr(" (newest)") : "");
  if (pl.keyframe) {
    text += tr("keyframe (full frame on the camera)");
  } else {
    text += tr("%1 patches (High %2 / Low %3 / RoI %4), %5 shed, U %6, %7 iterations (%8)")
                .arg(pl.patches)
                .arg(pl.high)
                .arg(pl.low)
                .arg(pl.roi)
                .arg(pl.shed)
                .arg(pl.utility, 0, 'f', 3)
                .arg(pl.iterations)
                .arg(pl.scheduler.toHtmlEscaped());
  }
  text += tr(", end to end %1 ms of %2").arg(shown->partition.endToEndMs, 0, 'f', 1).arg(pl.sloMs, 0, 'f', 0);
  text += tr(" · last %1 frames: %2 patches per frame, SLO met %3 %")
              .arg(strip_->frameCount())
              .arg(strip_->meanPatches(), 0, 'f', 1)
              .arg(strip_->sloMetShare() * 100.0, 0, 'f', 1);
  caption_->setText(text);
}

}  // namespace edgescope
