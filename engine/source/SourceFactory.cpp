#include "source/SourceFactory.h"

#include "mot/GroundTruthIndex.h"
#include "mot/MotFile.h"
#include "source/MotSequenceSource.h"
#include "source/PlaylistSource.h"
#include "source/VideoFileSource.h"
#include "synthetic/SyntheticSource.h"
#include "util/Error.h"

namespace edgescope {
namespace {

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

std::string SourceFactory::kindOf(const std::string& uri) {
  if (startsWith(uri, "mot:")) return "mot";
  if (startsWith(uri, "camera:")) return "camera";
  if (startsWith(uri, "rtsp://") || startsWith(uri, "http://") || startsWith(uri, "https://") ||
      startsWith(uri, "rtmp://") || startsWith(uri, "udp://") || startsWith(uri, "tcp://")) {
    return "stream";
  }
  if (startsWith(uri, "synthetic:")) return "synthetic";
  if (startsWith(uri, "playlist:")) return "playlist";
  return "file";
}

std::unique_ptr<VideoSource> SourceFactory::open(const std::string& uri, const std::string& groundTruthPath,
                                                 const LiveCaptureOptions& liveOptions) {
  if (uri.empty()) throw Error("empty source URI");
  const std::string kind = kindOf(uri);
  std::unique_ptr<VideoSource> source;
  if (kind == "mot") {
    source = std::make_unique<MotSequenceSource>(uri.substr(4));
  } else if (kind == "camera" || kind == "stream") {
    source = std::make_unique<LiveCaptureSource>(uri, liveOptions);
  } else if (kind == "synthetic") {
    source = std::make_unique<SyntheticSource>(uri);
  } else if (kind == "playlist") {
    source = std::make_unique<PlaylistSource>(uri.substr(9));
  } else {
    source = std::make_unique<VideoFileSource>(startsWith(uri, "file:") ? uri.substr(5) : uri);
  }
  if (!groundTruthPath.empty()) {
    source->attachGroundTruth(
        std::make_shared<GroundTruthIndex>(MotFile::read(groundTruthPath).rows, groundTruthPath));
  }
  return source;
}

}  // namespace edgescope
