// edgescope-cli train --data SPEC [--data SPEC…] [--val SPEC…] --out MODEL.pt [--teacher DETECTOR] [--steps N]
//   [--batch N] [--lr F] [--crop WxH] [--lambda F] [--no-multires] [--full-share F] [--seed N] [--device auto|cpu|cuda]
//   [--threads N] [--checkpoint PATH] [--resume] [--csv PATH] [--name NAME] [--description TEXT]
// Trains EdgeScope's JDE network (paper 000) and writes MODEL.pt + MODEL.json (model card with the exact command,
// data, validation metrics and sha256). SPEC: SOURCE[,gt=PATH][,frames=A:B][,every=N][,minvis=V].
#include <CLI/CLI.hpp>

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/Commands.h"
#include "cli/ProgressLine.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_TORCH
#include "cli/TrainSupport.h"
#include "cli/ValidationRun.h"
#include "common/NumberRange.h"
#include "detect/DetectorFactory.h"
#include "neural/JdeModelFile.h"
#include "neural/JdeTrainer.h"
#include "neural/NeuralDetectors.h"
#include "neural/TorchRuntime.h"
#include "neural/TrainingSetLoader.h"
#endif

namespace edgescope {

#ifdef EDGESCOPE_HAVE_TORCH
namespace {

struct TrainOptions {
  std::vector<std::string> data;
  std::vector<std::string> val;
  std::string out;
  std::string teacher;
  std::string crop;
  std::string name;
  std::string description = "EdgeScope JDE network (FairMOT-style, DeepScale detectability head)";
  int threads = 0;
  bool noMultires = false;
  std::string backboneTaps;          ///< S8,S16,S32 graph values
  std::string backboneInput = "bgr255";
  JdeTrainOptions train;
  const CLI::Option* checkpoint = nullptr;  ///< not given: MODEL.ckpt
  const CLI::Option* csv = nullptr;         ///< not given: MODEL.losses.csv
};

// What the card must say about the recipe beyond its command line.
/// @p architecture: the trained network's (JdeTrainer::architecture(): the imported backbone's provenance filled in).
std::vector<std::string> recipeNotes(const JdeTrainOptions& train, const JdeNetConfig& architecture) {
  std::vector<std::string> notes;
  const JdeBackboneSpec& spec = architecture.backbone;
  if (spec.isOnnx()) {
    notes.push_back("backbone: " + spec.source + " (sha256 " + spec.sourceSha256 + ", licence " +
                    (spec.licence.empty() ? std::string("not stated") : spec.licence) + ") cut at " +
                    std::to_string(spec.taps.size()) + " PAFPN outputs" +
                    (architecture.strideOut == 4 ? " and a stride-4 value" : "") +
                    ", its pretrained weights the starting point; learning rate x" +
                    std::to_string(train.backboneLrScale).substr(0, 5) + " of the new layers', frozen for the first " +
                    std::to_string(train.freezeBackboneSteps) + " steps");
    notes.push_back("BatchNorm: the imported graph carries its BatchNorm folded into its convolutions (ONNX export), "
                    "so it has no batch statistics that small batches of crops could corrupt; the new neck's "
                    "BatchNorm layers learn batch statistics in training and use their running averages in eval, "
                    "and are folded into their convolutions for inference");
  }
  notes.push_back("warm-up: " + std::to_string(train.warmupSteps) + " steps linear, then cosine decay to 5 %");
  if (!train.reidTeacher.empty())
    notes.push_back("ReID: identity cross-entropy plus distillation of " + train.reidTeacher +
                    "'s embedding of every labelled box (1 - cosine through a learnt linear projection, weight " +
                    std::to_string(train.distillWeight).substr(0, 4) + ")");
  return notes;
}

// A resumed run continues the weights of the card already at @p from (--out); a fine-tune (--init) those of the model
// it starts from (for a checkpoint: the card at --out). Keep that run's command (and those before it) and the tracker
// settings its metrics were measured with, so the new card still tells the whole recipe.
void carryEarlierPhases(const std::string& from, JdeModelCard& card) {
  const std::string previousPath = JdeModelCard::cardPathFor(from);
  if (!std::filesystem::exists(previousPath)) return;
  try {
    const JdeModelCard previous = JdeModelCard::read(previousPath);
    card.earlierTrainingCommands = previous.earlierTrainingCommands;
    if (!previous.trainingCommand.empty()) card.earlierTrainingCommands.push_back(previous.trainingCommand);
    card.trackerDefaults = previous.trackerDefaults;
    std::cerr << "continued run: the card keeps " << card.earlierTrainingCommands.size()
              << " earlier command(s) and the tracker settings of " << previousPath << "\n";
  } catch (const Error& e) {
    std::cerr << "warning: " << e.what() << " — the new card records only this run's command\n";
  }
}

int runTrain(const TrainOptions& options, const std::string& trainingCommand) {
  const std::vector<std::string>& dataSpecs = options.data;
  const std::string& out = options.out;
  if (out.size() < 4 || out.compare(out.size() - 3, 3, ".pt") != 0) throw Error("--out must name a .pt file");
  NeuralDetectors::registerAll();
  TorchRuntime::configure(options.threads);

  JdeTrainOptions train = options.train;
  train.multiResolution = !options.noMultires;
  if (!train.backboneOnnx.empty()) {
    JdeBackboneSpec& spec = train.architecture.backbone;
    spec.taps.clear();
    std::stringstream taps(options.backboneTaps);
    for (std::string tap; std::getline(taps, tap, ',');) spec.taps.push_back(tap);
    spec.inputOrder = options.backboneInput == "bgr255" ? "bgr" : "rgb";
    if (options.backboneInput != "rgb-imagenet") {  // raw 0–255 pixels (YOLOX's convention)
      train.architecture.meanRgb = {0.0f, 0.0f, 0.0f};
      train.architecture.stdRgb = {1.0f / 255, 1.0f / 255, 1.0f / 255};
    }
  }
  if (options.checkpoint->count() == 0) train.checkpointPath = out.substr(0, out.size() - 3) + ".ckpt";
  if (options.csv->count() == 0) train.lossCsvPath = out.substr(0, out.size() - 3) + ".losses.csv";
  if (!options.crop.empty()) {
    int w = 0, h = 0;
    if (std::sscanf(options.crop.c_str(), "%dx%d", &w, &h) != 2) throw Error("--crop must be WxH");
    train.cropSize = {w, h};
  }

  std::unique_ptr<Detector> teacher;
  if (!options.teacher.empty()) teacher = DetectorFactory::create(options.teacher);
  TrainingSetLoader::Result data = TrainSupport::loadData(dataSpecs, teacher.get(), "train");
  std::cerr << "training on " << data.samples.size() << " frames, " << data.identities << " identities, "
            << TorchRuntime::describe() << "\n";

  JdeTrainer trainer(train, data.samples, data.identities);
  if (!train.backboneOnnx.empty())
    std::cerr << "backbone: " << train.backboneOnnx << " cut at " << options.backboneTaps << " (output stride "
              << train.architecture.strideOut << ")\n";
  std::unique_ptr<ProgressLine> progress;  // created at the first step: a resumed run counts from its own start
  const JdeNet net = [&] {
    JdeNet trained = trainer.train(
        [&](const JdeTrainProgress& p) {
          if (!progress) progress = std::make_unique<ProgressLine>("train", p.totalSteps - p.firstStep);
          char suffix[200];
          std::snprintf(suffix, sizeof suffix, "step %lld/%lld loss %.3f (hm %.3f box %.3f id %.3f det %.3f) lr %.1e",
                        static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.loss, p.heatmap,
                        p.box, p.identity, p.detectability, p.learningRate);
          progress->setSuffix(suffix);
          progress->update(p.step - p.firstStep);
        },
        [&](const std::string& message) { std::cerr << "\n" << message << "\n"; });
    if (progress) progress->finish();
    return trained;
  }();

  JdeModelCard card;
  card.name = options.name.empty() ? std::filesystem::path(out).stem().string() : options.name;
  card.description = options.description;
  card.trainingCommand = trainingCommand;
  const bool initFromModel = !train.initFrom.empty() && !JdeTrainer::isCheckpointPath(train.initFrom);
  if (train.resume || !train.initFrom.empty()) carryEarlierPhases(initFromModel ? train.initFrom : out, card);
  card.trainingData = dataSpecs;
  card.validationData = options.val;
  card.trainingSteps = train.steps;
  card.batchSize = train.batchSize;
  card.seed = train.seed;
  card.trainedOn = TorchRuntime::describe() + ", device " + trainer.deviceName();
  card.trainingSeconds = trainer.trainingSeconds();
  card.createdUtc = TrainSupport::utcNow();
  card.metrics["loss.final"] = trainer.finalLoss();
  card.trainingNotes = recipeNotes(train, trainer.architecture());
  JdeNet saved = net;
  JdeModelFile::save(saved, card, out);
  std::cerr << "wrote " << out << " and " << JdeModelCard::cardPathFor(out) << "\n";

  for (const std::string& spec : card.validationData) {
    const std::map<std::string, double> metrics = ValidationRun::run("jde:" + out, spec);
    for (const auto& [key, value] : metrics) {
      card.metrics["val." + key] = value;
      std::cerr << "validation " << spec << ": " << key << " = " << value << "\n";
    }
  }
  if (!card.validationData.empty()) JdeModelFile::save(saved, card, out);
  return 0;
}

void addTrainOptions(CLI::App& command, TrainOptions& options) {
  JdeTrainOptions& train = options.train;
  command.add_option("--data", options.data, "training data SPEC: SOURCE[,gt=FILE][,frames=A:B][,every=N][,minvis=V]")
      ->required()
      ->allow_extra_args(false)
      ->type_name("SPEC");
  command.add_option("--val", options.val, "validation data SPEC, tracked and scored after training")
      ->allow_extra_args(false)
      ->type_name("SPEC");
  command.add_option("--out", options.out, "model to write (and MODEL.json, its card)")->required()->type_name("MODEL.pt");
  command.add_option("--teacher", options.teacher, "detector labelling frames without GT")->type_name("DETECTOR");
  command.add_option("--steps", train.steps, "training steps")->check(NumberRange(1, 10000000))->capture_default_str();
  command.add_option("--batch", train.batchSize, "crops per step")->check(NumberRange(1, 1024))->capture_default_str();
  command.add_option("--lr", train.learningRate, "peak learning rate")->check(NumberRange(1e-7, 1.0))->capture_default_str();
  command.add_option("--crop", options.crop, "training crop size (pixels, multiples of 32)")
      ->type_name("WxH")
      ->default_str(std::to_string(train.cropSize.width) + "x" + std::to_string(train.cropSize.height));
  command.add_option("--lambda", train.lambda, "weight of the detectability loss")
      ->check(NumberRange(0.0, 100.0))
      ->capture_default_str();
  command.add_flag("--no-multires", options.noMultires, "train at full size only (no DeepScale++ views)");
  command.add_option("--full-share", train.fullResolutionShare, "share of views at full size (with multi-resolution)")
      ->check(NumberRange(0.0, 1.0))
      ->capture_default_str();
  // Seeds up to 2^53 are exact in the model card (JSON numbers are doubles).
  command.add_option("--seed", train.seed, "random seed")
      ->check(NumberRange(std::int64_t{0}, std::int64_t{1} << 53))
      ->capture_default_str();
  command.add_option("--device", train.device, "where to train")
      ->check(CLI::IsMember({"auto", "cpu", "cuda"}))
      ->capture_default_str();
  command.add_option("--threads", options.threads, "LibTorch CPU threads (0: LibTorch's choice)")
      ->check(NumberRange(0, 256))
      ->capture_default_str();
  options.checkpoint =
      command.add_option("--checkpoint", train.checkpointPath, "checkpoint file (default: MODEL.ckpt)")->type_name("PATH");
  command.add_flag("--resume", train.resume, "continue from the checkpoint when it exists");
  options.csv = command.add_option("--csv", train.lossCsvPath, "loss log (default: MODEL.losses.csv)")->type_name("PATH");
  command.add_option("--name", options.name, "model name in the card (default: MODEL's file name)");
  command.add_option("--description", options.description, "model description in the card")->capture_default_str();
  command.add_option("--init", train.initFrom, "start from this model or checkpoint (fine-tune)")
      ->type_name("MODEL.pt|CKPT");
  command.add_option("--ema", train.emaDecay, "keep and save an exponential moving average of the weights (0: off)")
      ->check(NumberRange(0.0, 0.99999))
      ->capture_default_str();
  command.add_option("--warmup", train.warmupSteps, "learning-rate warm-up (steps)")
      ->check(NumberRange(0, 1000000))
      ->capture_default_str();
  command.add_flag("--relative-size", train.relativeSize, "box size loss relative to the target size");
  command.add_option("--detectability-iou", train.detectabilityMatchIou,
                     "IoU a detection needs with a GT box to count as detected (detectability targets)")
      ->check(NumberRange(0.0, 1.0))
      ->capture_default_str();
  command.add_flag("--detectability-only", train.detectabilityOnly, "train only the detectability head");
  command.add_option("--backbone", train.backboneOnnx, "start the backbone from this ONNX model's graph and weights")
      ->type_name("X.onnx");
  command.add_option("--backbone-taps", options.backboneTaps, "graph values at strides 8,16,32 that feed the neck")
      ->type_name("S8,S16,S32");
  command.add_option("--backbone-stride4-tap", train.architecture.backbone.stride4Tap,
                     "graph value at stride 4 (for --stride-out 4)")
      ->type_name("VALUE");
  command.add_option("--backbone-input", options.backboneInput,
                     "pixels the ONNX model expects: bgr255 (YOLOX), rgb255, rgb-imagenet (normalised)")
      ->check(CLI::IsMember({"bgr255", "rgb255", "rgb-imagenet"}))
      ->capture_default_str();
  command.add_option("--backbone-licence", train.architecture.backbone.licence, "licence of the ONNX model (card)");
  command.add_option("--stride-out", train.architecture.strideOut, "output grid stride (8 needs --backbone)")
      ->check(CLI::IsMember({4, 8}))
      ->capture_default_str();
  command.add_option("--neck", train.architecture.neckChannels, "channels of the aggregated feature map")
      ->check(NumberRange(8, 1024))
      ->capture_default_str();
  command.add_option("--backbone-lr-scale", train.backboneLrScale, "backbone learning rate relative to --lr")
      ->check(NumberRange(0.0, 10.0))
      ->capture_default_str();
  command.add_option("--freeze-backbone", train.freezeBackboneSteps, "steps before the backbone starts learning")
      ->check(NumberRange(0, 10000000))
      ->capture_default_str();
  command.add_option("--reid-teacher", train.reidTeacher, "embedder whose embeddings the ReID branch distils")
      ->type_name("onnx-reid:X.onnx");
  command.add_option("--distill-weight", train.distillWeight, "weight of the ReID distillation term")
      ->check(NumberRange(0.0, 100.0))
      ->capture_default_str();
}

}  // namespace

Command addTrainCommand(CLI::App& cli, int argc, char** argv) {
  CLI::App* command = cli.add_subcommand("train", "train the JDE network and write MODEL.pt + its model card");
  auto options = std::make_shared<TrainOptions>();
  addTrainOptions(*command, *options);
  const std::string line = TrainSupport::commandLine(argc, argv);
  return [options, line] { return runTrain(*options, line); };
}

#else

Command addTrainCommand(CLI::App& cli, int, char**) {
  cli.add_subcommand("train", "train the JDE network (needs LibTorch: not in this build)")->prefix_command();
  return []() -> int {
    throw Error("this edgescope-cli was built without LibTorch (-DEDGESCOPE_WITH_TORCH=OFF); train needs it");
  };
}

#endif

}  // namespace edgescope
