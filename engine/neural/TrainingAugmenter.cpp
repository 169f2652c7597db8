#include "neural/TrainingAugmenter.h"

#include <algorithm>
#include <cmath>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace edgescope {
namespace {

int alignDown(int px, int align) { return std::max(align, px / align * align); }

}  // namespace

double TrainingAugmenter::pickScale(Rng& rng) const {
  if (!options_.multiResolution || options_.scales.size() <= 1) return 1.0;
  if (rng.uniform() < options_.fullResolutionShare) return options_.scales.front();
  const int pick = rng.uniformInt(1, static_cast<int>(options_.scales.size()) - 1);
  return options_.scales[static_cast<std::size_t>(pick)];
}

AugmentedView TrainingAugmenter::augment(const TrainingSample& sample, Rng& rng) const {
  AugmentedView view;
  view.scale = pickScale(rng);
  const bool fullResolution = view.scale >= 0.999;
  cv::Mat scaled = sample.image;
  if (!fullResolution) {
    const cv::Size size(std::max(32, static_cast<int>(std::lround(sample.image.cols * view.scale))),
                        std::max(32, static_cast<int>(std::lround(sample.image.rows * view.scale))));
    cv::resize(sample.image, scaled, size, 0, 0, cv::INTER_AREA);
  }
  const double sx = static_cast<double>(scaled.cols) / sample.image.cols;
  const double sy = static_cast<double>(scaled.rows) / sample.image.rows;
  const int cropW = std::min(options_.cropSize.width, alignDown(scaled.cols, 32));
  const int cropH = std::min(options_.cropSize.height, alignDown(scaled.rows, 32));
  // Crop origin on the output grid so full-resolution detectability maps crop exactly.
  const int g = std::max(1, options_.gridStride);
  const int x0 = scaled.cols > cropW ? rng.uniformInt(0, (scaled.cols - cropW) / g) * g : 0;
  const int y0 = scaled.rows > cropH ? rng.uniformInt(0, (scaled.rows - cropH) / g) * g : 0;
  cv::Mat crop(cropH, cropW, CV_8UC3, cv::Scalar(114, 114, 114));
  const cv::Rect inside(x0, y0, std::min(cropW, scaled.cols - x0), std::min(cropH, scaled.rows - y0));
  scaled(inside).copyTo(crop(cv::Rect(0, 0, inside.width, inside.height)));
  const bool flip = options_.flip && rng.uniform() < 0.5;
  for (const LabeledBox& labeled : sample.boxes) {
    LabeledBox b = labeled;
    b.box.x = static_cast<float>(labeled.box.x * sx - x0);
    b.box.y = static_cast<float>(labeled.box.y * sy - y0);
    b.box.width = static_cast<float>(labeled.box.width * sx);
    b.box.height = static_cast<float>(labeled.box.height * sy);
    if (flip) b.box.x = static_cast<float>(cropW) - b.box.right();
    const float cx = b.box.centerX(), cy = b.box.centerY();
    if (cx < 0 || cy < 0 || cx >= cropW || cy >= cropH) continue;
    view.boxes.push_back(b);
  }
  if (fullResolution && !sample.detectability.empty()) {
    const cv::Rect grid(x0 / g, y0 / g, cropW / g, cropH / g);
    for (const cv::Mat& map : sample.detectability) {
      cv::Mat part = cv::Mat::zeros(grid.height, grid.width, CV_32F);
      const cv::Rect valid = grid & cv::Rect(0, 0, map.cols, map.rows);
      if (valid.area() > 0) map(valid).copyTo(part(cv::Rect(valid.x - grid.x, valid.y - grid.y, valid.width, valid.height)));
      if (flip) cv::flip(part, part, 1);
      view.detectability.push_back(part);
    }
  }
  if (flip) cv::flip(crop, crop, 1);
  if (options_.colorJitter > 0) {
    const double contrast = 1.0 + rng.uniform(-options_.colorJitter, options_.colorJitter);
    const double brightness = 255.0 * rng.uniform(-options_.colorJitter, options_.colorJitter) * 0.5;
    crop.convertTo(crop, CV_8UC3, contrast, brightness + (1.0 - contrast) * 114.0);
  }
  view.image = crop;
  return view;
}

}  // namespace edgescope
