#include "record/JsonValueWriter.h"

#include "util/JsonValue.h"
#include "util/JsonWriter.h"

namespace edgescope {

void JsonValueWriter::write(JsonWriter& writer, const JsonValue& value) {
  switch (value.type()) {
    case JsonType::Null:
      writer.null();
      break;
    case JsonType::Bool:
      writer.value(value.asBool());
      break;
    case JsonType::Number:
      writer.value(value.asDouble());
      break;
    case JsonType::String:
      writer.value(value.asString());
      break;
    case JsonType::Array:
      writer.beginArray();
      for (const JsonValue& item : value.items()) write(writer, item);
      writer.endArray();
      break;
    case JsonType::Object:
      writer.beginObject();
      for (const auto& [key, member] : value.members()) {
        writer.key(key);
        write(writer, member);
      }
      writer.endObject();
      break;
  }
}

std::string JsonValueWriter::toText(const JsonValue& value) {
  JsonWriter writer;
  write(writer, value);
  return writer.str();
}

}  // namespace edgescope
