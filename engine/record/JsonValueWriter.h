#pragma once
/// @file JsonValueWriter.h
/// Serialises a JsonValue tree (e.g. a model card read with JsonReader) through JsonWriter: compact JSON, object
/// members in their order, numbers in their shortest exact form. Stateless; any thread.

#include <string>

namespace edgescope {

class JsonValue;
class JsonWriter;

class JsonValueWriter {
 public:
  /// Writes @p value as the next value of @p writer.
  static void write(JsonWriter& writer, const JsonValue& value);
  /// @p value as compact JSON text.
  static std::string toText(const JsonValue& value);
};

}  // namespace edgescope
