#pragma once
/// @file PlaylistSource.h
/// `playlist:FILE` — offline sources played back to back as one stream (e.g. day → dusk + noise + blur → empty
/// street → crowd for the AMS benchmark). FILE is UTF-8 text, one segment per line:
///
///     URI [frames=A:B] [gain=G] [noise=SIGMA] [blur=SIGMA] [gt=PATH]
///
/// - URI: a video file (PATH or file:PATH), mot:DIR or synthetic:?…; relative paths (also gt=) are resolved against
///   the playlist's folder. Live sources (camera:, rtsp://, http://, …) and nested playlists are refused.
/// - Options follow the URI, separated by blanks or commas, so a `--data` spec `PATH,gt=…,frames=A:B` is also a
///   valid line. A token may be double-quoted to hold blanks or commas ("my clip.avi"). Each key at most once.
/// - frames=A:B (also A:, :B, A): the segment's own 1-based frames, inclusive (FrameRange syntax); default all.
/// - gain=G: exposure gain in linear light, (0, 64] (PhotometricFilter); noise=SIGMA: additive Gaussian noise,
///   8-bit levels, [0, 100], seeded by (segment index, playlist frame number), so replays are byte-identical;
///   blur=SIGMA: Gaussian blur sigma in pixels, [0, 20]. Applied after resizing, in the order gain, blur, noise.
/// - gt=PATH: a MOT ground-truth file numbered in the segment's own frames; without it, the source's own GT (a
///   synthetic scene's, a mot: folder's gt/gt.txt).
/// - Blank lines and '#' comments (a '#' at the start of a token) are ignored.
///
/// Playback: frame numbers are continuous (1, 2, …; a segment's first frame follows the previous segment's last).
/// Every frame is resized to the first segment's size when its size differs (INTER_AREA down, INTER_LINEAR up; GT
/// boxes scaled alike); fps and timestamps are the first segment's. GT rows are renumbered to playlist frames, and
/// the GT ids of segment k (0-based) are offset by k × kIdStride so that persons of different segments never share
/// an id (segment 0 keeps its ids). Either every segment has GT or none has; a mix is an Error naming the line.
/// A `--gt` file attached to the playlist itself (numbered in playlist frames) replaces the segments' GT.

#include <memory>
#include <string>
#include <vector>

#include "source/PlaylistEntry.h"
#include "source/VideoSource.h"

namespace edgescope {

/// Thread: owned and used by one thread (the engine thread). Every segment's source stays open while it lives.
class PlaylistSource : public VideoSource {
 public:
  /// GT ids of segment k are offset by k × kIdStride; a GT id ≥ kIdStride is an Error at read().
  static constexpr int kIdStride = 1000000;

  /// Reads @p path and opens every segment. Throws Error naming the playlist (and the line) when the file is
  /// missing or empty, a line is malformed (PlaylistEntry::parse), a segment fails to open (with the segment's own
  /// message), frames= starts after the segment's last frame, or only some segments have GT.
  explicit PlaylistSource(const std::string& path);
  ~PlaylistSource() override;

  /// kind "playlist"; frameCount is the sum of the segments' lengths (−1 when a file does not declare its count).
  const SourceInfo& info() const override { return info_; }
  /// The next frame; EndOfStream after the last segment. A file segment that ends before its declared length ends
  /// there (later segments move up; health().lastError says so). Throws the segments' decode Errors.
  ReadStatus read(SourceFrame& out, int timeoutMs) override;
  /// Exact: seekable segments seek, file segments decode forward from their start. False outside 1…frameCount or
  /// past a segment of unknown length.
  bool seek(std::int64_t frameNumber) override;

  std::size_t segmentCount() const;
  const PlaylistEntry& entry(std::size_t index) const;
  /// Playlist frame number of segment @p index's first frame (−1 when an earlier segment's length is unknown).
  std::int64_t segmentStart(std::size_t index) const;

 private:
  struct Segment;
  /// Positions segment @p index so that its next frame is its @p offset-th (0-based) and playlist frame @p number.
  bool enter(std::size_t index, std::int64_t offset, std::int64_t number);
  void recountFrames();

  std::string path_;
  SourceInfo info_;
  std::vector<std::unique_ptr<Segment>> segments_;
  std::size_t current_ = 0;      ///< segment the next frame comes from
  std::int64_t nextNumber_ = 1;  ///< playlist number of the next frame
  bool positioned_ = false;      ///< segments_[current_] is at its next frame
};

}  // namespace edgescope
