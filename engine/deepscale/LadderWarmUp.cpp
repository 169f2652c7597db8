#include "deepscale/LadderWarmUp.h"

#include <opencv2/core/mat.hpp>

#include "deepscale/ResolutionLadder.h"
#include "detect/ScalableDetector.h"

namespace edgescope {

int LadderWarmUp::run(ScalableDetector& detector, cv::Size sourceSize) {
  if (sourceSize == warmedFor_ || !ResolutionLadder::supports(sourceSize)) return 0;
  const ResolutionLadder ladder = ResolutionLadder::fromSource(sourceSize);
  const cv::Mat blank = cv::Mat::zeros(sourceSize, CV_8UC3);
  warmedFor_ = cv::Size();
  for (int rung = 0; rung < ladder.size(); ++rung) {
    detector.setInputSize(ladder.rung(rung));
    detector.setDetectabilityRequested(rung == 0);
    detector.detect(blank);
  }
  detector.setDetectabilityRequested(false);
  warmedFor_ = sourceSize;
  return ladder.size();
}

}  // namespace edgescope
