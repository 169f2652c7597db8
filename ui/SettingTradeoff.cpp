#include "SettingTradeoff.h"

#include <cmath>

namespace edgescope {

SettingTradeoff::SettingTradeoff(QVector<ParameterView> specs) : specs_(std::move(specs)) {}

void SettingTradeoff::clear() {
  points_.clear();
  fpsSums_.clear();
  current_ = -1;
  haveBaseline_ = false;
}

QString SettingTradeoff::keyOf(const StatusView& status, QString* label) const {
  QStringList key{status.detectorName + "+" + status.embedderName}, changed;
  for (auto it = status.parameters.begin(); it != status.parameters.end(); ++it) {
    if (it.key().startsWith("playback.")) continue;
    key << QStringLiteral("%1=%2").arg(it.key()).arg(it.value());
    for (const auto& spec : specs_) {
      if (spec.id == it.key() && std::fabs(spec.defaultValue - it.value()) > 1e-9) {
        const int index = static_cast<int>(std::lround((it.value() - spec.minValue) / std::max(spec.step, 1.0)));
        const QString value = spec.choices.value(index, QString::number(it.value()));
        changed << QStringLiteral("%1=%2").arg(spec.label, value);
      }
    }
  }
  *label = changed.isEmpty() ? QStringLiteral("defaults") : changed.join(", ");
  return key.join(';');
}

void SettingTradeoff::add(const StatusView& status) {
  if (status.state != "playing" || status.detectorName.isEmpty()) return;
  QString label;
  const QString key = keyOf(status, &label);
  int index = -1;
  for (int i = 0; i < points_.size(); ++i) {
    if (points_[i].key == key) index = i;
  }
  if (index < 0) {
    points_.push_back(Point{key, label});
    fpsSums_.push_back(0.0);
    index = points_.size() - 1;
  }
  current_ = index;
  Point& point = points_[index];
  fpsSums_[index] += status.processingFps;
  ++point.samples;
  point.fps = fpsSums_[index] / point.samples;
  if (!status.hasMetrics) return;
  const double frames = status.metrics.value("Frames"), gt = status.metrics.value("GT");
  const double fp = status.metrics.value("FP"), fn = status.metrics.value("FN"), idsw = status.metrics.value("IDSW");
  if (haveBaseline_ && frames >= lastFrames_ && gt >= lastGt_) {  // counts restart after a seek or a new source
    const double errorsBefore = (1.0 - point.mota) * point.gtBoxes;
    const double newErrors = (fp - lastFp_) + (fn - lastFn_) + (idsw - lastIdsw_);
    point.gtBoxes += gt - lastGt_;
    if (point.gtBoxes > 0) point.mota = 1.0 - (errorsBefore + newErrors) / point.gtBoxes;
  }
  haveBaseline_ = true;
  lastFrames_ = frames;
  lastGt_ = gt;
  lastFp_ = fp;
  lastFn_ = fn;
  lastIdsw_ = idsw;
}

}  // namespace edgescope
