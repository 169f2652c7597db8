#include "patchnet/PatchTrainer.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "neural/JdeBatchBuilder.h"
#include "neural/JdeLoss.h"
#include "neural/JdeModelFile.h"
#include "neural/WarmupCosine.h"
#include "neural/TorchRuntime.h"
#include "util/Error.h"

namespace edgescope {

namespace {

double nowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void saveCheckpoint(const std::string& path, JdeNet& net, JdeLoss& loss, torch::optim::Adam& adam, std::int64_t step,
                    const Rng& rng, double seconds) {
  torch::serialize::OutputArchive archive, netArchive, lossArchive, optimArchive;
  net->save(netArchive);
  loss->save(lossArchive);
  adam.save(optimArchive);
  archive.write("net", netArchive);
  archive.write("loss", lossArchive);
  archive.write("optimizer", optimArchive);
  archive.write("step", torch::tensor(static_cast<std::int64_t>(step)));
  archive.write("rng", torch::tensor(static_cast<std::int64_t>(rng.state())));
  archive.write("seconds", torch::tensor(seconds, torch::kFloat64));
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ignored;
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  archive.save_to(path + ".tmp");
  std::filesystem::rename(path + ".tmp", path);
}

/// Loads "net" and "loss" of the checkpoint at @p path into @p net and @p loss (shapes checked).
void readNetAndLoss(const std::string& path, torch::serialize::InputArchive& archive, JdeNet& net, JdeLoss& loss,
                    const JdeNetConfig& config, int embeddingDim, int identities, int teacherDim, double distill) {
  torch::serialize::InputArchive netArchive, lossArchive;
  archive.read("net", netArchive);
  archive.read("loss", lossArchive);
  JdeNet loadedNet(config);
  JdeLoss loadedLoss(embeddingDim, identities, 0.0, true, teacherDim, distill);
  loadedNet->load(netArchive);
  loadedLoss->load(lossArchive);
  JdeModelFile::copyWeights(*loadedNet, *net, "checkpoint " + path);
  JdeModelFile::copyWeights(*loadedLoss, *loss, "checkpoint " + path);
}

}  // namespace

PatchTrainer::PatchTrainer(PatchTrainOptions options, const PatchSampler& sampler, int identities)
    : options_(std::move(options)),
      sampler_(sampler),
      identities_(identities),
      device_(TorchRuntime::resolveDevice(options_.device)) {
  if (options_.steps < 1 || options_.batchSize < 1) throw Error("patch training: steps and batch must be ≥ 1");
  if (options_.sizes.empty()) throw Error("patch training: no input sizes");
  for (const cv::Size& s : options_.sizes) {
    if (s.width <= 0 || s.height <= 0 || s.width % 32 || s.height % 32) {
      throw Error("patch training: input sizes must be positive multiples of 32");
    }
  }
  if (options_.architecture.detectabilityChannels != 0) {
    throw Error("patch training: a patch model has no detectability head (architecture.detectabilityChannels 0)");
  }
  options_.architecture.validate();
}

double PatchTrainer::learningRateAt(std::int64_t step) const {
  return warmupCosine(step, options_.steps, options_.warmupSteps, options_.learningRate);
}

JdeNet PatchTrainer::train(const JdeTrainer::ProgressCallback& onProgress,
                           const JdeTrainer::MessageCallback& onMessage) {
  const JdeNetConfig& config = options_.architecture;
  const int teacherDim = teacher_.defined() ? static_cast<int>(teacher_.size(1)) : 0;
  JdeNet net(config);
  JdeLoss loss(config.embeddingDim, identities_, 0.0, true, teacherDim, options_.distillWeight);
  if (teacherDim > 0) loss->setTeacherEmbeddings(teacher_.to(device_));
  Rng rng(options_.seed);
  std::int64_t step = 0;
  double previousSeconds = 0.0;
  if (!options_.initFrom.empty()) {
    try {
      torch::serialize::InputArchive archive;
      archive.load_from(options_.initFrom);
      readNetAndLoss(options_.initFrom, archive, net, loss, config, config.embeddingDim, identities_, teacherDim,
                     options_.distillWeight);
    } catch (const std::exception& e) {
      throw Error("cannot start from checkpoint " + options_.initFrom + ": " + e.what());
    }
    if (onMessage) onMessage("started from " + options_.initFrom);
  }
  net->to(device_);
  loss->to(device_);
  if (teacherDim > 0) loss->setTeacherEmbeddings(teacher_.to(device_));
  std::vector<torch::Tensor> parameters = net->parameters();
  for (const torch::Tensor& p : loss->parameters()) parameters.push_back(p);
  torch::optim::Adam adam(parameters, torch::optim::AdamOptions(options_.learningRate));
  if (options_.resume && !options_.checkpointPath.empty() && std::filesystem::exists(options_.checkpointPath)) {
    try {
      torch::serialize::InputArchive archive, optimArchive;
      archive.load_from(options_.checkpointPath, device_);
      readNetAndLoss(options_.checkpointPath, archive, net, loss, config, config.embeddingDim, identities_,
                     teacherDim, options_.distillWeight);
      archive.read("optimizer", optimArchive);
      adam.load(optimArchive);
      torch::Tensor value;
      archive.read("step", value);
      step = value.item<std::int64_t>();
      archive.read("rng", value);
      rng.setState(static_cast<std::uint64_t>(value.item<std::int64_t>()));
      archive.read("seconds", value);
      previousSeconds = value.item<double>();
    } catch (const std::exception& e) {
      throw Error("cannot resume from checkpoint " + options_.checkpointPath + ": " + e.what());
    }
    if (onMessage) onMessage("resumed from " + options_.checkpointPath + " at step " + std::to_string(step));
  }
  std::ofstream csv;
  if (!options_.lossCsvPath.empty()) {
    const bool append = step > 0 && std::filesystem::exists(options_.lossCsvPath);
    csv.open(options_.lossCsvPath, append ? std::ios::app : std::ios::trunc);
    if (!csv) throw Error("cannot write " + options_.lossCsvPath);
    if (!append) csv << "step,size,loss,heatmap,box,identity,distill,lr\n";
  }
  net->train();
  const std::int64_t firstStep = step;
  const double t0 = nowSeconds();
  double emaLoss = 0.0;
  for (; step < options_.steps && !stop_; ++step) {
    const cv::Size size = options_.sizes[static_cast<std::size_t>(step) % options_.sizes.size()];
    std::vector<AugmentedView> views;
    for (int i = 0; i < options_.batchSize; ++i) views.push_back(sampler_.draw(rng, size).view);
    const JdeBatch batch = JdeBatchBuilder::to(JdeBatchBuilder::build(std::move(views), config), device_);
    const double lr = learningRateAt(step);
    for (auto& group : adam.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
    adam.zero_grad();
    const JdeNetOutput out = net->forward(batch.images, false);
    const JdeLossTerms terms = loss->forward(net, out, batch.targets);
    terms.total.backward();
    adam.step();
    const double total = terms.total.item<double>();
    if (!std::isfinite(total)) throw Error("patch training diverged at step " + std::to_string(step + 1));
    emaLoss = step == firstStep ? total : 0.95 * emaLoss + 0.05 * total;
    if (csv) {
      csv << step + 1 << ',' << size.width << 'x' << size.height << ',' << total << ','
          << terms.heatmap.item<double>() << ',' << terms.box.item<double>() << ',' << terms.identity.item<double>()
          << ',' << terms.distill.item<double>() << ',' << lr << '\n';
    }
    const bool last = step + 1 == options_.steps;
    seconds_ = previousSeconds + nowSeconds() - t0;
    if (!options_.checkpointPath.empty() && ((step + 1) % options_.checkpointEverySteps == 0 || last || stop_)) {
      saveCheckpoint(options_.checkpointPath, net, loss, adam, step + 1, rng, seconds_);
    }
    if (onProgress) {
      JdeTrainProgress p;
      p.step = step + 1;
      p.totalSteps = options_.steps;
      p.firstStep = firstStep;
      p.loss = emaLoss;
      p.heatmap = terms.heatmap.item<double>();
      p.box = terms.box.item<double>();
      p.identity = terms.identity.item<double>();
      p.distill = terms.distill.item<double>();
      p.learningRate = lr;
      p.elapsedSeconds = seconds_;
      const double rate = (step + 1 - firstStep) / std::max(1e-9, nowSeconds() - t0);
      p.etaSeconds = (options_.steps - step - 1) / std::max(1e-9, rate);
      onProgress(p);
    }
  }
  finalLoss_ = emaLoss;
  net->to(torch::kCPU);
  net->eval();
  return net;
}

}  // namespace edgescope
