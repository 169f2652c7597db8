#include "PipelinePanel.h"

#include <qcustomplot.h>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "ModelCatalog.h"

namespace edgescope {
namespace {
const char* const kMetricKeys[] = {"MOTA", "IDF1", "HOTA", "IDSW"};
const QColor kMetricColors[] = {QColor(30, 120, 220), QColor(40, 170, 90), QColor(220, 90, 40)};
}  // namespace

PipelinePanel::PipelinePanel(QWidget* parent)
    : QWidget(parent),
      detector_(new QComboBox(this)),
      embedder_(new QComboBox(this)),
      active_(new QLabel(tr("off"), this)),
      enhancers_(new QListWidget(this)),
      autoEnhancer_(new QLabel(this)),
      plot_(new QCustomPlot(this)) {
  detector_->setObjectName("detectorChoice");
  embedder_->setObjectName("embedderChoice");
  for (const auto& entry : ModelCatalog::detectors()) addDetector(entry.label, entry.spec);
  // The chosen model's card summary (architecture, training data, lineage) on hover.
  connect(detector_, &QComboBox::currentIndexChanged, this, [this] {
    detector_->setToolTip(detector_->currentData(Qt::ToolTipRole).toString());
    refreshEnhancers();
  });
  for (const auto& entry : ModelCatalog::embedders()) embedder_->addItem(entry.label, entry.spec);
  selectDetector(ModelCatalog::defaultDetectorSpec());
  auto* apply = new QPushButton(tr("Apply"), this);
  apply->setObjectName("applyPipeline");
  connect(apply, &QPushButton::clicked, this, [this] { emit pipelineRequested(detectorSpec(), embedderSpec()); });
  active_->setWordWrap(true);
  active_->setObjectName("activePipeline");

  auto* layout = new QVBoxLayout(this);
  auto* form = new QFormLayout;
  form->addRow(tr("Detector"), detector_);
  form->addRow(tr("ReID"), embedder_);
  enhancers_->setObjectName("enhancerList");
  enhancers_->setMaximumHeight(72);
  enhancers_->setToolTip(tr("Turbo enhancers found in the model folders; turbo.enabled loads the \"auto\" one"));
  autoEnhancer_->setObjectName("autoEnhancer");
  autoEnhancer_->setWordWrap(true);
  form->addRow(tr("Enhancers"), enhancers_);
  form->addRow(QString(), autoEnhancer_);
  refreshEnhancers();
  form->addRow(QString(), apply);
  form->addRow(tr("Running"), active_);
  layout->addLayout(form);
  auto* grid = new QGridLayout;
  int column = 0;
  for (const char* key : kMetricKeys) {
    auto* title = new QLabel(QString::fromLatin1(key), this);
    auto* value = new QLabel(QStringLiteral("–"), this);
    value->setObjectName(QStringLiteral("metric_%1").arg(key));
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    value->setFont(big);
    grid->addWidget(title, 0, column, Qt::AlignHCenter);
    grid->addWidget(value, 1, column, Qt::AlignHCenter);
    metricLabels_[key] = value;
    ++column;
  }
  layout->addLayout(grid);
  plot_->setMinimumHeight(110);
  for (int i = 0; i < 3; ++i) {
    plot_->addGraph();
    plot_->graph(i)->setName(QString::fromLatin1(kMetricKeys[i]));
    plot_->graph(i)->setPen(QPen(kMetricColors[i], 1.8));
  }
  plot_->yAxis->setRange(0, 1);
  plot_->xAxis->setLabel(tr("frames tracked"));
  plot_->legend->setVisible(true);
  QFont legendFont = font();
  legendFont.setPointSizeF(legendFont.pointSizeF() * 0.75);
  plot_->legend->setFont(legendFont);
  plot_->legend->setBrush(QColor(255, 255, 255, 170));
  // One row: three stacked entries are taller than this short plot's axis rect and were clipped.
  plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  plot_->legend->setWrap(3);
  plot_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
  layout->addWidget(plot_, 1);
}

QString PipelinePanel::detectorSpec() const { return detector_->currentData().toString(); }
QString PipelinePanel::embedderSpec() const { return embedder_->currentData().toString(); }

bool PipelinePanel::selectDetector(const QString& spec) {
  int index = detector_->findData(spec);
  if (index < 0 && !spec.isEmpty()) {  // a model given on the command line: offer it too
    addDetector(spec, spec);
    index = detector_->count() - 1;
  }
  if (index >= 0) detector_->setCurrentIndex(index);
  detector_->setToolTip(detector_->currentData(Qt::ToolTipRole).toString());
  return index >= 0;
}

void PipelinePanel::addDetector(const QString& label, const QString& spec) {
  detector_->addItem(label, spec);
  detector_->setItemData(detector_->count() - 1, ModelCatalog::cardSummary(spec), Qt::ToolTipRole);
}

void PipelinePanel::refreshEnhancers() {
  enhancers_->clear();
  const QString spec = detectorSpec();
  const ModelCatalog::Enhancer* autoOne = nullptr;
  const QVector<ModelCatalog::Enhancer> found = ModelCatalog::enhancers(spec);
  for (const ModelCatalog::Enhancer& e : found) {
    auto* item = new QListWidgetItem(e.isAuto ? tr("%1  (auto)").arg(e.name) : e.name, enhancers_);
    item->setData(Qt::UserRole, e.cardPath);
    const QString summary = ModelCatalog::cardFileSummary(e.cardPath);
    QString tip = e.fits ? tr("built for %1, the selected detector").arg(e.detectorCard) : e.reason;
    if (!summary.isEmpty()) tip += "\n\n" + summary;
    item->setToolTip(tip);
    if (!e.fits) item->setFlags(item->flags() & ~(Qt::ItemIsEnabled | Qt::ItemIsSelectable));  // greyed out
    if (e.isAuto) autoOne = &e;
  }
  const QString autoPath = ModelCatalog::autoEnhancerPath(spec);
  if (autoPath.isEmpty()) {
    autoEnhancer_->setText(tr("Turbo: the selected detector has no enhancer (only jde: networks have one)"));
  } else if (!autoOne) {
    autoEnhancer_->setText(tr("turbo.enabled finds no enhancer: %1 is not beside the detector's card "
                              "(scripts/train-enhancer)")
                               .arg(QFileInfo(autoPath).fileName()));
  } else if (autoOne->fits) {
    autoEnhancer_->setText(tr("turbo.enabled loads %1 (auto)").arg(QFileInfo(autoPath).fileName()));
  } else {
    autoEnhancer_->setText(
        tr("turbo.enabled would refuse %1: %2").arg(QFileInfo(autoPath).fileName(), autoOne->reason));
  }
  autoEnhancer_->setToolTip(autoPath);
}

QString PipelinePanel::detectorToolTip() const { return detector_->toolTip(); }

bool PipelinePanel::selectEmbedder(const QString& spec) {
  int index = embedder_->findData(spec);
  if (index < 0 && !spec.isEmpty()) {
    embedder_->addItem(spec, spec);
    index = embedder_->count() - 1;
  }
  if (index >= 0) embedder_->setCurrentIndex(index);
  return index >= 0;
}

QString PipelinePanel::metricText(const QString& key) const {
  const auto* label = metricLabels_.value(key);
  return label ? label->text() : QString();
}

void PipelinePanel::clearMetrics() {
  for (auto* label : metricLabels_) label->setText(QStringLiteral("–"));
  for (int i = 0; i < plot_->graphCount(); ++i) plot_->graph(i)->data()->clear();
  lastFrames_ = -1;
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

void PipelinePanel::setStatus(const StatusView& status) {
  active_->setText(status.detectorName.isEmpty()
                       ? tr("off")
                       : status.detectorName + (status.embedderName.isEmpty() ? QString() : " + " + status.embedderName));
  active_->setToolTip(status.detectorName.isEmpty() ? QString() : detector_->toolTip());
  if (!status.hasMetrics) return;
  const double frames = status.metrics.value("Frames");
  if (frames < lastFrames_) clearMetrics();
  if (frames == lastFrames_) return;
  lastFrames_ = frames;
  for (int i = 0; i < 3; ++i) {
    const double value = status.metrics.value(kMetricKeys[i]);
    metricLabels_[kMetricKeys[i]]->setText(QString::number(100.0 * value, 'f', 1));
    plot_->graph(i)->addData(frames, value);
  }
  metricLabels_["IDSW"]->setText(QString::number(status.metrics.value("IDSW")));
  if (!isVisible()) return;
  plot_->xAxis->setRange(0, std::max(10.0, frames));
  plot_->yAxis->setRange(std::min(0.0, status.metrics.value("MOTA")) - 0.05, 1.0);
  plot_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace edgescope
