#include "neural/TrainingSetLoader.h"

#include <map>
#include <utility>

#include "detect/Detector.h"
#include "eval/FrameRange.h"
#include "source/SourceFactory.h"
#include "source/VideoSource.h"
#include "util/Error.h"

namespace edgescope {

TrainingSetLoader::Spec TrainingSetLoader::parseSpec(const std::string& text) {
  Spec spec;
  std::size_t start = 0;
  bool first = true;
  while (start <= text.size()) {
    const auto comma = text.find(',', start);
    const std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (first) {
      spec.source = part;
      first = false;
      continue;
    }
    const auto eq = part.find('=');
    const std::string key = part.substr(0, eq), value = eq == std::string::npos ? "" : part.substr(eq + 1);
    try {
      if (key == "gt") spec.gtPath = value;
      else if (key == "frames") {
        const FrameRange range = FrameRange::parse(value);
        spec.first = range.first;
        spec.last = range.last == FrameRange().last ? -1 : range.last;
      } else if (key == "every") {
        spec.every = std::stoi(value);
        if (spec.every < 1) throw Error("must be ≥ 1");
      } else if (key == "minvis") {
        spec.minVisibility = std::stof(value);
      } else {
        throw Error("unknown key (expected gt, frames, every, minvis)");
      }
    } catch (const std::exception& e) {
      throw Error("training data spec '" + text + "': " + key + ": " + e.what());
    }
  }
  if (spec.source.empty()) throw Error("training data spec '" + text + "' names no source");
  return spec;
}

TrainingSetLoader::Result TrainingSetLoader::load(const std::vector<std::string>& specs,
                                                  const Progress& progress) const {
  Result result;
  for (std::size_t s = 0; s < specs.size(); ++s) {
    const Spec spec = parseSpec(specs[s]);
    std::unique_ptr<VideoSource> source = SourceFactory::open(spec.source, spec.gtPath);
    const bool labelled = source->info().hasGroundTruth || source->groundTruth() != nullptr;
    if (!labelled && teacher_ == nullptr)
      throw Error("training data '" + spec.source + "' has no ground truth: give gt=PATH or a --teacher detector");
    if (spec.first > 1) source->seek(spec.first);  // unseekable sources: frames before `first` are skipped below
    const std::int64_t total =
        spec.last > 0 ? spec.last - spec.first + 1
                      : (source->info().frameCount > 0 ? source->info().frameCount - spec.first + 1 : -1);
    std::map<int, int> identityOf;
    std::int64_t read = 0, kept = 0, boxes = 0;
    SourceFrame frame;
    while (true) {
      const ReadStatus status = source->read(frame, 10000);
      if (status == ReadStatus::EndOfStream) break;
      if (status != ReadStatus::Frame) throw Error("training data '" + spec.source + "': no frame within 10 s");
      const std::int64_t number = frame.frame.number;
      if (number < spec.first) continue;
      if (spec.last > 0 && number > spec.last) break;
      ++read;
      if (progress) progress(specs[s], read, total);
      if ((number - spec.first) % spec.every != 0) continue;
      TrainingSample sample;
      sample.image = frame.frame.image.clone();
      sample.origin = source->info().name + "#" + std::to_string(number);
      if (labelled) {
        for (const MotRow& row : frame.groundTruth) {
          if (row.isIgnore() || row.visibility < spec.minVisibility) continue;
          if (row.classId != -1 && row.classId != 1) continue;  // pedestrians only
          auto [it, inserted] = identityOf.emplace(row.id, result.identities + static_cast<int>(identityOf.size()));
          (void)inserted;
          sample.boxes.push_back({row.box, it->second});
        }
      } else {
        for (const Detection& d : teacher_->detect(sample.image))
          if (d.score >= teacherMinScore_ && d.classId == 0) sample.boxes.push_back({d.box, -1});
      }
      boxes += static_cast<std::int64_t>(sample.boxes.size());
      ++kept;
      result.samples.push_back(std::move(sample));
    }
    if (kept == 0) throw Error("training data '" + specs[s] + "' gave no frames (check frames=A:B)");
    result.identities += static_cast<int>(identityOf.size());
    result.log.push_back(specs[s] + ": " + std::to_string(kept) + " frames, " + std::to_string(boxes) + " boxes, " +
                         (labelled ? std::to_string(identityOf.size()) + " identities"
                                   : std::string("pseudo-labels by ") + teacher_->name()));
  }
  return result;
}

}  // namespace edgescope
