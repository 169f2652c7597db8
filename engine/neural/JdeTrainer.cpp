#include "neural/JdeTrainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "deepscale/ResolutionLadder.h"
#include "detect/Embedder.h"
#include "detect/EmbedderFactory.h"
#include "neural/DetectabilityTargets.h"
#include "neural/JdeBackboneImport.h"
#include "neural/ReidTeacherTable.h"
#include "neural/JdeBatchBuilder.h"
#include "neural/JdeInference.h"
#include "neural/JdeLoss.h"
#include "neural/JdeModelFile.h"
#include "neural/WarmupCosine.h"
#include "neural/TorchRuntime.h"
#include "neural/TrainingAugmenter.h"
#include "neural/WeightAverage.h"
#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Checkpoint: network, loss module (ω1, ω2, identity classifier), Adam state, step, RNG state, elapsed time.
void saveCheckpoint(const std::string& path, JdeNet& net, JdeLoss& loss, torch::optim::Adam& adam,
                    std::int64_t step, const Rng& rng, double seconds, double emaLoss, const WeightAverage* average) {
  torch::serialize::OutputArchive archive, netArchive, lossArchive, optimArchive;
  if (average) {
    torch::serialize::OutputArchive averageArchive;
    average->save(averageArchive);
    archive.write("average", averageArchive);
  }
  net->save(netArchive);
  loss->save(lossArchive);
  adam.save(optimArchive);
  archive.write("net", netArchive);
  archive.write("loss", lossArchive);
  archive.write("optimizer", optimArchive);
  archive.write("step", torch::tensor(static_cast<int64_t>(step)));
  archive.write("rng", torch::tensor(static_cast<int64_t>(rng.state())));
  archive.write("seconds", torch::tensor(seconds, torch::kFloat64));
  archive.write("emaLoss", torch::tensor(emaLoss, torch::kFloat64));
  const std::string temporary = path + ".tmp";
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ignored;  // save_to() reports an unwritable folder itself
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  archive.save_to(temporary);
  std::filesystem::rename(temporary, path);
}

}  // namespace

JdeTrainer::JdeTrainer(JdeTrainOptions options, std::vector<TrainingSample>& samples, int identities)
    : options_(std::move(options)),
      samples_(samples),
      identities_(identities),
      device_(TorchRuntime::resolveDevice(options_.device)) {
  if (samples_.empty()) throw Error("JDE training: no training frames");
  if (options_.steps < 1 || options_.batchSize < 1) throw Error("JDE training: steps and batch must be ≥ 1");
  if (options_.cropSize.width % 32 != 0 || options_.cropSize.height % 32 != 0 || options_.cropSize.width < 64 ||
      options_.cropSize.height < 64)
    throw Error("JDE training: crop size must be multiples of 32, at least 64x64");
  if (options_.detectabilityOnly && options_.initFrom.empty())
    throw Error("JDE training: training the detectability head alone needs a trained network to start from (--init)");
  if (options_.detectabilityOnly && options_.lambda <= 0)
    throw Error("JDE training: training the detectability head alone needs a detectability weight (--lambda) > 0");
  if (!options_.backboneOnnx.empty()) {
    pretrainedBackbone_ = JdeBackboneImport::prepare(options_.architecture, options_.backboneOnnx);
  } else if (!options_.initFrom.empty() && !isCheckpointPath(options_.initFrom)) {
    // Fine-tuning a model: train its architecture (an imported backbone's graph travels in its .pt).
    options_.architecture = JdeModelFile::load(options_.initFrom).net->config();
  }
  options_.architecture.validate();
  if (options_.freezeBackboneSteps < 0 || options_.backboneLrScale < 0)
    throw Error("JDE training: backbone freeze steps and learning-rate scale must be ≥ 0");
  if (!options_.reidTeacher.empty() && identities_ <= 0 && options_.distillWeight <= 0)
    throw Error("JDE training: ReID distillation needs a distillation weight > 0");
}

JdeLoss JdeTrainer::makeLoss() const {
  return JdeLoss(options_.architecture.embeddingDim, identities_, options_.lambda, options_.relativeSize, teacherDim_,
                 options_.distillWeight);
}

void JdeTrainer::buildTeacherTable(const MessageCallback& onMessage) {
  if (options_.reidTeacher.empty()) return;
  const std::unique_ptr<Embedder> teacher = EmbedderFactory::create(options_.reidTeacher);
  const double t0 = nowSeconds();
  teacherTable_ = ReidTeacherTable::build(samples_, *teacher, [&](std::size_t done, std::size_t total) {
    if (onMessage && (done % 200 == 0 || done == total))
      onMessage("ReID teacher " + teacher->name() + ": " + std::to_string(done) + "/" + std::to_string(total) + " frames");
  });
  teacherDim_ = teacher->dimension();
  if (onMessage)
    onMessage("ReID teacher embedded " + std::to_string(teacherTable_.size(0)) + " boxes in " +
              std::to_string(static_cast<int>(nowSeconds() - t0)) + " s");
}

double JdeTrainer::learningRateAt(std::int64_t step) const {
  return warmupCosine(step, options_.steps, options_.warmupSteps, options_.learningRate);
}

bool JdeTrainer::isCheckpointPath(const std::string& path) {
  return std::filesystem::path(path).extension() == ".ckpt";
}

void JdeTrainer::readNetAndLoss(torch::serialize::InputArchive& archive, JdeNet& net, JdeLoss& loss,
                                const std::string& what) const {
  torch::serialize::InputArchive netArchive, lossArchive;
  archive.read("net", netArchive);
  archive.read("loss", lossArchive);
  net->load(netArchive);
  loss->load(lossArchive);
  // LibTorch replaces tensors wholesale: a checkpoint of another architecture or identity count would load.
  JdeNet referenceNet(options_.architecture);
  JdeLoss referenceLoss = makeLoss();
  JdeModelFile::requireSameShapes(*referenceNet, *net, what);
  JdeModelFile::requireSameShapes(*referenceLoss, *loss, what);
}

void JdeTrainer::initialise(JdeNet& net, JdeLoss& loss, const MessageCallback& onMessage) {
  const std::string& path = options_.initFrom;
  const std::string what = "cannot start from " + path + " (another architecture or training set)";
  if (isCheckpointPath(path)) {
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(path);
      readNetAndLoss(archive, net, loss, what);
    } catch (const c10::Error& e) {
      throw Error("cannot start from checkpoint " + path + " (missing, corrupt, or another architecture): " +
                  e.what_without_backtrace());
    }
  } else {
    JdeModel model = JdeModelFile::load(path);
    JdeModelFile::copyWeights(*model.net, *net, what);
  }
  if (onMessage) onMessage("starting from the weights of " + path + " (fresh optimiser and schedule)");
}

bool JdeTrainer::detectabilityDue(std::int64_t step) const {
  if (options_.lambda <= 0 || options_.detectabilityRefreshes < 1 || options_.detectabilityOnly) return false;
  const double start = options_.detectabilityStart * options_.steps;
  const double spacing = (options_.steps - start) / options_.detectabilityRefreshes;
  for (int i = 0; i < options_.detectabilityRefreshes; ++i)
    if (step == static_cast<std::int64_t>(std::llround(start + i * spacing))) return true;
  return false;
}

void JdeTrainer::generateDetectability(JdeNet& net, const MessageCallback& onMessage) {
  JdeInference inference(net, device_, {options_.detectabilityMinScore, 128, false});
  const double t0 = nowSeconds();
  std::size_t done = 0;
  for (TrainingSample& sample : samples_) {
    const ResolutionLadder ladder = ResolutionLadder::fromSource(sample.image.size());
    std::vector<std::vector<Detection>> perRung;
    for (int r = 0; r < options_.architecture.detectabilityChannels && r < ladder.size(); ++r) {
      std::vector<Detection> found = inference.run(sample.image, ladder.rung(r), false).detections;
      if (options_.detectabilityMatchIou > 0)
        found = DetectabilityTargets::keepMatched(found, sample.boxes, options_.detectabilityMinScore,
                                                  options_.detectabilityMatchIou);
      perRung.push_back(std::move(found));
    }
    sample.detectability = DetectabilityTargets::render(sample.image.size(), options_.architecture.strideOut, perRung,
                                                        options_.detectabilityMinScore);
    if (onMessage && (++done % 100 == 0 || done == samples_.size()))
      onMessage("detectability targets: " + std::to_string(done) + "/" + std::to_string(samples_.size()) + " frames");
  }
  if (onMessage)
    onMessage("detectability targets regenerated in " + std::to_string(static_cast<int>(nowSeconds() - t0)) + " s");
}

JdeNet JdeTrainer::train(const ProgressCallback& onProgress, const MessageCallback& onMessage) {
  torch::manual_seed(options_.seed);
  Rng rng(options_.seed);
  buildTeacherTable(onMessage);
  JdeNet net(options_.architecture);
  JdeLoss loss = makeLoss();
  if (pretrainedBackbone_) {
    JdeBackboneImport::copyInto(*pretrainedBackbone_, net);
    if (onMessage) onMessage("backbone: pretrained weights of " + options_.backboneOnnx);
  }
  if (!options_.initFrom.empty()) initialise(net, loss, onMessage);
  net->to(device_);
  loss->to(device_);
  if (teacherTable_.defined()) loss->setTeacherEmbeddings(teacherTable_.to(device_));
  std::vector<torch::Tensor> parameters;
  std::vector<torch::optim::OptimizerParamGroup> groups;
  std::vector<double> groupScale;  // learning rate of each group relative to options_.learningRate
  const std::vector<torch::Tensor> backboneParameters = net->backboneParameters();
  if (options_.detectabilityOnly) {
    for (auto& p : net->parameters()) p.set_requires_grad(false);
    parameters = net->detectabilityHead()->parameters();
    for (auto& p : parameters) p.set_requires_grad(true);
    groups.emplace_back(parameters);
    groupScale.push_back(1.0);
  } else {
    std::vector<torch::Tensor> fresh = net->newParameters();
    for (const auto& p : loss->parameters()) fresh.push_back(p);
    parameters = fresh;
    parameters.insert(parameters.end(), backboneParameters.begin(), backboneParameters.end());
    groups.emplace_back(fresh);
    groups.emplace_back(backboneParameters);
    groupScale = {1.0, options_.backboneLrScale};
  }
  torch::optim::Adam adam(groups, torch::optim::AdamOptions(options_.learningRate));
  const auto freezeBackbone = [&](bool frozen) {
    if (options_.detectabilityOnly) return;
    for (torch::Tensor p : backboneParameters) p.set_requires_grad(!frozen);
  };

  std::int64_t step = 0;
  double previousSeconds = 0.0;
  std::unique_ptr<WeightAverage> average;
  if (options_.resume && !options_.checkpointPath.empty() && std::filesystem::exists(options_.checkpointPath)) {
    try {
      torch::serialize::InputArchive archive, optimArchive;
      archive.load_from(options_.checkpointPath, device_);
      archive.read("optimizer", optimArchive);
      readNetAndLoss(archive, net, loss,
                     "cannot resume from checkpoint " + options_.checkpointPath + " (another architecture or training set)");
      net->to(device_);
      loss->to(device_);
      adam.load(optimArchive);
      torch::Tensor value;
      archive.read("step", value);
      step = value.item<int64_t>();
      archive.read("rng", value);
      rng.setState(static_cast<std::uint64_t>(value.item<int64_t>()));
      archive.read("seconds", value);
      previousSeconds = value.item<double>();
      if (archive.try_read("emaLoss", value)) finalLoss_ = value.item<double>();
      torch::serialize::InputArchive averageArchive;
      if (options_.emaDecay > 0 && archive.try_read("average", averageArchive)) {
        average = std::make_unique<WeightAverage>(net, options_.emaDecay);
        average->load(averageArchive, device_);
      }
    } catch (const c10::Error& e) {
      throw Error("cannot resume from checkpoint " + options_.checkpointPath +
                  " (corrupt, or another architecture/data set): " + e.what_without_backtrace());
    }
    if (onMessage) onMessage("resumed from " + options_.checkpointPath + " at step " + std::to_string(step));
    if (step >= static_cast<std::int64_t>(options_.detectabilityStart * options_.steps) && options_.lambda > 0 &&
        !detectabilityDue(step) && step < options_.steps && !options_.detectabilityOnly)
      generateDetectability(net, onMessage);
  }
  // The frozen network's finds never change: one set of targets serves the whole head-only run.
  if (options_.detectabilityOnly && step < options_.steps) generateDetectability(net, onMessage);

  if (options_.emaDecay > 0 && !average) average = std::make_unique<WeightAverage>(net, options_.emaDecay);

  std::ofstream csv;
  if (!options_.lossCsvPath.empty()) {
    const std::filesystem::path csvPath(options_.lossCsvPath);
    std::error_code dirError;
    if (csvPath.has_parent_path()) std::filesystem::create_directories(csvPath.parent_path(), dirError);
    const bool append = step > 0 && std::filesystem::exists(options_.lossCsvPath);
    csv.open(options_.lossCsvPath, append ? std::ios::app : std::ios::trunc);
    if (!csv) throw Error("cannot write loss CSV " + options_.lossCsvPath +
                          (dirError ? " (" + dirError.message() + ")" : std::string()));
    if (!append) csv << "step,loss,heatmap,box,identity,detectability,distill,omega1,omega2,lr,seconds\n";
  }

  TrainingAugmenter::Options augmentOptions;
  augmentOptions.cropSize = options_.cropSize;
  augmentOptions.scales = options_.architecture.resolutionScales;
  augmentOptions.multiResolution = options_.multiResolution && !options_.detectabilityOnly;
  augmentOptions.fullResolutionShare = options_.fullResolutionShare;
  augmentOptions.gridStride = options_.architecture.strideOut;
  const TrainingAugmenter augmenter(augmentOptions);
  const double start = nowSeconds();
  const std::int64_t firstStep = step;
  double emaLoss = finalLoss_;
  trainingSeconds_ = previousSeconds;
  if (options_.detectabilityOnly) {
    net->eval();  // frozen BatchNorm statistics; the head itself has none
    net->detectabilityHead()->train();
  } else {
    net->train();
  }
  loss->train();
  for (; step < options_.steps && !stop_; ++step) {
    if (detectabilityDue(step)) generateDetectability(net, onMessage);
    const bool frozen = step < options_.freezeBackboneSteps;
    if (step == firstStep || step == options_.freezeBackboneSteps) {
      freezeBackbone(frozen);
      if (onMessage && frozen) onMessage("backbone frozen until step " + std::to_string(options_.freezeBackboneSteps));
    }
    const double lr = learningRateAt(step);
    for (std::size_t g = 0; g < adam.param_groups().size(); ++g)
      static_cast<torch::optim::AdamOptions&>(adam.param_groups()[g].options()).lr(lr * groupScale.at(g));
    std::vector<AugmentedView> views;
    for (int b = 0; b < options_.batchSize; ++b)
      views.push_back(augmenter.augment(
          samples_[static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(samples_.size()) - 1))], rng));
    const JdeBatch batch = JdeBatchBuilder::to(JdeBatchBuilder::build(std::move(views), options_.architecture), device_);
    adam.zero_grad();
    const JdeNetOutput out = net->forward(batch.images, true);
    const JdeLossTerms terms = loss->forward(net, out, batch.targets);
    const torch::Tensor objective = options_.detectabilityOnly ? options_.lambda * terms.detectability : terms.total;
    if (!std::isfinite(objective.item<double>()))
      throw Error("JDE training diverged at step " + std::to_string(step) + " (loss is not finite); lower --lr");
    objective.backward();
    torch::nn::utils::clip_grad_norm_(parameters, 10.0);
    adam.step();
    if (average) average->update(net);

    JdeTrainProgress p;
    p.step = step + 1;
    p.totalSteps = options_.steps;
    p.firstStep = firstStep;
    p.loss = objective.item<double>();
    p.heatmap = terms.heatmap.item<double>();
    p.box = terms.box.item<double>();
    p.identity = terms.identity.item<double>();
    p.detectability = terms.detectability.item<double>();
    p.distill = terms.distill.item<double>();
    p.learningRate = lr;
    p.elapsedSeconds = previousSeconds + nowSeconds() - start;
    const double perStep = (nowSeconds() - start) / static_cast<double>(step + 1 - firstStep);
    p.etaSeconds = perStep * static_cast<double>(options_.steps - step - 1);
    emaLoss = step == 0 ? p.loss : 0.95 * emaLoss + 0.05 * p.loss;
    if (csv)
      csv << p.step << ',' << p.loss << ',' << p.heatmap << ',' << p.box << ',' << p.identity << ',' << p.detectability
          << ',' << p.distill << ',' << loss->omegaDetection().item<double>() << ',' << loss->omegaIdentity().item<double>() << ',' << lr
          << ',' << p.elapsedSeconds << '\n';
    if (onProgress) onProgress(p);
    const bool last = step + 1 == options_.steps || stop_;
    if (!options_.checkpointPath.empty() && ((step + 1) % options_.checkpointEverySteps == 0 || last)) {
      saveCheckpoint(options_.checkpointPath, net, loss, adam, step + 1, rng, p.elapsedSeconds, emaLoss,
                     average.get());
      csv.flush();
    }
    trainingSeconds_ = p.elapsedSeconds;
  }
  finalLoss_ = emaLoss;
  if (average) {
    net = average->net();
    if (onMessage) onMessage("returning the weight average of " + std::to_string(average->updates()) + " steps");
  }
  net->to(torch::kCPU);
  net->eval();
  return net;
}

}  // namespace edgescope
