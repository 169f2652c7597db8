#include "neural/CenterTargets.h"

#include <algorithm>
#include <cmath>

namespace edgescope {

double CenterTargets::gaussianRadius(double widthCells, double heightCells, double minOverlap) {
  // CenterNet (Zhou et al.): smallest radius over the three corner-displacement cases.
  const double h = heightCells, w = widthCells;
  const double b1 = h + w, c1 = w * h * (1 - minOverlap) / (1 + minOverlap);
  const double r1 = (b1 + std::sqrt(std::max(0.0, b1 * b1 - 4 * c1))) / 2;
  const double b2 = 2 * (h + w), c2 = (1 - minOverlap) * w * h;
  const double r2 = (b2 + std::sqrt(std::max(0.0, b2 * b2 - 16 * c2))) / 2;
  const double a3 = 4 * minOverlap, b3 = -2 * minOverlap * (h + w), c3 = (minOverlap - 1) * w * h;
  const double r3 = (b3 + std::sqrt(std::max(0.0, b3 * b3 - 4 * a3 * c3))) / 2;
  return std::max(0.0, std::min({r1, r2, r3}));
}

void CenterTargets::drawGaussian(cv::Mat& heatmap, cv::Point centerCell, int radius) {
  const double sigma = (2 * radius + 1) / 6.0;
  const int x0 = std::max(0, centerCell.x - radius), x1 = std::min(heatmap.cols - 1, centerCell.x + radius);
  const int y0 = std::max(0, centerCell.y - radius), y1 = std::min(heatmap.rows - 1, centerCell.y + radius);
  for (int y = y0; y <= y1; ++y) {
    float* row = heatmap.ptr<float>(y);
    for (int x = x0; x <= x1; ++x) {
      const double dx = x - centerCell.x, dy = y - centerCell.y;
      const float g = static_cast<float>(std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma)));
      row[x] = std::max(row[x], g);
    }
  }
}

CenterTargets CenterTargets::build(cv::Size imageSize, int stride, const std::vector<LabeledBox>& boxes,
                                   float minSidePx) {
  CenterTargets t;
  const int rows = (imageSize.height + stride - 1) / stride, cols = (imageSize.width + stride - 1) / stride;
  t.heatmap = cv::Mat::zeros(rows, cols, CV_32F);
  std::vector<LabeledBox> clipped;
  for (const LabeledBox& labeled : boxes) {
    const float x0 = std::max(0.0f, labeled.box.x), y0 = std::max(0.0f, labeled.box.y);
    const float x1 = std::min(static_cast<float>(imageSize.width), labeled.box.right());
    const float y1 = std::min(static_cast<float>(imageSize.height), labeled.box.bottom());
    if (x1 - x0 < minSidePx || y1 - y0 < minSidePx) continue;
    LabeledBox c = labeled;
    c.box = BoundingBox{x0, y0, x1 - x0, y1 - y0};
    clipped.push_back(c);
  }
  std::sort(clipped.begin(), clipped.end(),
            [](const LabeledBox& a, const LabeledBox& b) { return a.box.area() > b.box.area(); });
  if (clipped.size() > static_cast<std::size_t>(kMaxObjects)) clipped.resize(kMaxObjects);
  for (const LabeledBox& labeled : clipped) {
    const double w = labeled.box.width / stride, h = labeled.box.height / stride;
    const double cx = labeled.box.centerX() / stride, cy = labeled.box.centerY() / stride;
    const int ix = std::min(cols - 1, static_cast<int>(cx)), iy = std::min(rows - 1, static_cast<int>(cy));
    drawGaussian(t.heatmap, {ix, iy}, static_cast<int>(gaussianRadius(std::ceil(w), std::ceil(h))));
    t.index.push_back(iy * cols + ix);
    t.size.push_back(static_cast<float>(w));
    t.size.push_back(static_cast<float>(h));
    t.offset.push_back(static_cast<float>(cx - ix));
    t.offset.push_back(static_cast<float>(cy - iy));
    t.identity.push_back(labeled.identity);
    t.teacher.push_back(labeled.teacher);
  }
  return t;
}

}  // namespace edgescope
