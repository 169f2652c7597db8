#include "neural/AmsSessionTrainer.h"

#include "ams/CoordinateSelector.h"
#include "ams/ParameterDigest.h"
#include "neural/AmsTrainableSet.h"
#include "neural/JdeModelFile.h"
#include "neural/OnlineDistiller.h"
#include "util/Error.h"

namespace edgescope {

namespace {

OnlineDistiller::Options optionsOf(const AmsConfig& config, const std::string& device, std::uint64_t seed) {
  OnlineDistiller::Options options;
  options.horizonS = config.horizonS;
  options.iterations = config.iterations;
  options.batch = config.batch;
  options.adam.learningRate = config.learningRate;
  options.adam.fraction = config.fraction;
  options.adam.selection = static_cast<CoordinateSelector::Strategy>(config.selection);
  options.adam.seed = seed;
  options.gate = config.gate;
  options.device = device;
  options.seed = seed;
  return options;
}

}  // namespace

AmsSessionTrainer::Student AmsSessionTrainer::describe(const std::string& cardPath) {
  JdeModel model = JdeModelFile::load(cardPath);
  AmsTrainableSet set(model.net);
  auto flat = std::make_shared<const std::vector<float>>(set.flat());
  Student student;
  student.cardPath = cardPath;
  student.name = model.card.name;
  student.baseSha256 = model.card.weightsSha256;
  student.flatSha256 = ParameterDigest::sha256(*flat);
  student.pretrained = flat;
  student.layoutHash = set.layoutHash();
  if (set.parameterCount() > 0xFFFFFFFFu) throw Error(cardPath + ": more than 2^32 - 1 trainable parameters");
  student.parameterCount = static_cast<std::uint32_t>(set.parameterCount());
  return student;
}

AmsSessionTrainer::AmsSessionTrainer(const std::string& cardPath, const AmsConfig& config, const std::string& device,
                                     std::uint64_t seed) {
  const JdeModel student = JdeModelFile::load(cardPath);
  distiller_ = std::make_unique<OnlineDistiller>(student, optionsOf(config, device, seed));
}

AmsSessionTrainer::~AmsSessionTrainer() = default;

void AmsSessionTrainer::setConfig(const AmsConfig& config) {
  const OnlineDistiller::Options& current = distiller_->options();
  distiller_->setOptions(optionsOf(config, current.device, current.seed));
}

std::size_t AmsSessionTrainer::addSamples(std::vector<cv::Mat> images, const std::vector<double>& arrivalS,
                                          std::vector<std::vector<Detection>> teacher) {
  if (arrivalS.size() != images.size() || teacher.size() != images.size()) {
    throw Error("AMS trainer: " + std::to_string(images.size()) + " images with " + std::to_string(arrivalS.size()) +
                " arrival times and " + std::to_string(teacher.size()) + " teacher outputs");
  }
  std::vector<OnlineDistiller::Sample> samples(images.size());
  for (std::size_t i = 0; i < images.size(); ++i) {
    samples[i].image = std::move(images[i]);
    samples[i].arrivalS = arrivalS[i];
    samples[i].teacher = std::move(teacher[i]);
  }
  return distiller_->addSamples(std::move(samples));
}

AmsSessionTrainer::Phase AmsSessionTrainer::runPhase() {
  OnlineDistiller::PhaseResult result = distiller_->runPhase();
  Phase phase;
  phase.trained = result.trained;
  phase.sent = result.sent;
  phase.skipReason = std::move(result.skipReason);
  phase.update = std::move(result.update);
  phase.encoded = std::move(result.encoded);
  phase.stats = result.stats;
  phase.lossFirst = result.lossFirst;
  phase.lossLast = result.lossLast;
  phase.f1Before = result.f1Before;
  phase.f1After = result.f1After;
  phase.trainMs = result.trainMs;
  phase.samples = result.samples;
  phase.perLayer = std::move(result.perLayer);
  return phase;
}

std::uint64_t AmsSessionTrainer::version() const { return distiller_->version(); }
std::vector<float> AmsSessionTrainer::flatParameters() const { return distiller_->flatParameters(); }
std::uint64_t AmsSessionTrainer::layoutHash() const { return distiller_->layoutHash(); }
std::size_t AmsSessionTrainer::parameterCount() const { return distiller_->parameterCount(); }
std::size_t AmsSessionTrainer::bufferedSamples() const { return distiller_->bufferedSamples(); }

void AmsSessionTrainer::resetTo(const std::vector<float>& parameters, std::uint64_t version) {
  if (parameters.size() != distiller_->parameterCount()) {
    throw Error("AMS trainer: field 'weights': " + std::to_string(parameters.size()) + " floats, the student has " +
                std::to_string(distiller_->parameterCount()));
  }
  distiller_->resetTo(parameters, version);
}

void AmsSessionTrainer::save(const std::string& directory) const { distiller_->save(directory); }
void AmsSessionTrainer::load(const std::string& directory) { distiller_->load(directory); }

}  // namespace edgescope
