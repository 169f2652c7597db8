#include "amsstream/AmsSampleQueue.h"

#include "util/Error.h"

namespace edgescope {
namespace {

std::size_t bytesOf(const cv::Mat& image) { return image.total() * image.elemSize(); }

}  // namespace

AmsSampleQueue::AmsSampleQueue(std::size_t maxFrames, std::size_t maxBytes)
    : maxFrames_(maxFrames), maxBytes_(maxBytes) {
  if (maxFrames_ == 0) throw Error("AMS sample queue: field 'maxFrames' must be at least 1");
  if (maxBytes_ == 0) throw Error("AMS sample queue: field 'maxBytes' must be at least 1");
}

std::size_t AmsSampleQueue::push(AmsSample sample) {
  if (sample.image.empty()) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!samples_.empty() && samples_.front().image.size() != sample.image.size()) {
    samples_.clear();  // another source: a batch holds frames of one size
    bytes_ = 0;
  }
  bytes_ += bytesOf(sample.image);
  samples_.push_back(std::move(sample));
  std::size_t drop = 0;
  std::size_t keptBytes = bytes_;
  while (samples_.size() - drop > 1 && (samples_.size() - drop > maxFrames_ || keptBytes > maxBytes_)) {
    keptBytes -= bytesOf(samples_[drop].image);
    ++drop;
  }
  if (drop > 0) {
    samples_.erase(samples_.begin(), samples_.begin() + static_cast<std::ptrdiff_t>(drop));
    bytes_ = keptBytes;
    dropped_ += drop;
  }
  return drop;
}

std::vector<AmsSample> AmsSampleQueue::takeAll() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<AmsSample> taken;
  taken.swap(samples_);
  bytes_ = 0;
  return taken;
}

void AmsSampleQueue::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  samples_.clear();
  bytes_ = 0;
}

void AmsSampleQueue::setMaxFrames(std::size_t maxFrames) {
  std::lock_guard<std::mutex> lock(mutex_);
  maxFrames_ = maxFrames > 0 ? maxFrames : 1;
}

std::size_t AmsSampleQueue::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return samples_.size();
}

std::size_t AmsSampleQueue::bytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

std::uint64_t AmsSampleQueue::dropped() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return dropped_;
}

}  // namespace edgescope
