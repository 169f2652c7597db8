#pragma once
/// @file BuildInfo.h
/// edgescope_build_info{version,model,model_sha256} 1: which EdgeScope and which detector model a process runs
/// (model_sha256 from the jde: model's card, "" for detectors without one). One series at a time: set() replaces it.
///
/// Threads: set() from one thread; scrapes read the series on civetweb's threads.

#include <string>

#include "metrics/PrometheusFwd.h"

namespace edgescope {

class BuildInfo {
 public:
  /// Model and sha256 of a DetectorFactory spec: the card's name and sha256 for "jde:PATH" (card PATH.json), else
  /// the spec without its options and "".
  struct Model {
    std::string name;
    std::string sha256;
  };
  static Model describeDetector(const std::string& detectorSpec);
  /// The project's version (CMake's PROJECT_VERSION).
  static const char* version();

  /// Adds the family to @p registry (which must outlive this object) and publishes @p model.
  BuildInfo(prometheus::Registry& registry, const Model& model);
  /// Replaces the series by one for @p model (nothing changes when it is the current one).
  void set(const Model& model);

 private:
  prometheus::Family<prometheus::Gauge>& family_;
  prometheus::Gauge* current_ = nullptr;
  Model model_;
};

}  // namespace edgescope
