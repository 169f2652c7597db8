#include "record/ParaLoupeRecord.h"

#include "paraloupe/ParaLoupeFrame.h"
#include "record/CsvRecord.h"
#include "record/CsvText.h"
#include "record/SessionRecorder.h"
#include "session/ClusterNodeView.h"

namespace edgescope {
namespace {

std::string joined(const std::vector<std::string>& columns) {
  std::string header;
  for (const std::string& column : columns) header += (header.empty() ? "" : ",") + column;
  return header;
}

std::string flag(bool value) { return value ? "1" : "0"; }

/// Field @p index as a 0/1 flag; throws Error naming the field for anything else.
bool flagAt(const CsvRecord& record, std::size_t index) {
  const std::int64_t value = record.integer(index);
  if (value != 0 && value != 1) record.fail(index, "not 0 or 1");
  return value != 0;
}

int intAt(const CsvRecord& record, std::size_t index) { return static_cast<int>(record.integer(index)); }

}  // namespace

const std::vector<std::string>& ParaLoupeRecord::patchColumns() {
  static const std::vector<std::string> columns = {
      "frame",   "patch",   "kind",         "x",           "y",          "w",      "h",   "node",
      "input_w", "input_h", "predicted_ms", "measured_ms", "objectness", "served", "kept"};
  return columns;
}

const std::vector<std::string>& ParaLoupeRecord::ganttColumns() {
  static const std::vector<std::string> columns = {"frame", "device", "phase", "start_ms", "end_ms"};
  return columns;
}

const std::vector<std::string>& ParaLoupeRecord::nodeColumns() {
  static const std::vector<std::string> columns = {"time_s", "frame", "node",        "state",  "b_est_kbps",
                                                   "cost",   "share", "queue_depth", "rtt_ms", "load"};
  return columns;
}

std::vector<std::pair<std::string, double>> ParaLoupeRecord::frameFields(const ParaLoupeFrame& pl) {
  if (!pl.active) return {};
  return {{"pl_patches", static_cast<double>(pl.patches)},
          {"pl_high", static_cast<double>(pl.high)},
          {"pl_low", static_cast<double>(pl.low)},
          {"pl_roi", static_cast<double>(pl.roi)},
          {"pl_shed", static_cast<double>(pl.shed)},
          {"pl_slo_ms", pl.sloMs},
          {"pl_slo_met", pl.sloMet ? 1.0 : 0.0},
          {"pl_u", pl.utility},
          {"pl_iterations", static_cast<double>(pl.iterations)},
          {"pl_schedule_ms", pl.scheduleMs},
          {"pl_patchgen_ms", pl.patchgenMs}};
}

std::vector<std::string> ParaLoupeRecord::patchLines(std::int64_t frame, const ParaLoupeFrame& pl) {
  std::vector<std::string> lines;
  lines.reserve(pl.records.size());
  const std::string prefix = std::to_string(frame) + ",";
  for (const PatchRecord& p : pl.records) {
    lines.push_back(prefix + std::to_string(p.id) + "," + Patch::kindName(p.kind) + "," + CsvText::number(p.rect.x) +
                    "," + CsvText::number(p.rect.y) + "," + CsvText::number(p.rect.width) + "," +
                    CsvText::number(p.rect.height) + "," + CsvText::field(p.node) + "," + std::to_string(p.inputWidth) +
                    "," + std::to_string(p.inputHeight) + "," + CsvText::number(p.predictedMs) + "," +
                    CsvText::number(p.measuredMs) + "," + CsvText::number(p.objectness) + "," + flag(p.served) + "," +
                    flag(p.kept));
  }
  return lines;
}

std::vector<std::string> ParaLoupeRecord::ganttLines(std::int64_t frame, const ParaLoupeFrame& pl) {
  std::vector<std::string> lines;
  lines.reserve(pl.gantt.size());
  const std::string prefix = std::to_string(frame) + ",";
  for (const GanttSegment& s : pl.gantt) {
    lines.push_back(prefix + CsvText::field(s.device) + "," + CsvText::field(s.phase) + "," +
                    CsvText::number(s.startMs) + "," + CsvText::number(s.endMs));
  }
  return lines;
}

std::vector<std::string> ParaLoupeRecord::nodeLines(double timeS, std::int64_t frame,
                                                    const std::vector<ClusterNodeView>& nodes) {
  std::vector<std::string> lines;
  lines.reserve(nodes.size());
  const std::string prefix = CsvText::number(timeS) + "," + std::to_string(frame) + ",";
  for (const ClusterNodeView& n : nodes) {
    lines.push_back(prefix + CsvText::field(n.name) + "," + CsvText::field(n.state) + "," +
                    CsvText::number(n.uplinkEstimateKbps) + "," + CsvText::number(n.cost) + "," +
                    CsvText::number(n.share) + "," + std::to_string(n.queueDepth) + "," + CsvText::number(n.rttMs) +
                    "," + CsvText::number(n.load));
  }
  return lines;
}

void ParaLoupeRecord::appendFrame(SessionRecorder& recorder, std::int64_t frame, const ParaLoupeFrame& pl) {
  if (!pl.active) return;
  recorder.appendLines(kPatchesFile, joined(patchColumns()), patchLines(frame, pl));
  recorder.appendLines(kGanttFile, joined(ganttColumns()), ganttLines(frame, pl));
}

void ParaLoupeRecord::appendNodes(SessionRecorder& recorder, double timeS, std::int64_t frame,
                                  const std::vector<ClusterNodeView>& nodes) {
  if (nodes.empty()) return;
  recorder.appendLines(kNodesFile, joined(nodeColumns()), nodeLines(timeS, frame, nodes));
}

RecordedPatch ParaLoupeRecord::patch(const CsvRecord& record) {
  RecordedPatch p;
  p.frame = record.integer(0);
  p.patch = intAt(record, 1);
  p.kind = record.text(2);
  if (p.kind != "high" && p.kind != "roi" && p.kind != "low") record.fail(2, "not high, roi or low");
  p.x = record.number(3);
  p.y = record.number(4);
  p.width = record.number(5);
  p.height = record.number(6);
  p.node = record.text(7);
  p.inputWidth = intAt(record, 8);
  p.inputHeight = intAt(record, 9);
  p.predictedMs = record.number(10);
  p.measuredMs = record.number(11);
  p.objectness = record.number(12);
  p.served = flagAt(record, 13);
  p.kept = flagAt(record, 14);
  return p;
}

RecordedGanttSegment ParaLoupeRecord::ganttSegment(const CsvRecord& record) {
  RecordedGanttSegment s;
  s.frame = record.integer(0);
  s.device = record.text(1);
  s.phase = record.text(2);
  s.startMs = record.number(3);
  s.endMs = record.number(4);
  return s;
}

RecordedNodeSample ParaLoupeRecord::nodeSample(const CsvRecord& record) {
  RecordedNodeSample n;
  n.timeS = record.number(0);
  n.frame = record.integer(1);
  n.node = record.text(2);
  n.state = record.text(3);
  n.uplinkEstimateKbps = record.number(4);
  n.cost = record.number(5);
  n.share = record.number(6);
  n.queueDepth = intAt(record, 7);
  n.rttMs = record.number(8);
  n.load = record.number(9);
  return n;
}

}  // namespace edgescope
