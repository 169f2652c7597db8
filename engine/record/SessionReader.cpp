#include "record/SessionReader.h"

#include <cmath>
#include <filesystem>
#include <functional>

#include "degrade/DegradationKind.h"
#include "record/CsvRecord.h"
#include "record/CsvText.h"
#include "record/ManifestJson.h"
#include "record/ParaLoupeRecord.h"
#include "record/SessionFileLines.h"
#include "util/Error.h"
#include "util/JsonDocument.h"
#include "util/JsonNode.h"

namespace edgescope {
namespace {

const std::vector<std::string> kKnobColumns = {"time_s", "frame", "id", "requested", "applied"};
const std::vector<std::string> kFrameColumns = {"frame",      "time_s",     "input_width", "input_height", "rung",
                                                "reselected", "detections", "tracks",      "total_ms"};
/// Version 2's fixed frames.csv columns after kFrameColumns (issue 21: Turbo and degrade).
const std::vector<std::string> kTurboFrameColumns = {"difficulty", "exit",         "budget_ms",
                                                     "turbo_ms",   "degrade_kind", "degrade_strength"};
const std::vector<std::string> kTrackColumns = {"frame", "id", "x", "y", "w", "h", "score", "wx", "wy", "wz"};
const std::vector<std::string> kMetricColumns = {"frame",  "time_s",    "frames", "MOTA", "IDF1", "HOTA", "MOTP",
                                                 "recall", "precision", "idsw",   "fp",   "fn",   "gt"};

/// Throws Error unless @p header starts with @p expected (a file of another format or version).
void checkHeader(const std::string& file, const std::string& header, const std::vector<std::string>& expected) {
  const auto fields = CsvText::split(header);
  bool ok = fields.size() >= expected.size();
  for (std::size_t i = 0; ok && i < expected.size(); ++i) ok = fields[i] == expected[i];
  if (!ok) throw Error(file + " line 1: unexpected header '" + header + "'");
}

/// Data lines of a CSV file whose header starts with @p columns (a file with another header adds one warning).
void forEachRecord(SessionData& data, const std::string& file, const std::vector<std::string>& columns,
                   const std::function<void(const CsvRecord&)>& onRecord) {
  bool headerOk = false;
  SessionFileLines::forEach(data.folder, file, data.warnings, [&](int line, const std::string& text) {
    if (line == 1) {
      checkHeader(file, text, columns);
      headerOk = true;
    } else if (headerOk) {
      onRecord(CsvRecord(file, line, text, columns, true));
    }
  });
}

}  // namespace

SessionData SessionReader::read(const std::string& folder) {
  SessionData data;
  data.folder = folder;
  const std::string manifestPath = (std::filesystem::path(folder) / "session.json").string();
  std::error_code error;
  if (!std::filesystem::exists(manifestPath, error)) {
    throw Error("'" + folder + "' is not a recorded session: it has no session.json");
  }
  try {
    data.manifest = ManifestJson::fromJson(JsonDocument::readFile(manifestPath).root());
  } catch (const Error& e) {
    throw Error("cannot read session '" + folder + "': " + e.what());
  }
  readKnobs(data);
  readFrames(data);
  readTracks(data);
  readMetrics(data);
  readEvents(data);
  readFeatureFiles(data);
  return data;
}

void SessionReader::readKnobs(SessionData& data) {
  forEachRecord(data, "knobs.csv", kKnobColumns, [&](const CsvRecord& record) {
    data.knobs.push_back({record.number(0), record.integer(1), record.text(2), record.number(3), record.number(4)});
  });
}

void SessionReader::readFrames(SessionData& data) {
  const std::string file = "frames.csv";
  // Version 2 has the Turbo/degrade block right after total_ms; a version 1 header has stages ("…_ms") or module
  // fields there, never "difficulty", so the header alone tells the layouts apart (whatever session.json says).
  bool turboColumns = false;
  std::size_t fixedCount = kFrameColumns.size();
  std::vector<std::string> columns;
  // Columns after the fixed ones: latency stages ("<stage>_ms") and module fields (registered prefix, full name).
  std::vector<std::pair<std::string, std::size_t>> stages, modules;
  SessionFileLines::forEach(data.folder, file, data.warnings, [&](int line, const std::string& text) {
    if (line == 1) {
      checkHeader(file, text, kFrameColumns);
      columns = CsvText::split(text);
      turboColumns = columns.size() > kFrameColumns.size() && columns[kFrameColumns.size()] == kTurboFrameColumns[0];
      if (turboColumns) {
        std::vector<std::string> v2 = kFrameColumns;
        v2.insert(v2.end(), kTurboFrameColumns.begin(), kTurboFrameColumns.end());
        checkHeader(file, text, v2);
        fixedCount = v2.size();
      }
      for (std::size_t i = fixedCount; i < columns.size(); ++i) {
        const std::string& name = columns[i];
        if (RecordedFrame::isModuleColumn(name)) {
          modules.emplace_back(name, i);
          continue;
        }
        const bool suffixed = name.size() > 3 && name.compare(name.size() - 3, 3, "_ms") == 0;
        stages.emplace_back(suffixed ? name.substr(0, name.size() - 3) : name, i);
      }
      return;
    }
    if (columns.empty()) return;
    const CsvRecord record(file, line, text, columns);
    RecordedFrame frame;
    frame.frame = record.integer(0);
    frame.timeS = record.number(1);
    frame.inputWidth = static_cast<int>(record.integer(2));
    frame.inputHeight = static_cast<int>(record.integer(3));
    frame.rung = static_cast<int>(record.integer(4));
    frame.reselected = record.integer(5) != 0;
    frame.detections = static_cast<int>(record.integer(6));
    frame.tracks = static_cast<int>(record.integer(7));
    frame.totalMs = record.number(8);
    if (turboColumns) readTurboColumns(record, kFrameColumns.size(), frame);
    for (const auto& [stage, column] : stages) frame.stageMs.emplace_back(stage, record.number(column));
    for (const auto& [name, column] : modules) {
      const double value = record.number(column);
      if (!std::isnan(value)) frame.moduleFields.emplace_back(name, value);  // nan: the frame had no such field
    }
    data.frames.push_back(std::move(frame));
  });
}

void SessionReader::readTurboColumns(const CsvRecord& record, std::size_t first, RecordedFrame& frame) {
  frame.difficulty = record.number(first);  // nan: none computed
  const std::int64_t exit = record.integer(first + 1);
  if (exit < 0 || exit > 5) record.fail(first + 1, "not an exit 0-5");
  frame.exit = static_cast<int>(exit);
  frame.budgetMs = record.number(first + 2);
  frame.turboMs = record.number(first + 3);
  DegradationKind kind = DegradationKind::None;
  if (!parseKind(record.text(first + 4), &kind)) record.fail(first + 4, "not a degradation kind");
  frame.degradeKind = kindName(kind);
  frame.degradeStrength = record.number(first + 5);
}

void SessionReader::readTracks(SessionData& data) {
  const std::string file = "tracks.txt";
  SessionFileLines::forEach(data.folder, file, data.warnings, [&](int line, const std::string& text) {
    const CsvRecord record(file, line, text, kTrackColumns);
    MotRow row;
    row.frame = record.integer(0);
    row.id = static_cast<int>(record.integer(1));
    row.box = {static_cast<float>(record.number(2)), static_cast<float>(record.number(3)),
               static_cast<float>(record.number(4)), static_cast<float>(record.number(5))};
    row.confidence = static_cast<float>(record.number(6));
    row.classId = -1;
    row.worldX = static_cast<float>(record.number(7));
    row.worldY = static_cast<float>(record.number(8));
    row.worldZ = static_cast<float>(record.number(9));
    data.tracks.push_back(row);
  });
}

void SessionReader::readMetrics(SessionData& data) {
  forEachRecord(data, "metrics.csv", kMetricColumns, [&](const CsvRecord& record) {
    RecordedMetrics recorded;
    recorded.frame = record.integer(0);
    recorded.timeS = record.number(1);
    MotMetrics& m = recorded.metrics;
    m.frames = record.integer(2);
    m.mota = record.number(3);
    m.idf1 = record.number(4);
    m.hota.hota = record.number(5);
    m.motp = record.number(6);
    m.recall = record.number(7);
    m.precision = record.number(8);
    m.idsw = record.integer(9);
    m.fp = record.integer(10);
    m.fn = record.integer(11);
    m.gtDetections = record.integer(12);
    m.tp = m.gtDetections - m.fn;
    m.hypDetections = m.tp + m.fp;
    data.metrics.push_back(recorded);
  });
}

void SessionReader::readEvents(SessionData& data) {
  const std::string file = "events.log";
  SessionFileLines::forEach(data.folder, file, data.warnings, [&](int line, const std::string& text) {
    const auto space1 = text.find(' ');
    const auto space2 = space1 == std::string::npos ? std::string::npos : text.find(' ', space1 + 1);
    RecordedEvent event;
    if (space1 == std::string::npos || !CsvText::parse(text.substr(0, space1), event.timeS)) {
      throw Error(file + " line " + std::to_string(line) + ": field 'time_s': not a number");
    }
    event.level = text.substr(space1 + 1, space2 == std::string::npos ? std::string::npos : space2 - space1 - 1);
    if (event.level.empty()) throw Error(file + " line " + std::to_string(line) + ": field 'level': missing");
    if (space2 != std::string::npos) event.message = text.substr(space2 + 1);
    data.events.push_back(std::move(event));
  });
}

void SessionReader::readFeatureFiles(SessionData& data) {
  forEachRecord(data, ParaLoupeRecord::kPatchesFile, ParaLoupeRecord::patchColumns(),
                [&](const CsvRecord& record) { data.patches.push_back(ParaLoupeRecord::patch(record)); });
  forEachRecord(data, ParaLoupeRecord::kGanttFile, ParaLoupeRecord::ganttColumns(),
                [&](const CsvRecord& record) { data.gantt.push_back(ParaLoupeRecord::ganttSegment(record)); });
  forEachRecord(data, ParaLoupeRecord::kNodesFile, ParaLoupeRecord::nodeColumns(),
                [&](const CsvRecord& record) { data.nodes.push_back(ParaLoupeRecord::nodeSample(record)); });
}

}  // namespace edgescope
