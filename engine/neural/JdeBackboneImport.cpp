#include "neural/JdeBackboneImport.h"

#include <filesystem>

#include <onnx/onnx_pb.h>

#include "detect/OnnxProto.h"
#include "detect/OnnxSubgraph.h"
#include "neural/JdeModelFile.h"
#include "util/Digest.h"
#include "util/Error.h"

namespace edgescope {

std::shared_ptr<OnnxGraph> JdeBackboneImport::prepare(JdeNetConfig& config, const std::string& onnxPath) {
  JdeBackboneSpec& spec = config.backbone;
  spec.kind = JdeBackboneSpec::kOnnx;
  config.validate();
  std::vector<std::string> taps;
  if (config.strideOut == 4) taps.push_back(spec.stride4Tap);
  taps.insert(taps.end(), spec.taps.begin(), spec.taps.end());
  const std::shared_ptr<const onnx::ModelProto> model = OnnxProto::read(onnxPath);
  const std::shared_ptr<onnx::ModelProto> cut = OnnxSubgraph::cut(*model, taps, onnxPath);
  auto pretrained = std::make_shared<OnnxGraph>(*cut, onnxPath);
  if (pretrained->inputNames().size() != 1)
    throw Error(onnxPath + ": the backbone graph needs exactly one image input, it has " +
                std::to_string(pretrained->inputNames().size()));
  spec.source = std::filesystem::path(onnxPath).filename().string();
  spec.sourceSha256 = Digest::sha256OfFile(onnxPath);
  auto graph = std::make_shared<std::string>();
  OnnxSubgraph::stripWeights(*cut)->SerializeToString(graph.get());
  spec.graphSha256 = Digest::sha256(*graph);
  spec.graph = graph;
  return pretrained;
}

void JdeBackboneImport::copyInto(OnnxGraph& pretrained, JdeNet& net) {
  if (!net->onnxBackbone()) throw Error("JDE network: no imported backbone to copy pretrained weights into");
  JdeModelFile::copyWeights(pretrained, *net->onnxBackbone(),
                            "the pretrained backbone does not fit the network's backbone graph");
}

}  // namespace edgescope
