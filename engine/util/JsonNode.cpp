#include "util/JsonNode.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "util/Error.h"

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

JsonNode::JsonNode(const Json& value) : value_(&value), path_("$") {}

JsonNode::JsonNode(const Json& value, JsonDocument document, std::string path)
    : value_(&value), document_(std::move(document)), path_(std::move(path)) {}

JsonNode JsonNode::child(const Json& value, std::string path) const {
  JsonNode node(value);
  node.document_ = document_;
  node.path_ = std::move(path);
  return node;
}

bool JsonNode::isNull() const { return value_->is_null(); }
bool JsonNode::isBool() const { return value_->is_boolean(); }
bool JsonNode::isNumber() const { return value_->is_number(); }
bool JsonNode::isString() const { return value_->is_string(); }
bool JsonNode::isArray() const { return value_->is_array(); }
bool JsonNode::isObject() const { return value_->is_object(); }

const char* JsonNode::typeName() const {
  if (isBool()) return "bool";
  if (isNumber()) return "number";
  return value_->type_name();  // null, string, array, object
}

std::string JsonNode::location() const {
  return document_ ? document_->locate(path_) + ": " + path_ : path_;
}

void JsonNode::throwTypeError(const std::string& expected) const {
  throw Error(location() + ": expected " + expected + ", got " + typeName());
}

bool JsonNode::contains(const std::string& key) const { return isObject() && value_->contains(key); }

std::optional<JsonNode> JsonNode::find(const std::string& key) const {
  if (!isObject()) {
    throw Error(location() + ": expected object (looking up key '" + key + "'), got " + typeName());
  }
  const auto it = value_->find(key);
  if (it == value_->end()) return std::nullopt;
  return child(*it, childPath(path_, key));
}

JsonNode JsonNode::operator[](const std::string& key) const {
  std::optional<JsonNode> member = find(key);
  if (!member) throw Error(location() + ": missing key '" + key + "'");
  return *member;
}

JsonNode JsonNode::at(std::size_t index) const {
  if (!isArray()) throwTypeError("array");
  if (index >= value_->size()) {
    throw Error(location() + ": index " + std::to_string(index) + " out of range (array has " +
                std::to_string(value_->size()) + " elements)");
  }
  return child((*value_)[index], childPath(path_, index));
}

std::size_t JsonNode::size() const {
  if (!isArray() && !isObject()) throwTypeError("array or object");
  return value_->size();
}

std::vector<std::pair<std::string, JsonNode>> JsonNode::members() const {
  if (!isObject()) throwTypeError("object");
  std::vector<std::pair<std::string, JsonNode>> out;
  out.reserve(value_->size());
  for (const auto& [key, value] : value_->items()) out.emplace_back(key, child(value, childPath(path_, key)));
  return out;
}

double JsonNode::asDouble() const {
  if (!isNumber()) throwTypeError("number");
  return value_->get<double>();
}

std::int64_t JsonNode::asInt64() const {
  if (!isNumber()) throwTypeError("integer");
  if (value_->is_number_unsigned()) {
    const auto value = value_->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw Error(location() + ": integer " + std::to_string(value) + " out of range");
    }
    return static_cast<std::int64_t>(value);
  }
  if (value_->is_number_integer()) return value_->get<std::int64_t>();
  const double value = value_->get<double>();
  if (std::floor(value) != value || std::fabs(value) > kMaxExactInteger) {
    throw Error(location() + ": expected integer, got " + formatNumber(value));
  }
  return static_cast<std::int64_t>(value);
}

int JsonNode::asInt() const {
  const std::int64_t value = asInt64();
  if (value < std::numeric_limits<int>::min() || value > std::numeric_limits<int>::max()) {
    throw Error(location() + ": integer " + std::to_string(value) + " out of range for int");
  }
  return static_cast<int>(value);
}

bool JsonNode::asBool() const {
  if (!isBool()) throwTypeError("bool");
  return value_->get<bool>();
}

const std::string& JsonNode::asString() const {
  if (!isString()) throwTypeError("string");
  return value_->get_ref<const std::string&>();
}

double JsonNode::numberOr(const std::string& key, double fallback) const {
  const auto member = find(key);
  return member ? member->asDouble() : fallback;
}

int JsonNode::intOr(const std::string& key, int fallback) const {
  const auto member = find(key);
  return member ? member->asInt() : fallback;
}

bool JsonNode::boolOr(const std::string& key, bool fallback) const {
  const auto member = find(key);
  return member ? member->asBool() : fallback;
}

std::string JsonNode::stringOr(const std::string& key, const std::string& fallback) const {
  const auto member = find(key);
  return member ? member->asString() : fallback;
}

std::string JsonNode::childPath(const std::string& parentPath, const std::string& key) {
  const std::string base = parentPath.empty() ? "$" : parentPath;
  return isIdentifier(key) ? base + "." + key : base + "[" + JsonDocument::dump(Json(key)) + "]";
}

std::string JsonNode::childPath(const std::string& parentPath, std::size_t index) {
  return (parentPath.empty() ? std::string("$") : parentPath) + "[" + std::to_string(index) + "]";
}

}  // namespace edgescope
