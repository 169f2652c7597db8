#include "detect/YoloxDecoder.h"

#include <algorithm>
#include <cmath>

#include "detect/OnnxModel.h"
#include "util/Error.h"

namespace edgescope {

int YoloxDecoder::gridCellCount(cv::Size inputSize) {
  if (inputSize.width <= 0 || inputSize.height <= 0 || inputSize.width % 32 != 0 || inputSize.height % 32 != 0) {
    return 0;
  }
  int cells = 0;
  for (int stride : kStrides) cells += (inputSize.width / stride) * (inputSize.height / stride);
  return cells;
}

int YoloxDecoder::checkShape(const cv::Mat& output, cv::Size inputSize, const std::string& modelName) {
  const int cells = gridCellCount(inputSize);
  const std::string expected = "1x" + std::to_string(cells) + "x(5+C) for a " + std::to_string(inputSize.width) + "x" +
                               std::to_string(inputSize.height) + " input (strides 8/16/32)";
  const bool rankOk = output.dims == 2 || (output.dims == 3 && output.size[0] == 1);
  const int rows = rankOk ? output.size[output.dims - 2] : -1;
  const int columns = rankOk ? output.size[output.dims - 1] : -1;
  if (cells == 0 || output.type() != CV_32F || !rankOk || rows != cells || columns < 6) {
    throw Error(modelName + ": output shape " + OnnxModel::shapeText(output) +
                (output.empty() || output.type() == CV_32F ? "" : " (not float32)") +
                " does not look like a YOLOX head; expected " + expected);
  }
  return columns - 5;
}

std::vector<Detection> YoloxDecoder::decode(const cv::Mat& output, cv::Size inputSize,
                                            const YoloxDecodeOptions& options) {
  const int classCount = checkShape(output, inputSize, "YOLOX output");
  const int columns = classCount + 5;
  const cv::Mat data = output.isContinuous() ? output : output.clone();
  const float* row = data.ptr<float>();
  const float threshold = options.confidenceThreshold;
  std::vector<Detection> detections;
  for (int stride : kStrides) {
    const int gridW = inputSize.width / stride;
    const int gridH = inputSize.height / stride;
    for (int gy = 0; gy < gridH; ++gy) {
      for (int gx = 0; gx < gridW; ++gx, row += columns) {
        const float objectness = row[4];
        if (!(objectness > threshold)) continue;  // score = obj × cls ≤ obj
        const float cx = (row[0] + static_cast<float>(gx)) * static_cast<float>(stride);
        const float cy = (row[1] + static_cast<float>(gy)) * static_cast<float>(stride);
        const float w = std::exp(row[2]) * static_cast<float>(stride);
        const float h = std::exp(row[3]) * static_cast<float>(stride);
        auto emit = [&](int classId) {
          const float score = objectness * row[5 + classId];
          if (!(score > threshold)) return;
          Detection d;
          d.box = {cx - 0.5f * w, cy - 0.5f * h, w, h};
          d.score = std::min(1.0f, score);
          d.classId = classId;
          detections.push_back(d);
        };
        if (options.classes.empty()) {
          for (int c = 0; c < classCount; ++c) emit(c);
        } else {
          for (int c : options.classes) {
            if (c >= 0 && c < classCount) emit(c);
          }
        }
      }
    }
  }
  return detections;
}

}  // namespace edgescope
