// edgescope-cli train-enhancer --data SPEC… [--target SPEC…] [--val SPEC…] [--detector MODEL.json] [--degrade SPEC]
//   [--out models/turbo_DETECTOR.pt] [--stage-steps 300,600,1500,200] [--batch N] [--lr F] [--d-lr F] [--crop WxH]
//   [--lambda-adv F] [--lambda-pair F] [--hard-threshold F] [--no-adversarial] [--no-instance] [--model-agnostic]
//   [--seed N]
//   [--device D] [--threads N] [--checkpoint PATH] [--resume] [--csv PATH] [--profile-every N] [--val-every N]
// Trains Turbo's enhancer for one frozen JDE detector (issue 21, paper 004 §4): D_f/D_i, adversarial, multi-exit,
// D_f calibration; then scores every exit on --val (clean and degraded twins), builds the gain profile on the
// training frames, and writes turbo_DETECTOR.pt + .json bound to the detector card's sha256.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/Commands.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_TORCH
#include "cli/DeepScaleOptions.h"
#include "cli/ProgressLine.h"
#include "cli/TrainSupport.h"
#include "cli/TurboEvaluation.h"
#include "common/NumberRange.h"
#include "detect/ComponentSpec.h"
#include "neural/JdeModelFile.h"
#include "neural/TorchRuntime.h"
#include "neural/TurboModelFile.h"
#include "neural/TurboTrainer.h"
#include "source/SourceFactory.h"
#include "turbo/TurboCard.h"
#include "util/ModelFolders.h"
#endif

namespace edgescope {

#ifdef EDGESCOPE_HAVE_TORCH
namespace {

struct TrainEnhancerOptions {
  std::vector<std::string> data, target, val;
  std::string detector;  ///< card path; empty: the default network
  std::string degrade = "seed=1,share=1";
  std::string out;
  std::string stageSteps = "300,600,1500,200";
  std::string crop = "384x288";
  int threads = 0;
  int profileEvery = 3;
  int valEvery = 1;
  std::string init;  ///< --init: an enhancer to start from
  std::string name, description = "EdgeScope Turbo enhancer (multi-exit U-Net decoder on the detector's backbone)";
  TurboTrainOptions train;
};

/// The detector card named by --detector, or the default network's ("jde:NAME.json?…" specs resolved).
std::string detectorCardPath(const std::string& given) {
  std::string spec = given.empty() ? DeepScaleOptions::defaultDetector() : given;
  if (spec.rfind("jde:", 0) == 0) spec = spec.substr(4);
  spec = spec.substr(0, spec.find('?'));
  if (std::filesystem::exists(spec)) return spec;
  for (const std::string& folder : ModelFolders::search())
    if (std::filesystem::exists(folder + "/" + spec)) return folder + "/" + spec;
  throw Error("--detector: no model card '" + spec + "' here or in the model folders");
}

/// Frames of @p specs without labels (calibration only), every frame each spec reads.
std::vector<cv::Mat> targetFrames(const std::vector<std::string>& specs) {
  std::vector<cv::Mat> frames;
  for (const std::string& text : specs) {
    const TrainingSetLoader::Spec spec = TrainingSetLoader::parseSpec(text);
    auto source = SourceFactory::open(spec.source, "");
    if (spec.first > 1 && !source->seek(spec.first)) {
      SourceFrame skip;
      for (std::int64_t i = 1; i < spec.first; ++i)
        if (source->read(skip, 0) != ReadStatus::Frame) break;
    }
    SourceFrame frame;
    while (source->read(frame, 0) == ReadStatus::Frame && (spec.last < 0 || frame.frame.number <= spec.last))
      if ((frame.frame.number - spec.first) % spec.every == 0) frames.push_back(frame.frame.image.clone());
  }
  return frames;
}

int runTrainEnhancer(TrainEnhancerOptions& options, const std::string& command) {
  TorchRuntime::configure(options.threads);
  {
    int s[4];
    char trailing = 0;
    if (std::sscanf(options.stageSteps.c_str(), "%d,%d,%d,%d%c", &s[0], &s[1], &s[2], &s[3], &trailing) != 4 ||
        s[0] < 0 || s[1] < 0 || s[2] < 0 || s[3] < 0)
      throw Error("--stage-steps: '" + options.stageSteps + "' is not four step counts A,B,C,D");
    for (int i = 0; i < 4; ++i) options.train.stageSteps[static_cast<std::size_t>(i)] = s[i];
    int w = 0, h = 0;
    if (std::sscanf(options.crop.c_str(), "%dx%d%c", &w, &h, &trailing) != 2 || w <= 0 || h <= 0 || w % 32 || h % 32)
      throw Error("--crop: '" + options.crop + "' is not WxH with multiples of 32");
    options.train.cropSize = {w, h};
  }
  options.train.degrade = DegradationSpec::parse(options.degrade);
  const std::string detectorCard = detectorCardPath(options.detector);
  JdeModel detector = JdeModelFile::load(detectorCard);
  const std::string detectorName = std::filesystem::path(detectorCard).stem().string();
  std::string out = options.out.empty() ? "models/turbo_" + detectorName + ".pt" : options.out;
  if (out.size() < 4 || out.compare(out.size() - 3, 3, ".pt") != 0) throw Error("--out must name a .pt file");
  TrainingSetLoader::Result data = TrainSupport::loadData(options.data, nullptr, "train");
  TrainingSetLoader::Result valData;
  if (!options.val.empty()) valData = TrainSupport::loadData(options.val, nullptr, "validation");
  const std::vector<cv::Mat> target = targetFrames(options.target);
  std::cerr << "Turbo training for " << detectorCard << " on " << data.samples.size() << " frames (" << target.size()
            << " target frames), " << TorchRuntime::describe() << "\n";
  if (options.train.checkpointPath.empty()) options.train.checkpointPath = "build/train/" + std::filesystem::path(out).stem().string() + ".ckpt";
  if (options.train.lossCsvPath.empty()) options.train.lossCsvPath = out.substr(0, out.size() - 3) + ".losses.csv";
  TurboNet init{nullptr};
  if (!options.init.empty()) init = TurboModelFile::load(options.init, detector).net;
  TurboTrainer trainer(options.train, detector.net, data.samples, target, init);
  std::unique_ptr<ProgressLine> progress;
  TurboTrainResult trained = trainer.train(
      [&](const TurboTrainProgress& p) {
        if (!progress) progress = std::make_unique<ProgressLine>("train-enhancer", p.totalSteps - p.firstStep);
        char suffix[200];
        if (options.train.modelAgnostic)
          std::snprintf(suffix, sizeof suffix, "stage %d step %lld/%lld L1 %.4f D %.3f hard %.2f", p.stage,
                        static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.pixel, p.discriminator,
                        p.hardShare);
        else
          std::snprintf(suffix, sizeof suffix, "stage %d step %lld/%lld L_d %.3f adv %.3f pair %.3f D %.3f hard %.2f",
                        p.stage, static_cast<long long>(p.step), static_cast<long long>(p.totalSteps), p.detection,
                        p.adversarial, p.pair, p.discriminator, p.hardShare);
        progress->setSuffix(suffix);
        progress->update(p.step - p.firstStep);
      },
      [](const std::string& message) { std::cerr << "\n" << message << "\n"; });
  if (progress) progress->finish();

  TurboCard card;
  card.name = options.name.empty() ? std::filesystem::path(out).stem().string() : options.name;
  card.description = options.description;
  card.bindDetector(detectorCard);
  card.architecture = TurboModelFile::architectureOf(trained.net->config());
  card.levelValues = detector.net->levelValues();
  card.levelChannels = detector.net->levelChannels();
  card.exits = trained.net->exits();
  card.hardThreshold = options.train.hardThreshold;
  card.calibration.a = trained.calibrationA;
  card.calibration.b = trained.calibrationB;
  card.training.command = command;
  card.training.data = options.data;
  card.training.targetData = options.target;
  card.training.validationData = options.val;
  for (int i = 0; i < 4; ++i) card.training.stageSteps[static_cast<std::size_t>(i)] = options.train.stageSteps[static_cast<std::size_t>(i)];
  card.training.seed = options.train.seed;
  card.training.device = TorchRuntime::describe();
  card.training.seconds = trained.seconds;
  card.training.created = TrainSupport::utcNow();
  card.training.noAdversarial = options.train.noAdversarial;
  card.training.noInstance = options.train.noInstance;
  card.training.modelAgnostic = options.train.modelAgnostic;
  card.training.notes = {
      "degraded twins: " + options.train.degrade.toString() + " (one random kind and strength per crop, " +
          std::to_string(options.train.degradedShare) + " of the batch; the rest clean)",
      "the detector is frozen (eval mode, no gradients) and checked unchanged at the end",
      "D_f calibration: Platt scaling of its logit against Eq. 1 labels of the target frames and a degraded twin each "
      "(accuracy " + std::to_string(trained.discriminatorAccuracy) + ")"};
  if (!options.init.empty()) card.training.notes.push_back("started from the weights of " + options.init);
  if (options.train.modelAgnostic)
    card.training.notes.push_back(
        "model-agnostic ablation: a trainable copy of the detector's encoder feeds the decoder; only the full image is "
        "trained, by pixel L1 to the clean twin (no detection loss, no adversarial or pair term); every exit runs as "
        "the full exit");
  if (options.train.frameLabels != "eq1")
    card.training.notes.push_back("D_f trained on " + options.train.frameLabels +
                                  " labels (hard: fewer than 80 % of the labelled people score the floor at their centre)");
  card.validation["train.seconds"] = trained.seconds;
  card.validation["calibration.accuracy"] = trained.discriminatorAccuracy;
  JdeInference base(detector.net, torch::kCPU, JdeInference::Options{});
  base.options().embeddings = false;
  TurboInference inference(base, trained.net, trained.calibrationA, trained.calibrationB);
  {
    ProgressLine line("gain profile", -1);
    const TurboEvaluationResult profile = TurboEvaluation::run(
        inference, data.samples, options.profileEvery, options.train.degrade, options.train.scoreFloor,
        [&](int done, int) { line.update(done); });
    line.finish();
    card.gainProfile = profile.gain;
    for (const auto& [key, value] : profile.metrics()) card.validation["train." + key] = value;
  }
  if (!valData.samples.empty()) {
    ProgressLine line("validation", -1);
    const TurboEvaluationResult val = TurboEvaluation::run(inference, valData.samples, options.valEvery,
                                                           options.train.degrade, options.train.scoreFloor,
                                                           [&](int done, int) { line.update(done); });
    line.finish();
    for (const auto& [key, value] : val.metrics()) card.validation["val." + key] = value;
    std::printf("validation (%d frames, clean and degraded twins): AP50 by exit\n", val.frames / 2);
    for (std::size_t e = 0; e < val.ap50Clean.size(); ++e)
      std::printf("  exit %zu  clean %5.1f  degraded %5.1f\n", e, val.ap50Clean[e], val.ap50Degraded[e]);
    std::printf("  D_f AUROC %.3f (Eq. 1 confidence %.3f) against %d oracle-hard of %d\n", val.discriminatorAuroc,
                val.confidenceAuroc, val.oracleHard, val.frames);
  }
  TurboModelFile::save(trained.net, card, out);
  std::printf("wrote %s and %s (%.0f s)\n", out.c_str(), TurboCard::cardPathFor(out).c_str(), trained.seconds);
  return 0;
}

void addOptions(CLI::App& command, TrainEnhancerOptions& options) {
  TurboTrainOptions& t = options.train;
  command.add_option("--data", options.data, "labelled training data SPEC (as for train), degraded in pairs")
      ->required()->type_name("SPEC");
  command.add_option("--target", options.target, "deployment frames without GT (D_f calibration only)")->type_name("SPEC");
  command.add_option("--val", options.val, "validation data SPEC (card numbers; never used to choose anything)")
      ->type_name("SPEC");
  command.add_option("--detector", options.detector, "the detector's card (default: the default network)")
      ->type_name("MODEL.json");
  command.add_option("--degrade", options.degrade, "kinds and strengths of the degraded twins (share unused)")
      ->capture_default_str()->type_name("SPEC");
  command.add_option("--out", options.out, "enhancer to write (default models/turbo_DETECTOR.pt, and its .json)")
      ->type_name("MODEL.pt");
  command.add_option("--stage-steps", options.stageSteps, "steps of stages 0 (D), 1 (GAN), 2 (multi-exit), 3 (calibration)")
      ->capture_default_str()->type_name("A,B,C,D");
  command.add_option("--batch", t.batchSize, "crops per step")->check(NumberRange(1, 256))->capture_default_str();
  command.add_option("--lr", t.learningRate, "decoder learning rate (Adam)")->check(NumberRange(1e-7, 1.0))->capture_default_str();
  command.add_option("--d-lr", t.discriminatorLearningRate, "D_f/D_i learning rate")->check(NumberRange(1e-7, 1.0))->capture_default_str();
  command.add_option("--crop", options.crop, "training crop size")->capture_default_str()->type_name("WxH");
  command.add_option("--degraded-share", t.degradedShare, "share of degraded crops in a batch")
      ->check(NumberRange(0.0, 1.0))->capture_default_str();
  command.add_option("--lambda-adv", t.lambdaAdversarial, "weight of L_S1 in stage 2")->check(NumberRange(0.0, 100.0))->capture_default_str();
  command.add_option("--lambda-pair", t.lambdaPair, "weight of the clean-twin distance in stage 2")
      ->check(NumberRange(0.0, 100.0))->capture_default_str();
  command.add_option("--hard-threshold", t.hardThreshold, "Eq. 1: d = 1 − mean confidence at or above this is hard")
      ->check(NumberRange(0.0, 1.0))->capture_default_str();
  command.add_flag("--no-adversarial", t.noAdversarial, "ablation: no GAN loss");
  command.add_flag("--no-instance", t.noInstance, "ablation: no instance discriminator D_i");
  command.add_flag(
      "--model-agnostic", t.modelAgnostic,
      "ablation: pixel L1 to the clean frame with a trainable copy of the encoder, no L_d (full exit only)");
  command.add_option("--frame-labels", t.frameLabels, "D_f's labels: eq1 (paper) or recall (missed labelled people)")
      ->check(CLI::IsMember({"eq1", "recall"}))->capture_default_str();
  command.add_option("--init", options.init, "start from this enhancer's weights (same architecture)")->type_name("MODEL.json");
  command.add_option("--seed", t.seed, "random seed")->capture_default_str();
  command.add_option("--device", t.device, "where to train")->check(CLI::IsMember({"auto", "cpu", "cuda"}))->capture_default_str();
  command.add_option("--threads", options.threads, "LibTorch CPU threads (0: LibTorch's choice)")->check(NumberRange(0, 256));
  command.add_option("--checkpoint", t.checkpointPath, "checkpoint file (default build/train/NAME.ckpt)");
  command.add_flag("--resume", t.resume, "continue from the checkpoint when it exists");
  command.add_option("--csv", t.lossCsvPath, "loss log (default MODEL.losses.csv)");
  command.add_option("--profile-every", options.profileEvery, "gain profile on every Nth training frame")
      ->check(NumberRange(1, 100000))->capture_default_str();
  command.add_option("--val-every", options.valEvery, "score every Nth validation frame")
      ->check(NumberRange(1, 100000))->capture_default_str();
  command.add_option("--name", options.name, "name in the card (default: the file name)");
  command.add_option("--description", options.description, "description in the card")->capture_default_str();
}

}  // namespace

Command addTrainEnhancerCommand(CLI::App& cli, int argc, char** argv) {
  CLI::App* command = cli.add_subcommand("train-enhancer", "train Turbo's enhancer for a detector (turbo_DETECTOR.pt + card)");
  auto options = std::make_shared<TrainEnhancerOptions>();
  addOptions(*command, *options);
  const std::string line = TrainSupport::commandLine(argc, argv);
  return [options, line] { return runTrainEnhancer(*options, line); };
}

#else

Command addTrainEnhancerCommand(CLI::App& cli, int, char**) {
  cli.add_subcommand("train-enhancer", "train Turbo's enhancer (needs LibTorch: not in this build)")->prefix_command();
  return []() -> int {
    throw Error("this edgescope-cli was built without LibTorch (-DEDGESCOPE_WITH_TORCH=OFF); train-enhancer needs it");
  };
}

#endif

}  // namespace edgescope
