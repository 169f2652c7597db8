#pragma once
/// @file ModelFolders.h
/// Where EdgeScope programs look for model files, in order: the folders in $EDGESCOPE_MODEL_PATH (colon-separated),
/// <executable dir>/../share/edgescope/models (installed), <executable dir>/../../models (build tree: build/bin →
/// models/), and the source tree's models/ this build was configured from.

#include <string>
#include <vector>

namespace edgescope {

/// Stateless; any thread.
class ModelFolders {
 public:
  /// @p executableDir: folder of the running program (empty: from /proc/self/exe).
  static std::vector<std::string> search(const std::string& executableDir = {});
  /// Folder of the running program (Linux: /proc/self/exe), empty when unknown.
  static std::string executableDir();
};

}  // namespace edgescope
