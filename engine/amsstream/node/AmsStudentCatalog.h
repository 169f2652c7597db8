#pragma once
/// @file AmsStudentCatalog.h
/// The student networks an AMS node can train (issue 22): the JDE model cards in the model folders, found by the
/// name and pretrained-weights sha256 a camera's AmsJoin declares. A card is loaded (AmsSessionTrainer::describe:
/// layout hash, parameter count, pretrained flat vector and its sha256) at its first use and kept.

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "neural/AmsSessionTrainer.h"

namespace edgescope {

/// Not thread-safe: used by the node's training thread (es-node-train) only.
class AmsStudentCatalog {
 public:
  using Student = AmsSessionTrainer::Student;

  /// @p folders: searched in order for *.json JDE cards (ModelFolders::search() when empty).
  explicit AmsStudentCatalog(std::vector<std::string> folders = {});

  /// The card named @p name whose weights file has sha256 @p baseSha256, described; null when no folder holds one
  /// (the folders are scanned again on a miss, so cards added later are found). Throws Error naming the file when
  /// the matching card does not load.
  std::shared_ptr<const Student> find(const std::string& name, const std::string& baseSha256);
  /// The folders searched, for messages ("models, /usr/share/edgescope/models").
  std::string searched() const;

 private:
  void scan();

  std::vector<std::string> folders_;
  std::map<std::pair<std::string, std::string>, std::string> cards_;  ///< (name, weights sha256) → card path
  std::map<std::string, std::shared_ptr<const Student>> loaded_;      ///< card path → its description
};

}  // namespace edgescope
