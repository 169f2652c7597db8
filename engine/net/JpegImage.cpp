#include "net/JpegImage.h"

#include <cstdint>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "util/Error.h"

namespace edgescope {

namespace {

int be16(const std::string& bytes, std::size_t at) {
  return (static_cast<std::uint8_t>(bytes[at]) << 8) | static_cast<std::uint8_t>(bytes[at + 1]);
}

/// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
bool isFrameHeader(int marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

}  // namespace

cv::Size JpegImage::probe(const std::string& bytes) {
  if (bytes.size() < 4 || static_cast<std::uint8_t>(bytes[0]) != 0xFF || static_cast<std::uint8_t>(bytes[1]) != 0xD8) {
    throw Error("jpeg: not a JPEG image (no SOI marker)");
  }
  std::size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<std::uint8_t>(bytes[at]) != 0xFF) throw Error("jpeg: corrupt marker at byte " + std::to_string(at));
    const int marker = static_cast<std::uint8_t>(bytes[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // markers without a length
      at += 2;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) break;  // end of image / start of scan before any frame header
    const int length = be16(bytes, at + 2);
    if (length < 2) throw Error("jpeg: corrupt segment length at byte " + std::to_string(at));
    if (isFrameHeader(marker)) {
      if (at + 9 > bytes.size()) break;
      const int height = be16(bytes, at + 5);
      const int width = be16(bytes, at + 7);
      if (width <= 0 || height <= 0 || width > kMaxSidePx || height > kMaxSidePx ||
          static_cast<long long>(width) * height > kMaxPixels) {
        throw Error("jpeg: declared size " + std::to_string(width) + "x" + std::to_string(height) +
                    " is zero or above the limit");
      }
      return {width, height};
    }
    at += 2 + static_cast<std::size_t>(length);
  }
  throw Error("jpeg: no frame header (truncated image)");
}

cv::Mat JpegImage::decode(const std::string& bytes) {
  const cv::Size declared = probe(bytes);
  const cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data()));
  cv::Mat image;
  try {
    image = cv::imdecode(raw, cv::IMREAD_COLOR);
  } catch (const cv::Exception& error) {
    throw Error(std::string("jpeg: decode failed: ") + error.what());
  }
  if (image.empty()) throw Error("jpeg: cannot decode the image data");
  if (image.size() != declared) throw Error("jpeg: decoded size differs from the header");
  return image;
}

std::string JpegImage::encode(const cv::Mat& bgr, int quality) {
  if (bgr.empty()) throw Error("jpeg: cannot encode an empty image");
  std::vector<std::uint8_t> buffer;
  const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY, quality < 1 ? 1 : (quality > 100 ? 100 : quality)};
  if (!cv::imencode(".jpg", bgr, buffer, params)) throw Error("jpeg: encoding failed");
  return std::string(buffer.begin(), buffer.end());
}

}  // namespace edgescope
