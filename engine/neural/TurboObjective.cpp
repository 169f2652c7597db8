#include "neural/TurboObjective.h"

namespace edgescope {
namespace {
namespace F = torch::nn::functional;
}

torch::Tensor TurboObjective::frameDifficulty(const torch::Tensor& heatmapLogits, double floor,
                                              const torch::Tensor& hasPeople) {
  const torch::Tensor heat = torch::sigmoid(heatmapLogits).flatten(1);  // N × h·w
  const torch::Tensor pooled = torch::max_pool2d(torch::sigmoid(heatmapLogits), {3, 3}, {1, 1}, {1, 1}).flatten(1);
  const torch::Tensor peak = heat.eq(pooled).logical_and(heat.ge(floor)).to(heat.dtype());
  const torch::Tensor count = peak.sum(1);
  const torch::Tensor meanScore = (heat * peak).sum(1) / count.clamp_min(1.0);
  const torch::Tensor none = torch::where(hasPeople.to(torch::kBool), torch::ones_like(count), torch::zeros_like(count));
  return torch::where(count.gt(0), 1.0 - meanScore, none);
}

torch::Tensor TurboObjective::instanceScores(const torch::Tensor& heatmapLogits, const JdeBatchTargets& targets) {
  const torch::Tensor pooled = torch::max_pool2d(torch::sigmoid(heatmapLogits), {3, 3}, {1, 1}, {1, 1});
  return JdeLossImpl::gather(pooled, targets.index).squeeze(-1);
}

torch::Tensor TurboObjective::recallEasy(const torch::Tensor& heatmapLogits, const JdeBatchTargets& targets,
                                         double floor) {
  const torch::Tensor found = instanceScores(heatmapLogits, targets).ge(floor).to(targets.mask.dtype()) * targets.mask;
  const torch::Tensor objects = targets.mask.sum(1);
  return objects.eq(0).logical_or(found.sum(1).ge(0.8 * objects));
}

torch::Tensor TurboObjective::detectionLoss(const JdeNetOutput& out, const JdeBatchTargets& targets) {
  const torch::Tensor heatmap = JdeLossImpl::focalLoss(out.heatmapLogits, targets.heatmap);
  const torch::Tensor mask = targets.mask.unsqueeze(-1);
  const torch::Tensor objects = targets.mask.sum().clamp_min(1.0);
  const torch::Tensor size = ((JdeLossImpl::gather(out.size, targets.index) - targets.size).abs() * mask).sum() / objects;
  const torch::Tensor offset =
      ((JdeLossImpl::gather(out.offset, targets.index) - targets.offset).abs() * mask).sum() / objects;
  return heatmap + JdeLossImpl::kSizeWeight * size + offset;
}

torch::Tensor TurboObjective::pairLoss(const JdeEncoding& enhanced, const JdeNetOutput& enhancedOut,
                                       const JdeEncoding& clean, const JdeNetOutput& cleanOut,
                                       const JdeBatchTargets& targets) {
  torch::Tensor features = torch::zeros({}, enhancedOut.heatmapLogits.options());
  for (std::size_t i = 0; i < enhanced.features.size(); ++i) {
    const torch::Tensor& c = clean.features[i];
    features = features + (enhanced.features[i] - c).pow(2).mean() / c.pow(2).mean().clamp_min(1e-6);
  }
  features = features / static_cast<double>(std::max<std::size_t>(1, enhanced.features.size()));
  const torch::Tensor a = JdeLossImpl::gather(enhancedOut.reidHidden, targets.index);
  const torch::Tensor b = JdeLossImpl::gather(cleanOut.reidHidden, targets.index);
  const torch::Tensor cosine = F::cosine_similarity(a, b, F::CosineSimilarityFuncOptions().dim(2).eps(1e-6));
  const torch::Tensor embedding = ((1.0 - cosine) * targets.mask).sum() / targets.mask.sum().clamp_min(1.0);
  return features + embedding;
}

JdeBatchTargets TurboObjective::select(const JdeBatchTargets& t, const torch::Tensor& index) {
  auto pick = [&](const torch::Tensor& x) { return x.defined() ? x.index_select(0, index) : x; };
  JdeBatchTargets out;
  out.heatmap = pick(t.heatmap);
  out.index = pick(t.index);
  out.mask = pick(t.mask);
  out.size = pick(t.size);
  out.offset = pick(t.offset);
  out.identity = pick(t.identity);
  out.teacher = pick(t.teacher);
  out.detectability = pick(t.detectability);
  out.detectabilityMask = pick(t.detectabilityMask);
  return out;
}

torch::Tensor TurboObjective::instanceBoxes(const JdeBatchTargets& targets, int strideOut, torch::Tensor* flat) {
  const int64_t gridW = targets.heatmap.size(3);
  const torch::Tensor real = targets.mask.flatten().gt(0.5).nonzero().squeeze(1);
  if (flat) *flat = real;
  const int64_t m = targets.mask.size(1);
  const torch::Tensor batch = torch::div(real, m, "floor").to(torch::kFloat);
  const torch::Tensor cell = targets.index.flatten().index_select(0, real);
  const torch::Tensor size = targets.size.view({-1, 2}).index_select(0, real);
  const torch::Tensor offset = targets.offset.view({-1, 2}).index_select(0, real);
  const torch::Tensor cx = ((cell % gridW).to(torch::kFloat) + offset.select(1, 0)) * strideOut;
  const torch::Tensor cy = (torch::div(cell, gridW, "floor").to(torch::kFloat) + offset.select(1, 1)) * strideOut;
  const torch::Tensor w = size.select(1, 0) * strideOut, h = size.select(1, 1) * strideOut;
  return torch::stack({batch, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2}, 1);
}

}  // namespace edgescope
