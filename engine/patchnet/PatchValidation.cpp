#include "patchnet/PatchValidation.h"

#include <algorithm>

#include "neural/JdeBatchBuilder.h"
#include "neural/JdeLoss.h"

namespace edgescope {

namespace {

BoundingBox visible(const BoundingBox& box, cv::Size size) {
  const float x0 = std::max(box.x, 0.0f), y0 = std::max(box.y, 0.0f);
  const float x1 = std::min(box.right(), float(size.width)), y1 = std::min(box.bottom(), float(size.height));
  return {x0, y0, std::max(0.0f, x1 - x0), std::max(0.0f, y1 - y0)};
}

}  // namespace

PatchScore PatchValidation::evaluate(PatchNet& net, const PatchSampler& sampler, cv::Size size, int crops,
                                     std::uint64_t seed, float objectness) {
  PatchScore score;
  score.size = size;
  Rng rng(seed);
  JdeLoss loss(net.net()->config().embeddingDim, 0, 0.0, true);
  loss->to(net.device());
  int tp = 0, fp = 0, fn = 0, batches = 0;
  std::vector<double> ious;
  constexpr int kBatch = 32;
  for (int done = 0; done < crops; done += kBatch) {
    std::vector<PatchDraw> draws;
    std::vector<AugmentedView> views;
    std::vector<cv::Mat> images;
    for (int i = 0; i < std::min(kBatch, crops - done); ++i) {
      draws.push_back(sampler.draw(rng, size));
      views.push_back(draws.back().view);
      images.push_back(draws.back().view.image);
    }
    {
      torch::InferenceMode guard;
      const bool wasTraining = net.net()->is_training();
      net.net()->eval();
      const JdeBatch batch = JdeBatchBuilder::to(JdeBatchBuilder::build(views, net.net()->config()), net.device());
      const JdeNetOutput out = net.net()->forward(batch.images, false);
      const JdeLossTerms terms = loss->forward(net.net(), out, batch.targets);
      score.loss += (terms.heatmap + terms.box).item<double>();
      ++batches;
      if (wasTraining) net.net()->train();
    }
    const auto peaks = net.run(images);
    for (std::size_t i = 0; i < draws.size(); ++i) {
      std::vector<PatchPeak> found;
      for (const PatchPeak& p : peaks[i]) {
        if (p.objectness >= objectness) found.push_back(p);
      }
      std::vector<bool> used(found.size(), false);
      for (const LabeledBox& truth : draws[i].view.boxes) {
        const BoundingBox target = visible(truth.box, size);
        int best = -1;
        float bestIou = 0.5f;
        for (std::size_t j = 0; j < found.size(); ++j) {
          const float iou = visible(found[j].box, size).iou(target);
          if (!used[j] && iou >= bestIou) best = static_cast<int>(j), bestIou = iou;
        }
        if (best >= 0) used[best] = true, ++tp;
        else ++fn;
      }
      fp += static_cast<int>(std::count(used.begin(), used.end(), false));
      if (draws[i].centreBox >= 0) {
        const int centre = PatchAggregator::centrePeak(found, size);
        const BoundingBox target = visible(draws[i].view.boxes[draws[i].centreBox].box, size);
        ious.push_back(centre < 0 ? 0.0 : visible(found[centre].box, size).iou(target));
      }
    }
    score.crops += static_cast<int>(draws.size());
  }
  score.loss /= std::max(1, batches);
  score.precision = tp + fp > 0 ? double(tp) / (tp + fp) : 0.0;
  score.recall = tp + fn > 0 ? double(tp) / (tp + fn) : 0.0;
  score.f1 = 2 * tp + fp + fn > 0 ? 2.0 * tp / (2.0 * tp + fp + fn) : 0.0;
  if (!ious.empty()) {
    std::nth_element(ious.begin(), ious.begin() + ious.size() / 2, ious.end());
    score.medianIou = ious[ious.size() / 2];
  }
  return score;
}

}  // namespace edgescope
