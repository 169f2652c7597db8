#include "amsstream/AmsFrameDecoder.h"

#include <cstdint>

#include "amsstream/AvHandles.h"
#include "net/JpegImage.h"
#include "util/Error.h"

namespace edgescope {
namespace {

/// Demotes this context's libavcodec messages (errors included) below the default log level: a bad stream is
/// reported by the Error, not on stderr.
constexpr int kQuietLogOffset = AV_LOG_DEBUG - AV_LOG_FATAL;

/// One call's H.264 decoding: parser → decoder → BGR frames, checked as they come.
class H264Decoding {
 public:
  H264Decoding(const AmsFrameBatch& batch, const std::string& requestName)
      : batch_(batch),
        request_(requestName),
        evenWidth_((batch.width + 1) & ~1),
        evenHeight_((batch.height + 1) & ~1) {}

  std::vector<cv::Mat> run() {
    const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_H264);
    if (codec == nullptr) throw Error("ams frame decoder: this libavcodec has no H.264 decoder (" + request_ + ")");
    context_.reset(avcodec_alloc_context3(codec));
    parser_.reset(av_parser_init(AV_CODEC_ID_H264));
    packet_.reset(av_packet_alloc());
    picture_.reset(av_frame_alloc());
    if (!context_ || !parser_ || !packet_ || !picture_) throw Error("ams frame decoder: out of memory");
    context_->thread_count = 1;
    context_->log_level_offset = kQuietLogOffset;
    context_->err_recognition = AV_EF_CRCCHECK | AV_EF_BITSTREAM | AV_EF_BUFFER | AV_EF_EXPLODE | AV_EF_CAREFUL;
    // A stream whose SPS declares more than the header's (macroblock-aligned) size is refused before allocation.
    context_->max_pixels = static_cast<std::int64_t>(evenWidth_ + 64) * (evenHeight_ + 32);
    const int opened = avcodec_open2(context_.get(), codec, nullptr);
    if (opened < 0) throw Error("ams frame decoder: cannot open the H.264 decoder: " + av::errorText(opened));

    std::string input = batch_.payload;
    input.append(AV_INPUT_BUFFER_PADDING_SIZE, '\0');
    const auto* data = reinterpret_cast<const std::uint8_t*>(input.data());
    int remaining = static_cast<int>(batch_.payload.size());
    while (remaining > 0) {
      std::uint8_t* unit = nullptr;
      int unitSize = 0;
      const int used = av_parser_parse2(parser_.get(), context_.get(), &unit, &unitSize, data, remaining,
                                        AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
      if (used < 0) fail("H.264 stream does not parse: " + av::errorText(used));
      if (used == 0 && unitSize == 0) fail("H.264 parser stalled");
      data += used;
      remaining -= used;
      if (unitSize > 0) send(unit, unitSize);
    }
    std::uint8_t* unit = nullptr;
    int unitSize = 0;
    av_parser_parse2(parser_.get(), context_.get(), &unit, &unitSize, nullptr, 0, AV_NOPTS_VALUE, AV_NOPTS_VALUE, 0);
    if (unitSize > 0) send(unit, unitSize);
    send(nullptr, 0);  // drain
    if (static_cast<int>(frames_.size()) != batch_.frameCount) {
      fail("H.264 stream decodes to " + std::to_string(frames_.size()) + " frames, header says " +
           std::to_string(batch_.frameCount));
    }
    return std::move(frames_);
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { AmsFrameBatch::fail(request_, message); }

  void send(std::uint8_t* data, int size) {
    packet_->data = data;
    packet_->size = size;
    int status = avcodec_send_packet(context_.get(), data != nullptr ? packet_.get() : nullptr);
    if (status == AVERROR(EAGAIN)) {
      receive();
      status = avcodec_send_packet(context_.get(), data != nullptr ? packet_.get() : nullptr);
    }
    if (status < 0 && status != AVERROR_EOF) {
      fail("H.264 picture " + std::to_string(frames_.size() + 1) + " does not decode: " + av::errorText(status));
    }
    receive();
  }

  void receive() {
    for (;;) {
      const int status = avcodec_receive_frame(context_.get(), picture_.get());
      if (status == AVERROR(EAGAIN) || status == AVERROR_EOF) return;
      const std::string which = "H.264 picture " + std::to_string(frames_.size() + 1);
      if (status < 0) fail(which + " does not decode: " + av::errorText(status));
      if (static_cast<int>(frames_.size()) == batch_.frameCount) {
        fail("H.264 stream decodes to more than the " + std::to_string(batch_.frameCount) + " frames the header says");
      }
      if (picture_->width != evenWidth_ || picture_->height != evenHeight_) {
        fail(which + " is " + std::to_string(picture_->width) + "x" + std::to_string(picture_->height) +
             ", header says " + std::to_string(batch_.width) + "x" + std::to_string(batch_.height));
      }
      if (picture_->format != AV_PIX_FMT_YUV420P && picture_->format != AV_PIX_FMT_YUVJ420P) {
        fail(which + " has pixel format " + std::to_string(picture_->format) + ", not 4:2:0 8-bit");
      }
      if (picture_->decode_error_flags != 0 || (picture_->flags & AV_FRAME_FLAG_CORRUPT) != 0) {
        fail(which + " is corrupt (errors concealed by the decoder)");
      }
      frames_.push_back(toBgr());
      av_frame_unref(picture_.get());
    }
  }

  /// The picture's top-left width × height (the encoder's padding cropped off) as BGR.
  cv::Mat toBgr() {
    scaler_.reset(sws_getCachedContext(scaler_.release(), batch_.width, batch_.height,
                                       static_cast<AVPixelFormat>(picture_->format), batch_.width, batch_.height,
                                       AV_PIX_FMT_BGR24, SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr,
                                       nullptr, nullptr));
    if (!scaler_) throw Error("ams frame decoder: swscale YUV -> BGR24 unavailable (" + request_ + ")");
    cv::Mat bgr(batch_.height, batch_.width, CV_8UC3);
    std::uint8_t* target[1] = {bgr.data};
    const int targetStride[1] = {static_cast<int>(bgr.step)};
    sws_scale(scaler_.get(), picture_->data, picture_->linesize, 0, batch_.height, target, targetStride);
    return bgr;
  }

  const AmsFrameBatch& batch_;
  const std::string& request_;
  const int evenWidth_;
  const int evenHeight_;
  av::CodecContext context_;
  av::Parser parser_;
  av::Packet packet_;
  av::Frame picture_;
  av::Scaler scaler_;
  std::vector<cv::Mat> frames_;
};

std::vector<cv::Mat> decodeJpeg(const AmsFrameBatch& batch, const std::string& requestName) {
  std::vector<cv::Mat> frames;
  for (const std::string_view view : batch.jpegFrames(requestName)) {
    const std::string which = "JPEG frame " + std::to_string(frames.size() + 1);
    const std::string bytes(view);
    cv::Size declared;
    try {
      declared = JpegImage::probe(bytes);
    } catch (const Error& error) {
      AmsFrameBatch::fail(requestName, which + ": " + error.what());
    }
    if (declared != cv::Size(batch.width, batch.height)) {
      AmsFrameBatch::fail(requestName, which + " is " + std::to_string(declared.width) + "x" +
                                           std::to_string(declared.height) + ", header says " +
                                           std::to_string(batch.width) + "x" + std::to_string(batch.height));
    }
    try {
      frames.push_back(JpegImage::decode(bytes));
    } catch (const Error& error) {
      AmsFrameBatch::fail(requestName, which + ": " + error.what());
    }
  }
  return frames;
}

}  // namespace

std::vector<cv::Mat> AmsFrameDecoder::decode(const AmsFrameBatch& batch, const std::string& requestName) {
  batch.validate(requestName);
  if (batch.codec == AmsFrameCodec::Jpeg) return decodeJpeg(batch, requestName);
  return H264Decoding(batch, requestName).run();
}

}  // namespace edgescope
