#include "neural/JdeBatchBuilder.h"

#include <opencv2/imgproc.hpp>

#include "neural/CenterTargets.h"
#include "neural/JdeInference.h"
#include "util/Error.h"

namespace edgescope {
namespace {

void resizeView(AugmentedView& view, cv::Size size) {
  const double sx = static_cast<double>(size.width) / view.image.cols;
  const double sy = static_cast<double>(size.height) / view.image.rows;
  cv::resize(view.image, view.image, size, 0, 0, cv::INTER_AREA);
  for (LabeledBox& b : view.boxes)
    b.box = BoundingBox{static_cast<float>(b.box.x * sx), static_cast<float>(b.box.y * sy),
                        static_cast<float>(b.box.width * sx), static_cast<float>(b.box.height * sy)};
  view.detectability.clear();
}

}  // namespace

JdeBatch JdeBatchBuilder::build(std::vector<AugmentedView> views, const JdeNetConfig& config) {
  if (views.empty()) throw Error("JDE training: empty batch");
  const cv::Size size = views.front().image.size();
  const int stride = config.strideOut;
  const int64_t n = static_cast<int64_t>(views.size()), m = CenterTargets::kMaxObjects;
  const int64_t h = size.height / stride, w = size.width / stride, r = config.detectabilityChannels;
  JdeBatch batch;
  batch.images = torch::empty({n, 3, size.height, size.width},  // channels-last: see JdeInference::normalizeInto
                              torch::TensorOptions(torch::kFloat32).memory_format(torch::MemoryFormat::ChannelsLast));
  JdeBatchTargets& t = batch.targets;
  t.heatmap = torch::zeros({n, 1, h, w});
  t.index = torch::zeros({n, m}, torch::kLong);
  t.mask = torch::zeros({n, m});
  t.size = torch::zeros({n, m, 2});
  t.offset = torch::zeros({n, m, 2});
  t.identity = torch::full({n, m}, -1, torch::kLong);
  t.teacher = torch::full({n, m}, -1, torch::kLong);
  t.detectability = torch::zeros({n, r, h, w});
  t.detectabilityMask = torch::zeros({n});
  for (int64_t i = 0; i < n; ++i) {
    AugmentedView& view = views[static_cast<std::size_t>(i)];
    if (view.image.size() != size) resizeView(view, size);
    JdeInference::normalizeInto(view.image, config, batch.images[i].data_ptr<float>());
    const CenterTargets targets = CenterTargets::build(size, stride, view.boxes);
    std::memcpy(t.heatmap[i].data_ptr<float>(), targets.heatmap.ptr<float>(), sizeof(float) * static_cast<std::size_t>(h * w));
    auto index = t.index.accessor<int64_t, 2>();
    auto mask = t.mask.accessor<float, 2>();
    auto boxSize = t.size.accessor<float, 3>();
    auto offset = t.offset.accessor<float, 3>();
    auto identity = t.identity.accessor<int64_t, 2>();
    auto teacher = t.teacher.accessor<int64_t, 2>();
    for (std::size_t k = 0; k < targets.index.size(); ++k) {
      index[i][static_cast<int64_t>(k)] = targets.index[k];
      mask[i][static_cast<int64_t>(k)] = 1.0f;
      for (int c = 0; c < 2; ++c) {
        boxSize[i][static_cast<int64_t>(k)][c] = targets.size[2 * k + static_cast<std::size_t>(c)];
        offset[i][static_cast<int64_t>(k)][c] = targets.offset[2 * k + static_cast<std::size_t>(c)];
      }
      identity[i][static_cast<int64_t>(k)] = targets.identity[k];
      teacher[i][static_cast<int64_t>(k)] = targets.teacher[k];
    }
    batch.objects += static_cast<int>(targets.index.size());
    if (static_cast<int64_t>(view.detectability.size()) == r) {
      for (int64_t c = 0; c < r; ++c) {
        const cv::Mat& map = view.detectability[static_cast<std::size_t>(c)];
        if (map.rows != h || map.cols != w || map.type() != CV_32F || !map.isContinuous()) break;
        std::memcpy(t.detectability[i][c].data_ptr<float>(), map.ptr<float>(), sizeof(float) * static_cast<std::size_t>(h * w));
        if (c == r - 1) t.detectabilityMask[i] = 1.0f;
      }
    }
  }
  return batch;
}

JdeBatch JdeBatchBuilder::to(const JdeBatch& batch, const torch::Device& device) {
  if (device.is_cpu()) return batch;
  JdeBatch out = batch;
  out.images = batch.images.to(device);
  JdeBatchTargets& t = out.targets;
  for (torch::Tensor* tensor : {&t.heatmap, &t.index, &t.mask, &t.size, &t.offset, &t.identity, &t.teacher, &t.detectability,
                                &t.detectabilityMask})
    *tensor = tensor->to(device);
  return out;
}

}  // namespace edgescope
