#pragma once
/// @file ProtobufReader.h
/// A minimal, bounds-checked reader of the protobuf wire format — just enough to read tensor names and shapes out of
/// an ONNX file without linking protobuf (OpenCV 4.6's dnn module offers no way to ask a loaded net for them).

#include <cstddef>
#include <cstdint>
#include <string>

namespace edgescope {

/// Reads fields of one message in a byte range it does not own (the buffer must outlive the reader and every
/// sub-reader). Value type; one thread at a time. Every malformed input throws Error naming @p context and the byte
/// offset — it never reads outside the range.
class ProtobufReader {
 public:
  /// Wire types of the protobuf encoding.
  enum WireType { kVarint = 0, kFixed64 = 1, kLengthDelimited = 2, kFixed32 = 5 };

  /// @p offset is the position of @p data in the whole file (only for error messages).
  ProtobufReader(const char* data, std::size_t size, std::string context, std::size_t offset = 0);

  /// Advances to the next field key; false at the end of the message. Throws Error on a malformed key or an
  /// unsupported wire type (groups).
  bool next();
  int fieldNumber() const { return fieldNumber_; }
  int wireType() const { return wireType_; }

  /// The current field's value; each throws Error when the wire type does not match or the data is truncated.
  std::uint64_t readVarint();
  std::string readString();
  /// A reader over the current length-delimited field (a nested message).
  ProtobufReader readMessage();
  /// Skips the current field's value, whatever its wire type.
  void skip();

 private:
  std::uint64_t varint();
  std::size_t lengthPrefix();
  void require(int wireType) const;
  [[noreturn]] void fail(const std::string& what) const;

  const char* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
  std::string context_;
  std::size_t offset_;
  int fieldNumber_ = 0;
  int wireType_ = -1;
};

}  // namespace edgescope
