#include "util/ModelFolders.h"

#include <cstdlib>
#include <filesystem>

namespace edgescope {

std::string ModelFolders::executableDir() {
  std::error_code error;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::string() : exe.parent_path().string();
}

std::vector<std::string> ModelFolders::search(const std::string& executableDir) {
  std::vector<std::string> folders;
  if (const char* env = std::getenv("EDGESCOPE_MODEL_PATH")) {
    std::string paths = env;
    std::size_t start = 0;
    while (start <= paths.size()) {
      const auto colon = paths.find(':', start);
      const std::string folder = paths.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
      if (!folder.empty()) folders.push_back(folder);
      if (colon == std::string::npos) break;
      start = colon + 1;
    }
  }
  const std::string exeDir = executableDir.empty() ? ModelFolders::executableDir() : executableDir;
  if (!exeDir.empty()) {
    folders.push_back(exeDir + "/../share/edgescope/models");
    folders.push_back(exeDir + "/../../models");
  }
#ifdef EDGESCOPE_MODELS_DIR
  folders.push_back(EDGESCOPE_MODELS_DIR);
#endif
  return folders;
}

}  // namespace edgescope
