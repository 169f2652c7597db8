#pragma once
/// @file LocalNodeList.h
/// A list of local nodes to start, each with its device profile and link (issue 20: the console's "Start local…"
/// and `paraloupe-bench --nodes`): "PROFILE[@LINK];…" — PROFILE a DeviceProfile text ("rpi4", "slowdown=3,…"),
/// LINK a LinkProfile text ("up=2,down=10,rtt=5") or "testbed" (paper 000's 21.1/78 Mbit/s, 1.4 ms); without @LINK
/// a wired LAN (kLanLink). Parsing only; value types; any thread.

#include <string>
#include <vector>

#include "link/LinkProfile.h"

namespace edgescope {

struct LocalNodeEntry {
  std::string profile;   ///< DeviceProfile text as given
  std::string linkText;  ///< as given ("" = LAN)
  LinkProfile link;
};

class LocalNodeList {
 public:
  static constexpr const char* kLanLink = "up=100,down=100,rtt=0.5";
  static constexpr std::size_t kMaxNodes = 16;
  /// The entries of @p text; Error "WHAT 'ITEM': profile: …" / "…: link: …" naming the bad item, or more than
  /// kMaxNodes. @p what names the source of the text in errors ("--nodes", "node list").
  static std::vector<LocalNodeEntry> parse(const std::string& text, const std::string& what);
  /// LINK of an item ("testbed" or a LinkProfile text); Error "WHAT 'ITEM': link: …".
  static LinkProfile link(const std::string& text, const std::string& what, const std::string& item);
};

}  // namespace edgescope
