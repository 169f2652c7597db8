#include "neural/TurboModelFile.h"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "util/Digest.h"
#include "util/Error.h"

namespace edgescope {
namespace {

std::string listOf(const std::vector<int>& values) {
  std::ostringstream out;
  out << '[';
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  out << ']';
  return out.str();
}

}  // namespace

TurboNetConfig TurboModelFile::configOf(const TurboArchitecture& architecture) {
  TurboNetConfig config;
  config.decoderChannels = architecture.decoderChannels;
  config.discriminatorChannels = architecture.discriminatorChannels;
  config.discriminatorHidden = architecture.discriminatorHidden;
  config.imageScale = architecture.imageScale;
  config.ownEncoder = architecture.ownEncoder;
  return config;
}

TurboArchitecture TurboModelFile::architectureOf(const TurboNetConfig& config) {
  TurboArchitecture architecture;
  architecture.decoderChannels = config.decoderChannels;
  architecture.discriminatorChannels = config.discriminatorChannels;
  architecture.discriminatorHidden = config.discriminatorHidden;
  architecture.imageScale = config.imageScale;
  architecture.ownEncoder = config.ownEncoder;
  return architecture;
}

void TurboModelFile::save(TurboNet& net, TurboCard card, const std::string& weightsPath) {
  if (net->batchNormFolded())
    throw Error("cannot save " + weightsPath + ": the enhancer's BatchNorm layers were folded for inference");
  if (card.detectorCard.empty() || card.detectorSha256.empty())
    throw Error("cannot save " + weightsPath + ": the Turbo card names no detector card (TurboCard::bindDetector)");
  const std::filesystem::path weights(weightsPath);
  const std::string cardPath = TurboCard::cardPathFor(weightsPath);
  card.weightsFile = weights.filename().string();
  card.architecture = architectureOf(net->config());
  card.levelChannels = net->levelChannels();
  card.exits = net->exits();
  try {  // the card must read back: refuse it before anything is written
    TurboCard::fromJson(card.toJson(), cardPath);
  } catch (const Error& e) {
    throw Error("cannot save " + weightsPath + ": the Turbo card would not read back: " + e.what());
  }
  std::error_code error;
  if (weights.has_parent_path()) std::filesystem::create_directories(weights.parent_path(), error);
  if (error) throw Error("cannot create the folder of " + weightsPath + ": " + error.message());
  const std::string temporary = weightsPath + ".tmp";
  try {
    torch::serialize::OutputArchive archive;
    net->save(archive);
    archive.save_to(temporary);
  } catch (const c10::Error& e) {
    std::filesystem::remove(temporary, error);
    throw Error("cannot write Turbo weights " + weightsPath + ": " + e.what_without_backtrace());
  }
  std::filesystem::rename(temporary, weightsPath, error);
  if (error) throw Error("cannot write Turbo weights " + weightsPath + ": " + error.message());
  card.weightsSha256 = Digest::sha256OfFile(weightsPath);
  card.write(cardPath);
}

TurboModel TurboModelFile::load(const std::string& path, const JdeModel& detector) {
  TurboModel model;
  model.cardPath = TurboCard::cardPathFor(path);
  if (!std::filesystem::exists(model.cardPath))
    throw Error("Turbo enhancer " + path + ": card " + model.cardPath + " not found");
  model.card = TurboCard::read(model.cardPath);
  const TurboCard& card = model.card;
  model.weightsPath = (std::filesystem::path(model.cardPath).parent_path() / card.weightsFile).string();
  if (card.weightsFile.empty() || !std::filesystem::is_regular_file(model.weightsPath))
    throw Error("Turbo enhancer " + model.cardPath + ": weights file " + model.weightsPath + " not found");
  const std::string sha = Digest::sha256OfFile(model.weightsPath);
  if (sha != card.weightsSha256)
    throw Error("Turbo enhancer " + model.weightsPath + " is corrupt or does not belong to " + model.cardPath +
                ": sha256 " + sha + " differs from the card's " + card.weightsSha256);
  TurboCard::requireDetector(card, model.cardPath, detector.cardPath);
  if (!detector.net) throw Error("Turbo enhancer " + model.cardPath + ": the detector " + detector.cardPath + " is not loaded");
  if (card.exits != detector.net->encoderLevels())
    throw Error("Turbo enhancer " + model.cardPath + ": exit-count mismatch: " + std::to_string(card.exits) +
                " exits, but the detector " + detector.cardPath + " has " +
                std::to_string(detector.net->encoderLevels()) + " backbone levels");
  if (card.levelChannels != detector.net->levelChannels())
    throw Error("Turbo enhancer " + model.cardPath + ": level-channel mismatch: levelChannels " +
                listOf(card.levelChannels) + ", but the detector " + detector.cardPath + " has " +
                listOf(detector.net->levelChannels()));
  const std::string mismatch =
      "Turbo enhancer " + model.weightsPath + " does not match the architecture in " + model.cardPath;
  const TurboNetConfig config = configOf(card.architecture);
  torch::serialize::InputArchive archive;
  try {
    archive.load_from(model.weightsPath, torch::Device(torch::kCPU));
  } catch (const c10::Error& e) {
    throw Error("Turbo enhancer " + model.weightsPath + " is corrupt: " + e.what_without_backtrace());
  } catch (const std::exception& e) {  // the zip reader's own exceptions on a damaged archive
    throw Error("Turbo enhancer " + model.weightsPath + " is corrupt: " + e.what());
  }
  // A model-agnostic enhancer's weights hold its own copy of the detector's encoder: same architecture, other values.
  auto build = [&] {
    TurboNet net(card.levelChannels, config);
    if (config.ownEncoder) net->attachEncoder(JdeNet(detector.net->config()));
    return net;
  };
  try {
    model.net = build();
    // load() ignores entries the net lacks: weights with an own encoder must not pass as a plain enhancer's.
    std::vector<std::string> children;
    for (const auto& child : model.net->named_children()) children.push_back(child.key());
    for (const std::string& key : archive.keys())
      if (std::find(children.begin(), children.end(), key) == children.end())
        throw Error("the weights hold '" + key + "', which the card's architecture has no place for" +
                    (key == "encoder" ? std::string(" (a model-agnostic enhancer: architecture.ownEncoder)") : ""));
    model.net->load(archive);
  } catch (const Error& e) {
    throw Error(mismatch + ": " + e.what());
  } catch (const c10::Error& e) {
    throw Error(mismatch + ": " + e.what_without_backtrace());
  } catch (const std::exception& e) {
    throw Error(mismatch + ": " + e.what());
  }
  TurboNet reference = build();
  JdeModelFile::requireSameShapes(*reference, *model.net, mismatch);
  model.net->to(torch::kCPU);
  model.net->eval();
  return model;
}

}  // namespace edgescope
