#include "mot/MotFile.h"

#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/Error.h"

namespace edgescope {
namespace {

const char* const kFieldNames[] = {"frame", "id", "bb_left", "bb_top", "bb_width", "bb_height",
                                   "conf", "class/x", "visibility/y", "z"};

std::vector<std::string> splitFields(const std::string& line) {
  std::vector<std::string> fields;
  std::string current;
  bool sawComma = line.find(',') != std::string::npos;
  for (char c : line) {
    const bool separator = sawComma ? c == ',' : (c == ' ' || c == '\t');
    if (separator) {
      if (sawComma || !current.empty()) fields.push_back(current);
      current.clear();
    } else if (c != '\r' && !(sawComma && (c == ' ' || c == '\t'))) {
      current.push_back(c);
    }
  }
  if (sawComma || !current.empty()) fields.push_back(current);
  return fields;
}

double parseNumber(const std::string& text, const std::string& name, int line, int column) {
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value)) {
    throw Error::atLine(name, line, kFieldNames[column],
                        "expected a number in column " + std::to_string(column + 1) + ", got '" + text + "'");
  }
  return value;
}

/// Frame numbers, ids and classes are 32-bit integers downstream (GT indices, metrics, the wire format).
constexpr double kMaxIntColumn = INT_MAX;
/// No real frame is ten million pixels wide; larger box values are a corrupt or mis-scaled file, and keeping them
/// would overflow the float box arithmetic of matching and metrics.
constexpr double kMaxBoxCoordinatePx = 1e7;

/// Throws naming the field when integer column @p column of @p v is outside [@p lowest, kMaxIntColumn].
void requireIntRange(const double* v, int column, const std::vector<std::string>& fields, const std::string& name,
                     int line, double lowest) {
  if (v[column] < lowest || v[column] > kMaxIntColumn) {
    throw Error::atLine(name, line, kFieldNames[column],
                        "'" + fields[column] + "' is out of range [" + std::to_string(static_cast<long long>(lowest)) +
                            ", " + std::to_string(static_cast<long long>(kMaxIntColumn)) + "]");
  }
}

/// Throws naming the field when a box column (x, y, width, height) exceeds kMaxBoxCoordinatePx in magnitude, or a
/// float column does not fit a float.
void requireFloatRange(const double* v, int columns, const std::vector<std::string>& fields, const std::string& name,
                       int line) {
  for (int i = 2; i < columns; ++i) {
    const bool box = i <= 5;
    const double limit = box ? kMaxBoxCoordinatePx : static_cast<double>(FLT_MAX);
    if (std::fabs(v[i]) > limit) {
      throw Error::atLine(name, line, kFieldNames[i],
                          (box ? "box coordinate '" : "value '") + fields[i] + "' exceeds " +
                              (box ? "1e7 px in magnitude" : "the range of a float"));
    }
  }
}

}  // namespace

MotFile::Contents MotFile::parse(const std::string& text, const std::string& name) {
  Contents contents;
  std::istringstream stream(text);
  std::string line;
  int lineNumber = 0;
  while (std::getline(stream, line)) {
    ++lineNumber;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    const auto fields = splitFields(line);
    const int columns = static_cast<int>(fields.size());
    if (columns < 6 || columns > 10) {
      throw Error::atLine(name, lineNumber, "",
                          "expected 6 to 10 columns (MOT15: 10, MOT16/17/20: 9), got " + std::to_string(columns));
    }
    if (contents.columns == 0) {
      contents.columns = columns;
      contents.format = columns == 9 ? MotFormat::Mot16 : MotFormat::Mot15;
    } else if (columns != contents.columns) {
      throw Error::atLine(name, lineNumber, "",
                          "has " + std::to_string(columns) + " columns but the file started with " +
                              std::to_string(contents.columns));
    }
    double v[10];
    for (int i = 0; i < columns; ++i) v[i] = parseNumber(fields[i], name, lineNumber, i);
    if (v[0] < 1 || v[0] != std::floor(v[0])) {
      throw Error::atLine(name, lineNumber, "frame", "frame must be a positive integer, got '" + fields[0] + "'");
    }
    if (v[1] != std::floor(v[1])) {
      throw Error::atLine(name, lineNumber, "id", "id must be an integer, got '" + fields[1] + "'");
    }
    requireIntRange(v, 0, fields, name, lineNumber, 1);
    requireIntRange(v, 1, fields, name, lineNumber, -static_cast<double>(INT_MAX));
    if (columns == 9) requireIntRange(v, 7, fields, name, lineNumber, -static_cast<double>(INT_MAX));
    requireFloatRange(v, columns, fields, name, lineNumber);
    if (v[4] < 0 || v[5] < 0) {
      throw Error::atLine(name, lineNumber, v[4] < 0 ? "bb_width" : "bb_height", "box size must not be negative");
    }
    MotRow row;
    row.frame = static_cast<std::int64_t>(v[0]);
    row.id = static_cast<int>(v[1]);
    row.box = {static_cast<float>(v[2]), static_cast<float>(v[3]), static_cast<float>(v[4]), static_cast<float>(v[5])};
    row.confidence = columns > 6 ? static_cast<float>(v[6]) : 1.0f;
    if (columns == 9) {
      row.classId = static_cast<int>(v[7]);
      row.visibility = static_cast<float>(v[8]);
      if (row.visibility < 0 || row.visibility > 1) {
        throw Error::atLine(name, lineNumber, "visibility", "visibility must be in [0, 1], got '" + fields[8] + "'");
      }
    } else {
      row.classId = -1;
      if (columns > 7) row.worldX = static_cast<float>(v[7]);
      if (columns > 8) row.worldY = static_cast<float>(v[8]);
      if (columns > 9) row.worldZ = static_cast<float>(v[9]);
    }
    contents.rows.push_back(row);
  }
  return contents;
}

MotFile::Contents MotFile::read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open MOT file '" + path + "': " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw Error("cannot read MOT file '" + path + "'");
  return parse(buffer.str(), path);
}

std::string MotFile::formatRow(const MotRow& row, MotFormat format) {
  char text[256];
  if (format == MotFormat::Mot16) {
    std::snprintf(text, sizeof(text), "%lld,%d,%.2f,%.2f,%.2f,%.2f,%g,%d,%.4g", static_cast<long long>(row.frame),
                  row.id, row.box.x, row.box.y, row.box.width, row.box.height, row.confidence,
                  row.classId < 0 ? 1 : row.classId, row.visibility);
  } else {
    std::snprintf(text, sizeof(text), "%lld,%d,%.2f,%.2f,%.2f,%.2f,%g,%g,%g,%g", static_cast<long long>(row.frame),
                  row.id, row.box.x, row.box.y, row.box.width, row.box.height, row.confidence, row.worldX, row.worldY,
                  row.worldZ);
  }
  return text;
}

void MotFile::write(const std::string& path, const std::vector<MotRow>& rows, MotFormat format) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw Error("cannot write MOT file '" + path + "': " + std::strerror(errno));
  for (const auto& row : rows) out << formatRow(row, format) << '\n';
  out.flush();
  if (!out) throw Error("error while writing MOT file '" + path + "'");
}

}  // namespace edgescope
