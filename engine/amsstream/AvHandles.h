#pragma once
/// @file AvHandles.h
/// Owning handles for the FFmpeg objects the AMS frame codec uses (internal to edgescope_ams; include only from .cpp
/// files that link FFmpeg). Each frees its object with the matching FFmpeg call.

#include <memory>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libswscale/swscale.h>
}

namespace edgescope::av {

struct FreeDeleter {
  void operator()(AVCodecContext* context) const { avcodec_free_context(&context); }
  void operator()(AVFrame* frame) const { av_frame_free(&frame); }
  void operator()(AVPacket* packet) const { av_packet_free(&packet); }
  void operator()(AVCodecParserContext* parser) const { av_parser_close(parser); }
  void operator()(SwsContext* scaler) const { sws_freeContext(scaler); }
};

using CodecContext = std::unique_ptr<AVCodecContext, FreeDeleter>;
using Frame = std::unique_ptr<AVFrame, FreeDeleter>;
using Packet = std::unique_ptr<AVPacket, FreeDeleter>;
using Parser = std::unique_ptr<AVCodecParserContext, FreeDeleter>;
using Scaler = std::unique_ptr<SwsContext, FreeDeleter>;

/// FFmpeg's text for the AVERROR @p code.
inline std::string errorText(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, text, sizeof text);
  return text;
}

}  // namespace edgescope::av
