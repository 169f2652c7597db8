#pragma once
/// @file TurboTestRig.h
/// A tiny JDE network with a Turbo enhancer for the window-path tests (TestTurboBatch, TestTurboLatencyProbe): boxes
/// of a few cells, so the untrained heads give detections, and random enhancer output convolutions, so every exit
/// changes the output.

#include <memory>

#include "NeuralTestUtil.h"
#include "neural/TurboInference.h"
#include "neural/TurboNet.h"

#include <opencv2/core.hpp>

namespace edgescope::neuraltest {

inline TurboNetConfig tinyTurboConfig(int levels) {
  TurboNetConfig config;
  config.decoderChannels.assign(static_cast<std::size_t>(levels), 4);
  config.discriminatorChannels = 4;
  config.discriminatorHidden = 8;
  return config;
}

/// 128×96 uniform noise, the same for the same @p seed.
inline cv::Mat noiseFrame(int seed) {
  cv::Mat frame(96, 128, CV_8UC3);
  cv::theRNG().state = static_cast<std::uint64_t>(seed);
  cv::randu(frame, cv::Scalar::all(0), cv::Scalar::all(255));
  return frame;
}

struct TurboTestRig {
  JdeNet net{tinyConfig()};
  TurboNet turboNet{nullptr};
  std::unique_ptr<JdeInference> base;
  std::unique_ptr<TurboInference> turbo;
  TurboTestRig() {
    net->eval();
    torch::NoGradGuard noGrad;
    for (auto& p : net->named_parameters())
      if (p.key().rfind("size.", 0) == 0 && p.key().find("bias") != std::string::npos) p.value().fill_(3.0);
    turboNet = TurboNet(net->levelChannels(), tinyTurboConfig(5));
    for (auto& p : turboNet->named_parameters())
      if (p.key().rfind("out", 0) == 0) p.value().normal_(0.0, 0.5);
    base = std::make_unique<JdeInference>(net, torch::kCPU, JdeInference::Options{0.0f, 16, true});
    turbo = std::make_unique<TurboInference>(*base, turboNet, 1.0, 0.0);
  }
};

}  // namespace edgescope::neuraltest
