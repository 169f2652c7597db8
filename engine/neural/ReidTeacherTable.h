#pragma once
/// @file ReidTeacherTable.h
/// The ReID teacher's view of a training set (issue 19): every labelled box of every training frame is embedded once
/// by a teacher embedder (e.g. `onnx-reid:osnet_x0_25_msmt17.onnx`) on the full-resolution frame; the embeddings
/// form a table the JDE loss distils into the student's embedding through a learnt projection, whatever crop,
/// scale or mirror of the frame a batch shows. Only edgescope_torch includes this header. Stateless.

#include <cstddef>
#include <functional>
#include <vector>

#include <torch/torch.h>

#include "neural/TrainingSample.h"

namespace edgescope {

class Embedder;

class ReidTeacherTable {
 public:
  using Progress = std::function<void(std::size_t done, std::size_t total)>;
  /// Embeds the boxes of @p samples with @p teacher and sets each LabeledBox::teacher to its row of the returned
  /// T×D float table (rows L2-normalised). Boxes the teacher gives no embedding (no pixel in the frame) keep −1.
  /// Throws Error when the teacher fails (naming its model file).
  static torch::Tensor build(std::vector<TrainingSample>& samples, Embedder& teacher, const Progress& progress = {});
};

}  // namespace edgescope
