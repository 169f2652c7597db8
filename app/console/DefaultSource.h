#pragma once
/// @file DefaultSource.h
/// Finds the console's default source: OpenCV's sample pedestrian video vtest.avi (PETS09-S2L1) from the build's data
/// folder or Debian's opencv-doc package, else a synthetic street scene.

#include <QString>

namespace edgescope {

class DefaultSource {
 public:
  /// URI of the default source.
  static QString uri();
  /// Where vtest.avi was found, empty when it was not.
  static QString findSampleVideo();
  static QString syntheticFallback() { return QStringLiteral("synthetic:?seed=1&people=10&frames=3000"); }
};

}  // namespace edgescope
