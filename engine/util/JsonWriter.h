#pragma once
/// @file JsonWriter.h
/// Minimal streaming JSON writer (objects, arrays, strings, numbers, booleans, null) with proper escaping.
/// Non-finite numbers are written as null. Not thread-safe.

#include <cstdint>
#include <string>
#include <vector>

namespace edgescope {

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  /// Inside an object: the next value's key.
  JsonWriter& key(const std::string& name);
  JsonWriter& value(const std::string& text);
  JsonWriter& value(const char* text) { return value(std::string(text)); }
  JsonWriter& value(double number);
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  JsonWriter& value(bool flag);
  JsonWriter& null();
  const std::string& str() const { return out_; }
  static std::string escape(const std::string& text);

 private:
  void separate();
  std::string out_;
  std::vector<bool> hasItems_;
  bool afterKey_ = false;
};

}  // namespace edgescope
