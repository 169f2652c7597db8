#pragma once
/// @file SourceTestUtil.h
/// Helpers shared by the source tests.

#include <QString>
#include <fstream>
#include <iterator>
#include <string>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "source/SourceFactory.h"
#include "util/Error.h"

/// The message of the Error SourceFactory::open(@p uri) throws, or an empty string when it opens.
inline QString sourceOpenError(const std::string& uri, const std::string& groundTruth = {}) {
  try {
    edgescope::SourceFactory::open(uri, groundTruth);
  } catch (const edgescope::Error& e) {
    return e.what();
  }
  return {};
}

/// Writes an MJPG AVI of @p frames 160×120 frames at 12 fps to @p path; frame i (0-based) shows a bright 20×20
/// square at x = 4·i.
inline void writeSquareClip(const std::string& path, int frames) {
  cv::VideoWriter writer(path, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 12.0, cv::Size(160, 120));
  for (int i = 0; i < frames; ++i) {
    cv::Mat image(120, 160, CV_8UC3, cv::Scalar(40, 40, 40));
    cv::rectangle(image, cv::Rect(4 * i, 40, 20, 20), cv::Scalar(255, 255, 255), cv::FILLED);
    writer.write(image);
  }
}

/// Writes the first half of @p path's bytes to @p cutPath (a download cut short) and returns how many whole frames
/// the cut kept: each MJPG frame is one JPEG, whose end-of-image marker FF D9 appears nowhere else.
inline int writeTruncatedCopy(const std::string& path, const std::string& cutPath) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = bytes.substr(0, bytes.size() / 2);
  std::ofstream(cutPath, std::ios::binary) << cut;
  int wholeFrames = 0;
  for (std::size_t i = 0; i + 1 < cut.size(); ++i) {
    if (static_cast<unsigned char>(cut[i]) == 0xFF && static_cast<unsigned char>(cut[i + 1]) == 0xD9) ++wholeFrames;
  }
  return wholeFrames;
}
