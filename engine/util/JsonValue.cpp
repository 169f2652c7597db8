#include "util/JsonValue.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "util/Error.h"
#include "util/JsonWriter.h"

namespace edgescope {

namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

std::string formatNumber(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.17g", value);
  return buffer;
}

bool isIdentifier(const std::string& key) {
  if (key.empty()) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

}  // namespace

JsonValue JsonValue::boolean(bool flag) {
  JsonValue v;
  v.data_ = flag;
  return v;
}

JsonValue JsonValue::number(double value) {
  JsonValue v;
  v.data_ = value;
  return v;
}

JsonValue JsonValue::string(std::string text) {
  JsonValue v;
  v.data_ = std::move(text);
  return v;
}

JsonValue JsonValue::array(Array items) {
  JsonValue v;
  v.data_ = std::move(items);
  return v;
}

JsonValue JsonValue::object(Object members) {
  JsonValue v;
  v.data_ = std::move(members);
  return v;
}

const char* JsonValue::typeName(JsonType type) {
  switch (type) {
    case JsonType::Null:
      return "null";
    case JsonType::Bool:
      return "bool";
    case JsonType::Number:
      return "number";
    case JsonType::String:
      return "string";
    case JsonType::Array:
      return "array";
    case JsonType::Object:
      return "object";
  }
  return "unknown";
}

std::string JsonValue::location() const {
  if (path_.empty()) return source_ ? *source_ + ": JSON value" : "JSON value";
  return source_ && !source_->empty() ? *source_ + ": " + path_ : path_;
}

void JsonValue::throwTypeError(const std::string& expected) const {
  throw Error(location() + ": expected " + expected + ", got " + typeName(type()));
}

bool JsonValue::contains(const std::string& key) const {
  if (!isObject()) return false;
  for (const Member& member : std::get<Object>(data_)) {
    if (member.first == key) return true;
  }
  return false;
}

const JsonValue* JsonValue::find(const std::string& key) const {
  if (!isObject()) {
    throw Error(location() + ": expected object (looking up key '" + key + "'), got " + typeName(type()));
  }
  for (const Member& member : std::get<Object>(data_)) {
    if (member.first == key) return &member.second;
  }
  return nullptr;
}

const JsonValue& JsonValue::operator[](const std::string& key) const {
  const JsonValue* member = find(key);
  if (member == nullptr) throw Error(location() + ": missing key '" + key + "'");
  return *member;
}

const JsonValue& JsonValue::at(std::size_t index) const {
  const Array& elements = items();
  if (index >= elements.size()) {
    throw Error(location() + ": index " + std::to_string(index) + " out of range (array has " +
                std::to_string(elements.size()) + " elements)");
  }
  return elements[index];
}

std::size_t JsonValue::size() const {
  if (isArray()) return std::get<Array>(data_).size();
  if (isObject()) return std::get<Object>(data_).size();
  throwTypeError("array or object");
}

const JsonValue::Array& JsonValue::items() const {
  if (!isArray()) throwTypeError("array");
  return std::get<Array>(data_);
}

const JsonValue::Object& JsonValue::members() const {
  if (!isObject()) throwTypeError("object");
  return std::get<Object>(data_);
}

double JsonValue::asDouble() const {
  if (!isNumber()) throwTypeError("number");
  return std::get<double>(data_);
}

std::int64_t JsonValue::asInt64() const {
  if (!isNumber()) throwTypeError("integer");
  const double value = std::get<double>(data_);
  if (std::floor(value) != value || std::fabs(value) > kMaxExactInteger) {
    throw Error(location() + ": expected integer, got " + formatNumber(value));
  }
  return static_cast<std::int64_t>(value);
}

int JsonValue::asInt() const {
  const std::int64_t value = asInt64();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    throw Error(location() + ": integer " + std::to_string(value) + " out of range for int");
  }
  return static_cast<int>(value);
}

bool JsonValue::asBool() const {
  if (!isBool()) throwTypeError("bool");
  return std::get<bool>(data_);
}

const std::string& JsonValue::asString() const {
  if (!isString()) throwTypeError("string");
  return std::get<std::string>(data_);
}

double JsonValue::numberOr(const std::string& key, double fallback) const {
  const JsonValue* member = find(key);
  return member != nullptr ? member->asDouble() : fallback;
}

int JsonValue::intOr(const std::string& key, int fallback) const {
  const JsonValue* member = find(key);
  return member != nullptr ? member->asInt() : fallback;
}

bool JsonValue::boolOr(const std::string& key, bool fallback) const {
  const JsonValue* member = find(key);
  return member != nullptr ? member->asBool() : fallback;
}

std::string JsonValue::stringOr(const std::string& key, const std::string& fallback) const {
  const JsonValue* member = find(key);
  return member != nullptr ? member->asString() : fallback;
}

void JsonValue::append(JsonValue element) {
  if (!isArray()) throwTypeError("array");
  std::get<Array>(data_).push_back(std::move(element));
}

void JsonValue::set(const std::string& key, JsonValue element) {
  if (!isObject()) throwTypeError("object");
  Object& members = std::get<Object>(data_);
  for (Member& member : members) {
    if (member.first == key) {
      member.second = std::move(element);
      return;
    }
  }
  members.emplace_back(key, std::move(element));
}

void JsonValue::setOrigin(std::shared_ptr<const std::string> source, std::string path) {
  source_ = std::move(source);
  path_ = std::move(path);
}

std::string JsonValue::childPath(const std::string& parentPath, const std::string& key) {
  const std::string base = parentPath.empty() ? "$" : parentPath;
  return isIdentifier(key) ? base + "." + key : base + "[" + JsonWriter::escape(key) + "]";
}

std::string JsonValue::childPath(const std::string& parentPath, std::size_t index) {
  return (parentPath.empty() ? std::string("$") : parentPath) + "[" + std::to_string(index) + "]";
}

bool JsonValue::operator==(const JsonValue& other) const { return data_ == other.data_; }

}  // namespace edgescope
