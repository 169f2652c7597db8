#include "source/PlaylistSource.h"

#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "source/PhotometricFilter.h"
#include "source/SourceFactory.h"
#include "util/Error.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

constexpr std::uint64_t kNoiseSalt = 0x506C61796C697374ULL;  // "Playlist"

}  // namespace

struct PlaylistSource::Segment {
  Segment(const PlaylistEntry& e, std::size_t k)
      : entry(e), index(k), filter(e.gain, e.blurSigmaPx, e.noiseSigma), noiseSeed(Rng::mix(kNoiseSalt, k)) {}
  PlaylistEntry entry;
  std::size_t index;
  PhotometricFilter filter;
  std::uint64_t noiseSeed;
  std::unique_ptr<VideoSource> source;
  bool isFile = false;        ///< positioned by decoding forward (seeking compressed video by index is not exact)
  std::int64_t length = -1;   ///< frames it contributes, −1 unknown
  std::int64_t consumed = 0;  ///< frames of it delivered since it was entered
};

PlaylistSource::PlaylistSource(const std::string& path) : path_(path) {
  const std::vector<PlaylistEntry> entries = PlaylistEntry::readFile(path);
  bool headHasGt = false;
  for (std::size_t k = 0; k < entries.size(); ++k) {
    const PlaylistEntry& e = entries[k];
    auto segment = std::make_unique<Segment>(e, k);
    try {
      segment->source = SourceFactory::open(e.uri, e.gtPath);
    } catch (const std::exception& error) {
      throw Error::atLine(path, e.line, "", "cannot open segment '" + e.uri + "': " + error.what());
    }
    const SourceInfo& inner = segment->source->info();
    segment->isFile = inner.kind == "file";
    if (inner.frameCount > 0 && e.first > inner.frameCount) {
      throw Error::atLine(path, e.line, "frames",
                          "starts at frame " + std::to_string(e.first) + ", after the last (" +
                              std::to_string(inner.frameCount) + ") of '" + e.uri + "'");
    }
    std::int64_t end = inner.frameCount > 0 ? inner.frameCount : -1;
    if (e.last > 0) end = end > 0 ? std::min(end, e.last) : e.last;
    segment->length = end > 0 ? end - e.first + 1 : -1;
    const bool hasGt = inner.hasGroundTruth || segment->source->groundTruth() != nullptr;
    if (k == 0) headHasGt = hasGt;
    if (hasGt != headHasGt) {
      const std::string head = "line " + std::to_string(entries[0].line) + "'s segment";
      throw Error::atLine(
          path, e.line, "gt",
          "segment '" + e.uri + "' " +
              (hasGt ? "has ground truth but " + head + " has none" : "has no ground truth but " + head + " has") +
              ": give every segment GT (gt=PATH), or none");
    }
    segments_.push_back(std::move(segment));
  }
  const SourceInfo& head = segments_.front()->source->info();
  info_.uri = "playlist:" + path;
  info_.kind = "playlist";
  const auto slash = path.find_last_of('/');
  info_.name = slash == std::string::npos ? path : path.substr(slash + 1);
  info_.width = head.width;
  info_.height = head.height;
  info_.fps = head.fps > 0 ? head.fps : 25.0;
  info_.live = false;
  info_.seekable = true;
  info_.hasGroundTruth = headHasGt;
  recountFrames();
}

PlaylistSource::~PlaylistSource() = default;

std::size_t PlaylistSource::segmentCount() const { return segments_.size(); }

const PlaylistEntry& PlaylistSource::entry(std::size_t index) const { return segments_.at(index)->entry; }

std::int64_t PlaylistSource::segmentStart(std::size_t index) const {
  std::int64_t start = 1;
  for (std::size_t i = 0; i < index && i < segments_.size(); ++i) {
    if (segments_[i]->length < 0) return -1;
    start += segments_[i]->length;
  }
  return start;
}

void PlaylistSource::recountFrames() {
  const std::int64_t end = segmentStart(segments_.size());
  info_.frameCount = end < 0 ? -1 : end - 1;
}

bool PlaylistSource::enter(std::size_t index, std::int64_t offset, std::int64_t number) {
  Segment& segment = *segments_[index];
  const std::int64_t innerFrame = segment.entry.first + offset;
  bool ok;
  if (segment.isFile) {
    ok = segment.source->seek(1);
    SourceFrame skipped;
    for (std::int64_t n = 1; ok && n < innerFrame; ++n) ok = segment.source->read(skipped, 0) == ReadStatus::Frame;
  } else {
    ok = segment.source->seek(innerFrame);
  }
  positioned_ = ok;
  if (!ok) return false;
  current_ = index;
  segment.consumed = offset;
  nextNumber_ = number;
  health_.state = SourceState::Ok;
  return true;
}

ReadStatus PlaylistSource::read(SourceFrame& out, int timeoutMs) {
  while (current_ < segments_.size()) {
    Segment& segment = *segments_[current_];
    const bool atEnd = segment.length >= 0 && segment.consumed >= segment.length;
    SourceFrame inner;
    if (!atEnd && (positioned_ || enter(current_, segment.consumed, nextNumber_)) &&
        segment.source->read(inner, timeoutMs) == ReadStatus::Frame) {
      const std::int64_t number = nextNumber_++;
      ++segment.consumed;
      cv::Mat image = inner.frame.image;
      const double sx = static_cast<double>(info_.width) / image.cols;
      const double sy = static_cast<double>(info_.height) / image.rows;
      if (sx != 1.0 || sy != 1.0) {
        cv::resize(inner.frame.image, image, cv::Size(info_.width, info_.height), 0, 0,
                   sx * sy < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
      }
      out.frame.image = segment.filter.apply(image, segment.noiseSeed, number);
      out.frame.number = number;
      out.frame.captureTimeMs = static_cast<double>(number - 1) * 1000.0 / info_.fps;
      out.frame.sourceId = info_.uri;
      out.degradation = FrameDegradation{};
      out.groundTruth.clear();
      if (groundTruth()) {
        fillGroundTruth(out);
        return ReadStatus::Frame;
      }
      for (MotRow row : inner.groundTruth) {
        if (row.id >= kIdStride) {
          throw Error::atLine(
              path_, segment.entry.line, "gt",
              "GT id " + std::to_string(row.id) + " ≥ " + std::to_string(kIdStride) + " (ids are offset per segment)");
        }
        row.frame = number;
        if (row.id >= 0) row.id += static_cast<int>(segment.index) * kIdStride;
        row.box = {static_cast<float>(row.box.x * sx), static_cast<float>(row.box.y * sy),
                   static_cast<float>(row.box.width * sx), static_cast<float>(row.box.height * sy)};
        out.groundTruth.push_back(row);
      }
      return ReadStatus::Frame;
    }
    if (!atEnd && segment.length >= 0) {  // a file that decodes fewer frames than it declares
      std::string message = path_ + ":" + std::to_string(segment.entry.line) + ": segment '" + segment.entry.uri +
                            "' ended after " + std::to_string(segment.consumed) + " of " +
                            std::to_string(segment.length) + " frames";
      const std::string innerError = segment.source->health().lastError;
      health_.lastError = innerError.empty() ? message : message + " (" + innerError + ")";
    }
    if (!atEnd) {
      segment.length = segment.consumed;
      recountFrames();
    }
    if (++current_ < segments_.size()) segments_[current_]->consumed = 0;
    positioned_ = false;
  }
  health_.state = SourceState::EndOfStream;
  return ReadStatus::EndOfStream;
}

bool PlaylistSource::seek(std::int64_t frameNumber) {
  if (frameNumber < 1) return false;
  std::int64_t start = 1;
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    const std::int64_t length = segments_[i]->length;
    if (length < 0 || frameNumber < start + length) {
      if (enter(i, frameNumber - start, frameNumber)) return true;
      positioned_ = false;  // the next read() re-enters the current segment where it was
      return false;
    }
    start += length;
  }
  return false;
}

}  // namespace edgescope
