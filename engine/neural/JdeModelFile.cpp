#include "neural/JdeModelFile.h"

#include <filesystem>

#include "util/Error.h"
#include "util/Sha256.h"

namespace edgescope {

void JdeModelFile::save(JdeNet& net, JdeModelCard card, const std::string& weightsPath) {
  const std::filesystem::path weights(weightsPath);
  if (weights.has_parent_path()) std::filesystem::create_directories(weights.parent_path());
  const std::string temporary = weightsPath + ".tmp";
  try {
    torch::serialize::OutputArchive archive;
    net->save(archive);
    archive.save_to(temporary);
  } catch (const c10::Error& e) {
    throw Error("cannot write model weights " + weightsPath + ": " + e.what_without_backtrace());
  }
  std::filesystem::rename(temporary, weightsPath);
  card.weightsFile = weights.filename().string();
  card.weightsSha256 = Sha256::ofFile(weightsPath);
  card.architecture = net->config();
  card.write(JdeModelCard::cardPathFor(weightsPath));
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
  const std::string sha = Sha256::ofFile(model.weightsPath);
  if (sha != model.card.weightsSha256)
    throw Error("JDE model " + model.weightsPath + " is corrupt or does not belong to " + model.cardPath +
                ": sha256 " + sha + " differs from the card's " + model.card.weightsSha256);
  model.net = JdeNet(model.card.architecture);
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(model.weightsPath);
    model.net->load(archive);
  } catch (const c10::Error& e) {
    throw Error("JDE model " + model.weightsPath + " does not match the architecture in " + model.cardPath + ": " +
                e.what_without_backtrace());
  }
  model.net->eval();
  return model;
}

}  // namespace edgescope
