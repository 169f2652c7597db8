#include "detect/DetectorFactory.h"

#include <map>
#include <mutex>
#include <sstream>

#include "detect/ComponentSpec.h"
#include "detect/HogDetector.h"
#include "detect/OnnxModelInfo.h"
#include "detect/OnnxYoloxDetector.h"
#include "detect/YoloxDecoder.h"
#include "util/Error.h"

namespace edgescope {
namespace {

int parseInt(const std::string& text, const std::string& spec, const std::string& key) {
  std::size_t used = 0;
  int value = -1;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size() || value < 0) {
    throw Error("in '" + spec + "': option '" + key + "' has '" + text + "', expected a non-negative integer");
  }
  return value;
}

cv::Size parseSize(const ComponentSpec& spec) {
  const std::string text = spec.options().getString("size", "");
  if (text.empty()) return {};
  const auto x = text.find('x');
  const int w = parseInt(text.substr(0, x), spec.text(), "size");
  const int h = x == std::string::npos ? w : parseInt(text.substr(x + 1), spec.text(), "size");
  if (w < 32 || h < 32 || w > 4096 || h > 4096 || w % 32 != 0 || h % 32 != 0) {
    throw Error("in '" + spec.text() + "': option 'size'=" + text +
                " must be WxH or N with sides multiples of 32 in [32, 4096]");
  }
  return {w, h};
}

std::vector<int> parseClasses(const ComponentSpec& spec) {
  const std::string text = spec.options().getString("classes", "0");
  if (text == "all") return {};
  std::vector<int> classes;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) classes.push_back(parseInt(item, spec.text(), "classes"));
  if (classes.empty()) throw Error("in '" + spec.text() + "': option 'classes' is empty (use 'all' for every class)");
  return classes;
}

std::unique_ptr<Detector> createYolox(const ComponentSpec& spec) {
  spec.requirePath("an ONNX model file");
  spec.options().requireKnownKeys("size,conf,nms,classes");
  OnnxYoloxOptions options;
  options.inputSize = parseSize(spec);
  options.confidenceThreshold = static_cast<float>(spec.options().getDouble("conf", 0.1, 0.0, 1.0));
  options.nmsIouThreshold = static_cast<float>(spec.options().getDouble("nms", 0.45, 0.0, 1.0));
  options.classes = parseClasses(spec);
  return std::make_unique<OnnxYoloxDetector>(spec.path(), options);
}

std::unique_ptr<Detector> createHog(const ComponentSpec& spec) {
  spec.forbidPath();
  spec.options().requireKnownKeys("upscale,hit,scale,stride");
  HogOptions options;
  options.upscale = spec.options().getDouble("upscale", 1.0, 0.25, 4.0);
  options.hitThreshold = spec.options().getDouble("hit", 0.0, -5.0, 5.0);
  options.scaleStep = spec.options().getDouble("scale", 1.05, 1.01, 2.0);
  options.windowStridePx = static_cast<int>(spec.options().getInt("stride", 8, 8, 64));
  if (options.windowStridePx % 8 != 0) throw Error("in '" + spec.text() + "': option 'stride' must be a multiple of 8");
  return std::make_unique<HogDetector>(options);
}

/// False only when the declared shapes rule out a YOLOX head (4-D image input; N×(5+C) output with N the grid
/// cell count of the input size when both are declared).
bool mayBeYolox(const std::string& path) {
  try {
    const OnnxModelInfo info = OnnxModelInfo::read(path);
    const OnnxTensorInfo& input = info.inputs().front();
    const OnnxTensorInfo& output = info.outputs().front();
    if (input.hasShape && input.dims.size() != 4) return false;
    if (!output.hasShape) return true;
    if (output.dims.size() != 3 && output.dims.size() != 2) return false;
    const std::int64_t rows = output.dims[output.dims.size() - 2];
    const std::int64_t columns = output.dims.back();
    if (columns != OnnxTensorInfo::kDynamic && columns < 6) return false;
    if (!input.hasShape || rows == OnnxTensorInfo::kDynamic || input.dims[2] == OnnxTensorInfo::kDynamic ||
        input.dims[3] == OnnxTensorInfo::kDynamic) {
      return true;
    }
    const cv::Size size(static_cast<int>(input.dims[3]), static_cast<int>(input.dims[2]));
    return rows == YoloxDecoder::gridCellCount(size);
  } catch (const Error&) {
    return false;
  }
}

struct Registration {
  DetectorFactory::Creator create;
  DetectorFactory::Offer offers;
};

std::mutex& registryMutex() {
  static std::mutex mutex;
  return mutex;
}

std::map<std::string, Registration>& registry() {
  static std::map<std::string, Registration> schemes;
  return schemes;
}

}  // namespace

void DetectorFactory::registerScheme(const std::string& scheme, Creator create, Offer offers) {
  const std::lock_guard<std::mutex> lock(registryMutex());
  registry()[scheme] = Registration{std::move(create), std::move(offers)};
}

std::vector<std::string> DetectorFactory::registeredSchemes() {
  const std::lock_guard<std::mutex> lock(registryMutex());
  std::vector<std::string> names;
  for (const auto& entry : registry()) names.push_back(entry.first);
  return names;
}

std::unique_ptr<Detector> DetectorFactory::create(const std::string& spec) {
  const ComponentSpec parsed = ComponentSpec::parse(spec);
  if (parsed.scheme() == "onnx-yolox") return createYolox(parsed);
  if (parsed.scheme() == "hog") return createHog(parsed);
  Creator creator;
  std::string known = "onnx-yolox:PATH, hog";
  {
    const std::lock_guard<std::mutex> lock(registryMutex());
    const auto it = registry().find(parsed.scheme());
    if (it != registry().end()) creator = it->second.create;
    for (const auto& entry : registry()) known += ", " + entry.first + ":PATH";
  }
  if (creator) return creator(parsed);
  throw Error("in '" + spec + "': unknown detector '" + parsed.scheme() + "' (known: " + known + ")");
}

std::vector<std::string> DetectorFactory::availableDetectors(const std::vector<std::string>& modelPaths) {
  std::vector<std::string> specs{"hog"};
  std::map<std::string, Registration> extra;
  {
    const std::lock_guard<std::mutex> lock(registryMutex());
    extra = registry();
  }
  for (const auto& path : modelPaths) {
    for (const auto& [scheme, registration] : extra)
      if (registration.offers && registration.offers(path)) specs.push_back(scheme + ":" + path);
    if (mayBeYolox(path)) specs.push_back("onnx-yolox:" + path);
  }
  return specs;
}

}  // namespace edgescope
