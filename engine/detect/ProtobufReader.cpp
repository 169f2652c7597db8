#include "detect/ProtobufReader.h"

#include <utility>

#include "util/Error.h"

namespace edgescope {

ProtobufReader::ProtobufReader(const char* data, std::size_t size, std::string context, std::size_t offset)
    : data_(data), size_(size), context_(std::move(context)), offset_(offset) {}

bool ProtobufReader::next() {
  if (pos_ >= size_) return false;
  const std::uint64_t key = varint();
  const std::uint64_t field = key >> 3;
  wireType_ = static_cast<int>(key & 7u);
  if (field == 0 || field > (1u << 29)) fail("invalid field number " + std::to_string(field));
  if (wireType_ != kVarint && wireType_ != kFixed64 && wireType_ != kLengthDelimited && wireType_ != kFixed32) {
    fail("unsupported wire type " + std::to_string(wireType_));
  }
  fieldNumber_ = static_cast<int>(field);
  return true;
}

std::uint64_t ProtobufReader::readVarint() {
  require(kVarint);
  return varint();
}

std::string ProtobufReader::readString() {
  require(kLengthDelimited);
  const std::size_t length = lengthPrefix();
  std::string value(data_ + pos_, length);
  pos_ += length;
  return value;
}

ProtobufReader ProtobufReader::readMessage() {
  require(kLengthDelimited);
  const std::size_t length = lengthPrefix();
  ProtobufReader sub(data_ + pos_, length, context_, offset_ + pos_);
  pos_ += length;
  return sub;
}

void ProtobufReader::skip() {
  std::size_t length = 0;
  switch (wireType_) {
    case kVarint:
      varint();
      return;
    case kFixed64:
      length = 8;
      break;
    case kFixed32:
      length = 4;
      break;
    case kLengthDelimited:
      length = lengthPrefix();
      break;
    default:
      fail("no field to skip");
  }
  if (length > size_ - pos_) fail("field " + std::to_string(fieldNumber_) + " runs past the end of its message");
  pos_ += length;
}

std::uint64_t ProtobufReader::varint() {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (pos_ >= size_) fail("truncated varint");
    const auto byte = static_cast<unsigned char>(data_[pos_++]);
    value |= static_cast<std::uint64_t>(byte & 0x7fu) << shift;
    if ((byte & 0x80u) == 0) return value;
  }
  fail("varint longer than 10 bytes");
}

std::size_t ProtobufReader::lengthPrefix() {
  const std::uint64_t length = varint();
  if (length > size_ - pos_) fail("field " + std::to_string(fieldNumber_) + " runs past the end of its message");
  return static_cast<std::size_t>(length);
}

void ProtobufReader::require(int wireType) const {
  if (wireType_ != wireType) {
    fail("field " + std::to_string(fieldNumber_) + " has wire type " + std::to_string(wireType_) + ", expected " +
         std::to_string(wireType));
  }
}

void ProtobufReader::fail(const std::string& what) const {
  throw Error(context_ + ": malformed protobuf at byte " + std::to_string(offset_ + pos_) + ": " + what);
}

}  // namespace edgescope
