#include "neural/DistillationLoss.h"

#include <algorithm>
#include <cmath>

#include "neural/JdeLoss.h"
#include "util/Error.h"

namespace edgescope {
namespace {

/// Marks the output-grid cells that @p box (crop pixels) covers in @p ignore (h × w floats, row-major).
void markCells(const BoundingBox& box, int stride, std::int64_t h, std::int64_t w, float* ignore) {
  if (!(box.width > 0.0f) || !(box.height > 0.0f)) return;  // also NaN
  const auto first = [&](float px, std::int64_t cells) {
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(px / stride)), 0, cells);
  };
  const auto last = [&](float px, std::int64_t cells) {  // exclusive
    return std::clamp<std::int64_t>(static_cast<std::int64_t>(std::ceil(px / stride)), 0, cells);
  };
  const std::int64_t c0 = first(box.x, w), c1 = last(box.right(), w);
  const std::int64_t r0 = first(box.y, h), r1 = last(box.bottom(), h);
  for (std::int64_t r = r0; r < r1; ++r) std::fill(ignore + r * w + c0, ignore + r * w + std::max(c0, c1), 1.0f);
}

}  // namespace

DistillationBatch DistillationLoss::build(std::vector<AugmentedView> views, const JdeNetConfig& config) {
  if (views.empty()) throw Error("AMS distillation: empty batch");
  const cv::Size size = views.front().image.size();
  const int stride = config.strideOut;
  const std::int64_t n = static_cast<std::int64_t>(views.size()), h = size.height / stride, w = size.width / stride;
  torch::Tensor ignore = torch::zeros({n, 1, h, w});
  for (std::int64_t i = 0; i < n; ++i) {
    AugmentedView& view = views[static_cast<std::size_t>(i)];
    // JdeBatchBuilder resizes a view of another size (with its positives): scale the ignore boxes the same way.
    const float sx = static_cast<float>(size.width) / static_cast<float>(view.image.cols);
    const float sy = static_cast<float>(size.height) / static_cast<float>(view.image.rows);
    std::vector<LabeledBox> positives;
    for (const LabeledBox& labeled : view.boxes) {
      if (labeled.identity != kIgnoreIdentity) {
        positives.push_back(labeled);
        continue;
      }
      const BoundingBox box{labeled.box.x * sx, labeled.box.y * sy, labeled.box.width * sx, labeled.box.height * sy};
      markCells(box, stride, h, w, ignore[i][0].data_ptr<float>());
    }
    view.boxes = std::move(positives);
  }
  DistillationBatch out;
  out.batch = JdeBatchBuilder::build(std::move(views), config);
  // Zero weight over ignore boxes, except where a positive's Gaussian reaches (there the target is what it is).
  out.heatmapWeight = 1.0f - ignore * out.batch.targets.heatmap.eq(0.0f).to(torch::kFloat);
  return out;
}

DistillationBatch DistillationLoss::to(const DistillationBatch& batch, const torch::Device& device) {
  if (device.is_cpu()) return batch;
  DistillationBatch out;
  out.batch = JdeBatchBuilder::to(batch.batch, device);
  out.heatmapWeight = batch.heatmapWeight.to(device);
  return out;
}

torch::Tensor DistillationLoss::loss(const JdeNetOutput& out, const DistillationBatch& batch) {
  const JdeBatchTargets& t = batch.batch.targets;
  const torch::Tensor heatmap = JdeLossImpl::focalLoss(out.heatmapLogits, t.heatmap, batch.heatmapWeight);
  // JdeLoss's box term (absolute sizes): 0.1 · |size − target| + |offset − target| over objects, per object.
  const torch::Tensor mask = t.mask.unsqueeze(2);  // N×M×1
  const torch::Tensor objects = t.mask.sum().clamp_min(1.0);
  const torch::Tensor sizeError = (JdeLossImpl::gather(out.size, t.index) - t.size).abs();
  const torch::Tensor offsetL1 = (JdeLossImpl::gather(out.offset, t.index) - t.offset).abs().mul(mask).sum() / objects;
  const torch::Tensor box = JdeLossImpl::kSizeWeight * sizeError.mul(mask).sum() / objects + offsetL1;
  return heatmap + box;
}

}  // namespace edgescope
