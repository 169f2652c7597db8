#pragma once
/// @file ValidationRun.h
/// Tracks one labelled data spec (SOURCE,gt=PATH,frames=A:B) with a detector and scores it: the validation step of
/// `edgescope-cli train` (the model card records these numbers).

#include <map>
#include <string>

namespace edgescope {

class ValidationRun {
 public:
  /// Returns "MOTA", "IDF1", "HOTA", "fps", "frames". @p tracker: tracker settings by id ("track.highScore" →
  /// 0.4) that override the model card's. Throws Error naming the spec when it has no GT or no frames.
  static std::map<std::string, double> run(const std::string& detectorSpec, const std::string& dataSpec,
                                           const std::map<std::string, double>& tracker = {});
};

}  // namespace edgescope
