// edgescope-cli train --data SPEC [--data SPEC…] [--val SPEC…] --out MODEL.pt [--teacher DETECTOR] [--steps N]
//   [--batch N] [--lr F] [--crop WxH] [--lambda F] [--no-multires] [--full-share F] [--seed N] [--device auto|cpu|cuda]
//   [--threads N] [--checkpoint PATH] [--resume] [--csv PATH] [--name NAME] [--description TEXT]
// Trains EdgeScope's JDE network (paper 000) and writes MODEL.pt + MODEL.json (model card with the exact command,
// data, validation metrics and sha256). SPEC: SOURCE[,gt=PATH][,frames=A:B][,every=N][,minvis=V].
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/ProgressLine.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_TORCH
#include "cli/ValidationRun.h"
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

double getDouble(const CliOptions& options, const std::string& name, double fallback, double lo, double hi) {
  if (!options.has(name)) return fallback;
  const std::string text = options.get(name);
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !(v >= lo && v <= hi))
    throw Error("option --" + name + " must be a number in [" + std::to_string(lo) + ", " + std::to_string(hi) +
                "], got '" + text + "'");
  return v;
}

std::string commandLine(int argc, char** argv) {
  std::string line = "edgescope-cli";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool quote = arg.find_first_of(" ;&?*") != std::string::npos;
    line += " " + (quote ? "'" + arg + "'" : arg);
  }
  return line;
}

std::string utcNow() {
  const std::time_t now = std::time(nullptr);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return text;
}

TrainingSetLoader::Result loadData(const std::vector<std::string>& specs, Detector* teacher, const char* what) {
  std::unique_ptr<ProgressLine> line;
  std::string current;
  const TrainingSetLoader loader(teacher);
  TrainingSetLoader::Result result = loader.load(specs, [&](const std::string& spec, std::int64_t done, std::int64_t total) {
    if (spec != current) {
      if (line) line->finish();
      current = spec;
      line = std::make_unique<ProgressLine>(std::string("reading ") + what + " " + spec, total);
    }
    line->update(done);
  });
  if (line) line->finish();
  for (const auto& entry : result.log) std::cerr << what << ": " << entry << "\n";
  return result;
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

}  // namespace

int runTrainCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2,
                           {"data", "val", "out", "teacher", "steps", "batch", "lr", "crop", "lambda", "seed",
                            "device", "threads", "checkpoint", "csv", "name", "description", "full-share", "init",
                            "ema", "warmup", "detectability-iou"},
                           {"no-multires", "resume", "relative-size", "detectability-only"});
  const std::vector<std::string> dataSpecs = options.getAll("data");
  if (dataSpecs.empty()) throw Error("missing required option --data (training data spec)");
  const std::string out = options.get("out");
  if (out.size() < 4 || out.compare(out.size() - 3, 3, ".pt") != 0) throw Error("--out must name a .pt file");
  NeuralDetectors::registerAll();
  TorchRuntime::configure(static_cast<int>(options.getInt("threads", 0, 0, 256)));

  JdeTrainOptions train;
  train.steps = static_cast<int>(options.getInt("steps", train.steps, 1, 10000000));
  train.batchSize = static_cast<int>(options.getInt("batch", train.batchSize, 1, 1024));
  train.learningRate = getDouble(options, "lr", train.learningRate, 1e-7, 1.0);
  train.lambda = getDouble(options, "lambda", train.lambda, 0.0, 100.0);
  train.multiResolution = !options.has("no-multires");
  train.fullResolutionShare = getDouble(options, "full-share", train.fullResolutionShare, 0.0, 1.0);
  // Seeds up to 2^53 are exact in the model card (JSON numbers are doubles).
  train.seed = static_cast<std::uint64_t>(options.getInt("seed", 1, 0, std::int64_t{1} << 53));
  train.device = options.get("device", "auto");
  train.checkpointPath = options.get("checkpoint", (out.substr(0, out.size() - 3) + ".ckpt").c_str());
  train.resume = options.has("resume");
  train.initFrom = options.get("init", "");
  train.emaDecay = getDouble(options, "ema", 0.0, 0.0, 0.99999);
  train.warmupSteps = static_cast<int>(options.getInt("warmup", train.warmupSteps, 0, 1000000));
  train.relativeSize = options.has("relative-size");
  train.detectabilityOnly = options.has("detectability-only");
  train.detectabilityMatchIou =
      static_cast<float>(getDouble(options, "detectability-iou", train.detectabilityMatchIou, 0.0, 1.0));
  train.lossCsvPath = options.get("csv", (out.substr(0, out.size() - 3) + ".losses.csv").c_str());
  if (options.has("crop")) {
    int w = 0, h = 0;
    if (std::sscanf(options.get("crop").c_str(), "%dx%d", &w, &h) != 2) throw Error("--crop must be WxH");
    train.cropSize = {w, h};
  }

  std::unique_ptr<Detector> teacher;
  if (options.has("teacher")) teacher = DetectorFactory::create(options.get("teacher"));
  TrainingSetLoader::Result data = loadData(dataSpecs, teacher.get(), "train");
  std::cerr << "training on " << data.samples.size() << " frames, " << data.identities << " identities, "
            << TorchRuntime::describe() << "\n";

  JdeTrainer trainer(train, data.samples, data.identities);
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
  card.name = options.get("name", std::filesystem::path(out).stem().string().c_str());
  card.description = options.get("description", "EdgeScope JDE network (FairMOT-style, DeepScale detectability head)");
  card.trainingCommand = commandLine(argc, argv);
  const bool initFromModel = !train.initFrom.empty() && !JdeTrainer::isCheckpointPath(train.initFrom);
  if (train.resume || !train.initFrom.empty()) carryEarlierPhases(initFromModel ? train.initFrom : out, card);
  card.trainingData = dataSpecs;
  card.validationData = options.getAll("val");
  card.trainingSteps = train.steps;
  card.batchSize = train.batchSize;
  card.seed = train.seed;
  card.trainedOn = TorchRuntime::describe() + ", device " + trainer.deviceName();
  card.trainingSeconds = trainer.trainingSeconds();
  card.createdUtc = utcNow();
  card.metrics["loss.final"] = trainer.finalLoss();
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

#else

int runTrainCommand(int, char**) {
  throw Error("this edgescope-cli was built without LibTorch (-DEDGESCOPE_WITH_TORCH=OFF); train needs it");
}

#endif

}  // namespace edgescope
