#include "neural/TurboBatch.h"

#include <algorithm>
#include <chrono>

#include <opencv2/core.hpp>

#include "neural/TurboInference.h"
#include "util/Error.h"

namespace edgescope {
namespace {

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

/// The tensors of element @p i of a batched output (a batch of one, as JdeInference::decode reads).
JdeNetOutput elementOf(const JdeNetOutput& out, int64_t i) {
  JdeNetOutput one;
  one.heatmapLogits = out.heatmapLogits.narrow(0, i, 1);
  one.size = out.size.narrow(0, i, 1);
  one.offset = out.offset.narrow(0, i, 1);
  one.reidHidden = out.reidHidden.narrow(0, i, 1);
  if (out.detectabilityLogits.defined()) one.detectabilityLogits = out.detectabilityLogits.narrow(0, i, 1);
  return one;
}

/// Per element: every value of @p t finite (N bools).
torch::Tensor finitePerElement(const torch::Tensor& t) { return torch::isfinite(t).flatten(1).all(1); }

/// Tensor @p index of each frame's list (levels or features), stacked along the batch.
torch::Tensor stacked(const std::vector<const std::vector<torch::Tensor>*>& lists, std::size_t index) {
  if (lists.size() == 1) return (*lists.front())[index];
  std::vector<torch::Tensor> parts;
  parts.reserve(lists.size());
  for (const auto* list : lists) parts.push_back((*list)[index]);
  return torch::cat(parts, 0);
}

}  // namespace

TurboBatch::TurboBatch(TurboInference& inference) : inference_(inference) {}

int TurboBatch::exits() const { return inference_.exits(); }

TurboEncodedFrame TurboBatch::encode(const cv::Mat& bgr, cv::Size inputSize, bool discriminator) {
  TurboEncodedFrame frame;
  frame.frameSize = bgr.size();
  frame.inputSize = inputSize;
  if (bgr.empty()) return frame;
  JdeInference& base = inference_.base();
  JdeNet& net = base.net();
  net->eval();
  torch::InferenceMode guard;
  auto start = std::chrono::steady_clock::now();
  torch::Tensor input = base.preprocess(bgr, inputSize);
  if (base.device().is_cpu()) input = input.clone();  // preprocess() reuses its buffer for the next frame
  frame.encoding = net->encode(input);
  frame.encodeMs = msSince(start);
  if (discriminator) {
    start = std::chrono::steady_clock::now();
    const auto beta = static_cast<std::size_t>(net->encoderLevels());
    const double logit = inference_.turbo()->frameLogits(frame.encoding.levels[beta]).item<double>();
    frame.discriminatorDifficulty = inference_.difficultyOf(logit);
    frame.discriminateMs = msSince(start);
  }
  return frame;
}

TurboBatchResult TurboBatch::finish(const std::vector<const TurboEncodedFrame*>& frames, int exit) {
  TurboBatchResult result;
  result.detections.resize(frames.size());
  result.fellBack.assign(frames.size(), false);
  std::vector<std::size_t> live;  // frames with an encoder pass
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (!frames[i]) throw Error("TurboBatch: null frame in a batch");
    if (frames[i]->inputSize != frames.front()->inputSize)
      throw Error("TurboBatch: a batch mixes input sizes (each (rung, exit) batch has one)");
    if (!frames[i]->encoding.levels.empty()) live.push_back(i);
  }
  if (live.empty()) return result;
  JdeInference& base = inference_.base();
  JdeNet& net = base.net();
  net->eval();
  torch::InferenceMode guard;
  const auto start = std::chrono::steady_clock::now();
  const int beta = net->encoderLevels();
  exit = inference_.turbo()->effectiveExit(std::clamp(exit, 0, std::min(beta, inference_.exits())));
  std::vector<const std::vector<torch::Tensor>*> levels, features;
  for (std::size_t i : live) {
    levels.push_back(&frames[i]->encoding.levels);
    features.push_back(&frames[i]->encoding.features);
  }
  auto decodeInto = [&](const JdeNetOutput& out, int64_t element, std::size_t frame) {
    result.detections[frame] = base.decode(live.size() == 1 ? out : elementOf(out, element), frames[frame]->frameSize,
                                           frames[frame]->inputSize);
  };
  auto plainOf = [&](std::size_t frame) {  // the heads on the frame's own first pass
    const JdeNetOutput out = net->heads(frames[frame]->encoding.features, false);
    result.detections[frame] = base.decode(out, frames[frame]->frameSize, frames[frame]->inputSize);
  };
  if (exit == 0) {
    std::vector<torch::Tensor> batched;
    for (std::size_t f = 0; f < frames[live.front()]->encoding.features.size(); ++f)
      batched.push_back(stacked(features, f));
    const JdeNetOutput out = net->heads(batched, false);
    for (std::size_t k = 0; k < live.size(); ++k) decodeInto(out, static_cast<int64_t>(k), live[k]);
    result.ms = msSince(start);
    return result;
  }
  std::vector<torch::Tensor> all;
  for (std::size_t l = 0; l <= static_cast<std::size_t>(beta); ++l) all.push_back(stacked(levels, l));
  std::vector<torch::Tensor> reentry(all.begin(), all.begin() + (beta - exit) + 1);
  reentry.back() = inference_.turbo()->enhance(inference_.turbo()->decoderLevels(all), exit);
  const JdeEncoding enhanced = net->encodeFrom(beta - exit, reentry);
  const JdeNetOutput out = net->heads(enhanced.features, false);
  // Embeddings reach the tracker: they must be finite as well as the boxes.
  const torch::Tensor finite = (finitePerElement(out.heatmapLogits) & finitePerElement(out.size) &
                                finitePerElement(out.offset) & finitePerElement(out.reidHidden))
                                   .to(torch::kCPU);
  const auto ok = finite.accessor<bool, 1>();
  for (std::size_t k = 0; k < live.size(); ++k) {
    if (ok[static_cast<int64_t>(k)]) {
      decodeInto(out, static_cast<int64_t>(k), live[k]);
    } else {
      result.fellBack[live[k]] = true;
      plainOf(live[k]);
    }
  }
  result.ms = msSince(start);
  return result;
}

const TurboEncodedFrame& TurboBatch::probe(cv::Size inputSize) {
  if (probe_.inputSize != inputSize || probe_.encoding.levels.empty()) {
    cv::Mat image = probeImage_;
    if (image.empty()) {
      image.create(inputSize, CV_8UC3);
      cv::randu(image, cv::Scalar::all(0), cv::Scalar::all(255));
    }
    probe_ = encode(image, inputSize, false);
  }
  return probe_;
}

void TurboBatch::setProbeImage(const cv::Mat& bgr) {
  probeImage_ = bgr;
  probe_ = TurboEncodedFrame{};
}

double TurboBatch::timeExit(cv::Size inputSize, int exit, int batch) {
  if (batch < 1) throw Error("TurboBatch: batch size " + std::to_string(batch) + " must be >= 1");
  const TurboEncodedFrame& frame = probe(inputSize);
  const std::vector<const TurboEncodedFrame*> frames(static_cast<std::size_t>(batch), &frame);
  return finish(frames, exit).ms;
}

double TurboBatch::timeDiscriminator(cv::Size inputSize) {
  const TurboEncodedFrame& frame = probe(inputSize);
  torch::InferenceMode guard;
  const auto start = std::chrono::steady_clock::now();
  const auto beta = static_cast<std::size_t>(inference_.base().net()->encoderLevels());
  inference_.turbo()->frameLogits(frame.encoding.levels[beta]).item<double>();
  return msSince(start);
}

}  // namespace edgescope
