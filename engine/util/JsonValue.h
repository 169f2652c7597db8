#pragma once
/// @file JsonValue.h
/// Qt-free JSON document value: null, bool, number (double), string, array or object (members kept in insertion
/// order). Values produced by JsonReader remember where they came from ("card.json: $.a.b[2]"), so every typed
/// accessor can throw an Error that names the offending value's path, e.g.
/// `card.json: $.architecture.stageChannels[2]: expected integer, got string`.
///
/// A JsonValue is a plain value (copyable, movable) that owns its children. Const access is thread-safe; mutation is
/// not synchronised.
/// Cost: about 88 bytes per value plus its path string, so it suits configs and model cards (13.5 MB of JSON with
/// 1.6 M values parses in about 1 s), not bulk data.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace edgescope {

enum class JsonType { Null, Bool, Number, String, Array, Object };

class JsonValue {
 public:
  using Array = std::vector<JsonValue>;
  using Member = std::pair<std::string, JsonValue>;
  using Object = std::vector<Member>;

  /// A null value.
  JsonValue() = default;
  static JsonValue boolean(bool flag);
  static JsonValue number(double value);
  static JsonValue string(std::string text);
  static JsonValue array(Array items = {});
  /// Keys should be unique (find() returns the first match); JsonReader guarantees it.
  static JsonValue object(Object members = {});

  /// The variant's alternatives are declared in JsonType order.
  JsonType type() const { return static_cast<JsonType>(data_.index()); }
  bool isNull() const { return type() == JsonType::Null; }
  bool isBool() const { return type() == JsonType::Bool; }
  bool isNumber() const { return type() == JsonType::Number; }
  bool isString() const { return type() == JsonType::String; }
  bool isArray() const { return type() == JsonType::Array; }
  bool isObject() const { return type() == JsonType::Object; }
  /// "null", "bool", "number", "string", "array" or "object".
  static const char* typeName(JsonType type);

  /// True when this is an object with member @p key (false for any other type).
  bool contains(const std::string& key) const;
  /// The member @p key, or nullptr when absent; throws Error when this is not an object.
  const JsonValue* find(const std::string& key) const;
  /// The member @p key; throws Error naming the path and key when this is not an object or the key is missing.
  const JsonValue& operator[](const std::string& key) const;
  /// Element @p index of an array; throws Error naming the path when not an array or out of range.
  const JsonValue& at(std::size_t index) const;
  /// Number of elements (array) or members (object); throws Error for any other type.
  std::size_t size() const;
  /// The elements / members; throw Error naming the path when the type differs.
  const Array& items() const;
  const Object& members() const;

  /// Typed reads; each throws Error "LOCATION: expected TYPE, got ACTUAL" on a type mismatch.
  double asDouble() const;
  /// An integral number in int range (else Error naming the path and the value).
  int asInt() const;
  /// An integral number with magnitude ≤ 2^53 (exactly representable; else Error).
  std::int64_t asInt64() const;
  bool asBool() const;
  const std::string& asString() const;

  /// Member @p key of this object read as a number / integer / bool / string, or @p fallback when the key is absent.
  /// A present member of the wrong type, or this not being an object, throws Error.
  double numberOr(const std::string& key, double fallback) const;
  int intOr(const std::string& key, int fallback) const;
  bool boolOr(const std::string& key, bool fallback) const;
  std::string stringOr(const std::string& key, const std::string& fallback) const;

  /// Appends to an array (throws Error when not an array).
  void append(JsonValue element);
  /// Sets member @p key of an object, replacing an existing one in place or appending a new one (throws when not an
  /// object).
  void set(const std::string& key, JsonValue element);

  /// Where this value came from: source name (e.g. file name; may be null) and JSONPath-like path ("$.a[2]").
  /// Set by JsonReader; values built in code have no origin until this is called.
  void setOrigin(std::shared_ptr<const std::string> source, std::string path);
  const std::string& path() const { return path_; }
  /// "SOURCE: PATH", "PATH" without a source, or "JSON value" without a path — the prefix of every error message.
  std::string location() const;
  /// @p parentPath extended by an object key: "$.key", or "$[\"odd key\"]" for keys that are not identifiers.
  static std::string childPath(const std::string& parentPath, const std::string& key);
  /// @p parentPath extended by an array index: "$[3]".
  static std::string childPath(const std::string& parentPath, std::size_t index);

  /// Structural equality (object member order matters; origins are ignored).
  bool operator==(const JsonValue& other) const;
  bool operator!=(const JsonValue& other) const { return !(*this == other); }

 private:
  [[noreturn]] void throwTypeError(const std::string& expected) const;

  std::variant<std::monostate, bool, double, std::string, Array, Object> data_;
  std::shared_ptr<const std::string> source_;
  std::string path_;
};

}  // namespace edgescope
