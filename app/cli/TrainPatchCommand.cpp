// edgescope-cli train-patch --data SPEC… --val SPEC… --out MODEL.pt [--sizes WxH,…] [--presets A,B,C]
//   [--search-steps N] [--steps N] [--batch N] [--lr F] [--seed N] [--device D] [--threads N] [--checkpoint-dir DIR]
//   [--resume] [--reid-teacher SPEC] [--objectness-data SPEC] [--val-crops N] [--name NAME] [--description TEXT]
// Trains ParaLoupe's patch model (issue 20, paper 002): every width/depth preset briefly, scored by validation loss ×
// α·log(1 + ms)^β (the idea of Eq. 3), then the winner to --steps; per-size F1/IoU/ms, the objectness regression
// fitted on consecutive frames, all in the card (kind "patch").
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/Commands.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_TORCH
#include "cli/ProgressLine.h"
#include "cli/TrainSupport.h"
#include "common/NumberRange.h"
#include "detect/EmbedderFactory.h"
#include "neural/JdeModelFile.h"
#include "neural/ReidTeacherTable.h"
#include "neural/TorchRuntime.h"
#include "paraloupe/ObjectnessFitter.h"
#include "patchnet/PatchPresets.h"
#include "patchnet/PatchTrainer.h"
#include "patchnet/PatchValidation.h"
#endif

namespace edgescope {

#ifdef EDGESCOPE_HAVE_TORCH
namespace {

struct TrainPatchOptions {
  std::vector<std::string> data, val;
  std::string out;
  std::string sizes = "32x64,64x128,96x192";
  std::string presets = "narrow,medium,deep";
  int searchSteps = 300;
  int threads = 0;
  std::string checkpointDir = "build/train";
  std::string reidTeacher;
  std::string objectnessData;  ///< default: the first --data
  int valCrops = 240;
  double historyDecay = 0.02;
  std::string name;
  std::string description = "EdgeScope ParaLoupe patch model (single-person crops, FairMOT heads)";
  PatchTrainOptions train;
  PatchCardSection section;
};

std::vector<cv::Size> parseSizes(const std::string& text) {
  std::vector<cv::Size> sizes;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    int w = 0, h = 0;
    char trailing = 0;
    if (std::sscanf(item.c_str(), "%dx%d%c", &w, &h, &trailing) != 2 || w <= 0 || h <= 0 || w % 32 || h % 32) {
      throw Error("--sizes: '" + item + "' is not WxH with multiples of 32");
    }
    sizes.emplace_back(w, h);
  }
  if (sizes.empty()) throw Error("--sizes: no size given");
  return sizes;
}

/// Trains with a progress line labelled @p label.
JdeNet trainWithProgress(PatchTrainer& trainer, const std::string& label) {
  std::unique_ptr<ProgressLine> progress;
  JdeNet net = trainer.train(
      [&](const JdeTrainProgress& p) {
        if (!progress) progress = std::make_unique<ProgressLine>(label, p.totalSteps - p.firstStep);
        char suffix[160];
        std::snprintf(suffix, sizeof suffix, "step %lld/%lld loss %.3f (hm %.3f box %.3f id %.3f) lr %.1e",
                      static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.loss, p.heatmap, p.box,
                      p.identity, p.learningRate);
        progress->setSuffix(suffix);
        progress->update(p.step - p.firstStep);
      },
      [](const std::string& message) { std::cerr << "\n" << message << "\n"; });
  if (progress) progress->finish();
  return net;
}

/// Frames and GT boxes of one spec, in order.
void framesOf(const TrainingSetLoader::Result& data, std::vector<cv::Mat>& frames,
              std::vector<std::vector<BoundingBox>>& boxes) {
  for (const TrainingSample& sample : data.samples) {
    frames.push_back(sample.image);
    boxes.emplace_back();
    for (const LabeledBox& b : sample.boxes) boxes.back().push_back(b.box);
  }
}

int runTrainPatch(TrainPatchOptions& options, const std::string& command) {
  const std::string& out = options.out;
  if (out.size() < 4 || out.compare(out.size() - 3, 3, ".pt") != 0) throw Error("--out must name a .pt file");
  if (options.val.empty()) throw Error("--val is required: presets are chosen on validation crops");
  TorchRuntime::configure(options.threads);
  options.train.sizes = parseSizes(options.sizes);
  std::vector<PatchPreset> presets;
  {
    std::stringstream in(options.presets);
    for (std::string name; std::getline(in, name, ',');) presets.push_back(PatchPresets::byName(name));
  }
  const std::string name = options.name.empty() ? std::filesystem::path(out).stem().string() : options.name;
  TrainingSetLoader::Result data = TrainSupport::loadData(options.data, nullptr, "train");
  TrainingSetLoader::Result valData = TrainSupport::loadData(options.val, nullptr, "validation");
  const PatchSampler sampler(data.samples);
  PatchSamplerOptions valOptions;
  valOptions.augment = false;
  const PatchSampler valSampler(valData.samples, valOptions);
  std::cerr << "patch training on " << data.samples.size() << " frames (" << sampler.people() << " people), "
            << data.identities << " identities, " << TorchRuntime::describe() << "\n";
  torch::Tensor teacher;
  if (!options.reidTeacher.empty()) {
    const std::unique_ptr<Embedder> embedder = EmbedderFactory::create(options.reidTeacher);
    ProgressLine line("ReID teacher " + embedder->name(), static_cast<std::int64_t>(data.samples.size()));
    teacher = ReidTeacherTable::build(data.samples, *embedder,
                                      [&](std::size_t done, std::size_t) { line.update(static_cast<std::int64_t>(done)); });
    line.finish();
  }
  const cv::Size middle = options.train.sizes[options.train.sizes.size() / 2];
  const std::uint64_t valSeed = 977;

  // Search: every preset briefly, scored by validation loss × α·log(1 + ms)^β.
  PatchCardSection& section = options.section;
  section.sizes = options.train.sizes;
  std::vector<JdeNet> searched;
  for (std::size_t i = 0; i < presets.size(); ++i) {
    PatchTrainOptions train = options.train;
    train.steps = options.searchSteps;
    train.architecture = presets[i].architecture;
    train.checkpointPath = options.checkpointDir + "/" + name + ".search-" + presets[i].name + ".ckpt";
    train.resume = options.train.resume;
    train.lossCsvPath.clear();
    PatchTrainer trainer(train, sampler, data.identities);
    if (teacher.defined()) trainer.setTeacher(teacher);
    searched.push_back(trainWithProgress(trainer, "search " + presets[i].name));
    PatchNet runner(searched.back(), torch::kCPU, section.sizes);
    PatchCardSection::Preset preset;
    preset.name = presets[i].name;
    preset.parameters = static_cast<int>(PatchNet::parameterCount(searched.back()));
    for (const cv::Size& size : section.sizes) {
      preset.validationLoss += PatchValidation::evaluate(runner, valSampler, size, options.valCrops / 2, valSeed).loss /
                               section.sizes.size();
    }
    if (preset.parameters > PatchPresets::kMaxParameters) {
      throw Error("preset " + preset.name + " has " + std::to_string(preset.parameters) + " parameters (limit " +
                  std::to_string(PatchPresets::kMaxParameters) + ")");
    }
    section.presets.push_back(preset);
  }
  // Speed: the presets timed in turns (5 rounds), so drift and other load on the machine hit them alike.
  std::vector<std::vector<double>> rounds(presets.size());
  for (int round = 0; round < 5; ++round) {
    for (std::size_t i = 0; i < presets.size(); ++i) {
      rounds[i].push_back(PatchNet::measureMsPerPatch(searched[i], middle, 8, 5));
    }
  }
  std::size_t chosen = 0;
  for (std::size_t i = 0; i < presets.size(); ++i) {
    PatchCardSection::Preset& preset = section.presets[i];
    std::nth_element(rounds[i].begin(), rounds[i].begin() + 2, rounds[i].end());
    preset.cpuMs = rounds[i][2];
    preset.score = preset.validationLoss * section.scoreAlpha * std::pow(std::log1p(preset.cpuMs), section.scoreBeta);
    std::cerr << "preset " << preset.name << ": " << preset.parameters << " parameters, validation loss "
              << preset.validationLoss << ", " << preset.cpuMs << " ms/patch at " << PatchCardSection::sizeName(middle)
              << ", score " << preset.score << "\n";
    if (preset.score < section.presets[chosen].score) chosen = i;
  }
  section.presets[chosen].chosen = true;
  std::cerr << "chosen preset: " << section.presets[chosen].name << "\n";

  // The winner, trained on from its search weights.
  PatchTrainOptions train = options.train;
  train.architecture = presets[chosen].architecture;
  train.initFrom = options.checkpointDir + "/" + name + ".search-" + presets[chosen].name + ".ckpt";
  train.checkpointPath = options.checkpointDir + "/" + name + ".final.ckpt";
  train.resume = options.train.resume;
  if (train.lossCsvPath.empty()) train.lossCsvPath = out.substr(0, out.size() - 3) + ".losses.csv";
  PatchTrainer trainer(train, sampler, data.identities);
  if (teacher.defined()) trainer.setTeacher(teacher);
  JdeNet net = trainWithProgress(trainer, "train " + presets[chosen].name);

  JdeModelCard card;
  card.kind = JdeModelCard::kKindPatch;
  card.name = name;
  card.description = options.description;
  card.architecture = presets[chosen].architecture;
  card.trainingCommand = command;
  card.trainingData = options.data;
  card.validationData = options.val;
  card.trainingSteps = train.steps;
  card.batchSize = train.batchSize;
  card.seed = train.seed;
  card.trainedOn = TorchRuntime::describe() + ", device " + trainer.deviceName();
  card.trainingSeconds = trainer.trainingSeconds();
  card.createdUtc = TrainSupport::utcNow();
  card.metrics["loss.final"] = trainer.finalLoss();
  card.metrics["parameters"] = static_cast<double>(PatchNet::parameterCount(net));
  PatchNet runner(net, torch::kCPU, section.sizes);
  for (const cv::Size& size : section.sizes) {
    const PatchScore score = PatchValidation::evaluate(runner, valSampler, size, options.valCrops, valSeed);
    const std::string key = "patch." + PatchCardSection::sizeName(size);
    card.metrics[key + ".f1"] = score.f1;
    card.metrics[key + ".medianIou"] = score.medianIou;
    card.metrics[key + ".loss"] = score.loss;
    card.metrics[key + ".cpuMs"] = PatchNet::measureMsPerPatch(net, size);
    std::cerr << "validation " << PatchCardSection::sizeName(size) << ": F1 " << score.f1 << " (P " << score.precision
              << " R " << score.recall << "), median IoU " << score.medianIou << ", "
              << card.metrics[key + ".cpuMs"] << " ms/patch\n";
  }

  // The objectness regression: fitted on consecutive frames, scored on the first validation spec.
  std::vector<cv::Mat> frames;
  std::vector<std::vector<BoundingBox>> boxes;
  const std::string objectnessSpec = options.objectnessData.empty() ? options.data.front() : options.objectnessData;
  framesOf(TrainSupport::loadData({objectnessSpec}, nullptr, "objectness"), frames, boxes);
  const ObjectnessScore fitted = ObjectnessFitter::fit(section.objectness, frames, boxes, options.historyDecay);
  std::vector<cv::Mat> valFrames;
  std::vector<std::vector<BoundingBox>> valBoxes;
  framesOf(TrainSupport::loadData({options.val.front()}, nullptr, "objectness validation"), valFrames, valBoxes);
  const ObjectnessScore held = ObjectnessFitter::score(section.objectness, valFrames, valBoxes, options.historyDecay);
  card.metrics["objectness.fit.loss"] = fitted.loss;
  card.metrics["objectness.val.loss"] = held.loss;
  card.metrics["objectness.val.objectRecall"] = held.objectRecall;
  card.metrics["objectness.val.backgroundRate"] = held.backgroundRate;
  std::cerr << "objectness: weights " << JsonDocument::dump(section.objectness.toJson()) << "; validation: object cells "
            << held.objectRecall << " at p >= 0.5, background cells " << held.backgroundRate << "\n";
  card.patch = section;
  card.trainingNotes = {
      "search: presets " + options.presets + " trained " + std::to_string(options.searchSteps) +
          " steps each, scored by validation detection loss x alpha*log(1 + ms/patch)^beta (alpha " +
          std::to_string(section.scoreAlpha).substr(0, 4) + ", beta " + std::to_string(section.scoreBeta).substr(0, 4) +
          "; ms at " + PatchCardSection::sizeName(middle) + ", batch 8, BatchNorm folded); the chosen one trained on",
      "crops: a person's box widened to 1:2 covers r in [0.5, 1] of the crop, centre jittered +-15 %, 15 % of "
      "positives centred between two people, 25 % negatives (background, strong edges); mirrored, colour jitter",
      "sizes: one input size per step in turn (" + options.sizes + "); relative box-size L1; warm-up " +
          std::to_string(train.warmupSteps) + " steps, cosine decay to 5 %",
      "objectness: logistic regression on edge, frame difference and decayed GT history (decay " +
          std::to_string(options.historyDecay).substr(0, 4) + ") of " + objectnessSpec +
          ", balanced classes, batch gradient descent"};
  if (!options.reidTeacher.empty()) {
    card.trainingNotes.push_back("ReID: identity cross-entropy plus distillation of " + options.reidTeacher +
                                 "'s embedding of every labelled box");
  }
  JdeModelFile::save(net, card, out);
  std::cerr << "wrote " << out << " and " << JdeModelCard::cardPathFor(out) << "\n";
  return 0;
}

void addOptions(CLI::App& command, TrainPatchOptions& options) {
  PatchTrainOptions& train = options.train;
  train.steps = 2000;
  command.add_option("--data", options.data, "training data SPEC (as for train)")->required()->type_name("SPEC");
  command.add_option("--val", options.val, "validation data SPEC (preset choice, card metrics)")
      ->required()
      ->type_name("SPEC");
  command.add_option("--out", options.out, "patch model to write (and MODEL.json)")->required()->type_name("MODEL.pt");
  command.add_option("--sizes", options.sizes, "input sizes the model serves")->capture_default_str();
  command.add_option("--presets", options.presets, "width/depth presets compared")->capture_default_str();
  command.add_option("--search-steps", options.searchSteps, "steps per preset in the search")
      ->check(NumberRange(1, 1000000))
      ->capture_default_str();
  command.add_option("--steps", train.steps, "steps of the chosen preset (from its search weights)")
      ->check(NumberRange(1, 10000000))
      ->capture_default_str();
  command.add_option("--batch", train.batchSize, "crops per step")->check(NumberRange(1, 1024))->capture_default_str();
  command.add_option("--lr", train.learningRate, "peak learning rate")
      ->check(NumberRange(1e-7, 1.0))
      ->capture_default_str();
  command.add_option("--seed", train.seed, "random seed")
      ->check(NumberRange(std::int64_t{0}, std::int64_t{1} << 53))
      ->capture_default_str();
  command.add_option("--device", train.device, "where to train")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  command.add_option("--threads", options.threads, "LibTorch CPU threads (0: LibTorch's choice)")
      ->check(NumberRange(0, 256))
      ->capture_default_str();
  command.add_option("--checkpoint-dir", options.checkpointDir, "folder of the search and final checkpoints")
      ->capture_default_str();
  command.add_flag("--resume", train.resume, "continue from the checkpoints that exist");
  command.add_option("--csv", train.lossCsvPath, "loss log of the final training (default: MODEL.losses.csv)");
  command.add_option("--reid-teacher", options.reidTeacher, "embedder whose embeddings the ReID branch distils")
      ->type_name("onnx-reid:X.onnx");
  command.add_option("--objectness-data", options.objectnessData,
                     "consecutive frames with GT for the objectness regression (default: the first --data)")
      ->type_name("SPEC");
  command.add_option("--val-crops", options.valCrops, "validation crops per size")
      ->check(NumberRange(16, 100000))
      ->capture_default_str();
  command.add_option("--history-decay", options.historyDecay, "history decay used when fitting the objectness")
      ->check(NumberRange(0.0, 1.0))
      ->capture_default_str();
  command.add_option("--name", options.name, "model name in the card (default: MODEL's file name)");
  command.add_option("--description", options.description, "model description in the card")->capture_default_str();
}

}  // namespace

Command addTrainPatchCommand(CLI::App& cli, int argc, char** argv) {
  CLI::App* command = cli.add_subcommand("train-patch", "train ParaLoupe's patch model and write MODEL.pt + its card");
  auto options = std::make_shared<TrainPatchOptions>();
  addOptions(*command, *options);
  const std::string line = TrainSupport::commandLine(argc, argv);
  return [options, line] { return runTrainPatch(*options, line); };
}

#else

Command addTrainPatchCommand(CLI::App& cli, int, char**) {
  cli.add_subcommand("train-patch", "train ParaLoupe's patch model (needs LibTorch: not in this build)")
      ->prefix_command();
  return []() -> int {
    throw Error("this edgescope-cli was built without LibTorch (-DEDGESCOPE_WITH_TORCH=OFF); train-patch needs it");
  };
}

#endif

}  // namespace edgescope
