#include "amsstream/AmsFrameBatch.h"

#include <cstdint>
#include <limits>

#include "util/Error.h"

namespace edgescope {

std::string AmsFrameBatch::codecName(AmsFrameCodec codec) {
  switch (codec) {
    case AmsFrameCodec::H264:
      return "h264";
    case AmsFrameCodec::Jpeg:
      return "jpeg";
  }
  return "codec " + std::to_string(static_cast<int>(codec));
}

AmsFrameCodec AmsFrameBatch::codecFromName(const std::string& name) {
  if (name == "h264") return AmsFrameCodec::H264;
  if (name == "jpeg") return AmsFrameCodec::Jpeg;
  throw Error("ams.uplinkCodec: unknown codec '" + name + "' (h264 or jpeg)");
}

void AmsFrameBatch::fail(const std::string& requestName, const std::string& message) {
  throw Error("BAD_IMAGE: " + requestName + ": " + message);
}

void AmsFrameBatch::validate(const std::string& requestName) const {
  const int codecValue = static_cast<int>(codec);
  if (codec != AmsFrameCodec::H264 && codec != AmsFrameCodec::Jpeg) {
    fail(requestName, "codec " + std::to_string(codecValue) + " is neither H.264 (0) nor JPEG (1)");
  }
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width <= 0 || height <= 0 || width > kMaxSidePx || height > kMaxSidePx) {
    fail(requestName, "frame size " + size + " is zero or over " + std::to_string(kMaxSidePx) + " px a side");
  }
  if (static_cast<long long>(width) * height > kMaxPixels) fail(requestName, "frame size " + size + " is over 64 Mpx");
  if (frameCount < 1 || frameCount > kMaxFrames) {
    fail(requestName, "frame count " + std::to_string(frameCount) + " is outside 1 … " + std::to_string(kMaxFrames));
  }
  if (static_cast<long long>(width) * height * frameCount > kMaxBatchPixels) {
    fail(requestName, std::to_string(frameCount) + " frames of " + size + " are over 256 Mpx in all");
  }
  if (payload.empty()) fail(requestName, "empty payload");
  if (payload.size() > kMaxPayloadBytes) fail(requestName, "payload of " + std::to_string(payload.size()) + " bytes");
}

std::string AmsFrameBatch::packJpegFrames(const std::vector<std::string>& jpegs) {
  std::string out;
  for (const std::string& jpeg : jpegs) {
    if (jpeg.empty() || jpeg.size() > std::numeric_limits<std::uint32_t>::max()) {
      throw Error("ams frame batch: a JPEG frame of " + std::to_string(jpeg.size()) + " bytes cannot be packed");
    }
    const auto length = static_cast<std::uint32_t>(jpeg.size());
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((length >> (8 * i)) & 0xff));
    out += jpeg;
  }
  return out;
}

std::vector<std::string_view> AmsFrameBatch::jpegFrames(const std::string& requestName) const {
  std::vector<std::string_view> frames;
  std::size_t at = 0;
  while (at < payload.size()) {
    if (static_cast<int>(frames.size()) == frameCount) {
      fail(requestName, std::to_string(payload.size() - at) + " bytes after JPEG frame " + std::to_string(frameCount));
    }
    if (payload.size() - at < 4)
      fail(requestName, "JPEG frame " + std::to_string(frames.size() + 1) + ": truncated length");
    std::uint32_t length = 0;
    for (int i = 0; i < 4; ++i)
      length |= static_cast<std::uint32_t>(static_cast<unsigned char>(payload[at + i])) << (8 * i);
    at += 4;
    if (length == 0 || length > payload.size() - at) {
      fail(requestName, "JPEG frame " + std::to_string(frames.size() + 1) + ": length " + std::to_string(length) +
                            " with " + std::to_string(payload.size() - at) + " bytes left");
    }
    frames.emplace_back(payload.data() + at, length);
    at += length;
  }
  if (static_cast<int>(frames.size()) != frameCount) {
    fail(requestName,
         "JPEG payload holds " + std::to_string(frames.size()) + " frames, header says " + std::to_string(frameCount));
  }
  return frames;
}

}  // namespace edgescope
