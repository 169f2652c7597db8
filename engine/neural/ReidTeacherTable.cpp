#include "neural/ReidTeacherTable.h"

#include "detect/Embedder.h"

namespace edgescope {

torch::Tensor ReidTeacherTable::build(std::vector<TrainingSample>& samples, Embedder& teacher,
                                      const Progress& progress) {
  const int dimension = teacher.dimension();
  std::vector<float> rows;
  std::int64_t count = 0;
  for (std::size_t s = 0; s < samples.size(); ++s) {
    TrainingSample& sample = samples[s];
    std::vector<Detection> boxes;
    for (const LabeledBox& labeled : sample.boxes) {
      Detection d;
      d.box = labeled.box;
      boxes.push_back(d);
    }
    if (!boxes.empty()) teacher.embed(sample.image, boxes);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
      const std::vector<float>& e = boxes[i].embedding;
      if (static_cast<int>(e.size()) != dimension) continue;
      rows.insert(rows.end(), e.begin(), e.end());
      sample.boxes[i].teacher = static_cast<int>(count++);
    }
    if (progress) progress(s + 1, samples.size());
  }
  return torch::from_blob(rows.data(), {count, dimension}, torch::kFloat32).clone();
}

}  // namespace edgescope
