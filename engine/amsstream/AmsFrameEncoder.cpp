#include "amsstream/AmsFrameEncoder.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdint>

#include <opencv2/core.hpp>

#include "amsstream/AvHandles.h"
#include "net/JpegImage.h"
#include "util/Error.h"

extern "C" {
#include <libavutil/opt.h>
}

namespace edgescope {
namespace {

using Options = AmsFrameEncoder::Options;
using Stats = AmsFrameEncoder::Stats;

constexpr double kAcceptLow = 0.8;  ///< an H.264 result in [kAcceptLow, 1] × budget ends the search

[[noreturn]] void optionError(const std::string& field, const std::string& message) {
  throw Error("ams frame encoder: option '" + field + "': " + message);
}

void checkOptions(const Options& options) {
  if (options.codec != AmsFrameCodec::H264 && options.codec != AmsFrameCodec::Jpeg) {
    optionError("codec", "value " + std::to_string(static_cast<int>(options.codec)) + " out of range");
  }
  if (!(options.batchSeconds > 0.0 && options.batchSeconds <= 1e6)) optionError("batchSeconds", "must be in (0, 1e6]");
  if (options.targetBytes == 0 && !(options.bitrateKbps > 0.0 && options.bitrateKbps <= 1e6)) {
    optionError("bitrateKbps", "must be in (0, 1e6]");
  }
  if (options.jpegQualityMin < 1 || options.jpegQualityMax > 100 || options.jpegQualityMin > options.jpegQualityMax) {
    optionError("jpegQualityMin", "need 1 <= jpegQualityMin <= jpegQualityMax <= 100");
  }
  if (options.maxBFrames < 0 || options.maxBFrames > 4) optionError("maxBFrames", "must be 0 … 4");
  if (options.maxH264Attempts < 1 || options.maxH264Attempts > 8) optionError("maxH264Attempts", "must be 1 … 8");
  if (options.budgetBytes() < 1) optionError("bitrateKbps", "the budget is under one byte");
}

void checkFrames(const std::vector<cv::Mat>& frames) {
  if (frames.empty()) throw Error("ams frame encoder: field 'frames': no frames to encode");
  if (frames.size() > static_cast<std::size_t>(AmsFrameBatch::kMaxFrames)) {
    throw Error("ams frame encoder: field 'frames': " + std::to_string(frames.size()) + " frames, at most " +
                std::to_string(AmsFrameBatch::kMaxFrames));
  }
  const cv::Size size = frames.front().size();
  if (size.width > AmsFrameBatch::kMaxSidePx || size.height > AmsFrameBatch::kMaxSidePx ||
      static_cast<long long>(size.width) * size.height > AmsFrameBatch::kMaxPixels) {
    throw Error("ams frame encoder: field 'frames': size " + std::to_string(size.width) + "x" +
                std::to_string(size.height) + " over the limits");
  }
  if (static_cast<long long>(size.area()) * static_cast<long long>(frames.size()) > AmsFrameBatch::kMaxBatchPixels) {
    throw Error("ams frame encoder: field 'frames': " + std::to_string(frames.size()) + " frames over 256 Mpx in all");
  }
  for (std::size_t i = 0; i < frames.size(); ++i) {
    if (frames[i].empty() || frames[i].type() != CV_8UC3 || frames[i].size() != size) {
      throw Error("ams frame encoder: field 'frames': frame " + std::to_string(i) +
                  " is empty, not 8-bit BGR or not the size of frame 0");
    }
  }
}

/// @p annexB without its SEI NAL units (x264 writes its version and settings there, ~600 bytes a batch).
std::string withoutSei(const std::string& annexB) {
  std::vector<std::size_t> starts;  // offsets of start codes (00 00 01, or 00 00 00 01 from its first zero)
  for (std::size_t i = 0; i + 3 <= annexB.size(); ++i) {
    if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
      starts.push_back(i > 0 && annexB[i - 1] == 0 ? i - 1 : i);
      i += 2;
    }
  }
  if (starts.empty()) return annexB;
  std::string out = annexB.substr(0, starts.front());
  for (std::size_t s = 0; s < starts.size(); ++s) {
    const std::size_t begin = starts[s];
    const std::size_t end = s + 1 < starts.size() ? starts[s + 1] : annexB.size();
    const std::size_t header = begin + (annexB[begin + 2] == 1 ? 3 : 4);
    if (header < end && (static_cast<unsigned char>(annexB[header]) & 0x1f) == 6) continue;
    out.append(annexB, begin, end - begin);
  }
  return out;
}

void receivePackets(AVCodecContext* context, AVPacket* packet, std::string& stream, int& packets) {
  for (;;) {
    const int status = avcodec_receive_packet(context, packet);
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return;
    if (status < 0) throw Error("H.264 encoder: receive_packet: " + av::errorText(status));
    stream.append(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size));
    ++packets;
    av_packet_unref(packet);
  }
}

/// One H.264 encode of @p frames at @p bitrateBps: the Annex-B stream. Throws Error when FFmpeg fails.
std::string encodeH264Once(const std::vector<cv::Mat>& frames, const Options& options, std::int64_t bitrateBps,
                           std::string& encoderName) {
  const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
  if (codec == nullptr) codec = avcodec_find_encoder(AV_CODEC_ID_H264);
  if (codec == nullptr) throw Error("no H.264 encoder in this libavcodec");
  encoderName = codec->name;
  av::CodecContext context(avcodec_alloc_context3(codec));
  if (!context) throw Error("H.264 encoder: out of memory");
  const int count = static_cast<int>(frames.size());
  const int width = (frames.front().cols + 1) & ~1;
  const int height = (frames.front().rows + 1) & ~1;
  AVRational interval{};
  av_reduce(&interval.num, &interval.den, std::llround(options.batchSeconds * 1000.0), std::int64_t{count} * 1000,
            INT_MAX);
  context->width = width;
  context->height = height;
  context->pix_fmt = AV_PIX_FMT_YUV420P;
  context->time_base = interval;
  context->framerate = av_inv_q(interval);
  context->bit_rate = bitrateBps;
  context->gop_size = count;
  context->max_b_frames = options.maxBFrames;
  context->thread_count = 1;
  context->log_level_offset = AV_LOG_DEBUG - AV_LOG_FATAL;  // x264's statistics and errors off stderr
  context->colorspace = AVCOL_SPC_SMPTE170M;
  context->color_range = AVCOL_RANGE_MPEG;
  AVDictionary* settings = nullptr;
  if (encoderName == "libx264") {
    av_dict_set(&settings, "preset", options.h264Preset.c_str(), 0);
    av_dict_set(&settings, "x264-params", "scenecut=0", 0);  // one GOP: the IDR is the batch's only I picture
  }
  const int opened = avcodec_open2(context.get(), codec, &settings);
  av_dict_free(&settings);
  if (opened < 0) throw Error("H.264 encoder " + encoderName + ": open: " + av::errorText(opened));

  av::Frame picture(av_frame_alloc());
  av::Packet packet(av_packet_alloc());
  if (!picture || !packet) throw Error("H.264 encoder: out of memory");
  picture->format = AV_PIX_FMT_YUV420P;
  picture->width = width;
  picture->height = height;
  if (av_frame_get_buffer(picture.get(), 0) < 0) throw Error("H.264 encoder: cannot allocate a picture");
  av::Scaler scaler(sws_getContext(width, height, AV_PIX_FMT_BGR24, width, height, AV_PIX_FMT_YUV420P,
                                   SWS_BILINEAR | SWS_ACCURATE_RND, nullptr, nullptr, nullptr));
  if (!scaler) throw Error("H.264 encoder: swscale BGR24 -> YUV420P unavailable");

  std::string stream;
  int packets = 0;
  cv::Mat even;
  for (int i = 0; i < count; ++i) {
    const cv::Mat& frame = frames[static_cast<std::size_t>(i)];
    cv::copyMakeBorder(frame, even, 0, height - frame.rows, 0, width - frame.cols, cv::BORDER_REPLICATE);
    if (av_frame_make_writable(picture.get()) < 0) throw Error("H.264 encoder: picture not writable");
    const std::uint8_t* source[1] = {even.data};
    const int sourceStride[1] = {static_cast<int>(even.step)};
    sws_scale(scaler.get(), source, sourceStride, 0, height, picture->data, picture->linesize);
    picture->pts = i;
    picture->pict_type = i == 0 ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
    const int sent = avcodec_send_frame(context.get(), picture.get());
    if (sent < 0) throw Error("H.264 encoder: send_frame " + std::to_string(i) + ": " + av::errorText(sent));
    receivePackets(context.get(), packet.get(), stream, packets);
  }
  const int flushed = avcodec_send_frame(context.get(), nullptr);
  if (flushed < 0) throw Error("H.264 encoder: flush: " + av::errorText(flushed));
  receivePackets(context.get(), packet.get(), stream, packets);
  if (packets != count) {
    throw Error("H.264 encoder gave " + std::to_string(packets) + " packets for " + std::to_string(count) + " frames");
  }
  return withoutSei(stream);
}

/// Rate search: ABR at the budget's bitrate, corrected by the size ratio while the result is over the budget or
/// under kAcceptLow of it. Keeps the largest result within the budget, else the smallest.
std::string encodeH264(const std::vector<cv::Mat>& frames, const Options& options, Stats& stats) {
  const auto budget = static_cast<double>(options.budgetBytes());
  double bitrateBps = budget * 8.0 / options.batchSeconds;
  std::string best;
  for (int attempt = 1; attempt <= options.maxH264Attempts; ++attempt) {
    const auto rate = std::max<std::int64_t>(1000, std::llround(bitrateBps));
    std::string stream = encodeH264Once(frames, options, rate, stats.encoderName);
    stats.attempts = attempt;
    const auto bytes = static_cast<double>(stream.size());
    const bool fits = bytes <= budget;
    const bool bestFits = !best.empty() && static_cast<double>(best.size()) <= budget;
    if (best.empty() || (fits && (!bestFits || stream.size() > best.size())) ||
        (!fits && !bestFits && stream.size() < best.size())) {
      best = std::move(stream);
    }
    if (fits && bytes >= kAcceptLow * budget) break;
    bitrateBps *= std::clamp(0.95 * budget / std::max(bytes, 1.0), 0.25, 4.0);
  }
  return best;
}

/// Per-frame JPEG at the best quality whose total fits: a binary search on frame 0, then lower qualities while the
/// whole batch is over the budget.
std::string encodeJpeg(const std::vector<cv::Mat>& frames, const Options& options, Stats& stats) {
  const std::size_t budget = options.budgetBytes();
  const std::size_t perFrame = budget / frames.size();
  int low = options.jpegQualityMin;
  int high = options.jpegQualityMax;
  int quality = low;
  while (low <= high) {
    const int middle = (low + high) / 2;
    ++stats.attempts;
    if (JpegImage::encode(frames.front(), middle).size() + 4 <= perFrame) {
      quality = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  for (;;) {
    std::vector<std::string> jpegs;
    std::size_t total = 0;
    for (const cv::Mat& frame : frames) {
      jpegs.push_back(JpegImage::encode(frame, quality));
      total += jpegs.back().size() + 4;
    }
    ++stats.attempts;
    if (total <= budget || quality == options.jpegQualityMin) {
      stats.jpegQuality = quality;
      return AmsFrameBatch::packJpegFrames(jpegs);
    }
    quality = std::max(options.jpegQualityMin, quality - 10);
  }
}

}  // namespace

std::size_t AmsFrameEncoder::Options::budgetBytes() const {
  if (targetBytes > 0) return targetBytes;
  return static_cast<std::size_t>(std::max(0.0, std::floor(bitrateKbps * 1000.0 / 8.0 * batchSeconds)));
}

AmsFrameBatch AmsFrameEncoder::encode(const std::vector<cv::Mat>& bgrFrames, const Options& options, Stats* stats) {
  const auto started = std::chrono::steady_clock::now();
  checkOptions(options);
  checkFrames(bgrFrames);
  Stats local;
  Stats& out = stats != nullptr ? *stats : local;
  out = Stats{};
  out.budgetBytes = options.budgetBytes();
  AmsFrameBatch batch;
  batch.width = bgrFrames.front().cols;
  batch.height = bgrFrames.front().rows;
  batch.frameCount = static_cast<int>(bgrFrames.size());
  if (options.codec == AmsFrameCodec::H264) {
    try {
      batch.payload = encodeH264(bgrFrames, options, out);
      batch.codec = AmsFrameCodec::H264;
    } catch (const Error& error) {
      out.fallbackReason = error.what();
      out.attempts = 0;
    }
  }
  if (batch.payload.empty()) {
    batch.codec = AmsFrameCodec::Jpeg;
    out.encoderName = "jpeg";
    batch.payload = encodeJpeg(bgrFrames, options, out);
  }
  out.codec = batch.codec;
  out.payloadBytes = batch.payload.size();
  out.encodeMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return batch;
}

}  // namespace edgescope
