#include "paraloupe/cluster/ParaLoupeBenchRow.h"

#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "util/Percentile.h"

namespace edgescope {

namespace {

double f1(const MotMetrics& m) {
  return m.precision + m.recall > 0.0 ? 2.0 * m.precision * m.recall / (m.precision + m.recall) : 0.0;
}

double sloMet(const std::vector<double>& latencyMs, double sloMs) {
  if (latencyMs.empty()) return 0.0;
  std::size_t met = 0;
  for (double ms : latencyMs) met += ms <= sloMs ? 1 : 0;
  return static_cast<double>(met) / latencyMs.size();
}

}  // namespace

ParaLoupeBenchRow::ParaLoupeBenchRow(std::string row, std::string cameraProfile, double sloMs, bool haveGt,
                                     std::int64_t firstScoredFrame)
    : row_(std::move(row)), cameraProfile_(std::move(cameraProfile)), sloMs_(sloMs), haveGt_(haveGt),
      firstScored_(firstScoredFrame) {
  metrics_.beginSequence(row_);
}

void ParaLoupeBenchRow::startPhase(std::int64_t fromFrame, int nodesOnline) {
  Phase phase;
  phase.fromFrame = phase.toFrame = fromFrame;
  phase.nodesOnline = nodesOnline;
  phase.metrics.beginSequence(row_);
  phases_.push_back(std::move(phase));
}

void ParaLoupeBenchRow::setLossDetected(double seconds) {
  if (!phases_.empty()) phases_.back().lossDetectedS = seconds;
}

void ParaLoupeBenchRow::addFrame(std::int64_t frame, const std::vector<MotRow>& gt, const std::vector<MotRow>& hyp,
                                 double endToEndMs, const PartitionFrame* partition) {
  if (frame < firstScored_) return;  // warm-up
  if (phases_.empty()) startPhase(frame, 0);
  ++frames_;
  withResult_ += std::isfinite(endToEndMs) ? 1 : 0;
  latencyMs_.push_back(endToEndMs);
  Phase& phase = phases_.back();
  phase.toFrame = frame;
  phase.latencyMs.push_back(endToEndMs);
  if (haveGt_) {
    metrics_.addFrame(frame, gt, hyp);
    phase.metrics.addFrame(frame, gt, hyp);
  }
  if (!partition || !partition->paraloupe.active) return;
  const ParaLoupeFrame& pl = partition->paraloupe;
  ++plFrames_;
  patches_ += pl.patches;
  high_ += pl.high;
  low_ += pl.low;
  shed_ += pl.shed;
  late_ += pl.lateReplies;
  uplinkKb_ += pl.uplinkKb;
  utility_ += pl.utility;
  if (!pl.keyframe) {
    patchgenMs_.push_back(pl.patchgenMs);
    cameraMs_.push_back(partition->cameraMs);
    scheduleMs_.push_back(pl.scheduleMs);
  }
  LoggedFrame logged{frame, endToEndMs, {}};
  for (const PatchRecord& record : pl.records) {
    if (!record.served) continue;
    ++served_[record.node];
    ++logged.served[record.node];
  }
  frameLog_.push_back(std::move(logged));
  for (const DeviceTiming& device : pl.devices) {
    if (device.device != "camera" && device.measuredMs > 0.0 && device.timed) {
      predictionError_.push_back(std::fabs(device.predictedMs - device.measuredMs) / device.measuredMs);
    }
  }
}

double ParaLoupeBenchRow::latencyP50() const { return Percentile::median(latencyMs_); }
double ParaLoupeBenchRow::latencyP95() const { return Percentile::of(latencyMs_, 95.0); }

Json ParaLoupeBenchRow::toJson() const {
  const MotMetrics m = metrics_.compute();
  Json json = Json::object();
  json["row"] = row_;
  json["camera_profile"] = cameraProfile_;
  json["MOTA"] = haveGt_ ? Json(m.mota) : Json();
  json["IDF1"] = haveGt_ ? Json(m.idf1) : Json();
  json["HOTA"] = haveGt_ ? Json(m.hota.hota) : Json();
  json["F1"] = haveGt_ ? Json(f1(m)) : Json();
  json["latency_p50_ms"] = latencyP50();
  json["latency_p95_ms"] = latencyP95();
  json["slo_met"] = sloMet(latencyMs_, sloMs_);
  json["frames"] = frames_;
  json["frames_with_result"] = withResult_;
  const double pl = std::max<std::int64_t>(1, plFrames_);
  json["patches_per_frame"] = patches_ / pl;
  json["high_per_frame"] = high_ / pl;
  json["low_per_frame"] = low_ / pl;
  json["shed_per_frame"] = shed_ / pl;
  json["shed_share"] = patches_ > 0 ? static_cast<double>(shed_) / patches_ : 0.0;
  json["uplink_kb_per_frame"] = uplinkKb_ / pl;
  json["patchgen_ms_p50"] = Percentile::median(patchgenMs_);
  json["camera_ms_p50"] = Percentile::median(cameraMs_);
  json["schedule_ms_p95"] = Percentile::of(scheduleMs_, 95.0);
  json["predicted_vs_measured"] = Percentile::median(predictionError_);
  Json share = Json::object();
  std::int64_t total = 0;
  for (const auto& [node, count] : served_) total += count;
  for (const auto& [node, count] : served_) share[node] = static_cast<double>(count) / std::max<std::int64_t>(1, total);
  json["node_share"] = share;
  json["late_replies"] = late_;
  json["u_mean"] = utility_ / pl;
  if (!frameLog_.empty()) {  // [frame, end-to-end ms, {device: patches served}] per PL frame
    Json log = Json::array();
    for (const LoggedFrame& logged : frameLog_) {
      Json served = Json::object();
      for (const auto& [device, count] : logged.served) served[device] = count;
      log.push_back(Json::array({logged.frame, logged.endToEndMs, served}));
    }
    json["frame_log"] = log;
  }
  return json;
}

Json ParaLoupeBenchRow::phasesJson() const {
  Json phases = Json::array();
  for (const Phase& phase : phases_) {
    Json json = Json::object();
    json["row"] = row_;
    json["camera_profile"] = cameraProfile_;
    json["from_frame"] = phase.fromFrame;
    json["to_frame"] = phase.toFrame;
    json["nodes_online"] = phase.nodesOnline;
    json["latency_p50_ms"] = Percentile::median(phase.latencyMs);
    json["latency_p95_ms"] = Percentile::of(phase.latencyMs, 95.0);
    json["slo_met"] = sloMet(phase.latencyMs, sloMs_);
    json["MOTA"] = haveGt_ ? Json(phase.metrics.compute().mota) : Json();
    json["loss_detected_s"] = phase.lossDetectedS >= 0.0 ? Json(phase.lossDetectedS) : Json();
    phases.push_back(json);
  }
  return phases;
}

std::string ParaLoupeBenchRow::tableHeader() {
  return "row          camera       MOTA   IDF1   HOTA   F1     p50 ms  p95 ms  SLO met  patches  shed   KB/fr  "
         "gen ms  cam ms  sched p95  pred err  late";
}

std::string ParaLoupeBenchRow::tableLine() const {
  const Json j = toJson();
  const auto value = [&](const char* key) { return j[key].is_null() ? std::nan("") : j[key].get<double>(); };
  char line[400];
  std::snprintf(line, sizeof line,
                "%-12s %-12s %-6.3f %-6.3f %-6.3f %-6.3f %-7.1f %-7.1f %-8.3f %-8.2f %-6.2f %-6.1f %-7.2f %-7.2f "
                "%-10.3f %-9.3f %lld",
                row_.c_str(), cameraProfile_.c_str(), value("MOTA"), value("IDF1"), value("HOTA"), value("F1"),
                value("latency_p50_ms"), value("latency_p95_ms"), value("slo_met"), value("patches_per_frame"),
                value("shed_per_frame"), value("uplink_kb_per_frame"), value("patchgen_ms_p50"),
                value("camera_ms_p50"), value("schedule_ms_p95"), value("predicted_vs_measured"),
                static_cast<long long>(late_));
  return line;
}

}  // namespace edgescope
