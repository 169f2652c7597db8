#include "patchnet/PatchNetRunner.h"

#include <filesystem>

namespace edgescope {

PatchNetRunner::PatchNetRunner(const std::string& path, int threads) : net_(PatchNet::load(path, "cpu", threads)) {}

void PatchNetRunner::install() {
  PatchModelRunner::setFactory([](const std::string& path, int threads) -> std::unique_ptr<PatchModelRunner> {
    return std::make_unique<PatchNetRunner>(path, threads);
  });
}

std::string PatchNetRunner::name() const {
  const std::string& name = net_.card().name;
  return name.empty() ? std::filesystem::path(net_.path()).stem().string() : name;
}

std::vector<double> PatchNetRunner::accuracy() const {
  std::vector<double> out;
  for (const cv::Size& size : net_.sizes()) {
    const auto it = net_.card().metrics.find("patch." + PatchCardSection::sizeName(size) + ".f1");
    out.push_back(it == net_.card().metrics.end() ? 0.5 : it->second);
  }
  return out;
}

std::vector<double> PatchNetRunner::objectnessWeights() const {
  const ObjectnessModel::Weights& w = net_.card().patch.objectness.weights();
  return {w.begin(), w.end()};
}

}  // namespace edgescope
