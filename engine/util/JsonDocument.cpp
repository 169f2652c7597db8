#include "util/JsonDocument.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

struct JsonDocument::Data {
  std::string text;
  std::string name;
  Json root;
};

namespace {

/// A char iterator that records the last character nlohmann's lexer read, so SAX events know how far the parse got.
class TextCursor {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TextCursor(const char* at, const char** lastRead) : at_(at), lastRead_(lastRead) {}
  const char& operator*() const {
    *lastRead_ = at_;
    return *at_;
  }
  TextCursor& operator++() {
    ++at_;
    return *this;
  }
  TextCursor operator++(int) {
    TextCursor before = *this;
    ++at_;
    return before;
  }
  bool operator==(const TextCursor& other) const { return at_ == other.at_; }
  bool operator!=(const TextCursor& other) const { return at_ != other.at_; }

 private:
  const char* at_;
  const char** lastRead_;
};

/// "NAME:LINE:COLUMN" of byte @p offset of @p text (1-based; the column counts UTF-8 characters).
std::string lineColumn(const std::string& name, const std::string& text, std::size_t offset) {
  offset = std::min(offset, text.size());
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;
    }
  }
  return name + ":" + std::to_string(line) + ":" + std::to_string(column);
}

/// nlohmann's message without its "[json.exception.…] parse error at line L, column C: " prefix.
std::string plainMessage(const std::string& what) {
  std::string message = what;
  if (!message.empty() && message[0] == '[') {
    const auto close = message.find("] ");
    if (close != std::string::npos) message = message.substr(close + 2);
  }
  const auto column = message.find(", column ");
  if (message.rfind("parse error", 0) == 0 && column != std::string::npos) {
    const auto colon = message.find(": ", column);
    if (colon != std::string::npos) message = message.substr(colon + 2);
  }
  return message;
}

/// Base of the two SAX handlers: where the lexer is, and the first error.
class SaxBase {
 public:
  explicit SaxBase(const std::string& text) : text_(text) {}
  const char** lastReadSlot() { return &lastRead_; }
  /// Characters the lexer has read so far.
  std::size_t consumed() const { return lastRead_ ? static_cast<std::size_t>(lastRead_ - text_.data()) + 1 : 0; }
  bool binary(Json::binary_t&) { return false; }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
    errorOffset_ = position > 0 ? position - 1 : 0;
    error_ = plainMessage(ex.what());
    return false;
  }
  bool fail(const std::string& message, std::size_t offset) {
    errorOffset_ = offset;
    error_ = message;
    return false;
  }
  const std::string& error() const { return error_; }
  std::size_t errorOffset() const { return errorOffset_; }

 protected:
  const std::string& text_;
  const char* lastRead_ = nullptr;
  std::string error_;
  std::size_t errorOffset_ = 0;
};

/// Builds the ordered tree; refuses duplicate keys and nesting deeper than kMaxDepth.
class StrictBuilder : public SaxBase {
 public:
  using SaxBase::SaxBase;
  Json root;

  bool null() { return add(nullptr); }
  bool boolean(bool value) { return add(value); }
  bool number_integer(Json::number_integer_t value) { return add(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return add(value); }
  bool number_float(Json::number_float_t value, const std::string&) { return add(value); }
  bool string(std::string& value) { return add(std::move(value)); }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    if (!keys_.back().insert(name).second) {
      return fail("duplicate key \"" + name + "\"", consumed() > name.size() + 2 ? consumed() - name.size() - 2 : 0);
    }
    member_ = &(*open_.back())[name];
    return true;
  }

 private:
  template <typename Value>
  Json* place(Value&& value) {
    if (open_.empty()) {
      root = Json(std::forward<Value>(value));
      return &root;
    }
    Json* parent = open_.back();
    if (parent->is_array()) {
      parent->push_back(Json(std::forward<Value>(value)));
      return &parent->back();
    }
    *member_ = Json(std::forward<Value>(value));
    return member_;
  }
  template <typename Value>
  bool add(Value&& value) {
    place(std::forward<Value>(value));
    return true;
  }
  bool open(Json container) {
    if (static_cast<int>(open_.size()) >= JsonDocument::kMaxDepth) {
      return fail("nesting deeper than " + std::to_string(JsonDocument::kMaxDepth) + " levels", consumed() - 1);
    }
    open_.push_back(place(std::move(container)));
    keys_.emplace_back();
    return true;
  }
  bool close() {
    open_.pop_back();
    keys_.pop_back();
    return true;
  }

  std::vector<Json*> open_;
  std::vector<std::unordered_set<std::string>> keys_;
  Json* member_ = nullptr;
};

/// Finds where the value at a JSONPath (as JsonNode spells it) starts in the text.
class PathLocator : public SaxBase {
 public:
  PathLocator(const std::string& text, const std::string& target) : SaxBase(text), target_(target) {}
  bool found = false;
  std::size_t offset = 0;

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(Json::number_integer_t) { return value(); }
  bool number_unsigned(Json::number_unsigned_t) { return value(); }
  bool number_float(Json::number_float_t, const std::string&) { return value(); }
  bool string(std::string&) { return value(); }
  bool start_object(std::size_t) { return open(false); }
  bool start_array(std::size_t) { return open(true); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& name) {
    frames_.back().key = name;
    lastEnd_ = consumed();
    return true;
  }

 private:
  struct Frame {
    bool array;
    std::size_t next = 0;
    std::string path;
    std::string key;
  };
  std::string nextPath() {
    if (frames_.empty()) return "$";
    Frame& top = frames_.back();
    return top.array ? JsonNode::childPath(top.path, top.next++) : JsonNode::childPath(top.path, top.key);
  }
  /// The value that just ended (or opened) lies after the previous event's end, past separators and whitespace.
  bool check(const std::string& path) {
    if (path != target_) return true;
    std::size_t at = lastEnd_;
    while (at < text_.size() && std::string(" \t\r\n,:").find(text_[at]) != std::string::npos) ++at;
    found = true;
    offset = at;
    return false;
  }
  bool value() {
    if (!check(nextPath())) return false;
    lastEnd_ = consumed();
    return true;
  }
  bool open(bool array) {
    std::string path = nextPath();
    if (!check(path)) return false;
    frames_.push_back({array, 0, std::move(path), {}});
    lastEnd_ = consumed();
    return true;
  }
  bool close() {
    frames_.pop_back();
    lastEnd_ = consumed();
    return true;
  }

  std::string target_;
  std::vector<Frame> frames_;
  std::size_t lastEnd_ = 0;
};

template <typename Handler>
bool runSax(const std::string& text, Handler& handler) {
  const char* begin = text.data();
  const char* end = begin + text.size();
  return Json::sax_parse(TextCursor(begin, handler.lastReadSlot()), TextCursor(end, handler.lastReadSlot()),
                         &handler);
}

}  // namespace

JsonDocument JsonDocument::parse(std::string text, std::string name) {
  auto data = std::make_shared<Data>();
  data->text = std::move(text);
  data->name = std::move(name);
  StrictBuilder builder(data->text);
  if (!runSax(data->text, builder)) {
    throw Error(lineColumn(data->name, data->text, builder.errorOffset()) + ": " + builder.error());
  }
  data->root = std::move(builder.root);
  return JsonDocument(std::move(data));
}

JsonDocument JsonDocument::readFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) throw Error("cannot read JSON file '" + path + "': it is a folder");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("cannot open JSON file '" + path + "'");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw Error("cannot read JSON file '" + path + "'");
  return parse(text.str(), path);
}

JsonNode JsonDocument::root() const { return JsonNode(data_->root, *this, "$"); }
const Json& JsonDocument::json() const { return data_->root; }
const std::string& JsonDocument::name() const { return data_->name; }

std::string JsonDocument::dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string JsonDocument::locate(const std::string& path) const {
  PathLocator locator(data_->text, path);
  runSax(data_->text, locator);
  return locator.found ? lineColumn(data_->name, data_->text, locator.offset) : data_->name;
}

}  // namespace edgescope
