#include "detect/EmbedderFactory.h"

#include "detect/ColorHistogramEmbedder.h"
#include "detect/ComponentSpec.h"
#include "detect/OnnxModelInfo.h"
#include "detect/OnnxReidEmbedder.h"
#include "util/Error.h"

namespace edgescope {
namespace {

bool mayBeEmbedder(const std::string& path) {
  try {
    const OnnxModelInfo info = OnnxModelInfo::read(path);
    const OnnxTensorInfo& input = info.inputs().front();
    const OnnxTensorInfo& output = info.outputs().front();
    return (!input.hasShape || input.dims.size() == 4) && (!output.hasShape || output.dims.size() == 2);
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

std::unique_ptr<Embedder> EmbedderFactory::create(const std::string& spec) {
  const ComponentSpec parsed = ComponentSpec::parse(spec);
  if (parsed.scheme() == "onnx-reid") {
    parsed.requirePath("an ONNX ReID model file");
    parsed.options().requireKnownKeys("");
    return std::make_unique<OnnxReidEmbedder>(parsed.path());
  }
  if (parsed.scheme() == "color-hist") {
    parsed.forbidPath();
    parsed.options().requireKnownKeys("");
    return std::make_unique<ColorHistogramEmbedder>();
  }
  throw Error("in '" + spec + "': unknown embedder '" + parsed.scheme() + "' (known: onnx-reid:PATH, color-hist)");
}

std::vector<std::string> EmbedderFactory::availableEmbedders(const std::vector<std::string>& modelPaths) {
  std::vector<std::string> specs{"color-hist"};
  for (const auto& path : modelPaths) {
    if (mayBeEmbedder(path)) specs.push_back("onnx-reid:" + path);
  }
  return specs;
}

}  // namespace edgescope
