#include "util/JsonReader.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <unordered_set>

#include "util/Error.h"

namespace edgescope {

namespace {

const char kByteOrderMark[] = "\xEF\xBB\xBF";

bool isDigit(char c) { return c >= '0' && c <= '9'; }

void appendCodePoint(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// Decimal exponent of the leading significant digit of a validated JSON number (> 0 means "too large" when
/// std::from_chars reports out of range). Exponents are saturated so absurd inputs cannot overflow.
long leadingDecimalExponent(const char* begin, const char* end) {
  const char* p = begin;
  if (*p == '-') ++p;
  long lead = 0;
  bool found = false;
  long intDigits = 0;
  for (; p != end && isDigit(*p); ++p, ++intDigits) {
    if (!found && *p != '0') {
      found = true;
      lead = -intDigits;  // corrected by intDigits - 1 below
    }
  }
  if (found) lead += intDigits - 1;
  if (p != end && *p == '.') {
    ++p;
    for (long j = 0; p != end && isDigit(*p); ++p, ++j) {
      if (!found && *p != '0') {
        found = true;
        lead = -(j + 1);
      }
    }
  }
  long exponent = 0;
  if (p != end && (*p == 'e' || *p == 'E')) {
    ++p;
    const bool negative = *p == '-';
    if (*p == '-' || *p == '+') ++p;
    for (; p != end && isDigit(*p); ++p) exponent = exponent < 100000000 ? exponent * 10 + (*p - '0') : exponent;
    if (negative) exponent = -exponent;
  }
  return lead + exponent;
}

/// True when @p key is already a member. Objects up to kLinearKeyScan members are scanned; larger ones keep @p seen.
bool isDuplicateKey(const JsonValue::Object& members, std::unordered_set<std::string>& seen, const std::string& key) {
  constexpr std::size_t kLinearKeyScan = 16;
  if (members.size() < kLinearKeyScan) {
    for (const JsonValue::Member& member : members) {
      if (member.first == key) return true;
    }
    return false;
  }
  if (seen.empty()) {
    for (const JsonValue::Member& member : members) seen.insert(member.first);
  }
  return !seen.insert(key).second;
}

}  // namespace

JsonReader::JsonReader(const std::string& text, const std::string& name)
    : text_(text), name_(std::make_shared<const std::string>(name)) {}

JsonValue JsonReader::parse(const std::string& text, const std::string& name) {
  JsonReader reader(text, name);
  if (text.compare(0, 3, kByteOrderMark) == 0) reader.pos_ = 3;
  JsonValue root = reader.parseValue("$", 0);
  reader.skipWhitespace();
  if (!reader.atEnd()) reader.fail("expected end of input after the JSON value, found " + reader.found());
  return root;
}

JsonValue JsonReader::readFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) throw Error("cannot open JSON file '" + path + "': " + std::strerror(errno));
  std::string text;
  char buffer[65536];
  std::size_t count = 0;
  while ((count = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) text.append(buffer, count);
  if (std::ferror(file.get())) throw Error("cannot read JSON file '" + path + "': " + std::strerror(errno));
  return parse(text, path);
}

void JsonReader::skipWhitespace() {
  while (!atEnd()) {
    const char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
    ++pos_;
  }
}

std::string JsonReader::found() const {
  if (atEnd()) return "end of input";
  const auto c = static_cast<unsigned char>(text_[pos_]);
  if (c > 0x20 && c < 0x7F) return std::string("'") + static_cast<char>(c) + "'";
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "byte 0x%02X", c);
  return buffer;
}

void JsonReader::failAt(std::size_t offset, const std::string& message) const {
  int line = 1;
  int column = 1;
  const std::size_t begin = text_.compare(0, 3, kByteOrderMark) == 0 ? 3 : 0;
  for (std::size_t i = begin; i < offset && i < text_.size(); ++i) {
    const auto c = static_cast<unsigned char>(text_[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  throw Error(*name_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message);
}

JsonValue JsonReader::parseValue(std::string path, int depth) {
  skipWhitespace();
  if (atEnd()) fail("expected a value, found end of input");
  JsonValue value;
  switch (text_[pos_]) {
    case '{':
      value = parseObject(path, depth + 1);
      break;
    case '[':
      value = parseArray(path, depth + 1);
      break;
    case '"':
      value = JsonValue::string(parseString());
      break;
    case 't':
      parseLiteral("true");
      value = JsonValue::boolean(true);
      break;
    case 'f':
      parseLiteral("false");
      value = JsonValue::boolean(false);
      break;
    case 'n':
      parseLiteral("null");
      break;
    default:
      if (text_[pos_] != '-' && !isDigit(text_[pos_])) fail("expected a value, found " + found());
      value = JsonValue::number(parseNumber());
  }
  value.setOrigin(name_, std::move(path));
  return value;
}

bool JsonReader::skipWhitespaceAndConsume(char expected) {
  skipWhitespace();
  if (atEnd() || text_[pos_] != expected) return false;
  ++pos_;
  return true;
}

bool JsonReader::anotherItem(char close) {
  if (skipWhitespaceAndConsume(',')) return true;
  if (skipWhitespaceAndConsume(close)) return false;
  fail(std::string("expected ',' or '") + close + "', found " + found());
}

JsonValue JsonReader::parseObject(const std::string& path, int depth) {
  if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  ++pos_;  // '{'
  JsonValue::Object members;
  std::unordered_set<std::string> seen;  // filled only once the object is large; small ones are scanned
  if (skipWhitespaceAndConsume('}')) return JsonValue::object();
  do {
    skipWhitespace();
    if (atEnd() || text_[pos_] != '"') fail("expected string key, found " + found());
    const std::size_t keyOffset = pos_;
    std::string key = parseString();
    if (isDuplicateKey(members, seen, key)) failAt(keyOffset, "duplicate key '" + key + "'");
    if (!skipWhitespaceAndConsume(':')) fail("expected ':' after key, found " + found());
    JsonValue member = parseValue(JsonValue::childPath(path, key), depth);
    members.emplace_back(std::move(key), std::move(member));
  } while (anotherItem('}'));
  return JsonValue::object(std::move(members));
}

JsonValue JsonReader::parseArray(const std::string& path, int depth) {
  if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  ++pos_;  // '['
  JsonValue::Array items;
  if (skipWhitespaceAndConsume(']')) return JsonValue::array();
  do {
    items.push_back(parseValue(JsonValue::childPath(path, items.size()), depth));
  } while (anotherItem(']'));
  return JsonValue::array(std::move(items));
}

void JsonReader::parseLiteral(const char* word) {
  const std::size_t length = std::strlen(word);
  if (text_.compare(pos_, length, word) != 0) fail(std::string("invalid literal, expected '") + word + "'");
  pos_ += length;
}

double JsonReader::parseNumber() {
  const std::size_t start = pos_;
  if (text_[pos_] == '-') ++pos_;
  if (!atEnd() && text_[pos_] == '0') {
    ++pos_;
    if (!atEnd() && isDigit(text_[pos_])) failAt(start, "leading zeros are not allowed");
  } else if (!atEnd() && isDigit(text_[pos_])) {
    while (!atEnd() && isDigit(text_[pos_])) ++pos_;
  } else {
    fail("expected digit after '-', found " + found());
  }
  if (!atEnd() && text_[pos_] == '.') {
    ++pos_;
    if (atEnd() || !isDigit(text_[pos_])) fail("expected digit after '.', found " + found());
    while (!atEnd() && isDigit(text_[pos_])) ++pos_;
  }
  if (!atEnd() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    ++pos_;
    if (!atEnd() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (atEnd() || !isDigit(text_[pos_])) fail("expected digit in exponent, found " + found());
    while (!atEnd() && isDigit(text_[pos_])) ++pos_;
  }
  const char* begin = text_.data() + start;
  const char* end = text_.data() + pos_;
  double value = 0.0;
  const std::from_chars_result result = std::from_chars(begin, end, value);
  if (result.ec == std::errc::result_out_of_range) {
    if (leadingDecimalExponent(begin, end) > 0) failAt(start, "number out of range for a double");
    value = *begin == '-' ? -0.0 : 0.0;  // underflow: rounds to zero
  } else if (result.ec != std::errc() || result.ptr != end) {
    failAt(start, "invalid number");
  }
  return value;
}

unsigned JsonReader::parseHex4() {
  unsigned value = 0;
  for (int i = 0; i < 4; ++i) {
    if (atEnd()) fail("expected 4 hex digits after \\u, found end of input");
    const char c = text_[pos_];
    unsigned digit = 0;
    if (isDigit(c)) {
      digit = static_cast<unsigned>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<unsigned>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<unsigned>(c - 'A' + 10);
    } else {
      fail("expected 4 hex digits after \\u, found " + found());
    }
    value = value * 16 + digit;
    ++pos_;
  }
  return value;
}

void JsonReader::appendUtf8Run(std::string& out) {
  const auto byteAt = [this](std::size_t i) { return i < text_.size() ? static_cast<unsigned char>(text_[i]) : 0u; };
  const unsigned lead = byteAt(pos_);
  int continuation = 0;
  unsigned low = 0x80;
  unsigned high = 0xBF;  // allowed range of the first continuation byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    continuation = 1;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    continuation = 2;
    if (lead == 0xE0) low = 0xA0;   // overlong
    if (lead == 0xED) high = 0x9F;  // UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    continuation = 3;
    if (lead == 0xF0) low = 0x90;   // overlong
    if (lead == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    fail("invalid UTF-8 in string");
  }
  for (int i = 1; i <= continuation; ++i) {
    const unsigned c = byteAt(pos_ + i);
    if (c < (i == 1 ? low : 0x80u) || c > (i == 1 ? high : 0xBFu)) fail("invalid UTF-8 in string");
  }
  out.append(text_, pos_, continuation + 1);
  pos_ += continuation + 1;
}

std::string JsonReader::parseString() {
  const std::size_t start = pos_;
  ++pos_;  // opening quote
  std::string out;
  while (true) {
    if (atEnd()) failAt(start, "unterminated string");
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return out;
    }
    if (c < 0x20) {
      char buffer[64];
      std::snprintf(buffer, sizeof(buffer), "unescaped control character U+%04X in string", c);
      fail(buffer);
    }
    if (c >= 0x80) {
      appendUtf8Run(out);
      continue;
    }
    if (c != '\\') {
      out += static_cast<char>(c);
      ++pos_;
      continue;
    }
    const std::size_t escapeOffset = pos_;
    ++pos_;
    if (atEnd()) failAt(start, "unterminated string");
    const char e = text_[pos_++];
    switch (e) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '/':
        out += '/';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        unsigned cp = parseHex4();
        if (cp >= 0xDC00 && cp <= 0xDFFF) failAt(escapeOffset, "unpaired low surrogate in \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          if (text_.compare(pos_, 2, "\\u") != 0) failAt(escapeOffset, "unpaired high surrogate in \\u escape");
          pos_ += 2;
          const unsigned low = parseHex4();
          if (low < 0xDC00 || low > 0xDFFF) failAt(escapeOffset, "unpaired high surrogate in \\u escape");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendCodePoint(out, cp);
        break;
      }
      default:
        pos_ = escapeOffset;
        fail(std::string("invalid escape '\\") + (static_cast<unsigned char>(e) >= 0x20 ? std::string(1, e) : "?") +
             "' in string");
    }
  }
}

}  // namespace edgescope
