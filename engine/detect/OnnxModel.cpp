#include "detect/OnnxModel.h"

#include <sys/stat.h>

#include "util/Error.h"

namespace edgescope {
namespace {

/// First line of an OpenCV exception message (they carry the OpenCV source file and function after it).
std::string firstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

OnnxModel::OnnxModel(const std::string& path) : path_(path) {
  struct stat status {};
  if (path.empty()) throw Error("empty ONNX model path");
  if (::stat(path.c_str(), &status) != 0) throw Error(path + ": ONNX model file not found");
  if (!S_ISREG(status.st_mode)) throw Error(path + ": ONNX model path is not a regular file");
  try {
    net_ = cv::dnn::readNetFromONNX(path);
  } catch (const cv::Exception& e) {
    throw Error(path + ": cannot load the ONNX model (corrupt or unsupported): " + firstLine(e.what()));
  }
  if (net_.empty()) throw Error(path + ": the ONNX model loaded as an empty network");
  info_ = OnnxModelInfo::read(path);
  net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
}

std::string OnnxModel::stem() const {
  const auto slash = path_.find_last_of('/');
  std::string name = slash == std::string::npos ? path_ : path_.substr(slash + 1);
  const auto dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

cv::Mat OnnxModel::forward(const cv::Mat& blob) {
  try {
    net_.setInput(blob);
    return net_.forward();
  } catch (const cv::Exception& e) {
    throw Error(path_ + ": inference failed on an input of shape " + shapeText(blob) + ": " + firstLine(e.what()));
  }
}

std::string OnnxModel::shapeText(const cv::Mat& mat) {
  std::string text;
  for (int i = 0; i < mat.dims; ++i) {
    if (i > 0) text += "x";
    text += std::to_string(mat.size[i]);
  }
  return text.empty() ? "empty" : text;
}

}  // namespace edgescope
