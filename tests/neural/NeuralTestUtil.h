#pragma once
/// @file NeuralTestUtil.h
/// Helpers shared by the JDE network tests: a tiny architecture (fast on one CPU core), a saved tiny model, and
/// small synthetic training frames.

#include <string>
#include <vector>

// LibTorch before Qt: the tests build with QT_NO_KEYWORDS anyway (LibTorch has members named slots/signals).
#include "neural/JdeModelFile.h"
#include "neural/JdeNet.h"
#include "neural/JdeTrainer.h"
#include "neural/TrainingSetLoader.h"
#include "source/SourceFactory.h"

#include <QString>

namespace edgescope::neuraltest {

/// A few thousand parameters: stem/stages {8, 8, 8, 16, 16}, neck/heads 8, ReID hidden 8, 16-d embeddings, R = 5.
inline JdeNetConfig tinyConfig() {
  JdeNetConfig config;
  config.stageChannels = {8, 8, 8, 16, 16};
  config.neckChannels = 8;
  config.headChannels = 8;
  config.reidHiddenChannels = 8;
  config.embeddingDim = 16;
  return config;
}

/// Saves a freshly initialised tiny network (seeded) as @p folder/NAME.pt + NAME.json; returns the card path.
inline std::string saveTinyModel(const QString& folder, const std::string& name = "tiny", std::uint64_t seed = 7,
                                 JdeNetConfig config = tinyConfig()) {
  torch::manual_seed(seed);
  JdeNet net(config);
  net->eval();
  JdeModelCard card;
  card.name = name;
  card.description = "untrained tiny JDE network for tests";
  const std::string weights = (folder + "/").toStdString() + name + ".pt";
  JdeModelFile::save(net, card, weights);
  return JdeModelCard::cardPathFor(weights);
}

/// The synthetic street scene at 128×96 (4 people, 4 frames): frames with exact GT and identities.
inline const char* kSyntheticUri = "synthetic:?seed=3&people=4&frames=4&width=128&height=96";

inline TrainingSetLoader::Result syntheticTrainingSet(const std::string& uri = kSyntheticUri) {
  return TrainingSetLoader().load({uri});
}

/// Training options for the tiny network on 96×64 crops, CPU, seed 5; checkpoint @p folder/@p checkpointName and
/// the loss CSV @p folder/loss.csv; detectability targets after half the steps.
inline JdeTrainOptions tinyTrainOptions(int steps, const QString& folder,
                                        const std::string& checkpointName = "checkpoint.pt") {
  JdeTrainOptions options;
  options.steps = steps;
  options.batchSize = 2;
  options.warmupSteps = 2;
  options.cropSize = {96, 64};
  options.architecture = tinyConfig();
  options.device = "cpu";
  options.seed = 5;
  options.checkpointPath = (folder + "/").toStdString() + checkpointName;
  options.lossCsvPath = (folder + "/loss.csv").toStdString();
  options.detectabilityStart = 0.5;
  return options;
}

/// Frames 1…@p count of a 256×160 synthetic scene (sides ≥ 101 px, so it has a five-rung DeepScale ladder).
inline std::vector<Frame> syntheticFrames(int count) {
  std::unique_ptr<VideoSource> source =
      SourceFactory::open("synthetic:?seed=5&people=3&frames=" + std::to_string(count) + "&width=256&height=160");
  std::vector<Frame> frames;
  SourceFrame frame;
  while (source->read(frame, 1000) == ReadStatus::Frame) frames.push_back(frame.frame);
  return frames;
}

/// The first line of @p text (LibTorch errors append a long backtrace).
inline QString firstLine(const char* text) { return QString::fromUtf8(text).section('\n', 0, 0); }

/// Whether @p text contains @p part (for QVERIFY2 messages on Error texts).
inline bool mentions(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace edgescope::neuraltest
