#include "DeepScalePanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

#include "ResolutionHistogramPlot.h"
#include "ResolutionTimelinePlot.h"

namespace edgescope {
namespace {
const QString kModeId = QStringLiteral("deepscale.mode");
const QString kPresetId = QStringLiteral("deepscale.preset");
constexpr int kPresetCount = 3;
constexpr double kScoreTolerance = 1e-6;  // as the engine's ResolutionSelector: a score equal to γ passes

QString gammaId(int rung) { return QStringLiteral("deepscale.gamma%1").arg(rung); }
}  // namespace

DeepScalePanel::DeepScalePanel(QWidget* parent)
    : QWidget(parent),
      summary_(new QLabel(this)),
      controls_(new QWidget(this)),
      timeline_(new ResolutionTimelinePlot(this)),
      histogram_(new ResolutionHistogramPlot(this)),
      scores_(new QLabel(this)) {
  summary_->setObjectName("deepscaleSummary");
  summary_->setWordWrap(true);
  scores_->setObjectName("deepscaleScores");
  scores_->setTextFormat(Qt::RichText);
  auto* row = new QHBoxLayout(controls_);
  row->setContentsMargins(0, 0, 0, 0);
  fixed_ = addButton(tr("Fixed"), kModeId, 0.0);
  adaptive_ = addButton(tr("Adaptive"), kModeId, 1.0);
  fixed_->setToolTip(tr("Every frame at the fixed resolution (knob “Fixed resolution”)"));
  adaptive_->setToolTip(tr("Every K-th frame at full resolution re-chooses the size of the next K − 1 (Eq. 5)"));
  row->addWidget(fixed_);
  row->addWidget(adaptive_);
  row->addSpacing(12);
  row->addWidget(new QLabel(tr("Preset"), controls_));
  for (int preset = 1; preset <= kPresetCount; ++preset) {
    QPushButton* button = addButton(QStringLiteral("C%1").arg(preset), kPresetId, preset);
    button->setToolTip(tr("Table IV thresholds C%1 (sets γ1..γ4)").arg(preset));
    presets_.push_back(button);
    row->addWidget(button);
  }
  row->addStretch(1);

  // Laid out as a strip: mode, presets and Eq. 5 scores | timeline | histogram.
  auto* layout = new QHBoxLayout(this);
  auto* left = new QVBoxLayout;
  left->addWidget(summary_);
  left->addWidget(controls_);
  left->addWidget(scores_, 1);
  layout->addLayout(left, 2);
  layout->addWidget(timeline_, 3);
  layout->addWidget(histogram_, 2);
  replotTimer_.setSingleShot(true);
  replotTimer_.setInterval(kReplotIntervalMs);
  connect(&replotTimer_, &QTimer::timeout, this, &DeepScalePanel::flushReplot);
  syncButtons();
  updateTexts();
}

QPushButton* DeepScalePanel::addButton(const QString& text, const QString& id, double value) {
  auto* button = new QPushButton(text, controls_);
  button->setCheckable(true);
  button->setObjectName(id == kModeId ? QStringLiteral("deepscale_%1").arg(text.toLower())
                                      : QStringLiteral("deepscale_preset_%1").arg(text));
  connect(button, &QPushButton::clicked, this, [this, id, value] {
    emit parameterChanged(id, value);
    syncButtons();  // checked state shows what the engine applied, not what was asked for
  });
  return button;
}

QString DeepScalePanel::scoresText() const { return scores_->text(); }
QString DeepScalePanel::summaryText() const { return summary_->text(); }

void DeepScalePanel::setStatus(const StatusView& status) {
  status_ = status.deepscale;
  parameters_ = status.parameters;
  syncButtons();
  updateTexts();
  timeline_->setRungLabels(status_.rungLabels);
  if (status_.active) histogram_->setHistogram(status_.histogram, status_.rungLabels, status_.histogramFrames);
  scheduleReplot();
}

void DeepScalePanel::addFrame(const FrameView& frame) {
  if (!frame.deepscale.active) return;
  timeline_->addFrame(frame);
  scheduleReplot();
}

void DeepScalePanel::clear() {
  timeline_->clear();
  histogram_->clear();
  scheduleReplot();
}

void DeepScalePanel::syncButtons() {
  const bool adaptive = parameters_.contains(kModeId) ? parameters_.value(kModeId) > 0.5 : status_.adaptive;
  fixed_->setChecked(!adaptive);
  adaptive_->setChecked(adaptive);
  const double preset = parameters_.value(kPresetId, 0.0);
  for (int i = 0; i < presets_.size(); ++i) presets_[i]->setChecked(std::lround(preset) == i + 1);
  controls_->setEnabled(status_.active);
}

void DeepScalePanel::updateTexts() {
  if (!status_.active) {
    summary_->setText(tr("The current detector has no DeepScale support — choose a jde: model"));
    scores_->clear();
    return;
  }
  const int chosen = status_.chosenRung;
  const QString size =
      chosen >= 0 && chosen < status_.rungLabels.size() ? status_.rungLabels[chosen] : QStringLiteral("?");
  summary_->setText(tr("%1 (rung %2) · %3 · %4 re-selections in %5 frames")
                        .arg(size)
                        .arg(chosen)
                        .arg(status_.adaptive ? tr("adaptive") : tr("fixed"))
                        .arg(status_.selections)
                        .arg(status_.histogramFrames));
  const int rungs = static_cast<int>(std::max(status_.rungLabels.size(), status_.lastScores.size()));
  QString html = QStringLiteral(
                     "<table cellspacing=0 cellpadding=2><tr><th align=left>%1</th><th align=right>%2</th>"
                     "<th align=right>&nbsp;γ</th><th></th></tr>")
                     .arg(tr("size"), tr("Eq. 5 score"));
  for (int rung = 0; rung < rungs; ++rung) {
    const bool hasScore = rung < status_.lastScores.size() && std::isfinite(status_.lastScores[rung]);
    const double score = hasScore ? status_.lastScores[rung] : 0.0;
    const bool hasGamma = rung > 0 && parameters_.contains(gammaId(rung));
    const double gamma = parameters_.value(gammaId(rung));
    QString scoreText = hasScore ? QString::number(score, 'f', 2) : QStringLiteral("–");
    if (hasScore && hasGamma && score + kScoreTolerance >= gamma)
      scoreText = "<font color=#1a9850>" + scoreText + "</font>";
    const QString gammaText = rung == 0     ? tr("ref")
                              : !hasGamma   ? QStringLiteral("–")
                              : gamma > 1.0 ? tr("never")
                                            : QString::number(gamma, 'f', 2);
    const QString label = rung < status_.rungLabels.size() ? status_.rungLabels[rung] : tr("rung %1").arg(rung);
    const QString cell = rung == chosen ? "<b>%1</b>" : "%1";
    html += QStringLiteral("<tr><td>%1</td><td align=right>%2</td><td align=right>&nbsp;%3</td><td>&nbsp;%4</td></tr>")
                .arg(cell.arg(label), scoreText, gammaText, rung == chosen ? tr("◀ running") : QString());
  }
  html += QStringLiteral("</table>");
  if (status_.lastScores.isEmpty() && status_.adaptive) html += tr("no selection yet");
  scores_->setText(html);
}

void DeepScalePanel::scheduleReplot() {
  dirty_ = true;
  if (isVisible() && !replotTimer_.isActive()) replotTimer_.start();
}

void DeepScalePanel::flushReplot() {
  if (!isVisible()) return;  // stays dirty; showEvent catches up
  timeline_->refresh();
  histogram_->refresh();
  dirty_ = false;
  ++replots_;
}

void DeepScalePanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (dirty_ && !replotTimer_.isActive()) replotTimer_.start();
}

}  // namespace edgescope
