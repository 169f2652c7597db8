#include "util/Error.h"

namespace edgescope {

Error Error::atLine(const std::string& file, int line, const std::string& field, const std::string& message) {
  std::string text = file + ":" + std::to_string(line) + ": ";
  if (!field.empty()) text += "field '" + field + "': ";
  return Error(text + message);
}

}  // namespace edgescope
