#include "patchnet/PatchNetSupport.h"

#include "patchnet/PatchNetRunner.h"

namespace edgescope {

void PatchNetSupport::install() { PatchNetRunner::install(); }

}  // namespace edgescope
