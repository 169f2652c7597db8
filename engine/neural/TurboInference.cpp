#include "neural/TurboInference.h"

#include <chrono>
#include <cmath>

#include "util/Error.h"

namespace edgescope {
namespace {

double msSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TurboInference::TurboInference(JdeInference& base, TurboNet turbo, double calibrationA, double calibrationB)
    : base_(base), turbo_(std::move(turbo)), calibrationA_(calibrationA), calibrationB_(calibrationB) {
  if (turbo_->levelChannels() != base_.net()->levelChannels())
    throw Error("Turbo enhancer: its levels do not match the detector's backbone");
  turbo_->eval();
  turbo_->to(base_.device());
}

double TurboInference::difficultyOf(double logit) const {
  return 1.0 - 1.0 / (1.0 + std::exp(-(calibrationA_ * logit + calibrationB_)));
}

TurboFrameResult TurboInference::run(const cv::Mat& bgr, cv::Size inputSize, const Options& options,
                                     const ExitChooser& choose) {
  TurboFrameResult result;
  if (bgr.empty()) return result;
  JdeNet& net = base_.net();
  net->eval();
  torch::InferenceMode guard;
  auto start = std::chrono::steady_clock::now();
  const JdeEncoding encoding = net->encode(base_.preprocess(bgr, inputSize));
  result.encodeMs = msSince(start);
  const int beta = net->encoderLevels();
  if (options.discriminator) {
    start = std::chrono::steady_clock::now();
    const double logit = turbo_->frameLogits(encoding.levels[static_cast<std::size_t>(beta)]).item<double>();
    result.discriminatorDifficulty = difficultyOf(logit);
    result.discriminateMs = msSince(start);
  }
  auto plain = [&] {
    const auto t = std::chrono::steady_clock::now();
    result.plainDetections = base_.decode(net->heads(encoding.features, false), bgr.size(), inputSize);
    result.headsMs += msSince(t);
  };
  if (options.plainFirst) plain();
  const int chosen =
      choose ? choose(result.discriminatorDifficulty, options.plainFirst ? &result.plainDetections : nullptr) : 0;
  // A model-agnostic enhancer has one output, the full image: any exit ≥ 1 runs as β.
  const int exit = turbo_->effectiveExit(std::clamp(chosen, 0, std::min(beta, turbo_->exits())));
  result.plannedExit = exit;
  if (exit > 0) {
    start = std::chrono::steady_clock::now();
    TurboYield decision = TurboYield::Continue;
    int ran = exit;
    torch::Tensor deepest;
    const std::vector<torch::Tensor> decoderLevels = turbo_->decoderLevels(encoding.levels);
    if (options.yield) {
      deepest = turbo_->enhanceUntil(
          decoderLevels, exit,
          [&](int done) {
            decision = options.yield(done, exit, msSince(start));
            return decision == TurboYield::Continue;
          },
          &ran);
    } else {
      deepest = turbo_->enhance(decoderLevels, exit);
    }
    result.yielded = ran < exit;
    // An own encoder's intermediate blocks are not the detector's levels: stopped early, keep the plain detections.
    if (result.yielded && turbo_->hasOwnEncoder()) decision = TurboYield::Plain;
    if (decision != TurboYield::Plain) {  // Plain: the first pass's heads below, as exit 0
      std::vector<torch::Tensor> levels(encoding.levels.begin(), encoding.levels.begin() + (beta - ran) + 1);
      levels.back() = deepest;
      const JdeEncoding enhanced = net->encodeFrom(beta - ran, levels);
      const JdeNetOutput out = net->heads(enhanced.features, false);
      const bool finite = torch::isfinite(out.heatmapLogits).all().item<bool>() &&
                          torch::isfinite(out.size).all().item<bool>() &&
                          torch::isfinite(out.offset).all().item<bool>() &&
                          torch::isfinite(out.reidHidden).all().item<bool>();  // embeddings reach the tracker
      if (finite) {
        result.detections = base_.decode(out, bgr.size(), inputSize);
        result.exit = ran;
      } else {
        result.fellBack = true;
      }
    }
    result.enhanceMs = msSince(start);
  }
  if (result.exit == 0) {
    if (!options.plainFirst) plain();
    result.detections = result.plainDetections;
  }
  return result;
}

cv::Mat TurboInference::enhancedImage(const cv::Mat& bgr, cv::Size inputSize) {
  JdeNet& net = base_.net();
  net->eval();
  torch::InferenceMode guard;
  const JdeEncoding encoding = net->encode(base_.preprocess(bgr, inputSize));
  const torch::Tensor image =
      turbo_->enhance(turbo_->decoderLevels(encoding.levels), turbo_->exits())[0].to(torch::kCPU).to(torch::kFloat);
  // Undo the detector's normalisation: x = (pixel / 255 − mean) / std per input channel.
  const JdeNetConfig& config = net->config();
  const bool bgrInput = config.backbone.inputOrder == "bgr";
  cv::Mat out(inputSize, CV_8UC3);
  const torch::Tensor hwc = image.permute({1, 2, 0}).contiguous();
  const float* x = hwc.data_ptr<float>();
  const int norm[3] = {bgrInput ? 2 : 0, 1, bgrInput ? 0 : 2};
  for (int y = 0; y < out.rows; ++y) {
    auto* row = out.ptr<cv::Vec3b>(y);
    for (int c = 0; c < out.cols; ++c, x += 3) {
      for (int k = 0; k < 3; ++k) {
        const auto n = static_cast<std::size_t>(norm[k]);
        const double pixel = (x[k] * config.stdRgb[n] + config.meanRgb[n]) * 255.0;
        row[c][bgrInput ? k : 2 - k] = cv::saturate_cast<unsigned char>(pixel);
      }
    }
  }
  return out;
}

}  // namespace edgescope
