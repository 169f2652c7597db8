#pragma once
/// @file JsonReader.h
/// Strict RFC 8259 JSON parser producing a JsonValue tree whose values know their path (for typed-access errors).
/// Rejects comments, trailing commas, single quotes, NaN/Infinity, leading zeros, unescaped control characters,
/// invalid UTF-8, unpaired surrogates, duplicate object keys, numbers that overflow a double, nesting deeper than
/// kMaxDepth and anything after the top-level value. A leading UTF-8 byte-order mark is skipped.
/// Errors are edgescope::Error "NAME:LINE:COLUMN: message" (1-based; the column counts UTF-8 characters).
/// Stateless static entry points: safe to call from any thread.

#include <cstddef>
#include <memory>
#include <string>

#include "util/JsonValue.h"

namespace edgescope {

class JsonReader {
 public:
  /// Maximum nesting of arrays/objects (the top-level container is depth 1).
  static constexpr int kMaxDepth = 256;

  /// Parses @p text; @p name (usually the file name) prefixes error messages and value locations.
  static JsonValue parse(const std::string& text, const std::string& name);
  /// Reads and parses the file at @p path (named by its path). Throws Error naming the path when it cannot be read.
  static JsonValue readFile(const std::string& path);

 private:
  JsonReader(const std::string& text, const std::string& name);

  JsonValue parseValue(std::string path, int depth);
  JsonValue parseObject(const std::string& path, int depth);
  JsonValue parseArray(const std::string& path, int depth);
  std::string parseString();
  double parseNumber();
  void parseLiteral(const char* word);
  unsigned parseHex4();
  void appendUtf8Run(std::string& out);
  void skipWhitespace();
  /// Skips whitespace, then consumes @p expected when it is next (true) or leaves it (false).
  bool skipWhitespaceAndConsume(char expected);
  /// After an array element / object member: consumes ',' (true: another follows) or @p close (false); else fails.
  bool anotherItem(char close);
  bool atEnd() const { return pos_ >= text_.size(); }
  /// "'c'", "end of input" or "byte 0xNN" for the character at the current position.
  std::string found() const;
  [[noreturn]] void fail(const std::string& message) const { failAt(pos_, message); }
  [[noreturn]] void failAt(std::size_t offset, const std::string& message) const;

  const std::string& text_;
  std::shared_ptr<const std::string> name_;
  std::size_t pos_ = 0;
};

}  // namespace edgescope
