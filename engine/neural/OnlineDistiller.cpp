#include "neural/OnlineDistiller.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "ams/PhiScore.h"
#include "deepscale/ResolutionLadder.h"
#include "neural/DistillationLoss.h"
#include "neural/JdeInference.h"
#include "neural/TorchRuntime.h"
#include "neural/TrainingAugmenter.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

namespace edgescope {

/// One buffered sample: the frame as JPEG, its arrival time and the teacher's boxes scoring at least ignoreScore.
struct OnlineDistiller::Stored {
  std::string jpeg;
  double arrivalS = 0.0;
  std::vector<Detection> teacher;  ///< without embeddings
  cv::Size size;                   ///< the frame's size, pixels
};

namespace {

constexpr int kStateFormat = 1;
constexpr const char* kStateFile = "state.json";
constexpr const char* kWeightsFile = "weights.pt";
constexpr const char* kMomentsFile = "moments.pt";
constexpr const char* kSamplesFolder = "samples";

namespace fs = std::filesystem;

void require(bool ok, const std::string& option, const std::string& rule) {
  if (!ok) throw Error("AMS distiller: option " + option + " " + rule);
}

std::string momentsOf(const MaskedAdam& adam) {
  torch::serialize::OutputArchive archive;
  adam.save(archive);
  std::ostringstream stream;
  archive.save_to(stream);
  return stream.str();
}

void restoreMoments(MaskedAdam& adam, const std::string& bytes) {
  torch::serialize::InputArchive archive;
  std::istringstream stream(bytes);
  archive.load_from(stream);
  adam.load(archive);
}

cv::Mat decodeJpeg(const std::string& jpeg) {
  const cv::Mat data(1, static_cast<int>(jpeg.size()), CV_8U, const_cast<char*>(jpeg.data()));
  return cv::imdecode(data, cv::IMREAD_COLOR);
}

/// Matches of @p student (scores ≥ @p studentScore) against @p teacher (scores ≥ @p labelScore) at IoU @p iou.
PhiScore::Match matchOf(const std::vector<Detection>& student, const std::vector<Detection>& teacher,
                        float studentScore, float labelScore, double iou) {
  std::vector<BoundingBox> studentBoxes, teacherBoxes;
  for (const Detection& d : student)
    if (d.score >= studentScore) studentBoxes.push_back(d.box);
  for (const Detection& d : teacher)
    if (d.score >= labelScore) teacherBoxes.push_back(d.box);
  return PhiScore::match(teacherBoxes, studentBoxes, iou);
}

std::string readBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("AMS distiller state: cannot read " + path.string());
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw Error("AMS distiller state: cannot read " + path.string());
  return bytes.str();
}

void writeBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error("AMS distiller state: cannot write " + path.string());
}

std::uint64_t parseU64(const JsonNode& node, const std::string& where) {
  const std::string& text = node.asString();
  std::size_t used = 0;
  unsigned long long value = 0;
  try {
    value = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw Error(where + ": '" + text + "' is not an unsigned integer");
  return value;
}

}  // namespace

void OnlineDistiller::Options::validate() const {
  require(std::isfinite(horizonS) && horizonS > 0, "ams.horizonS", "must be finite and > 0 s");
  require(maxBufferBytes > 0, "maxBufferBytes", "must be > 0");
  require(iterations >= 1, "ams.iterations", "must be >= 1");
  require(batch >= 1, "ams.batch", "must be >= 1");
  adam.validate();
  require(std::isfinite(labelScore) && labelScore > 0 && labelScore <= 1, "labelScore", "must be in (0, 1]");
  require(std::isfinite(ignoreScore) && ignoreScore >= 0 && ignoreScore <= labelScore, "ignoreScore",
          "must be in [0, labelScore]");
  require(std::isfinite(validationShare) && validationShare > 0 && validationShare < 1, "validationShare",
          "must be in (0, 1)");
  require(std::isfinite(studentScore) && studentScore > 0 && studentScore < 1, "studentScore", "must be in (0, 1)");
  require(std::isfinite(f1Iou) && f1Iou > 0 && f1Iou <= 1, "f1Iou", "must be in (0, 1]");
  require(cropSize.width >= 32 && cropSize.height >= 32 && cropSize.width % 32 == 0 && cropSize.height % 32 == 0,
          "cropSize", "must have sides that are positive multiples of 32");
  require(jpegQuality >= 1 && jpegQuality <= 100, "jpegQuality", "must be in 1 … 100");
  require(device == "cpu" || device == "cuda" || device == "auto", "device", "must be cpu, cuda or auto");
}

OnlineDistiller::OnlineDistiller(const JdeModel& student, const Options& options)
    : options_(options), rng_(options.seed) {
  options_.validate();
  JdeNet source = student.net;
  if (!source) throw Error("AMS distiller: the student has no network");
  if (source->batchNormFolded())
    throw Error("AMS distiller: the student network is folded for inference (AMS trains the unfolded master)");
  device_ = torch::Device(TorchRuntime::resolveDevice(options_.device));
  net_ = JdeNet(source->config());
  JdeModelFile::copyWeights(*source, *net_, "AMS distiller: student " + student.card.name);
  net_->to(device_);
  net_->eval();  // BatchNorm frozen: running statistics, never updated
  model_ = student;
  model_.net = net_;
  for (torch::Tensor& parameter : net_->parameters()) parameter.set_requires_grad(false);
  set_ = std::make_unique<AmsTrainableSet>(net_);
  for (torch::Tensor tensor : set_->tensors()) tensor.set_requires_grad(true);
  adam_ = std::make_unique<MaskedAdam>(set_->tensors(), options_.adam);
}

OnlineDistiller::~OnlineDistiller() = default;

std::size_t OnlineDistiller::bufferedSamples() const { return buffer_.size(); }

std::size_t OnlineDistiller::addSamples(std::vector<Sample> samples) {
  double newest = buffer_.empty() ? -HUGE_VAL : buffer_.back().arrivalS;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const Sample& sample = samples[i];
    const std::string field = "AMS distiller: samples[" + std::to_string(i) + "]";
    if (sample.image.empty() || sample.image.type() != CV_8UC3) throw Error(field + ".image is not 8-bit BGR");
    if (!std::isfinite(sample.arrivalS) || sample.arrivalS < newest)
      throw Error(field + ".arrivalS " + std::to_string(sample.arrivalS) + " is not finite or goes back in time");
    newest = sample.arrivalS;
  }
  if (samples.empty()) return 0;
  const std::vector<int> jpegOptions{cv::IMWRITE_JPEG_QUALITY, options_.jpegQuality};
  for (Sample& sample : samples) {
    Stored stored;
    std::vector<unsigned char> bytes;
    if (!cv::imencode(".jpg", sample.image, bytes, jpegOptions)) throw Error("AMS distiller: JPEG encoding failed");
    stored.jpeg.assign(bytes.begin(), bytes.end());
    stored.arrivalS = sample.arrivalS;
    stored.size = sample.image.size();
    for (Detection& d : sample.teacher) {
      if (!(d.score >= options_.ignoreScore) || !std::isfinite(d.box.x) || !std::isfinite(d.box.y) ||
          !std::isfinite(d.box.width) || !std::isfinite(d.box.height))
        continue;
      d.embedding.clear();
      stored.teacher.push_back(std::move(d));
    }
    bufferBytes_ += stored.jpeg.size();
    buffer_.push_back(std::move(stored));
  }
  // The newest validationShare of this batch is held out for the gate (the previous batch's become training frames).
  const std::size_t n = samples.size();
  gateFrom_ = buffer_.size();
  if (options_.gate && n >= 2) {
    const auto share = static_cast<std::size_t>(std::lround(options_.validationShare * static_cast<double>(n)));
    gateFrom_ -= std::min(n - 1, std::max<std::size_t>(1, share));
  }
  std::size_t drop = 0, bytes = bufferBytes_;
  while (drop < buffer_.size() && buffer_[drop].arrivalS < newest - options_.horizonS)
    bytes -= buffer_[drop++].jpeg.size();
  while (drop < buffer_.size() && bytes > options_.maxBufferBytes) bytes -= buffer_[drop++].jpeg.size();
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(drop));
  bufferBytes_ = bytes;
  gateFrom_ = gateFrom_ > drop ? gateFrom_ - drop : 0;
  return drop;
}

torch::Tensor OnlineDistiller::lossOf(const std::vector<const Stored*>& picks) {
  TrainingAugmenter::Options augment;
  augment.cropSize = options_.cropSize;
  augment.scales = {1.0};
  augment.multiResolution = false;
  augment.flip = true;
  augment.colorJitter = 0.2;
  augment.gridStride = net_->config().strideOut;
  const TrainingAugmenter augmenter(augment);
  std::vector<AugmentedView> views;
  for (const Stored* stored : picks) {
    TrainingSample sample;
    sample.image = decodeJpeg(stored->jpeg);
    if (sample.image.empty()) throw Error("AMS distiller: a buffered JPEG does not decode");
    for (const Detection& d : stored->teacher) {
      LabeledBox box;
      box.box = d.box;
      box.identity = d.score >= options_.labelScore ? -1 : DistillationLoss::kIgnoreIdentity;
      sample.boxes.push_back(box);
    }
    views.push_back(augmenter.augment(sample, rng_));
  }
  const DistillationBatch batch =
      DistillationLoss::to(DistillationLoss::build(std::move(views), net_->config()), device_);
  const JdeNetOutput out = net_->forward(batch.batch.images, /*withDetectability=*/false);
  return DistillationLoss::loss(out, batch);
}

void OnlineDistiller::undo(const std::vector<float>& weights, const std::string& moments) {
  set_->assign(weights);
  restoreMoments(*adam_, moments);
  adam_->zeroGrad();
}

OnlineDistiller::PhaseResult OnlineDistiller::runPhase() {
  const auto start = std::chrono::steady_clock::now();
  PhaseResult result;
  result.samples = static_cast<int>(buffer_.size());
  auto finish = [&](const std::string& skipReason) {
    result.skipReason = skipReason;
    result.trainMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return result;
  };
  const std::size_t trainable = options_.gate ? gateFrom_ : buffer_.size();
  if (trainable == 0)
    return finish(buffer_.empty() ? "empty buffer" : "empty buffer: every sample is held out for the gate");
  std::vector<const Stored*> gateFrames;
  for (std::size_t i = trainable; options_.gate && i < buffer_.size(); ++i) gateFrames.push_back(&buffer_[i]);
  auto gateF1 = [&] {
    PhiScore::Match total;
    for (const Stored* stored : gateFrames) {
      const cv::Mat image = decodeJpeg(stored->jpeg);
      const PhiScore::Match match =
          matchOf(detect(image), stored->teacher, options_.studentScore, options_.labelScore, options_.f1Iou);
      total.matched += match.matched;
      total.previousCount += match.previousCount;
      total.currentCount += match.currentCount;
    }
    return total.f1();
  };
  if (!gateFrames.empty()) result.f1Before = gateF1();

  const std::vector<float> before = set_->flat();
  const std::string moments = momentsOf(*adam_);
  result.trained = true;
  adam_->beginPhase();
  for (int k = 0; k < options_.iterations; ++k) {
    std::vector<const Stored*> picks;
    for (int b = 0; b < options_.batch; ++b)
      picks.push_back(&buffer_[static_cast<std::size_t>(rng_.uniformInt(0, static_cast<int>(trainable) - 1))]);
    adam_->zeroGrad();
    const torch::Tensor loss = lossOf(picks);
    const double value = loss.item<double>();
    if (k == 0) result.lossFirst = value;
    result.lossLast = value;
    if (!std::isfinite(value)) {
      undo(before, moments);
      return finish("non-finite loss");
    }
    loss.backward();
    adam_->step();
  }
  std::vector<std::uint32_t> indices = adam_->endPhase();
  adam_->zeroGrad();
  for (const torch::Tensor& tensor : set_->tensors()) {
    if (!torch::isfinite(tensor).all().item<bool>()) {
      undo(before, moments);
      return finish("non-finite parameter");
    }
  }
  std::vector<float> flat = set_->flat();
  SparseUpdate update;
  try {
    update = SparseUpdateCodec::build(version_ + 1, version_, set_->layoutHash(), indices, flat);
  } catch (const Error& e) {  // a value beyond binary16's range
    undo(before, moments);
    return finish(std::string("update: ") + e.what());
  }
  set_->assign(flat);  // the rounded values: the camera's floats, which the gate judges
  if (!gateFrames.empty()) {
    result.f1After = gateF1();
    if (result.f1After < result.f1Before) {
      undo(before, moments);
      char text[64];
      std::snprintf(text, sizeof text, "gate: F1 %.3f < %.3f", result.f1After, result.f1Before);
      return finish(text);
    }
  }
  result.update = std::move(update);
  result.encoded = SparseUpdateCodec::encode(result.update, &result.stats);
  ++version_;
  result.perLayer = set_->perLayerCounts(indices);
  result.sent = true;
  return finish("");
}

std::vector<Detection> OnlineDistiller::detect(const cv::Mat& bgr) {
  JdeInference::Options options;
  options.scoreThreshold = options_.studentScore;
  options.embeddings = false;
  JdeInference inference(net_, device_, options);
  const cv::Size input(ResolutionLadder::alignSide(bgr.cols), ResolutionLadder::alignSide(bgr.rows));
  return inference.run(bgr, input, /*withDetectability=*/false).detections;
}

double OnlineDistiller::f1Against(const cv::Mat& bgr, const std::vector<Detection>& teacher) {
  return matchOf(detect(bgr), teacher, options_.studentScore, options_.labelScore, options_.f1Iou).f1();
}

void OnlineDistiller::resetTo(const std::vector<float>& parameters, std::uint64_t version) {
  set_->assign(parameters);
  version_ = version;
}

void OnlineDistiller::setOptions(const Options& options) {
  options.validate();
  Options next = options;
  next.device = options_.device;  // fixed at construction (the network and moments live there)
  next.seed = options_.seed;      // the draws continue from the current state
  adam_->setOptions(next.adam);
  options_ = next;
}

void OnlineDistiller::save(const std::string& directory) const {
  const fs::path target(directory), temporary(directory + ".tmp"), old(directory + ".old");
  std::error_code error;
  fs::remove_all(temporary, error);
  fs::create_directories(temporary / kSamplesFolder, error);
  if (error) throw Error("AMS distiller state: cannot create " + temporary.string() + ": " + error.message());
  const std::vector<float> flat = set_->flat();
  const fs::path weightsPath = temporary / kWeightsFile, momentsPath = temporary / kMomentsFile;
  try {
    torch::serialize::OutputArchive weights;
    weights.write("flat", torch::from_blob(const_cast<float*>(flat.data()), {static_cast<std::int64_t>(flat.size())},
                                           torch::kFloat)
                              .clone());
    weights.save_to(weightsPath.string());
  } catch (const c10::Error& e) {
    throw Error("AMS distiller state: cannot write " + weightsPath.string() + ": " + e.what_without_backtrace());
  }
  writeBytes(momentsPath, momentsOf(*adam_));
  Json samples = Json::array();
  for (std::size_t i = 0; i < buffer_.size(); ++i) {
    const Stored& stored = buffer_[i];
    char name[32];
    std::snprintf(name, sizeof name, "%06zu.jpg", i);
    writeBytes(temporary / kSamplesFolder / name, stored.jpeg);
    Json teacher = Json::array();
    for (const Detection& d : stored.teacher)
      teacher.push_back(Json::array({d.box.x, d.box.y, d.box.width, d.box.height, d.score, d.classId}));
    samples.push_back(Json{{"file", std::string(kSamplesFolder) + "/" + name},
                           {"arrivalS", stored.arrivalS},
                           {"width", stored.size.width},
                           {"height", stored.size.height},
                           {"teacher", teacher}});
  }
  const Json state{{"format", kStateFormat},
                   {"version", std::to_string(version_)},
                   {"seed", std::to_string(options_.seed)},
                   {"rngState", std::to_string(rng_.state())},
                   {"layoutHash", std::to_string(set_->layoutHash())},
                   {"parameterCount", set_->parameterCount()},
                   {"gateFrom", gateFrom_},
                   {"samples", samples}};
  writeBytes(temporary / kStateFile, JsonDocument::dump(state) + "\n");
  // Swap in: the previous state stays whole until the new one is in place.
  fs::remove_all(old, error);
  if (fs::exists(target)) fs::rename(target, old, error);
  if (!error) fs::rename(temporary, target, error);
  if (error)
    throw Error("AMS distiller state: cannot move " + temporary.string() + " to " + directory + ": " + error.message());
  fs::remove_all(old, error);
}

void OnlineDistiller::load(const std::string& directory) {
  const fs::path root(directory);
  const fs::path statePath = root / kStateFile, weightsPath = root / kWeightsFile, momentsPath = root / kMomentsFile;
  if (!fs::exists(statePath)) throw Error("AMS distiller state: " + statePath.string() + " not found");
  const JsonDocument document = JsonDocument::readFile(statePath.string());
  const JsonNode state = document.root();
  const std::string where = statePath.string();
  if (state["format"].asInt() != kStateFormat) throw Error(where + ": field 'format': unsupported");
  if (parseU64(state["layoutHash"], where + ": field 'layoutHash'") != set_->layoutHash() ||
      state["parameterCount"].asInt64() != static_cast<std::int64_t>(set_->parameterCount()))
    throw Error(where + ": field 'layoutHash': the state belongs to another network layout");
  const std::uint64_t version = parseU64(state["version"], where + ": field 'version'");
  const std::uint64_t rngState = parseU64(state["rngState"], where + ": field 'rngState'");

  std::vector<float> flat(set_->parameterCount());
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(weightsPath.string());
    torch::Tensor tensor;
    if (!archive.try_read("flat", tensor))
      throw Error("AMS distiller state: " + weightsPath.string() + " lacks 'flat'");
    tensor = tensor.to(torch::kCPU).contiguous();
    if (tensor.scalar_type() != torch::kFloat || tensor.numel() != static_cast<std::int64_t>(flat.size()) ||
        !torch::isfinite(tensor).all().item<bool>())
      throw Error("AMS distiller state: " + weightsPath.string() + ": 'flat' is not " + std::to_string(flat.size()) +
                  " finite floats");
    std::memcpy(flat.data(), tensor.data_ptr<float>(), flat.size() * sizeof(float));
  } catch (const c10::Error& e) {
    throw Error("AMS distiller state: cannot read " + weightsPath.string() + ": " + e.what_without_backtrace());
  }

  std::vector<Stored> buffer;
  std::size_t bytes = 0;
  const JsonNode samples = state["samples"];
  double previous = -HUGE_VAL;
  for (std::size_t i = 0; i < samples.size(); ++i) {
    const JsonNode sample = samples.at(i);
    Stored stored;
    stored.arrivalS = sample["arrivalS"].asDouble();
    if (!(stored.arrivalS >= previous))
      throw Error(document.locate("$.samples[" + std::to_string(i) + "]") + ": field 'arrivalS' goes back in time");
    previous = stored.arrivalS;
    stored.size = cv::Size(sample["width"].asInt(), sample["height"].asInt());
    const JsonNode teacher = sample["teacher"];
    for (std::size_t k = 0; k < teacher.size(); ++k) {
      const JsonNode row = teacher.at(k);
      Detection d;
      d.box = BoundingBox{static_cast<float>(row.at(0).asDouble()), static_cast<float>(row.at(1).asDouble()),
                          static_cast<float>(row.at(2).asDouble()), static_cast<float>(row.at(3).asDouble())};
      d.score = static_cast<float>(row.at(4).asDouble());
      d.classId = row.at(5).asInt();
      stored.teacher.push_back(d);
    }
    const fs::path file = root / sample["file"].asString();
    stored.jpeg = readBytes(file);
    if (decodeJpeg(stored.jpeg).size() != stored.size)
      throw Error("AMS distiller state: " + file.string() + " is not a JPEG of the manifest's size");
    bytes += stored.jpeg.size();
    buffer.push_back(std::move(stored));
  }
  const auto gateFrom = static_cast<std::size_t>(state["gateFrom"].asInt64());
  if (gateFrom > buffer.size()) throw Error(where + ": field 'gateFrom' is beyond the samples");

  try {  // MaskedAdam::load is all or nothing; everything else above only read
    restoreMoments(*adam_, readBytes(momentsPath));
  } catch (const c10::Error& e) {
    throw Error("AMS distiller state: cannot read " + momentsPath.string() + ": " + e.what_without_backtrace());
  } catch (const Error& e) {
    throw Error("AMS distiller state: " + momentsPath.string() + ": " + e.what());
  }
  set_->assign(flat);
  buffer_ = std::move(buffer);
  bufferBytes_ = bytes;
  gateFrom_ = gateFrom;
  version_ = version;
  rng_.setState(rngState);
}

}  // namespace edgescope
