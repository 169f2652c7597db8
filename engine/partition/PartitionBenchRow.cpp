#include "partition/PartitionBenchRow.h"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace edgescope {

void PartitionBenchRow::add(const PartitionFrame& frame, const LinkProfile& link) {
  ++frames;
  if (!frame.fallbackReason.empty()) ++fallbackFrames;
  serverMsSum += frame.serverMs;
  cameraMsSum += frame.cameraMs;
  transmissionMsSum += frame.transmissionMs;
  uplinkKbSum += frame.uplinkKb;
  downlinkKbSum += frame.downlinkKb;
  if (frame.uplinkKb > 0.0) {
    ++remoteFrames;
    // KB × 8 = kilobits; / Kbps = s; × 1000 = ms.
    modelMsSum += frame.uplinkKb * 8.0 / link.uplinkKbps * 1000.0 + frame.downlinkKb * 8.0 / link.downlinkKbps * 1000.0 +
                  link.rttMs;
  }
}

double PartitionBenchRow::transmissionRatio() const {
  return modelMsSum > 0.0 ? transmissionMsSum / modelMsSum : 0.0;
}

Json PartitionBenchRow::toJson() const {
  Json json = Json::object();
  json["strategy"] = strategy;
  json["preset"] = preset;
  json["fps"] = fps;
  json["MOTA"] = hasMota ? Json(mota) : Json(nullptr);
  json["server_ms"] = mean(serverMsSum);
  json["camera_ms"] = mean(cameraMsSum);
  json["transmission_ms"] = mean(transmissionMsSum);
  json["uplink_kb_per_frame"] = mean(uplinkKbSum);
  json["downlink_kb_per_frame"] = mean(downlinkKbSum);
  json["frames"] = frames;
  json["remote_frames"] = remoteFrames;
  json["fallback_frames"] = fallbackFrames;
  json["transmission_model_ms"] = mean(modelMsSum);
  json["transmission_vs_model"] = transmissionRatio();
  return json;
}

std::string PartitionBenchRow::tableHeader() {
  return "strategy preset     fps   MOTA  server_ms camera_ms  trans_ms  up_KB/f  down_KB/f  trans/model";
}

std::string PartitionBenchRow::tableLine() const {
  char mota[16] = "    -";
  if (hasMota) std::snprintf(mota, sizeof(mota), "%6.3f", this->mota);
  char line[200];
  std::snprintf(line, sizeof(line), "%-8s %-6s %7.2f %6s %10.2f %9.2f %9.2f %8.2f %10.2f %12.3f", strategy.c_str(),
                preset.c_str(), fps, mota, mean(serverMsSum), mean(cameraMsSum), mean(transmissionMsSum),
                mean(uplinkKbSum), mean(downlinkKbSum), transmissionRatio());
  return line;
}

}  // namespace edgescope
