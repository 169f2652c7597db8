#include "degrade/DegradationKind.h"

namespace edgescope {

const char* kindName(DegradationKind kind) {
  switch (kind) {
    case DegradationKind::None:
      return "none";
    case DegradationKind::Dark:
      return "dark";
    case DegradationKind::Motion:
      return "motion";
    case DegradationKind::Defocus:
      return "defocus";
    case DegradationKind::Noise:
      return "noise";
    case DegradationKind::Jpeg:
      return "jpeg";
    case DegradationKind::LowRes:
      return "lowres";
  }
  return "unknown";
}

bool parseKind(const std::string& name, DegradationKind* kind) {
  for (DegradationKind candidate : kAllDegradationKinds) {
    if (name == kindName(candidate)) {
      *kind = candidate;
      return true;
    }
  }
  if (name == kindName(DegradationKind::None)) {
    *kind = DegradationKind::None;
    return true;
  }
  return false;
}

}  // namespace edgescope
