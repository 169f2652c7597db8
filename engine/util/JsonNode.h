#pragma once
/// @file JsonNode.h
/// A read-only view of one value of a JSON tree with its JSON path ("$.a.b[2]"), whose typed reads throw an Error
/// that names where the value is: `card.json:12:25: $.architecture.stageChannels[2]: expected integer, got string`
/// (file, line and column when the node comes from a JsonDocument; just the path for a tree built in code).
///
/// Ownership: a node from JsonDocument::root() shares the document, so it stays valid on its own; a node made with
/// JsonNode(const Json&) borrows that value, which must outlive it. Const and cheap to copy; any thread may read.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/JsonDocument.h"

namespace edgescope {

class JsonNode {
 public:
  /// A view of @p value built in code (path "$", no file).
  explicit JsonNode(const Json& value);
  JsonNode(const Json& value, JsonDocument document, std::string path);

  bool isNull() const;
  bool isBool() const;
  bool isNumber() const;
  bool isString() const;
  bool isArray() const;
  bool isObject() const;
  /// "null", "bool", "number", "string", "array" or "object".
  const char* typeName() const;

  /// True when this is an object with member @p key (false for any other type).
  bool contains(const std::string& key) const;
  /// The member @p key, or nothing when absent; throws Error when this is not an object.
  std::optional<JsonNode> find(const std::string& key) const;
  /// The member @p key; throws Error naming the location when this is not an object or the key is missing.
  JsonNode operator[](const std::string& key) const;
  /// Element @p index of an array; throws Error when not an array or out of range.
  JsonNode at(std::size_t index) const;
  /// Number of elements (array) or members (object); throws Error for any other type.
  std::size_t size() const;
  /// The members of an object, in order (throws Error when not an object).
  std::vector<std::pair<std::string, JsonNode>> members() const;

  /// Typed reads; each throws Error "LOCATION: expected TYPE, got ACTUAL" on a mismatch.
  double asDouble() const;
  /// An integral number in int range (else Error naming the location and the value).
  int asInt() const;
  /// An integral number with magnitude ≤ 2^53 (exactly representable as a double; else Error).
  std::int64_t asInt64() const;
  bool asBool() const;
  const std::string& asString() const;

  /// Member @p key read as a number / integer / bool / string, or @p fallback when absent. A present member of the
  /// wrong type, or this not being an object, throws Error.
  double numberOr(const std::string& key, double fallback) const;
  int intOr(const std::string& key, int fallback) const;
  bool boolOr(const std::string& key, bool fallback) const;
  std::string stringOr(const std::string& key, const std::string& fallback) const;

  const Json& json() const { return *value_; }
  /// JSONPath-like path: "$", "$.key", "$[\"odd key\"]", "$.list[3]".
  const std::string& path() const { return path_; }
  /// "FILE:LINE:COLUMN: PATH" for a parsed value, "PATH" for one built in code — every error message's prefix.
  std::string location() const;
  /// @p parentPath extended by an object key ("$.key", or "$[\"odd key\"]" when the key is not an identifier).
  static std::string childPath(const std::string& parentPath, const std::string& key);
  /// @p parentPath extended by an array index: "$[3]".
  static std::string childPath(const std::string& parentPath, std::size_t index);

 private:
  JsonNode child(const Json& value, std::string path) const;
  [[noreturn]] void throwTypeError(const std::string& expected) const;

  const Json* value_;
  std::optional<JsonDocument> document_;
  std::string path_;
};

}  // namespace edgescope
