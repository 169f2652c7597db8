#include "neural/JdeModelFile.h"

#include <filesystem>

#include "util/Error.h"
#include "util/Digest.h"

namespace edgescope {
namespace {

/// Archive key of an imported backbone's graph structure (JdeBackboneSpec::graph bytes as a uint8 tensor).
constexpr const char* kGraphKey = "edgescope_backbone_graph";

torch::Tensor bytesTensor(const std::string& bytes) {
  return torch::from_blob(const_cast<char*>(bytes.data()), {static_cast<std::int64_t>(bytes.size())}, torch::kUInt8)
      .clone();
}

}  // namespace

void JdeModelFile::save(JdeNet& net, JdeModelCard card, const std::string& weightsPath) {
  if (net->batchNormFolded())
    throw Error("cannot save " + weightsPath + ": the network's BatchNorm layers were folded for inference");
  const std::filesystem::path weights(weightsPath);
  std::error_code error;
  if (weights.has_parent_path()) std::filesystem::create_directories(weights.parent_path(), error);
  if (error) throw Error("cannot create the folder of " + weightsPath + ": " + error.message());
  const std::string temporary = weightsPath + ".tmp";
  try {
    torch::serialize::OutputArchive archive;
    net->save(archive);
    if (const auto& graph = net->config().backbone.graph) archive.write(kGraphKey, bytesTensor(*graph));
    archive.save_to(temporary);
  } catch (const c10::Error& e) {
    throw Error("cannot write model weights " + weightsPath + ": " + e.what_without_backtrace());
  }
  std::filesystem::rename(temporary, weightsPath, error);
  if (error) throw Error("cannot write model weights " + weightsPath + ": " + error.message());
  card.weightsFile = weights.filename().string();
  card.weightsSha256 = Digest::sha256OfFile(weightsPath);
  card.architecture = net->config();
  if (card.architecture.backbone.graph)
    card.architecture.backbone.graphSha256 = Digest::sha256(*card.architecture.backbone.graph);
  card.write(JdeModelCard::cardPathFor(weightsPath));
}

void JdeModelFile::requireSameShapes(torch::nn::Module& reference, torch::nn::Module& loaded, const std::string& what) {
  auto check = [&](const torch::OrderedDict<std::string, torch::Tensor>& expected,
                   const torch::OrderedDict<std::string, torch::Tensor>& actual) {
    if (expected.size() != actual.size())
      throw Error(what + ": " + std::to_string(actual.size()) + " tensors where the architecture has " +
                  std::to_string(expected.size()));
    for (const auto& item : expected) {
      const torch::Tensor* other = actual.find(item.key());
      if (other == nullptr) throw Error(what + ": tensor " + item.key() + " is missing");
      if (other->sizes() != item.value().sizes())
        throw Error(what + ": tensor " + item.key() + " has shape " + c10::str(other->sizes()) +
                    " where the architecture has " + c10::str(item.value().sizes()));
    }
  };
  check(reference.named_parameters(), loaded.named_parameters());
  check(reference.named_buffers(), loaded.named_buffers());
}

std::vector<torch::Tensor> JdeModelFile::tensorsOf(torch::nn::Module& module) {
  std::vector<torch::Tensor> tensors = module.parameters();
  for (const torch::Tensor& b : module.buffers()) tensors.push_back(b);
  return tensors;
}

void JdeModelFile::copyWeights(torch::nn::Module& from, torch::nn::Module& to, const std::string& what) {
  requireSameShapes(to, from, what);
  torch::NoGradGuard noGrad;
  const std::vector<torch::Tensor> source = tensorsOf(from);
  std::vector<torch::Tensor> target = tensorsOf(to);
  for (std::size_t i = 0; i < target.size(); ++i) target[i].copy_(source[i]);
}

JdeModel JdeModelFile::load(const std::string& path) {
  JdeModel model;
  model.cardPath = JdeModelCard::cardPathFor(path);
  if (!std::filesystem::exists(model.cardPath))
    throw Error("JDE model " + path + ": model card " + model.cardPath + " not found");
  model.card = JdeModelCard::read(model.cardPath);
  model.weightsPath = (std::filesystem::path(model.cardPath).parent_path() / model.card.weightsFile).string();
  if (!std::filesystem::exists(model.weightsPath))
    throw Error("JDE model " + model.cardPath + ": weights file " + model.weightsPath + " not found");
  const std::string sha = Digest::sha256OfFile(model.weightsPath);
  if (sha != model.card.weightsSha256)
    throw Error("JDE model " + model.weightsPath + " is corrupt or does not belong to " + model.cardPath +
                ": sha256 " + sha + " differs from the card's " + model.card.weightsSha256);
  const std::string mismatch =
      "JDE model " + model.weightsPath + " does not match the architecture in " + model.cardPath;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(model.weightsPath);
    JdeBackboneSpec& backbone = model.card.architecture.backbone;
    if (backbone.isOnnx()) {
      torch::Tensor graph;
      if (!archive.try_read(kGraphKey, graph)) throw Error(mismatch + ": the file holds no backbone graph");
      graph = graph.to(torch::kUInt8).contiguous();
      backbone.graph = std::make_shared<const std::string>(static_cast<const char*>(graph.data_ptr()),
                                                           static_cast<std::size_t>(graph.numel()));
      if (!backbone.graphSha256.empty() && Digest::sha256(*backbone.graph) != backbone.graphSha256)
        throw Error(mismatch + ": its backbone graph's sha256 differs from the card's");
    }
    try {
      model.net = JdeNet(model.card.architecture);
    } catch (const Error& e) {  // e.g. a backbone graph that does not parse or lacks a tapped value
      throw Error(mismatch + ": " + e.what());
    }
    model.net->load(archive);
  } catch (const c10::Error& e) {
    throw Error(mismatch + ": " + e.what_without_backtrace());
  }
  JdeNet reference(model.card.architecture);
  requireSameShapes(*reference, *model.net, mismatch);
  model.net->eval();
  return model;
}

}  // namespace edgescope
