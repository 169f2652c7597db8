#include "neural/TurboTrainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "degrade/ImageDegrader.h"
#include "neural/JdeBatchBuilder.h"
#include "neural/JdeModelFile.h"
#include "neural/TorchRuntime.h"
#include "neural/TrainingAugmenter.h"
#include "neural/TurboObjective.h"
#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

namespace F = torch::nn::functional;

double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

torch::Tensor bce(const torch::Tensor& logits, const torch::Tensor& easy) {
  return F::binary_cross_entropy_with_logits(logits.view(-1), easy.to(logits.dtype()).view(-1));
}

FrameDegradation randomDegradation(const DegradationSpec& spec, Rng& rng) {
  FrameDegradation d;
  d.kind = spec.kinds.at(static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(spec.kinds.size()) - 1)));
  d.strength = rng.uniform(spec.strengthMin, spec.strengthMax);
  return d;
}

std::vector<torch::Tensor> pick(const std::vector<torch::Tensor>& levels, const torch::Tensor& index) {
  std::vector<torch::Tensor> out;
  for (const torch::Tensor& level : levels) out.push_back(level.index_select(0, index));
  return out;
}

/// Drops the gradients (PyTorch's set_to_none): a parameter outside this step's graph (an exit not sampled) is then
/// not moved by its optimiser's momentum, and a resumed run, whose gradients start undefined, matches an
/// uninterrupted one.
void clearGradients(const std::vector<torch::Tensor>& parameters) {
  for (const torch::Tensor& p : parameters) const_cast<torch::Tensor&>(p).mutable_grad() = torch::Tensor();
}

JdeEncoding pick(const JdeEncoding& e, const torch::Tensor& index) { return {pick(e.levels, index), pick(e.features, index)}; }

JdeNetOutput pick(const JdeNetOutput& o, const torch::Tensor& index) {
  JdeNetOutput out;
  out.heatmapLogits = o.heatmapLogits.index_select(0, index);
  out.reidHidden = o.reidHidden.index_select(0, index);
  return out;
}

}  // namespace

struct TurboTrainer::Batch {
  JdeBatch clean, degraded;
  torch::Tensor exits;  ///< N longs in 1 … β
};

TurboTrainer::TurboTrainer(TurboTrainOptions options, JdeNet detector, const std::vector<TrainingSample>& samples,
                           std::vector<cv::Mat> targetFrames, TurboNet init)
    : options_(std::move(options)),
      detector_(std::move(detector)),
      samples_(samples),
      targetFrames_(std::move(targetFrames)),
      init_(std::move(init)),
      device_(TorchRuntime::resolveDevice(options_.device)) {
  if (options_.frameLabels != "eq1" && options_.frameLabels != "recall")
    throw Error("Turbo training: frame labels '" + options_.frameLabels + "' are not eq1 or recall");
  if (samples_.empty()) throw Error("Turbo training: the training set is empty");
  if (options_.degrade.kinds.empty()) throw Error("Turbo training: --degrade names no kind (nothing would be hard)");
  if (options_.cropSize.width % 32 != 0 || options_.cropSize.height % 32 != 0)
    throw Error("Turbo training: the crop size must be a multiple of 32");
}

TurboTrainer::Batch TurboTrainer::makeBatch(std::int64_t step) const {
  Rng rng(Rng::mix(options_.seed, static_cast<std::uint64_t>(step)));
  TrainingAugmenter::Options augmentOptions;
  augmentOptions.cropSize = options_.cropSize;
  augmentOptions.multiResolution = false;
  augmentOptions.gridStride = detector_->config().strideOut;
  const TrainingAugmenter augmenter(augmentOptions);
  std::vector<AugmentedView> clean, degraded;
  std::vector<int64_t> exits;
  for (int b = 0; b < options_.batchSize; ++b) {
    const TrainingSample& sample = samples_[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(samples_.size()) - 1))];
    AugmentedView view = augmenter.augment(sample, rng);
    AugmentedView twin = view;
    if (rng.uniform() < options_.degradedShare)
      twin.image = ImageDegrader::apply(view.image, randomDegradation(options_.degrade, rng), rng.nextU64());
    clean.push_back(std::move(view));
    degraded.push_back(std::move(twin));
    exits.push_back(rng.uniformInt(1, detector_->encoderLevels()));
  }
  Batch batch;
  batch.clean = JdeBatchBuilder::to(JdeBatchBuilder::build(std::move(clean), detector_->config()), device_);
  batch.degraded = JdeBatchBuilder::to(JdeBatchBuilder::build(std::move(degraded), detector_->config()), device_);
  batch.exits = torch::tensor(exits, torch::kLong);
  return batch;
}

TurboTrainResult TurboTrainer::train(const ProgressCallback& onProgress, const MessageCallback& onMessage) {
  torch::manual_seed(options_.seed);
  detector_->eval();
  for (torch::Tensor& p : detector_->parameters()) p.set_requires_grad(false);
  detector_->to(device_);
  std::vector<torch::Tensor> detectorBefore;
  for (const torch::Tensor& t : JdeModelFile::tensorsOf(*detector_)) detectorBefore.push_back(t.detach().clone());
  const int beta = detector_->encoderLevels();
  TurboNetConfig architecture = options_.architecture;
  architecture.imageScale = 1.0 / detector_->config().stdRgb[0];
  architecture.ownEncoder = options_.modelAgnostic;
  TurboNet turbo(detector_->levelChannels(), architecture);
  if (options_.modelAgnostic) {  // a trainable copy of the detector's encoder, starting from its weights
    JdeNet encoder(detector_->config());
    JdeModelFile::copyWeights(*detector_, *encoder, "Turbo training: the model-agnostic encoder");
    for (torch::Tensor& p : encoder->newParameters()) p.set_requires_grad(false);  // neck and heads never run
    turbo->attachEncoder(encoder);
  }
  if (init_) JdeModelFile::copyWeights(*init_, *turbo, "Turbo training: --init");
  turbo->to(device_);
  torch::optim::Adam generatorAdam(turbo->generatorParameters(), torch::optim::AdamOptions(options_.learningRate));
  std::vector<torch::Tensor> dParams = turbo->frameDiscriminatorParameters();
  for (const torch::Tensor& p : turbo->instanceDiscriminatorParameters()) dParams.push_back(p);
  torch::optim::Adam discriminatorAdam(dParams, torch::optim::AdamOptions(options_.discriminatorLearningRate).betas({0.5, 0.999}));

  const std::int64_t total = options_.stageSteps[0] + options_.stageSteps[1] + options_.stageSteps[2];
  std::int64_t step = 0;
  double previousSeconds = 0.0;
  if (options_.resume && !options_.checkpointPath.empty() && std::filesystem::exists(options_.checkpointPath)) {
    try {
      torch::serialize::InputArchive archive, netArchive, gArchive, dArchive;
      archive.load_from(options_.checkpointPath, device_);
      archive.read("turbo", netArchive);
      archive.read("generator_adam", gArchive);
      archive.read("discriminator_adam", dArchive);
      turbo->load(netArchive);
      generatorAdam.load(gArchive);
      discriminatorAdam.load(dArchive);
      torch::Tensor value;
      archive.read("step", value);
      step = value.item<int64_t>();
      archive.read("seconds", value);
      previousSeconds = value.item<double>();
    } catch (const c10::Error& e) {
      throw Error("cannot resume from checkpoint " + options_.checkpointPath + " (corrupt or another architecture): " +
                  e.what_without_backtrace());
    }
    if (onMessage) onMessage("resumed from " + options_.checkpointPath + " at step " + std::to_string(step));
  }
  std::ofstream csv;
  if (!options_.lossCsvPath.empty()) {
    const bool append = step > 0 && std::filesystem::exists(options_.lossCsvPath);
    const std::filesystem::path parent = std::filesystem::path(options_.lossCsvPath).parent_path();
    std::error_code ignored;  // an unwritable folder is reported by the open below
    if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
    csv.open(options_.lossCsvPath, append ? std::ios::app : std::ios::trunc);
    if (!csv) throw Error("cannot write loss CSV " + options_.lossCsvPath);
    if (!append) csv << "step,stage,detection,adversarial,pair,discriminator,hard_share,seconds,pixel\n";
  }
  const double start = nowSeconds();
  const std::int64_t firstStep = step;
  // The first kHardCheckSteps steps (stage 0) must meet a hard degraded frame, or nothing can be learnt.
  const std::int64_t hardCheckSteps = std::min<std::int64_t>(kHardCheckSteps, options_.stageSteps[0]);
  double hardSeen = 0.0;
  const bool adversarialTerm = !options_.noAdversarial && !options_.modelAgnostic;
  turbo->train();
  for (; step < total && !stop_; ++step) {
    const int stage = step < options_.stageSteps[0] ? 0 : step < options_.stageSteps[0] + options_.stageSteps[1] ? 1 : 2;
    torch::manual_seed(Rng::mix(options_.seed, static_cast<std::uint64_t>(step) + 0x7u));
    const Batch batch = makeBatch(step);
    const JdeBatchTargets& targets = batch.clean.targets;
    JdeEncoding encC, encD;
    JdeNetOutput outC, outD;
    torch::Tensor easyC, easyD, instanceEasyC, instanceEasyD, boxes, flat;
    {
      torch::NoGradGuard noGrad;
      encC = detector_->encode(batch.clean.images);
      outC = detector_->heads(encC.features, false);
      encD = detector_->encode(batch.degraded.images);
      outD = detector_->heads(encD.features, false);
      const torch::Tensor hasPeople = targets.mask.sum(1).gt(0);
      if (options_.frameLabels == "recall") {
        easyC = TurboObjective::recallEasy(outC.heatmapLogits, targets, options_.scoreFloor);
        easyD = TurboObjective::recallEasy(outD.heatmapLogits, targets, options_.scoreFloor);
      } else {
        easyC = TurboObjective::frameDifficulty(outC.heatmapLogits, options_.scoreFloor, hasPeople).lt(options_.hardThreshold);
        easyD = TurboObjective::frameDifficulty(outD.heatmapLogits, options_.scoreFloor, hasPeople).lt(options_.hardThreshold);
      }
      boxes = TurboObjective::instanceBoxes(targets, detector_->config().strideOut, &flat);
      instanceEasyC = TurboObjective::instanceScores(outC.heatmapLogits, targets).flatten().index_select(0, flat).ge(options_.instanceEasyScore);
      instanceEasyD = TurboObjective::instanceScores(outD.heatmapLogits, targets).flatten().index_select(0, flat).ge(options_.instanceEasyScore);
    }
    const torch::IntArrayRef inputSize = batch.clean.images.sizes().slice(2);
    auto discriminatorLoss = [&](const torch::Tensor& l5, const torch::Tensor& l3, const torch::Tensor& frameEasy,
                                 const torch::Tensor& instanceEasy) {
      torch::Tensor loss = bce(turbo->frameLogits(l5), frameEasy);
      if (!options_.noInstance && boxes.size(0) > 0)
        loss = loss + bce(turbo->instanceLogits(l3, boxes, inputSize), instanceEasy);
      return loss;
    };
    TurboTrainProgress p;
    p.stage = stage;
    torch::Tensor fakeL5, fakeL3;
    if (options_.modelAgnostic && stage == 2) {
      // Model-agnostic: the full image from the own encoder's levels, pixel L1 to the clean twin.
      clearGradients(turbo->parameters());
      const torch::Tensor image = turbo->enhance(turbo->decoderLevels(encD.levels), beta);
      const torch::Tensor pixel = (image - batch.clean.images).abs().mean();
      if (!std::isfinite(pixel.item<double>()))
        throw Error("Turbo training diverged at step " + std::to_string(step) + " (loss is not finite); lower --lr");
      pixel.backward();
      clearGradients(dParams);
      generatorAdam.step();
      p.pixel = pixel.item<double>();
    }
    // Stage 1 trains the generator on L_S1 alone: without the adversarial term (ablation) it has nothing to learn.
    if (!options_.modelAgnostic && (stage == 2 || (stage == 1 && adversarialTerm))) {
      // Generator: every element through its sampled exit, groups of the same exit batched.
      clearGradients(turbo->parameters());
      torch::Tensor detection = torch::zeros({}, batch.clean.images.options());
      torch::Tensor pair = torch::zeros({}, batch.clean.images.options());
      std::vector<torch::Tensor> order, l5s, l3s;
      const double n = static_cast<double>(options_.batchSize);
      for (int exit = 1; exit <= beta; ++exit) {
        const torch::Tensor index = batch.exits.eq(exit).nonzero().squeeze(1).to(device_);
        if (index.numel() == 0) continue;
        std::vector<torch::Tensor> levels = pick(encD.levels, index);
        const torch::Tensor enhanced = turbo->enhance(levels, exit);
        levels.resize(static_cast<std::size_t>(beta - exit + 1));
        levels.back() = enhanced;
        const JdeEncoding encE = detector_->encodeFrom(beta - exit, levels);
        order.push_back(index);
        l5s.push_back(encE.levels[static_cast<std::size_t>(beta)]);
        l3s.push_back(encE.levels[3]);
        if (stage == 2) {
          const JdeNetOutput outE = detector_->heads(encE.features, false);
          const JdeBatchTargets group = TurboObjective::select(targets, index);
          const double share = static_cast<double>(index.numel()) / n;
          detection = detection + share * TurboObjective::detectionLoss(outE, group);
          pair = pair + share * TurboObjective::pairLoss(encE, outE, pick(encC, index), pick(outC, index), group);
        }
      }
      const torch::Tensor all = torch::cat(order);
      fakeL5 = torch::zeros_like(encD.levels[static_cast<std::size_t>(beta)]).index_copy(0, all, torch::cat(l5s));
      fakeL3 = torch::zeros_like(encD.levels[3]).index_copy(0, all, torch::cat(l3s));
      torch::Tensor adversarial = torch::zeros({}, batch.clean.images.options());
      if (adversarialTerm) {
        adversarial = F::softplus(-turbo->frameLogits(fakeL5)).mean();
        if (!options_.noInstance && boxes.size(0) > 0)
          adversarial = adversarial + F::softplus(-turbo->instanceLogits(fakeL3, boxes, inputSize)).mean();
      }
      const torch::Tensor objective = detection + options_.lambdaAdversarial * adversarial + options_.lambdaPair * pair;
      if (!std::isfinite(objective.item<double>()))
        throw Error("Turbo training diverged at step " + std::to_string(step) + " (loss is not finite); lower --lr");
      objective.backward();
      // The Ds' gradients from the generator's objective are not theirs to follow.
      clearGradients(dParams);
      generatorAdam.step();
      p.detection = detection.item<double>();
      p.adversarial = adversarial.item<double>();
      p.pair = pair.item<double>();
    }
    // Discriminators: real frames labelled by Eq. 1; enhanced ones count as hard (they are G's, Eq. 2–3).
    clearGradients(turbo->parameters());
    torch::Tensor dLoss = discriminatorLoss(encC.levels[static_cast<std::size_t>(beta)], encC.levels[3], easyC, instanceEasyC) +
                          discriminatorLoss(encD.levels[static_cast<std::size_t>(beta)], encD.levels[3], easyD, instanceEasyD);
    if (fakeL5.defined() && adversarialTerm)
      dLoss = dLoss + discriminatorLoss(fakeL5.detach(), fakeL3.detach(), torch::zeros_like(easyD),
                                        torch::zeros_like(instanceEasyD));
    dLoss.backward();
    discriminatorAdam.step();
    p.discriminator = dLoss.item<double>();
    p.hardShare = 1.0 - easyD.to(torch::kFloat).mean().item<double>();
    hardSeen += p.hardShare;
    if (firstStep == 0 && step + 1 == hardCheckSteps && hardSeen <= 0.0) {
      throw Error(
          "Turbo training: the training set has no hard frame: the detector found every degraded frame of "
          "the first " +
          std::to_string(hardCheckSteps) + " batches easy (" +
          (options_.frameLabels == "recall" ? std::string("recall labels")
                                            : "d < hard threshold " + std::to_string(options_.hardThreshold)) +
          "); raise --degrade share or strength, or add data with people");
    }
    p.step = step + 1;
    p.totalSteps = total;
    p.firstStep = firstStep;
    p.elapsedSeconds = previousSeconds + nowSeconds() - start;
    const double perStep = (nowSeconds() - start) / static_cast<double>(step + 1 - firstStep);
    p.etaSeconds = perStep * static_cast<double>(total - step - 1);
    if (csv) {
      csv << p.step << ',' << stage << ',' << p.detection << ',' << p.adversarial << ',' << p.pair << ','
          << p.discriminator << ',' << p.hardShare << ',' << p.elapsedSeconds << ',' << p.pixel << '\n';
      csv.flush();
    }
    if (onProgress) onProgress(p);
    const bool last = step + 1 == total;
    if (!options_.checkpointPath.empty() && ((step + 1) % options_.checkpointEverySteps == 0 || last || stop_)) {
      torch::serialize::OutputArchive archive, netArchive, gArchive, dArchive;
      turbo->save(netArchive);
      generatorAdam.save(gArchive);
      discriminatorAdam.save(dArchive);
      archive.write("turbo", netArchive);
      archive.write("generator_adam", gArchive);
      archive.write("discriminator_adam", dArchive);
      archive.write("step", torch::tensor(static_cast<int64_t>(step + 1)));
      archive.write("seconds", torch::tensor(p.elapsedSeconds, torch::kFloat64));
      const std::filesystem::path parent = std::filesystem::path(options_.checkpointPath).parent_path();
      std::error_code ignored;
      if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
      archive.save_to(options_.checkpointPath + ".tmp");
      std::filesystem::rename(options_.checkpointPath + ".tmp", options_.checkpointPath);
    }
  }
  TurboTrainResult result;
  turbo->eval();
  if (!stop_) result.discriminatorAccuracy = calibrate(turbo, &result.calibrationA, &result.calibrationB, onMessage);
  const std::vector<torch::Tensor> detectorAfter = JdeModelFile::tensorsOf(*detector_);
  for (std::size_t i = 0; i < detectorAfter.size(); ++i)
    if (!torch::equal(detectorAfter[i].detach(), detectorBefore[i]))
      throw Error("Turbo training changed the detector's tensor #" + std::to_string(i) + " (it must stay frozen)");
  turbo->to(torch::kCPU);
  detector_->to(torch::kCPU);
  result.net = turbo;
  result.seconds = previousSeconds + nowSeconds() - start;
  return result;
}

double TurboTrainer::calibrate(TurboNet& turbo, double* a, double* b, const MessageCallback& onMessage) {
  // Stage 3: D_f's logit on the deployment's frames (and a degraded twin of each) against their Eq. 1 labels.
  std::vector<cv::Mat> frames = targetFrames_;
  if (frames.empty())
    for (const TrainingSample& s : samples_) frames.push_back(s.image);
  const std::size_t every = std::max<std::size_t>(1, frames.size() / 100);
  std::vector<float> logits, labels;
  Rng rng(Rng::mix(options_.seed, 0xCA11B));
  {
    torch::NoGradGuard noGrad;
    for (std::size_t i = 0; i < frames.size(); i += every) {
      torch::Tensor people = torch::zeros({1});  // the clean twin found someone (target frames have no GT)
      for (int twin = 0; twin < 2; ++twin) {
        cv::Mat image = frames[i];
        if (twin == 1) image = ImageDegrader::apply(image, randomDegradation(options_.degrade, rng), rng.nextU64());
        const cv::Size size(std::max(32, image.cols / 32 * 32), std::max(32, image.rows / 32 * 32));
        AugmentedView view;
        cv::resize(image, view.image, size);
        const JdeBatch one = JdeBatchBuilder::to(JdeBatchBuilder::build({view}, detector_->config()), device_);
        const JdeEncoding enc = detector_->encode(one.images);
        const JdeNetOutput out = detector_->heads(enc.features, false);
        // As at run time: no detection is hard only when someone is there (here: the clean twin found someone).
        if (twin == 0) people = torch::sigmoid(out.heatmapLogits).amax().ge(options_.scoreFloor).reshape({1});
        const double d = TurboObjective::frameDifficulty(out.heatmapLogits, options_.scoreFloor, people).item<double>();
        logits.push_back(turbo->frameLogits(enc.levels.back()).item<float>());
        labels.push_back(d < options_.hardThreshold ? 1.0f : 0.0f);
      }
    }
  }
  const torch::Tensor x = torch::tensor(logits), y = torch::tensor(labels);
  torch::Tensor scale = torch::ones({1}, torch::requires_grad()), shift = torch::zeros({1}, torch::requires_grad());
  torch::optim::Adam adam({scale, shift}, torch::optim::AdamOptions(0.05));
  for (int i = 0; i < options_.stageSteps[3]; ++i) {
    adam.zero_grad();
    bce(x * scale + shift, y).backward();
    adam.step();
  }
  *a = scale.item<double>();
  *b = shift.item<double>();
  const double accuracy = (torch::sigmoid(x * *a + *b).ge(0.5).to(torch::kFloat) == y).to(torch::kFloat).mean().item<double>();
  if (onMessage)
    onMessage("D_f calibrated on " + std::to_string(logits.size()) + " frames: a " + std::to_string(*a) + ", b " +
              std::to_string(*b) + ", accuracy " + std::to_string(accuracy) + ", easy share " +
              std::to_string(y.mean().item<double>()));
  return accuracy;
}

}  // namespace edgescope
