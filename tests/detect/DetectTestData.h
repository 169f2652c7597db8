#pragma once
/// @file DetectTestData.h
/// Where the detect tests find their optional data: vtest.avi (Debian opencv-doc or the build's data folder), the
/// shared ONNX models and the PETS09-S2L1 ground truth. Header-only test helpers.

#include <QFile>
#include <QString>
#include <opencv2/videoio.hpp>
#include <string>
#include <vector>

#include "core/Detection.h"
#include "mot/MotFile.h"

namespace detecttest {

inline QString vtestPath() {
  for (const QString& path :
       {QString("/usr/share/doc/opencv-doc/examples/data/vtest.avi"), QString(EDGESCOPE_DATA_DIR "/vtest.avi")}) {
    if (QFile::exists(path)) return path;
  }
  return {};
}

inline QString sharedPath(const char* relative) { return QString(EDGESCOPE_SHARED_DIR "/") + relative; }

inline std::string modelPath(const char* file) {
  return sharedPath((std::string("models/") + file).c_str()).toStdString();
}

/// Decoded frames @p first … @p first + count − 1 (1-based, GT numbering) of vtest.avi; empty when unreadable.
inline std::vector<cv::Mat> vtestFrames(int first, int count) {
  std::vector<cv::Mat> frames;
  cv::VideoCapture capture(vtestPath().toStdString());
  if (!capture.isOpened()) return frames;
  cv::Mat frame;
  for (int number = 1; number < first + count && capture.read(frame); ++number) {
    if (number >= first) frames.push_back(frame.clone());
  }
  return frames;
}

/// Ground-truth rows (non-ignore) of PETS09-S2L1 frame @p frame.
inline std::vector<edgescope::MotRow> groundTruth(int frame) {
  std::vector<edgescope::MotRow> rows;
  for (const auto& row : edgescope::MotFile::read(sharedPath("data/pets09-s2l1/gt.txt").toStdString()).rows) {
    if (row.frame == frame && !row.isIgnore()) rows.push_back(row);
  }
  return rows;
}

/// Why the vtest.avi + PETS09 GT tests cannot run, or an empty string when they can.
inline QString missingVtestData() {
  if (vtestPath().isEmpty()) return "vtest.avi absent (install opencv-doc or run scripts/setup)";
  if (!QFile::exists(sharedPath("data/pets09-s2l1/gt.txt"))) {
    return "../shared/data/pets09-s2l1/gt.txt absent (shared data not available)";
  }
  return {};
}

/// How many of the @p gt people some detection overlaps with IoU ≥ @p minIou.
inline int matchedPeople(const std::vector<edgescope::Detection>& detections, const std::vector<edgescope::MotRow>& gt,
                         float minIou) {
  int matched = 0;
  for (const auto& row : gt) {
    for (const auto& d : detections) {
      if (d.box.iou(row.box) >= minIou) {
        ++matched;
        break;
      }
    }
  }
  return matched;
}

}  // namespace detecttest
