#include "neural/JdeBackboneSpec.h"

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

void JdeBackboneSpec::validate(int strideOut) const {
  if (kind != kResidual && kind != kOnnx)
    throw Error("JDE network: backbone.kind '" + kind + "' is not 'residual' or 'onnx'");
  if (inputOrder != "rgb" && inputOrder != "bgr")
    throw Error("JDE network: backbone.inputOrder '" + inputOrder + "' is not 'rgb' or 'bgr'");
  if (kind == kResidual) {
    if (strideOut != 4) throw Error("JDE network: the residual backbone has strideOut 4 only");
    return;
  }
  if (taps.size() != 3)
    throw Error("JDE network: backbone.taps needs 3 graph values (strides 8, 16, 32), got " + std::to_string(taps.size()));
  if (strideOut == 4 && stride4Tap.empty())
    throw Error("JDE network: strideOut 4 needs backbone.stride4Tap (a graph value at stride 4)");
}

Json JdeBackboneSpec::toJson() const {
  Json json = Json::object();
  json["kind"] = kind;
  if (!isOnnx()) return json;
  json["source"] = source;
  json["sourceSha256"] = sourceSha256;
  json["licence"] = licence;
  json["taps"] = taps;
  json["stride4Tap"] = stride4Tap;
  json["inputOrder"] = inputOrder;
  json["graphSha256"] = graphSha256;
  return json;
}

JdeBackboneSpec JdeBackboneSpec::read(const JsonNode& object) {
  JdeBackboneSpec spec;
  spec.kind = object["kind"].asString();
  if (!spec.isOnnx()) return spec;
  for (auto [key, target] : {std::pair{"source", &spec.source}, {"sourceSha256", &spec.sourceSha256},
                             {"licence", &spec.licence}, {"stride4Tap", &spec.stride4Tap},
                             {"inputOrder", &spec.inputOrder}, {"graphSha256", &spec.graphSha256}}) {
    if (object.contains(key)) *target = object[key].asString();
  }
  const JsonNode taps = object["taps"];
  for (std::size_t i = 0; i < taps.size(); ++i) spec.taps.push_back(taps.at(i).asString());
  return spec;
}

bool JdeBackboneSpec::operator==(const JdeBackboneSpec& other) const {
  const bool sameGraph = (!graph && !other.graph) || (graph && other.graph && *graph == *other.graph);
  return kind == other.kind && source == other.source && sourceSha256 == other.sourceSha256 &&
         licence == other.licence && taps == other.taps && stride4Tap == other.stride4Tap &&
         inputOrder == other.inputOrder && graphSha256 == other.graphSha256 && sameGraph;
}

}  // namespace edgescope
