#pragma once
/// @file ParaLoupeBenchPlan.h
/// What `edgescope-cli paraloupe-bench` (issue 20) is asked to do besides the rows: the emulated nodes, and the
/// events that change the cluster at given frames (kill a node, set its cost, change its link) and the operator's
/// RoIs. Parsing only, so every malformed option gives an Error naming the option, the item and the field.
///
/// Text forms:
///   --nodes    "PROFILE[@LINK];…"   PROFILE a DeviceProfile text; LINK a LinkProfile text or "testbed" (paper 000's
///                                   21.1/78 Mbit/s, 1.4 ms); without @LINK a wired LAN (kLanLink). Named node1…nodeN.
///   --kill-at  "F:NODE,…"           SIGKILL the node's process when frame F is captured.
///   --cost     "NODE=C@A:B,…"       the node's operator cost is C (0..1) from frame A to B, 0 after B.
///   --link-at  "F:NODE:LINK;…"      the node's link becomes LINK (LinkProfile text, from the testbed values) at F.
///   --roi      "x,y,w,h;…"          RoIs in frame pixels; each must lie inside the frame.
/// Value type; any thread.

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/types.hpp>

#include "core/BoundingBox.h"
#include "eval/FrameRange.h"
#include "partition/LocalNodeList.h"
#include "link/LinkProfile.h"

namespace edgescope {

struct BenchNode {
  std::string name;      ///< node1…nodeN
  std::string profile;   ///< DeviceProfile text as given
  std::string linkText;  ///< as given ("" = LAN)
  LinkProfile link;
};

struct BenchEvent {
  enum class Kind { Kill, Cost, Link };
  std::int64_t frame = 0;
  Kind kind = Kind::Kill;
  std::string node;
  double cost = 0.0;     ///< Kind::Cost
  LinkProfile link;      ///< Kind::Link
  std::string text;      ///< the item as given (for the log)
};

struct ParaLoupeBenchPlan {
  /// The link of a node given without @LINK: a wired LAN.
  static constexpr const char* kLanLink = LocalNodeList::kLanLink;
  std::vector<BenchNode> nodes;
  std::vector<BenchEvent> events;  ///< in frame order
  std::vector<BoundingBox> rois;

  static std::vector<BenchNode> parseNodes(const std::string& text);
  /// Events of --kill-at, --cost and --link-at over @p nodes; frames must lie in @p frames.
  static std::vector<BenchEvent> parseEvents(const std::string& killAt, const std::string& cost,
                                             const std::string& linkAt, const std::vector<BenchNode>& nodes,
                                             const FrameRange& frames);
  /// --roi against a frame of @p frameSize.
  static std::vector<BoundingBox> parseRois(const std::string& text, cv::Size frameSize);
  /// Events due at @p frame.
  std::vector<BenchEvent> due(std::int64_t frame) const;
};

}  // namespace edgescope
