#include "TurboPanel.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <cmath>

#include "GainHeatMap.h"
#include "ResolutionHistogramPlot.h"
#include "TurboBudgetPlot.h"
#include "TurboTimelinePlot.h"

namespace edgescope {
namespace {
const QString kEnabledId = QStringLiteral("turbo.enabled");
const QString kMaxExitId = QStringLiteral("turbo.maxExit");
const QString kCompareId = QStringLiteral("turbo.compare");
const QString kLatencyId = QStringLiteral("turbo.latencyMs");

QString points(double fraction) { return QString::number(100.0 * fraction, 'f', 1); }
}  // namespace

TurboPanel::TurboPanel(QWidget* parent)
    : QWidget(parent),
      summary_(new QLabel(this)),
      controls_(new QWidget(this)),
      compare_(new QPushButton(tr("Compare"), controls_)),
      scores_(new QLabel(this)),
      timeline_(new TurboTimelinePlot(this)),
      budget_(new TurboBudgetPlot(this)),
      histogram_(new ResolutionHistogramPlot(this)),
      gain_(new GainHeatMap(this)) {
  summary_->setObjectName("turboSummary");
  summary_->setWordWrap(true);
  scores_->setObjectName("turboScores");
  scores_->setTextFormat(Qt::RichText);
  auto* row = new QHBoxLayout(controls_);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(addPreset(tr("Off"), Preset::Off, tr("No enhancement (turbo.enabled = 0)")));
  row->addWidget(addPreset(tr("Light"), Preset::Light,
                           tr("Hard frames enhanced up to exit %1 (cheaper, smaller gains)").arg(kLightMaxExit)));
  row->addWidget(addPreset(tr("Full"), Preset::Full,
                           tr("Hard frames enhanced up to exit %1 when the idle budget allows").arg(kFullMaxExit)));
  row->addSpacing(12);
  compare_->setObjectName("turbo_compare");
  compare_->setCheckable(true);
  compare_->setToolTip(
      tr("Also decode exit 0 on enhanced frames: boxes found only after enhancement are hatched, "
         "recovered/lost people are counted (costs one extra head pass per enhanced frame)"));
  connect(compare_, &QPushButton::clicked, this, [this](bool on) {
    emit parameterChanged(kCompareId, on ? 1.0 : 0.0);
    syncButtons();
  });
  row->addWidget(compare_);
  row->addStretch(1);
  for (QWidget* plot : {static_cast<QWidget*>(timeline_), static_cast<QWidget*>(budget_),
                        static_cast<QWidget*>(histogram_), static_cast<QWidget*>(gain_)}) {
    plot->setMinimumHeight(kPlotMinHeightPx);  // two rows of plots fit the bottom dock strip
  }

  // A narrow text column (state, presets, AP table) beside a 2 × 2 grid of plots: the plots get the width.
  auto* layout = new QHBoxLayout(this);
  auto* text = new QWidget(this);
  text->setMaximumWidth(kTextColumnMaxWidthPx);
  auto* left = new QVBoxLayout(text);
  left->setContentsMargins(0, 0, 0, 0);
  left->addWidget(summary_);
  left->addWidget(controls_);
  left->addWidget(scores_, 1);
  auto* plots = new QGridLayout;
  plots->addWidget(timeline_, 0, 0);
  plots->addWidget(histogram_, 0, 1);
  plots->addWidget(budget_, 1, 0);
  plots->addWidget(gain_, 1, 1);
  plots->setColumnStretch(0, 3);
  plots->setColumnStretch(1, 2);
  layout->addWidget(text);
  layout->addLayout(plots, 1);
  replotTimer_.setSingleShot(true);
  replotTimer_.setInterval(kReplotIntervalMs);
  connect(&replotTimer_, &QTimer::timeout, this, &TurboPanel::flushReplot);
  syncButtons();
  updateTexts();
}

QPushButton* TurboPanel::addPreset(const QString& text, Preset preset, const QString& tip) {
  auto* button = new QPushButton(text, controls_);
  button->setCheckable(true);
  button->setObjectName(QStringLiteral("turbo_preset_%1").arg(text.toLower()));
  button->setToolTip(tip);
  connect(button, &QPushButton::clicked, this, [this, preset] { requestPreset(preset); });
  presets_[preset] = button;
  return button;
}

void TurboPanel::requestPreset(Preset preset) {
  if (preset == Preset::Off) {
    emit parameterChanged(kEnabledId, 0.0);
  } else {
    // The exit cap first: the enhancer starts with it when turbo.enabled loads it.
    emit parameterChanged(kMaxExitId, preset == Preset::Light ? kLightMaxExit : kFullMaxExit);
    emit parameterChanged(kEnabledId, 1.0);
  }
  syncButtons();  // checked state shows what the engine applied, not what was asked for
}

TurboPanel::Preset TurboPanel::preset() const {
  const bool enabled = parameters_.value(kEnabledId, 0.0) > 0.5;
  if (!enabled) return Preset::Off;
  const long maxExit = std::lround(parameters_.value(kMaxExitId, kFullMaxExit));
  if (maxExit == kLightMaxExit) return Preset::Light;
  if (maxExit == kFullMaxExit) return Preset::Full;
  return Preset::Custom;
}

double TurboPanel::intervalMs() const {
  const double latency = parameters_.value(kLatencyId, 0.0);
  if (latency > 0.0) return latency;
  return sourceFps_ > 0.0 ? 1000.0 / sourceFps_ : 0.0;
}

QString TurboPanel::summaryText() const { return summary_->text(); }
QString TurboPanel::scoresText() const { return scores_->text(); }

void TurboPanel::setStatus(const StatusView& status) {
  status_ = status.turbo;
  parameters_ = status.parameters;
  sourceFps_ = status.source.fps > 0.0 ? status.source.fps : status.sourceFps;
  detector_ = status.detectorName;
  syncButtons();
  updateTexts();
  timeline_->setThreshold(status_.loaded ? status_.hardThreshold : -1.0);
  budget_->setIntervalMs(intervalMs());
  QVector<double> fractions;
  QStringList labels;
  for (int exit = 0; exit < status_.exitHistogram.size(); ++exit) {
    fractions.push_back(status_.frames > 0 ? double(status_.exitHistogram[exit]) / double(status_.frames) : 0.0);
    labels << QString::number(exit);
  }
  histogram_->setHistogram(fractions, labels, status_.frames);
  gain_->setProfile(status_.gainProfile);
  scheduleReplot();
}

void TurboPanel::addFrame(const FrameView& frame) {
  if (!frame.turbo.active) return;
  timeline_->addFrame(frame);
  budget_->addFrame(frame);
  scheduleReplot();
}

void TurboPanel::clear() {
  timeline_->clear();
  budget_->clear();
  histogram_->clear();
  scheduleReplot();
}

void TurboPanel::syncButtons() {
  const Preset current = preset();
  for (auto it = presets_.begin(); it != presets_.end(); ++it) it.value()->setChecked(it.key() == current);
  compare_->setChecked(parameters_.value(kCompareId, 0.0) > 0.5);
  controls_->setEnabled(!detector_.isEmpty());
}

void TurboPanel::updateTexts() {
  if (detector_.isEmpty()) {
    summary_->setText(tr("No detector is running — Turbo enhances a jde: network's hard frames"));
  } else if (!status_.loaded || !status_.enabled) {
    summary_->setText(status_.loaded ? tr("Off · enhancer %1 loaded for %2").arg(status_.model, detector_)
                                     : tr("Off · Light or Full loads the enhancer for %1").arg(detector_));
  } else {
    const double hardShare = status_.frames > 0 ? 100.0 * double(status_.hardFrames) / double(status_.frames) : 0.0;
    QString text = tr("%1 of %2 frames hard (%3 %), %4 enhanced · budget %5 ms, spent %6 ms per frame · "
                      "threshold %7")
                       .arg(status_.hardFrames)
                       .arg(status_.frames)
                       .arg(hardShare, 0, 'f', 0)
                       .arg(status_.enhancedFrames)
                       .arg(status_.meanBudgetMs, 0, 'f', 1)
                       .arg(status_.meanSpentMs, 0, 'f', 1)
                       .arg(status_.hardThreshold, 0, 'f', 2);
    if (status_.overruns > 0) text += tr(" · %1 overruns").arg(status_.overruns);
    if (status_.fallbacks > 0) text += tr(" · %1 fallbacks").arg(status_.fallbacks);
    summary_->setText(text);
  }
  if (status_.scoredFrames <= 0) {
    scores_->setText(status_.loaded && status_.enabled
                         ? tr("AP50 plain vs Turbo needs ground truth (and, on enhanced frames, Compare)")
                         : QString());
    return;
  }
  const double gain = 100.0 * (status_.ap50Turbo - status_.ap50Plain);
  const QString color = gain >= 0.0 ? QStringLiteral("#1a9850") : QStringLiteral("#d73027");
  scores_->setText(QStringLiteral("<table cellspacing=0 cellpadding=2>"
                                  "<tr><th align=left>%1</th><th align=right>%2</th></tr>"
                                  "<tr><td>%3</td><td align=right>%4</td></tr>"
                                  "<tr><td>%5</td><td align=right>%6</td></tr>"
                                  "<tr><td>%7</td><td align=right><font color=%8>%9</font></td></tr>"
                                  "<tr><td>%10</td><td align=right>%11 / %12</td></tr></table>")
                       .arg(tr("AP50 over %1 frames").arg(status_.scoredFrames), tr("points"), tr("plain"),
                            points(status_.ap50Plain), tr("Turbo"), points(status_.ap50Turbo), tr("gain"), color)
                       .arg(QString::asprintf("%+.1f", gain), tr("people recovered / lost"))
                       .arg(status_.recovered)
                       .arg(status_.lost));
}

void TurboPanel::scheduleReplot() {
  dirty_ = true;
  if (isVisible() && !replotTimer_.isActive()) replotTimer_.start();
}

void TurboPanel::flushReplot() {
  if (!isVisible()) return;  // stays dirty; showEvent catches up
  timeline_->refresh();
  budget_->refresh();
  histogram_->refresh();
  dirty_ = false;
}

void TurboPanel::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (dirty_ && !replotTimer_.isActive()) replotTimer_.start();
}

}  // namespace edgescope
