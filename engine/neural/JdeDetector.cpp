#include "neural/JdeDetector.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/Stopwatch.h"
#include "deepscale/ResolutionLadder.h"
#include "neural/TorchRuntime.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

#include <nlohmann/json.hpp>

namespace edgescope {

JdeDetector::JdeDetector(const std::string& path, const JdeDetectorOptions& options)
    : model_(JdeModelFile::load(path)), inputSize_(options.inputSize) {
  model_.card.requireKind(JdeModelCard::kKindJde, model_.cardPath);
  TorchRuntime::configure(options.threads);
  const torch::Device device(TorchRuntime::resolveDevice(options.device));
  device_ = device;
  threads_ = options.threads > 0 ? options.threads : torch::get_num_threads();
  model_.net->foldBatchNorm();  // inference only: this detector never trains or saves its network
  model_.net->to(device);
  inference_ = std::make_unique<JdeInference>(model_.net, device,
                                              JdeInference::Options{options.scoreThreshold, 128, true});
  name_ = "jde:" + (model_.card.name.empty() ? std::filesystem::path(path).stem().string() : model_.card.name);
  if (inputSize_ != cv::Size()) setInputSize(inputSize_);
}

cv::Size JdeDetector::alignedSize(cv::Size frameSize) {
  return {ResolutionLadder::alignSide(frameSize.width), ResolutionLadder::alignSide(frameSize.height)};
}

void JdeDetector::setInputSize(cv::Size size) {
  if (size == cv::Size()) {
    inputSize_ = size;
    return;
  }
  if (size.width <= 0 || size.height <= 0 || (size.width % 32 != 0 || size.height % 32 != 0 || size.width > 8192 || size.height > 8192))
    throw Error(name_ + ": input size " + ResolutionLadder::label(size) + " must have sides that are multiples of 32");
  inputSize_ = size;
}

std::vector<Detection> JdeDetector::detect(const cv::Mat& bgr) {
  detectability_.clear();
  plain_.clear();
  plainKnown_ = false;
  if (bgr.empty()) return {};
  const cv::Size size = inputSize_ == cv::Size() ? alignedSize(bgr.size()) : inputSize_;
  try {
    if (controller_ && controller_->config().enabled && !detectabilityRequested_) {
      if (!turboProfiled_) warmUpTurbo(size);
      TurboInference::Options options;
      options.discriminator = controller_->wantsDiscriminator();
      options.plainFirst = controller_->wantsPlainFirst();
      if (controller_->yieldsBetweenBlocks()) {  // a node's queue planner (NodeTurbo) may stop between blocks
        options.yield = [this](int done, int planned, double ms) { return controller_->atBlock(done, planned, ms); };
      }
      TurboFrameResult result = turboInference_->run(
          bgr, size, options,
          [&](double d, const std::vector<Detection>* plain) { return controller_->chooseExit(d, plain); });
      controller_->endFrame(result.exit, result.enhanceMs, result.discriminateMs, result.fellBack);
      if (result.exit > 0 && options.plainFirst) {
        plain_ = std::move(result.plainDetections);
        plainKnown_ = true;
      }
      return std::move(result.detections);
    }
    JdeFrameResult result = inference_->run(bgr, size, detectabilityRequested_);
    detectability_ = std::move(result.detectability);
    return std::move(result.detections);
  } catch (const c10::Error& e) {
    throw Error(name_ + " (" + model_.weightsPath + "): inference failed: " + e.what_without_backtrace());
  }
}

StreamableModel* JdeDetector::streamable() {
  if (!streamed_) {
    // model_.net follows too (TurboModelFile::load checks an enhancer against it).
    streamed_ = std::make_unique<StreamedJdeModel>(model_.cardPath, device_, [this](JdeNet net) {
      JdeNet previous = inference_->net();
      model_.net = net;
      inference_->replaceNet(std::move(net));
      return previous;
    });
  }
  return streamed_.get();
}

TurboController* JdeDetector::enableTurbo(const std::string& spec) {
  std::string path = spec;
  if (spec.empty() || spec == "auto") {
    const std::filesystem::path card(model_.cardPath);
    path = (card.parent_path() / ("turbo_" + card.stem().string() + ".json")).string();
    if (!std::filesystem::exists(path))
      throw Error("no Turbo enhancer for " + model_.cardPath + ": " + path + " does not exist (scripts/train-enhancer)");
  }
  TurboModel loaded = TurboModelFile::load(path, model_);
  if (!loaded.card.gainProfile)
    throw Error(loaded.cardPath + ": the card has no gain profile (train-enhancer or turbo-profile --write-card writes it)");
  loaded.net->foldBatchNorm();
  turboModel_ = loaded;
  turboInference_ = std::make_unique<TurboInference>(*inference_, loaded.net, loaded.card.calibration.a,
                                                     loaded.card.calibration.b);
  // A latency profile from the card when it has one for this device, else a cached or measured one (warmUpTurbo).
  const std::string key = LatencyProfile::makeKey(device_.str(), std::max(1, threads_), loaded.card.weightsSha256);
  const LatencyProfile* known = loaded.card.latencyProfileFor(key);
  std::vector<std::vector<std::vector<double>>> placeholder(1, std::vector<std::vector<double>>(
                                                                   static_cast<std::size_t>(loaded.card.exits + 1), {1.0}));
  controller_ = std::make_unique<TurboController>(*loaded.card.gainProfile,
                                                  known ? *known : LatencyProfile(device_.str(), std::max(1, threads_),
                                                                                  loaded.card.weightsSha256, 0.0, placeholder),
                                                  loaded.card.hardThreshold);
  turboProfiled_ = known != nullptr;
  return controller_.get();
}

void JdeDetector::disableTurbo() {
  controller_.reset();
  turboInference_.reset();
  turboModel_ = TurboModel{};
  plain_.clear();
  plainKnown_ = false;
}

namespace {

/// ~/.cache/edgescope/turbo (or $XDG_CACHE_HOME/edgescope/turbo): measured latency profiles by key.
std::string profileCachePath(const std::string& key) {
  const char* xdg = std::getenv("XDG_CACHE_HOME");
  const char* home = std::getenv("HOME");
  const std::string root = xdg && *xdg ? xdg : home && *home ? std::string(home) + "/.cache" : "/tmp";
  std::string name = key;
  std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
  return root + "/edgescope/turbo/" + name + ".json";
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0.0 : values[values.size() / 2];
}

}  // namespace

void JdeDetector::warmUpTurbo(cv::Size inputSize) {
  if (!controller_ || turboProfiled_) return;
  turboProfiled_ = true;
  const cv::Size size = inputSize == cv::Size() ? cv::Size(768, 576) : alignedSize(inputSize);
  const std::string key = controller_->latency().key();
  const std::string cache = profileCachePath(key + "|" + std::to_string(size.width) + "x" + std::to_string(size.height));
  cv::Mat probe(size, CV_8UC3);
  cv::randu(probe, cv::Scalar::all(0), cv::Scalar::all(255));
  // Every exit once at this size, also with a cached profile: the first use of a path sets up its oneDNN primitives
  // and buffers (tens to hundreds of ms), which must not land on a live frame's budget.
  for (int exit = 0; exit <= turboInference_->exits(); ++exit)
    turboInference_->run(probe, size, TurboInference::Options{}, [exit](double, const std::vector<Detection>*) { return exit; });
  try {
    std::error_code age;
    const auto written = std::filesystem::last_write_time(cache, age);
    // A month-old profile is measured again (libraries and machines change under the same key).
    const bool fresh = !age && std::filesystem::file_time_type::clock::now() - written < std::chrono::hours(24 * 30);
    std::ifstream in(cache);
    if (in && fresh) {
      std::stringstream text;
      text << in.rdbuf();
      controller_->setLatency(LatencyProfile::fromJson(JsonDocument::parse(text.str(), cache).root()));
      return;
    }
  } catch (const Error&) {
    // A corrupt cache is measured again (and rewritten).
  }
  std::vector<std::vector<double>> times(static_cast<std::size_t>(turboInference_->exits() + 1));
  std::vector<double> discriminator;
  // Up to three runs of every exit, within the warm-up's 3 s (a slow device keeps the first run).
  const double startMs = Stopwatch::nowMs();
  for (int run = 0; run < 3 && (run == 0 || Stopwatch::nowMs() - startMs < kWarmUpBudgetMs); ++run) {
    for (int exit = 0; exit <= turboInference_->exits(); ++exit) {
      TurboInference::Options options;
      const TurboFrameResult r = turboInference_->run(probe, size, options, [exit](double, const std::vector<Detection>*) { return exit; });
      times[static_cast<std::size_t>(exit)].push_back(exit == 0 ? r.headsMs : r.enhanceMs);
      discriminator.push_back(r.discriminateMs);
    }
  }
  std::vector<std::vector<std::vector<double>>> table(1);
  for (const auto& samples : times) table[0].push_back({median(samples)});
  LatencyProfile measured(device_.str(), std::max(1, threads_), turboModel_.card.weightsSha256, median(discriminator), table);
  controller_->setLatency(measured);
  std::error_code ignored;
  std::filesystem::create_directories(std::filesystem::path(cache).parent_path(), ignored);
  {
    std::ofstream out(cache + ".tmp");  // another process reading the cache sees the old or the new file, whole
    if (out) out << JsonDocument::dump(measured.toJson());
  }
  std::filesystem::rename(cache + ".tmp", cache, ignored);
}

cv::Mat JdeDetector::enhancedImage(const cv::Mat& bgr) {
  if (!turboInference_ || bgr.empty()) return {};
  const cv::Size size = inputSize_ == cv::Size() ? alignedSize(bgr.size()) : inputSize_;
  try {
    return turboInference_->enhancedImage(bgr, size);
  } catch (const c10::Error& e) {
    throw Error(name_ + " (" + turboModel_.weightsPath + "): enhancement failed: " + e.what_without_backtrace());
  }
}

}  // namespace edgescope
