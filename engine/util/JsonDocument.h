#pragma once
/// @file JsonDocument.h
/// Strict JSON reading on top of nlohmann-json: a parsed document that remembers its text and name, so that every
/// error — a syntax error or a typed read of the wrong field later (JsonNode) — names the file, the line, the column
/// and the JSON path: `card.json:12:25: $.architecture.stageChannels[2]: expected integer, got string`.
///
/// Beyond RFC 8259 (which nlohmann's parser enforces: no comments, trailing commas, NaN/Infinity, invalid UTF-8 or
/// numbers that overflow a double), a document refuses duplicate object keys and nesting deeper than kMaxDepth.
/// A leading UTF-8 byte-order mark is skipped. Object members keep their order (nlohmann::ordered_json).
///
/// A JsonDocument is an immutable, reference-counted value: copies share the parsed tree; const access from any
/// thread is safe. Writing JSON is nlohmann's `dump()` (doubles in their shortest exact form, non-finite as null).

#include <cstddef>
#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace edgescope {

using Json = nlohmann::ordered_json;
class JsonNode;

class JsonDocument {
 public:
  /// Maximum nesting of arrays/objects (the top-level container is depth 1).
  static constexpr int kMaxDepth = 256;

  /// Parses @p text; @p name (usually the file name) prefixes error messages. Throws Error "NAME:LINE:COLUMN: …"
  /// (1-based; the column counts UTF-8 characters).
  static JsonDocument parse(std::string text, std::string name);
  /// Reads and parses the file at @p path (named by its path). Throws Error naming the path when it cannot be read.
  static JsonDocument readFile(const std::string& path);

  /// The top-level value, with path "$".
  JsonNode root() const;
  const Json& json() const;
  const std::string& name() const;

  /// "NAME:LINE:COLUMN" of the value at @p path (JsonNode's path, e.g. "$.a[2]"), or "NAME" when no such value is
  /// found in the text.
  std::string locate(const std::string& path) const;

  /// @p value as compact JSON text: members in order, doubles in their shortest exact form, non-finite numbers as
  /// null, bytes that are not UTF-8 (e.g. from file names) replaced by U+FFFD instead of failing.
  static std::string dump(const Json& value);

 private:
  struct Data;
  explicit JsonDocument(std::shared_ptr<const Data> data) : data_(std::move(data)) {}
  std::shared_ptr<const Data> data_;
};

}  // namespace edgescope
