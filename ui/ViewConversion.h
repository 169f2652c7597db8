#pragma once
/// @file ViewConversion.h
/// Engine value → ViewTypes conversions (GUI thread). Frame images are wrapped, not copied: the QImage keeps the
/// engine snapshot alive through its cleanup function.

#include <memory>

#include "ViewTypes.h"

namespace cv {
class Mat;
}

namespace edgescope {

struct FrameSnapshot;
struct EngineStatus;
struct SourceInfo;
struct ParameterSpec;
struct DeepScaleStatus;
struct ClusterNodeView;
struct PartitionFrame;
struct ParaLoupeFrame;
struct TurboSummary;

class ViewConversion {
 public:
  static FrameView toView(const std::shared_ptr<const FrameSnapshot>& snapshot);
  static StatusView toView(const EngineStatus& status);
  static SourceView toView(const SourceInfo& info);
  static ParameterView toView(const ParameterSpec& spec);
  static DeepScaleStatusView toView(const DeepScaleStatus& status);
  static NodeView toView(const ClusterNodeView& node);
  static PartitionView toView(const PartitionFrame& partition);
  static ParaLoupeView toView(const ParaLoupeFrame& frame);
  static TurboStatusView toView(const TurboSummary& summary);
  /// The objectness map (CV_32F, p per cell) as a heat image whose alpha is p; null for an empty or other map.
  static QImage objectnessImage(const cv::Mat& p);
};

}  // namespace edgescope
