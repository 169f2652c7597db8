#include "neural/StreamedJdeModel.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <utility>

#include "ams/ParameterDigest.h"
#include "ams/SparseUpdateCodec.h"
#include "core/Stopwatch.h"
#include "record/AtomicFile.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

constexpr const char* kStateFormat = "edgescope-ams-state";
constexpr int kStateFormatVersion = 1;
/// The JSON header line of a state file is at most this long.
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

std::string littleEndianBytes(const std::vector<float>& values) {
  std::string bytes(values.size() * 4, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &values[i], 4);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xffu);
  }
  return bytes;
}

void copyTensor(const torch::Tensor& from, torch::Tensor& to, const std::string& name) {
  if (!from.defined() || !to.defined() || from.sizes() != to.sizes())
    throw Error("AMS staging: tensor " + name + " does not match the inference network's");
  to.copy_(from);
}

/// @p conv followed by @p bn, folded into @p target: the arithmetic of BatchNormFolding::foldedConv, bit for bit.
void foldInto(const torch::nn::Conv2dImpl& conv, const torch::nn::BatchNorm2dImpl& bn, torch::nn::Conv2dImpl& target,
              const std::string& name) {
  const torch::Tensor scale = bn.weight / torch::sqrt(bn.running_var + bn.options.eps());
  copyTensor(conv.weight * scale.view({-1, 1, 1, 1}), target.weight, name + ".weight");
  const torch::Tensor bias = conv.bias.defined() ? conv.bias : torch::zeros_like(bn.running_mean);
  copyTensor(bn.bias + (bias - bn.running_mean) * scale, target.bias, name + ".bias");
}

/// Writes the weights of @p source (unfolded) into @p target, the same architecture folded for inference. Mirrors
/// BatchNormFolding::fold: a Sequential with fewer children in @p target was folded, each Conv2d → BatchNorm2d pair
/// of @p source being one Conv2d there; everything else pairs by name. Every tensor of @p target is written; a
/// structure that does not pair up is an Error naming the module (@p path).
void refold(torch::nn::Module& source, torch::nn::Module& target, const std::string& path) {
  const std::string mismatch = "AMS staging: module '" + path + "' does not pair with the inference network's";
  auto* from = dynamic_cast<torch::nn::SequentialImpl*>(&source);
  auto* to = dynamic_cast<torch::nn::SequentialImpl*>(&target);
  if (from && to && to->size() < from->size()) {
    std::size_t j = 0;
    for (std::size_t i = 0; i < from->size(); ++i, ++j) {
      if (j >= to->size()) throw Error(mismatch);
      const std::string name = path + "." + std::to_string(j);
      auto conv = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(from->ptr(i));
      auto bn = conv && i + 1 < from->size() ? std::dynamic_pointer_cast<torch::nn::BatchNorm2dImpl>(from->ptr(i + 1))
                                             : nullptr;
      if (bn) {
        auto folded = std::dynamic_pointer_cast<torch::nn::Conv2dImpl>(to->ptr(j));
        if (!folded) throw Error(mismatch + ": " + name + " is not a folded Conv2d");
        foldInto(*conv, *bn, *folded, name);
        ++i;
      } else {
        refold(*from->ptr(i), *to->ptr(j), name);
      }
    }
    if (j != to->size()) throw Error(mismatch);
    return;
  }
  auto pairTensors = [&](const torch::OrderedDict<std::string, torch::Tensor>& sources,
                         torch::OrderedDict<std::string, torch::Tensor> targets) {
    if (sources.size() != targets.size()) throw Error(mismatch);
    for (auto& item : targets) {
      const torch::Tensor* tensor = sources.find(item.key());
      if (!tensor) throw Error(mismatch + ": tensor " + item.key() + " is missing");
      copyTensor(*tensor, item.value(), path + "." + item.key());
    }
  };
  pairTensors(source.named_parameters(/*recurse=*/false), target.named_parameters(/*recurse=*/false));
  pairTensors(source.named_buffers(/*recurse=*/false), target.named_buffers(/*recurse=*/false));
  const auto sourceChildren = source.named_children();
  const auto targetChildren = target.named_children();
  if (sourceChildren.size() != targetChildren.size()) throw Error(mismatch);
  for (const auto& item : targetChildren) {
    const std::shared_ptr<torch::nn::Module>* child = sourceChildren.find(item.key());
    if (!child) throw Error(mismatch + ": module " + item.key() + " is missing");
    refold(**child, *item.value(), path.empty() ? item.key() : path + "." + item.key());
  }
}

std::vector<float> floatsFromLittleEndian(const char* bytes, std::size_t count) {
  std::vector<float> values(count);
  const auto* in = reinterpret_cast<const unsigned char*>(bytes);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint32_t bits = static_cast<std::uint32_t>(in[4 * i]) | static_cast<std::uint32_t>(in[4 * i + 1]) << 8 |
                               static_cast<std::uint32_t>(in[4 * i + 2]) << 16 |
                               static_cast<std::uint32_t>(in[4 * i + 3]) << 24;
    std::memcpy(&values[i], &bits, 4);
  }
  return values;
}

}  // namespace

StreamedJdeModel::StreamedJdeModel(const std::string& modelPath, torch::Device device, Installer install)
    : master_(JdeModelFile::load(modelPath)), device_(device), install_(std::move(install)) {
  set_ = std::make_unique<AmsTrainableSet>(master_.net);
  spares_.push_back(takeSpare());  // built now: the first stage then costs what every later one does
  auto pretrained = std::make_shared<Version>();
  pretrained->flat = set_->flat();
  pretrained->sha256 = ParameterDigest::sha256(pretrained->flat);
  pretrained_ = std::move(pretrained);
  ring_ = {pretrained_};
}

StreamedJdeModel::~StreamedJdeModel() = default;

std::string StreamedJdeModel::layoutText(std::uint64_t layoutHash) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%016llx", static_cast<unsigned long long>(layoutHash));
  return text;
}

StreamableModel::Identity StreamedJdeModel::identityOf(const Version& version) const {
  Identity identity;
  identity.sha256 = version.sha256;
  identity.layoutHash = set_->layoutHash();
  identity.parameterCount = static_cast<std::uint32_t>(set_->parameterCount());
  identity.version = version.version;
  identity.modelName = master_.card.name;
  identity.baseModelSha256 = master_.card.weightsSha256;
  return identity;
}

StreamableModel::Identity StreamedJdeModel::identity() const {
  VersionPtr running;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    running = ring_.back();
  }
  return identityOf(*running);
}

StreamedJdeModel::Ring StreamedJdeModel::headRing() {
  std::lock_guard<std::mutex> lock(stateMutex_);
  if (retired_) spares_.push_back(std::exchange(retired_, JdeNet{nullptr}));
  return staged_ ? staged_->ring : ring_;
}

JdeNet StreamedJdeModel::takeSpare() {
  if (!spares_.empty()) {
    JdeNet spare = std::move(spares_.back());
    spares_.pop_back();
    return spare;
  }
  torch::NoGradGuard noGrad;
  JdeNet net(master_.net->config());
  JdeModelFile::copyWeights(*master_.net, *net, "AMS inference copy of " + master_.cardPath);
  net->eval();
  net->foldBatchNorm();
  net->to(device_);
  return net;
}

void StreamedJdeModel::stage(Ring ring, const Version& previous, double startMs) {
  while (ring.size() > kRingSize) ring.erase(ring.begin());
  JdeNet net{nullptr};
  try {
    net = takeSpare();
    set_->assign(ring.back()->flat);
    torch::NoGradGuard noGrad;
    refold(*master_.net, *net, "");
  } catch (const std::exception& e) {
    set_->assign(previous.flat);
    if (net) spares_.push_back(std::move(net));  // rewritten whole by its next use
    const auto* torchError = dynamic_cast<const c10::Error*>(&e);
    if (!torchError) throw;
    throw Error("AMS model " + master_.card.name +
                ": cannot build the staged network: " + torchError->what_without_backtrace());
  }
  JdeNet displaced{nullptr};  // a pending stage this one replaces: nobody runs it
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    if (staged_) displaced = std::move(staged_->net);
    staged_ = Stage{std::move(net), std::move(ring)};
  }
  if (displaced) spares_.push_back(std::move(displaced));
  lastStageMs_ = Stopwatch::nowMs() - startMs;
}

void StreamedJdeModel::stageUpdate(const SparseUpdate& update) {
  const double startMs = Stopwatch::nowMs();
  std::lock_guard<std::mutex> staging(stagingMutex_);
  Ring ring = headRing();
  const VersionPtr head = ring.back();
  auto next = std::make_shared<Version>();
  next->flat = head->flat;
  SparseUpdateCodec::apply(update, next->flat, head->version, set_->layoutHash());  // the SHA-256 check
  next->version = update.version;
  next->sha256 = update.resultSha256;
  ring.push_back(std::move(next));
  stage(std::move(ring), *head, startMs);
}

bool StreamedJdeModel::swapStaged() {
  const double startMs = Stopwatch::nowMs();
  std::lock_guard<std::mutex> lock(stateMutex_);
  if (!staged_) return false;
  retired_ = install_(std::move(staged_->net));
  ring_ = std::move(staged_->ring);
  staged_.reset();
  lastSwapMs_ = Stopwatch::nowMs() - startMs;
  return true;
}

bool StreamedJdeModel::hasStaged() const {
  std::lock_guard<std::mutex> lock(stateMutex_);
  return staged_.has_value();
}

std::uint64_t StreamedJdeModel::stageRollback() {
  const double startMs = Stopwatch::nowMs();
  std::lock_guard<std::mutex> staging(stagingMutex_);
  Ring ring = headRing();
  if (ring.size() < 2)
    throw Error("AMS model " + master_.card.name +
                ": no earlier version to roll back to (the ring holds only version " +
                std::to_string(ring.back()->version) + ")");
  const VersionPtr head = ring.back();
  ring.pop_back();
  const std::uint64_t version = ring.back()->version;
  stage(std::move(ring), *head, startMs);
  return version;
}

void StreamedJdeModel::stageReset() {
  const double startMs = Stopwatch::nowMs();
  std::lock_guard<std::mutex> staging(stagingMutex_);
  const VersionPtr head = headRing().back();
  stage({pretrained_}, *head, startMs);
}

std::vector<std::uint64_t> StreamedJdeModel::ringVersions() const {
  std::lock_guard<std::mutex> lock(stateMutex_);
  std::vector<std::uint64_t> versions;
  for (const VersionPtr& entry : ring_) versions.push_back(entry->version);
  return versions;
}

std::vector<float> StreamedJdeModel::flatParameters() const {
  VersionPtr running;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    running = ring_.back();
  }
  return running->flat;
}

std::string StreamedJdeModel::describe(const std::string& name, std::uint64_t layoutHash, std::uint64_t count,
                                       const std::string& baseSha) const {
  return "model " + name + " (layout " + layoutText(layoutHash) + ", " + std::to_string(count) +
         " parameters, pretrained weights sha256 " + baseSha + ")";
}

void StreamedJdeModel::saveState(const std::string& directory) const {
  VersionPtr running;
  {
    std::lock_guard<std::mutex> lock(stateMutex_);
    running = ring_.back();
  }
  const std::string path = (std::filesystem::path(directory) / kStateFileName).string();
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw Error("AMS state " + path + ": cannot create the folder: " + error.message());
  Json header;
  header["format"] = kStateFormat;
  header["formatVersion"] = kStateFormatVersion;
  header["model"] = master_.card.name;
  header["baseModelSha256"] = master_.card.weightsSha256;
  header["layoutHash"] = layoutText(set_->layoutHash());
  header["parameterCount"] = running->flat.size();
  header["version"] = running->version;
  header["sha256"] = running->sha256;
  AtomicFile::write(path, JsonDocument::dump(header) + "\n" + littleEndianBytes(running->flat));
}

void StreamedJdeModel::stageState(const std::string& directory) {
  const double startMs = Stopwatch::nowMs();
  const std::string path = (std::filesystem::path(directory) / kStateFileName).string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("AMS state " + path + ": cannot be read");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t newline = bytes.find('\n');
  if (newline == std::string::npos || newline > kMaxHeaderBytes)
    throw Error("AMS state " + path + ": no header line (truncated or not a state file)");
  const JsonDocument document = JsonDocument::parse(bytes.substr(0, newline), path);
  const JsonNode root = document.root();
  if (root["format"].asString() != kStateFormat || root["formatVersion"].asInt() != kStateFormatVersion)
    throw Error("AMS state " + path + ": field 'format': not an " + std::string(kStateFormat) + " version " +
                std::to_string(kStateFormatVersion) + " file");
  const std::string name = root["model"].asString();
  const std::string baseSha = root["baseModelSha256"].asString();
  const std::string layout = root["layoutHash"].asString();
  const std::int64_t count = root["parameterCount"].asInt64();
  const std::int64_t version = root["version"].asInt64();
  const std::string sha = root["sha256"].asString();
  if (name != master_.card.name || baseSha != master_.card.weightsSha256 || layout != layoutText(set_->layoutHash()) ||
      count != static_cast<std::int64_t>(set_->parameterCount())) {
    throw Error("AMS state " + path + " was saved for " + name + " (layout " + layout + ", " + std::to_string(count) +
                " parameters, pretrained weights sha256 " + baseSha + "), but this camera runs " +
                describe(master_.card.name, set_->layoutHash(), set_->parameterCount(), master_.card.weightsSha256));
  }
  if (version < 0) throw Error("AMS state " + path + ": field 'version': " + std::to_string(version) + " < 0");
  const std::size_t expected = static_cast<std::size_t>(count) * 4;
  if (bytes.size() - newline - 1 != expected)
    throw Error("AMS state " + path + ": " + std::to_string(bytes.size() - newline - 1) +
                " bytes of parameters where " + std::to_string(count) + " floats need " + std::to_string(expected) +
                " (truncated or corrupt)");
  auto loaded = std::make_shared<Version>();
  loaded->flat = floatsFromLittleEndian(bytes.data() + newline + 1, static_cast<std::size_t>(count));
  loaded->sha256 = ParameterDigest::sha256(loaded->flat);
  loaded->version = static_cast<std::uint64_t>(version);
  if (loaded->sha256 != sha)
    throw Error("AMS state " + path + ": field 'sha256': the parameters hash to " + loaded->sha256 + ", not " + sha +
                " (corrupt)");
  std::lock_guard<std::mutex> staging(stagingMutex_);
  Ring ring = headRing();
  const VersionPtr head = ring.back();
  ring.push_back(std::move(loaded));
  stage(std::move(ring), *head, startMs);
}

}  // namespace edgescope
