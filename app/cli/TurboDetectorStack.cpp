#include "cli/TurboDetectorStack.h"

#include <algorithm>
#include <filesystem>

#include "cli/DeepScaleOptions.h"
#include "detect/ComponentSpec.h"
#include "neural/TorchRuntime.h"
#include "turbo/LatencyProfile.h"
#include "util/Error.h"
#include "util/ModelFolders.h"

namespace edgescope {
namespace {

/// The card named by a jde: spec's path: as given, else in the model folders.
std::string resolveModel(const std::string& path) {
  if (std::filesystem::exists(path)) return path;
  if (std::filesystem::path(path).is_relative()) {
    for (const std::string& folder : ModelFolders::search())
      if (std::filesystem::exists(folder + "/" + path)) return folder + "/" + path;
  }
  throw Error("--detector: no model '" + path + "' here or in the model folders");
}

}  // namespace

TurboDetectorStack::TurboDetectorStack(const std::string& detectorSpec, const std::string& turboSpec,
                                       const std::string& device, int threads) {
  const std::string text = detectorSpec.empty() ? DeepScaleOptions::defaultDetector() : detectorSpec;
  const ComponentSpec spec = ComponentSpec::parse(text);
  if (spec.scheme() != "jde")
    throw Error("--detector '" + text + "': Turbo needs a jde: detector (its enhancer re-enters that network)");
  spec.requirePath("a JDE model card (.json) or weights (.pt)");
  spec.options().requireKnownKeys("conf,device,threads,size");
  scoreThreshold_ = static_cast<float>(spec.options().getDouble("conf", 0.1, 0.0, 1.0));
  const std::string wanted = device.empty() ? spec.options().getString("device", "auto") : device;
  if (wanted != "auto" && wanted != "cpu" && wanted != "cuda")
    throw Error("--device '" + wanted + "': expected auto, cpu or cuda");
  const int threadCount = threads > 0 ? threads : static_cast<int>(spec.options().getInt("threads", 0, 0, 256));
  TorchRuntime::configure(threadCount);
  const torch::Device torchDevice(TorchRuntime::resolveDevice(wanted));
  device_ = torchDevice.str();
  threads_ = std::max(1, threadCount > 0 ? threadCount : torch::get_num_threads());

  detector_ = JdeModelFile::load(resolveModel(spec.path()));
  detector_.card.requireKind(JdeModelCard::kKindJde, detector_.cardPath);
  detector_.net->foldBatchNorm();  // inference only, as JdeDetector
  detector_.net->to(torchDevice);
  inference_ =
      std::make_unique<JdeInference>(detector_.net, torchDevice, JdeInference::Options{scoreThreshold_, 128, true});

  std::string turboPath = turboSpec;
  if (turboSpec.empty() || turboSpec == "auto") {
    const std::filesystem::path card(detector_.cardPath);
    turboPath = (card.parent_path() / ("turbo_" + card.stem().string() + ".json")).string();
    if (!std::filesystem::exists(turboPath))
      throw Error("--turbo auto: no Turbo enhancer for " + detector_.cardPath + ": " + turboPath +
                  " does not exist (scripts/train-enhancer)");
  } else if (turboSpec == "off") {
    throw Error("--turbo off: these commands measure an enhancer; name one (MODEL.json or auto)");
  }
  turbo_ = TurboModelFile::load(turboPath, detector_);
  turbo_.net->foldBatchNorm();
  turboInference_ =
      std::make_unique<TurboInference>(*inference_, turbo_.net, turbo_.card.calibration.a, turbo_.card.calibration.b);
  batch_ = std::make_unique<TurboBatch>(*turboInference_);
}

std::string TurboDetectorStack::profileKey() const {
  return LatencyProfile::makeKey(device_, threads_, turbo_.card.weightsSha256);
}

}  // namespace edgescope
