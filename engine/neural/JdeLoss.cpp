#include "neural/JdeLoss.h"

#include <cmath>

namespace edgescope {

JdeLossImpl::JdeLossImpl(int embeddingDim, int identities, double lambda, bool relativeSize, int teacherDim,
                         double distillWeight)
    : identities_(identities),
      lambda_(lambda),
      relativeSize_(relativeSize),
      embeddingScale_(identities > 1 ? std::sqrt(2.0) * std::log(static_cast<double>(identities - 1) + 1.0) : 1.0) {
  // FairMOT's initial task weights.
  omegaDetection_ = register_parameter("omegaDetection", torch::full({1}, -1.85));
  omegaIdentity_ = register_parameter("omegaIdentity", torch::full({1}, -1.05));
  if (identities_ > 0) classifier_ = register_module("classifier", torch::nn::Linear(embeddingDim, identities_));
  distillWeight_ = distillWeight;
  if (teacherDim > 0) projection_ = register_module("teacherProjection", torch::nn::Linear(embeddingDim, teacherDim));
}

torch::Tensor JdeLossImpl::distillLoss(const torch::Tensor& embeddings, const torch::Tensor& teacher) {
  namespace F = torch::nn::functional;
  const torch::Tensor projected = F::normalize(projection_->forward(embeddings), F::NormalizeFuncOptions().dim(1));
  const torch::Tensor target = F::normalize(teacher, F::NormalizeFuncOptions().dim(1));
  return (1.0 - (projected * target).sum(1)).mean();
}

torch::Tensor JdeLossImpl::focalLoss(const torch::Tensor& logits, const torch::Tensor& target,
                                     const torch::Tensor& weight) {
  const torch::Tensor p = torch::sigmoid(logits).clamp(1e-4, 1.0 - 1e-4);
  const torch::Tensor positive = target.ge(1.0 - 1e-6).to(logits.dtype());
  const torch::Tensor negative = 1.0 - positive;
  torch::Tensor posLoss = torch::log(p) * (1.0 - p).pow(2) * positive;
  torch::Tensor negLoss = torch::log(1.0 - p) * p.pow(2) * (1.0 - target).pow(4) * negative;
  torch::Tensor count = positive;
  if (weight.defined()) {
    posLoss = posLoss * weight;
    negLoss = negLoss * weight;
    count = count * weight;
  }
  return -(posLoss.sum() + negLoss.sum()) / count.sum().clamp_min(1.0);
}

torch::Tensor JdeLossImpl::gather(const torch::Tensor& map, const torch::Tensor& index) {
  const auto n = map.size(0), c = map.size(1);
  const torch::Tensor flat = map.reshape({n, c, -1});                      // N×C×hw
  const torch::Tensor idx = index.unsqueeze(1).expand({n, c, index.size(1)});  // N×C×M
  return flat.gather(2, idx).permute({0, 2, 1});                          // N×M×C
}

JdeLossTerms JdeLossImpl::forward(JdeNet& net, const JdeNetOutput& out, const JdeBatchTargets& t) {
  JdeLossTerms terms;
  terms.heatmap = focalLoss(out.heatmapLogits, t.heatmap);
  const torch::Tensor mask = t.mask.unsqueeze(2);  // N×M×1
  const torch::Tensor objects = t.mask.sum().clamp_min(1.0);
  const torch::Tensor sizeError = (gather(out.size, t.index) - t.size).abs();
  const torch::Tensor offsetL1 = (gather(out.offset, t.index) - t.offset).abs().mul(mask).sum() / objects;
  if (relativeSize_)
    terms.box = kRelativeSizeWeight * (sizeError / t.size.clamp_min(1.0)).mul(mask).sum() / objects + offsetL1;
  else
    terms.box = kSizeWeight * sizeError.mul(mask).sum() / objects + offsetL1;

  terms.identity = torch::zeros({}, out.heatmapLogits.options());
  if (identities_ > 0) {
    const torch::Tensor known = t.mask.gt(0.5).logical_and(t.identity.ge(0));
    if (known.any().item<bool>()) {
      const torch::Tensor hidden = gather(out.reidHidden, t.index).index({known});  // K×hidden
      const torch::Tensor embedding = torch::nn::functional::normalize(
          net->embed(hidden), torch::nn::functional::NormalizeFuncOptions().dim(1));
      const torch::Tensor logits = classifier_->forward(embedding * embeddingScale_);
      terms.identity = torch::nn::functional::cross_entropy(logits, t.identity.index({known}));
    }
  }
  terms.distill = torch::zeros({}, out.heatmapLogits.options());
  if (projection_ && teacherTable_.defined() && t.teacher.defined()) {
    const torch::Tensor known = t.mask.gt(0.5).logical_and(t.teacher.ge(0));
    if (known.any().item<bool>()) {
      const torch::Tensor hidden = gather(out.reidHidden, t.index).index({known});
      const torch::Tensor embedding = torch::nn::functional::normalize(
          net->embed(hidden), torch::nn::functional::NormalizeFuncOptions().dim(1));
      terms.distill = distillLoss(embedding, teacherTable_.index_select(0, t.teacher.index({known})));
    }
  }
  terms.detectability = torch::zeros({}, out.heatmapLogits.options());
  if (out.detectabilityLogits.defined() && t.detectabilityMask.defined() && t.detectabilityMask.sum().item<float>() > 0)
    terms.detectability =
        focalLoss(out.detectabilityLogits, t.detectability, t.detectabilityMask.view({-1, 1, 1, 1}));

  const torch::Tensor detection = terms.heatmap + terms.box;
  // Eq. 4; without identity labels in the batch the ω2 terms are left out (they would only drive ω2 down).
  torch::Tensor weighted = 0.5 * (torch::exp(-omegaDetection_) * detection + omegaDetection_);
  const torch::Tensor appearance = terms.identity + distillWeight_ * terms.distill;
  if (appearance.requires_grad())
    weighted = weighted + 0.5 * (torch::exp(-omegaIdentity_) * appearance + omegaIdentity_);
  terms.total = weighted.sum() + lambda_ * terms.detectability;
  return terms;
}

}  // namespace edgescope
