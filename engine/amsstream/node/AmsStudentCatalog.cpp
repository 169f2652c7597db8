#include "amsstream/node/AmsStudentCatalog.h"

#include <algorithm>
#include <filesystem>

#include "neural/JdeModelCard.h"
#include "util/ModelFolders.h"

namespace edgescope {

AmsStudentCatalog::AmsStudentCatalog(std::vector<std::string> folders)
    : folders_(folders.empty() ? ModelFolders::search() : std::move(folders)) {}

void AmsStudentCatalog::scan() {
  cards_.clear();
  for (const std::string& folder : folders_) {
    std::error_code error;
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
      if (entry.is_regular_file(error) && entry.path().extension() == ".json") paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
      try {
        const JdeModelCard card = JdeModelCard::read(path);
        if (card.kind != JdeModelCard::kKindJde || card.weightsSha256.empty()) continue;
        cards_.emplace(std::make_pair(card.name, card.weightsSha256), path);  // the first folder wins
      } catch (const std::exception&) {
        // Not a JDE card (another JSON file in the folder): not a student.
      }
    }
  }
}

std::shared_ptr<const AmsStudentCatalog::Student> AmsStudentCatalog::find(const std::string& name,
                                                                          const std::string& baseSha256) {
  const auto key = std::make_pair(name, baseSha256);
  auto card = cards_.find(key);
  if (card == cards_.end()) {
    scan();
    card = cards_.find(key);
    if (card == cards_.end()) return nullptr;
  }
  auto known = loaded_.find(card->second);
  if (known != loaded_.end()) return known->second;
  auto student = std::make_shared<const Student>(AmsSessionTrainer::describe(card->second));
  loaded_.emplace(card->second, student);
  return student;
}

std::string AmsStudentCatalog::searched() const {
  std::string text;
  for (const std::string& folder : folders_) text += (text.empty() ? "" : ", ") + folder;
  return text.empty() ? "no model folder" : text;
}

}  // namespace edgescope
