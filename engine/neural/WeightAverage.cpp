#include "neural/WeightAverage.h"

#include <algorithm>

#include "neural/JdeModelFile.h"
#include "util/Error.h"

namespace edgescope {

WeightAverage::WeightAverage(JdeNet& live, double decay) : average_(live->config()), decay_(decay) {
  if (!(decay > 0.0 && decay < 1.0)) throw Error("weight average: decay must be in (0, 1)");
  average_->to(live->parameters().front().device());
  JdeModelFile::copyWeights(*live, *average_, "weight average");
  average_->eval();
  for (torch::Tensor& p : average_->parameters()) p.set_requires_grad(false);
}

void WeightAverage::update(JdeNet& live) {
  ++updates_;
  const double d = std::min(decay_, (1.0 + static_cast<double>(updates_)) / (10.0 + static_cast<double>(updates_)));
  torch::NoGradGuard noGrad;
  const std::vector<torch::Tensor> from = JdeModelFile::tensorsOf(*live);
  std::vector<torch::Tensor> to = JdeModelFile::tensorsOf(*average_);
  for (std::size_t i = 0; i < to.size(); ++i) {
    if (to[i].is_floating_point()) to[i].mul_(d).add_(from[i].detach(), 1.0 - d);
    else to[i].copy_(from[i]);  // BatchNorm's num_batches_tracked
  }
}

void WeightAverage::save(torch::serialize::OutputArchive& archive) const {
  torch::serialize::OutputArchive netArchive;
  average_->save(netArchive);
  archive.write("net", netArchive);
  archive.write("updates", torch::tensor(static_cast<int64_t>(updates_)));
}

void WeightAverage::load(torch::serialize::InputArchive& archive, const torch::Device& device) {
  torch::serialize::InputArchive netArchive;
  archive.read("net", netArchive);
  average_->load(netArchive);
  JdeNet reference(average_->config());
  JdeModelFile::requireSameShapes(*reference, *average_, "weight average in the checkpoint");
  average_->to(device);
  torch::Tensor value;
  archive.read("updates", value);
  updates_ = value.item<int64_t>();
  for (torch::Tensor& p : average_->parameters()) p.set_requires_grad(false);
}

}  // namespace edgescope
