#include "neural/MaskedAdam.h"

#include <cmath>
#include <limits>
#include <set>
#include <string>

#include "util/Error.h"

namespace edgescope {

namespace {

constexpr std::int64_t kStateFormat = 1;

Error optionError(const char* id, const std::string& rule, double value) {
  return Error("MaskedAdam: " + std::string(id) + " " + rule + ", got " + std::to_string(value));
}

void requireIn(const char* id, double value, double low, bool lowOpen, double high, bool highOpen, const char* rule) {
  const bool ok =
      std::isfinite(value) && (lowOpen ? value > low : value >= low) && (highOpen ? value < high : value <= high);
  if (!ok) throw optionError(id, rule, value);
}

Error stateError(const std::string& field, const std::string& why) {
  return Error("MaskedAdam state: field '" + field + "': " + why);
}

torch::Tensor readTensor(torch::serialize::InputArchive& archive, const std::string& key) {
  torch::Tensor value;
  bool found = false;
  try {
    found = archive.try_read(key, value);
  } catch (const c10::Error& e) {
    throw stateError(key, std::string("unreadable: ") + e.what_without_backtrace());
  }
  if (!found || !value.defined()) throw stateError(key, "missing");
  return value;
}

std::int64_t readInteger(torch::serialize::InputArchive& archive, const std::string& key, std::int64_t low,
                         std::int64_t high) {
  const torch::Tensor t = readTensor(archive, key);
  if (t.numel() != 1 || t.scalar_type() != torch::kLong) throw stateError(key, "not one int64");
  const std::int64_t value = t.item<std::int64_t>();
  if (value < low || value > high) throw stateError(key, "value " + std::to_string(value) + " out of range");
  return value;
}

torch::Tensor integer(std::int64_t value) { return torch::tensor(value, torch::kLong); }

}  // namespace

void MaskedAdam::Options::validate() const {
  requireIn("ams.learningRate", learningRate, 0.0, true, HUGE_VAL, true, "must be finite and > 0");
  requireIn("beta1", beta1, 0.0, false, 1.0, true, "must be in [0, 1)");
  requireIn("beta2", beta2, 0.0, false, 1.0, true, "must be in [0, 1)");
  requireIn("eps", eps, 0.0, true, HUGE_VAL, true, "must be finite and > 0");
  requireIn("ams.fraction", fraction, 0.0, true, 1.0, false, "must be in (0, 1]");
  CoordinateSelector::strategyName(selection);  // rejects a value outside the enum, naming ams.selection
}

MaskedAdam::MaskedAdam(std::vector<torch::Tensor> parameters) : MaskedAdam(std::move(parameters), Options()) {}

MaskedAdam::MaskedAdam(std::vector<torch::Tensor> parameters, const Options& options)
    : parameters_(std::move(parameters)), options_(options), selector_() {
  options_.validate();
  selector_ = CoordinateSelector(options_.selection, options_.fraction, options_.seed);
  std::set<const void*> seen;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    const torch::Tensor& p = parameters_[i];
    const std::string field = "MaskedAdam: parameters[" + std::to_string(i) + "]";
    if (!p.defined()) throw Error(field + " is undefined");
    if (p.scalar_type() != torch::kFloat) throw Error(field + " is not float32");
    if (p.numel() > 0 && !seen.insert(p.data_ptr()).second) throw Error(field + " repeats an earlier tensor");
    total_ += static_cast<std::size_t>(p.numel());
    if (total_ > CoordinateSelector::kMaxTotal) throw Error(field + " takes the total past 32-bit indices");
    m_.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    v_.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
    u_.push_back(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
  }
}

void MaskedAdam::setOptions(const Options& options) {
  options.validate();
  selector_ = CoordinateSelector(options.selection, options.fraction, options.seed);
  options_ = options;
}

std::vector<std::uint32_t> MaskedAdam::chooseMask(std::int64_t phase) const {
  const std::uint64_t draw = static_cast<std::uint64_t>(phase);
  if (selector_.strategy() != CoordinateSelector::Strategy::Gradient) return selector_.select(total_, nullptr, draw);
  if (step_ == 0) return selector_.selectRandom(total_, draw);  // Algorithm 2: I_1 uniformly at random
  const torch::Tensor magnitudes = flatLastUpdate().abs();
  return selector_.select(total_, magnitudes.data_ptr<float>(), draw);
}

torch::Tensor MaskedAdam::flatLastUpdate() const {
  std::vector<torch::Tensor> flat;
  for (const torch::Tensor& u : u_) flat.push_back(u.detach().reshape({-1}).to(torch::kCPU));
  if (flat.empty()) return torch::zeros({0});
  return torch::cat(flat).contiguous();
}

void MaskedAdam::installMask(const std::vector<std::uint32_t>& indices) {
  torch::Tensor flat = torch::zeros({static_cast<std::int64_t>(total_)}, torch::kBool);
  bool* bits = flat.data_ptr<bool>();
  for (std::uint32_t index : indices) bits[index] = true;
  maskTensors_.clear();
  maskedPerTensor_.clear();
  std::int64_t offset = 0;
  for (const torch::Tensor& p : parameters_) {
    const torch::Tensor part = flat.narrow(0, offset, p.numel());
    maskedPerTensor_.push_back(part.sum().item<std::int64_t>());
    maskTensors_.push_back(part.reshape(p.sizes()).to(p.device(), /*non_blocking=*/false, /*copy=*/true));
    offset += p.numel();
  }
}

void MaskedAdam::beginPhase() {
  if (inPhase_) throw Error("MaskedAdam: beginPhase() while a phase is running");
  if (!hasMask_) {
    mask_ = chooseMask(phases_ + 1);
    hasMask_ = true;
  }
  installMask(mask_);
  inPhase_ = true;
  phaseSteps_ = 0;
}

void MaskedAdam::step() {
  if (!inPhase_) throw Error("MaskedAdam: step() outside a training phase (call beginPhase() first)");
  torch::NoGradGuard noGrad;
  ++step_;
  ++phaseSteps_;
  const double beta1 = options_.beta1, beta2 = options_.beta2;
  const double biasCorrection1 = 1.0 - std::pow(beta1, static_cast<double>(step_));
  const double biasCorrection2 = 1.0 - std::pow(beta2, static_cast<double>(step_));
  const double stepSize = options_.learningRate / biasCorrection1;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    torch::Tensor p = parameters_[i];
    torch::Tensor grad = p.grad().defined() ? p.grad().detach() : torch::zeros_like(p);
    m_[i].mul_(beta1).add_(grad, 1.0 - beta1);
    v_[i].mul_(beta2).addcmul_(grad, grad, 1.0 - beta2);
    const torch::Tensor denom = (v_[i].sqrt() / std::sqrt(biasCorrection2)).add_(options_.eps);
    // u = 0 + stepSize·m/denom: torch::optim::Adam's p.addcdiv_(m, denom, −stepSize) is then exactly p − u.
    u_[i].zero_().addcdiv_(m_[i], denom, stepSize);
    if (maskedPerTensor_[i] == p.numel()) {
      p.sub_(u_[i]);
    } else if (maskedPerTensor_[i] > 0) {
      p.sub_(torch::where(maskTensors_[i], u_[i], torch::zeros({}, u_[i].options())));  // x − 0 keeps x's bits
    }
  }
}

std::vector<std::uint32_t> MaskedAdam::endPhase() {
  if (!inPhase_) throw Error("MaskedAdam: endPhase() outside a training phase");
  inPhase_ = false;
  maskTensors_.clear();
  maskedPerTensor_.clear();
  if (phaseSteps_ == 0) return {};  // nothing moved; the same mask serves the next phase
  std::vector<std::uint32_t> changed = std::move(mask_);
  ++phases_;
  mask_ = chooseMask(phases_ + 1);  // Algorithm 2 line 1 for the next phase, from this phase's last u
  return changed;
}

void MaskedAdam::zeroGrad() {
  for (torch::Tensor& p : parameters_) {
    if (p.mutable_grad().defined()) {
      p.mutable_grad().detach_();
      p.mutable_grad().zero_();
    }
  }
}

std::vector<float> MaskedAdam::flatParameters() const {
  std::vector<float> out;
  out.reserve(total_);
  for (const torch::Tensor& p : parameters_) {
    const torch::Tensor cpu = p.detach().reshape({-1}).to(torch::kCPU).contiguous();
    const float* data = cpu.data_ptr<float>();
    out.insert(out.end(), data, data + cpu.numel());
  }
  return out;
}

std::vector<float> MaskedAdam::valuesAt(const std::vector<std::uint32_t>& indices) const {
  for (std::uint32_t index : indices) {
    if (index >= total_) {
      throw Error("MaskedAdam: indices: " + std::to_string(index) + " >= parameter count " + std::to_string(total_));
    }
  }
  const std::vector<float> flat = flatParameters();
  std::vector<float> out;
  out.reserve(indices.size());
  for (std::uint32_t index : indices) out.push_back(flat[index]);
  return out;
}

void MaskedAdam::save(torch::serialize::OutputArchive& archive) const {
  archive.write("format", integer(kStateFormat));
  archive.write("tensors", integer(static_cast<std::int64_t>(parameters_.size())));
  archive.write("total", integer(static_cast<std::int64_t>(total_)));
  archive.write("step", integer(step_));
  archive.write("phases", integer(phases_));
  archive.write("phase_steps", integer(phaseSteps_));
  archive.write("in_phase", integer(inPhase_ ? 1 : 0));
  archive.write("has_mask", integer(hasMask_ ? 1 : 0));
  torch::Tensor mask = torch::empty({static_cast<std::int64_t>(mask_.size())}, torch::kLong);
  std::int64_t* out = mask.data_ptr<std::int64_t>();
  for (std::size_t k = 0; k < mask_.size(); ++k) out[k] = mask_[k];
  archive.write("mask", mask);
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    archive.write("m_" + std::to_string(i), m_[i].detach().to(torch::kCPU));
    archive.write("v_" + std::to_string(i), v_[i].detach().to(torch::kCPU));
    archive.write("u_" + std::to_string(i), u_[i].detach().to(torch::kCPU));
  }
}

void MaskedAdam::load(torch::serialize::InputArchive& archive) {
  const std::int64_t big = std::numeric_limits<std::int64_t>::max();
  readInteger(archive, "format", kStateFormat, kStateFormat);
  const auto count = static_cast<std::int64_t>(parameters_.size()), total = static_cast<std::int64_t>(total_);
  readInteger(archive, "tensors", count, count);
  readInteger(archive, "total", total, total);
  const std::int64_t step = readInteger(archive, "step", 0, big);
  const std::int64_t phases = readInteger(archive, "phases", 0, step);
  const std::int64_t phaseSteps = readInteger(archive, "phase_steps", 0, step);
  const bool inPhase = readInteger(archive, "in_phase", 0, 1) == 1;
  const bool hasMask = readInteger(archive, "has_mask", 0, 1) == 1;
  if (inPhase && !hasMask) throw stateError("has_mask", "0 while a phase runs");
  const torch::Tensor maskTensor = readTensor(archive, "mask").to(torch::kCPU).contiguous();
  if (maskTensor.scalar_type() != torch::kLong || maskTensor.dim() != 1) throw stateError("mask", "not int64[N]");
  std::vector<std::uint32_t> mask;
  const std::int64_t* in = maskTensor.data_ptr<std::int64_t>();
  for (std::int64_t k = 0; k < maskTensor.numel(); ++k) {
    if (in[k] < 0 || in[k] >= total || (k > 0 && in[k] <= in[k - 1])) {
      throw stateError("mask", "index " + std::to_string(in[k]) + " at " + std::to_string(k) +
                                   " out of range or not strictly increasing");
    }
    mask.push_back(static_cast<std::uint32_t>(in[k]));
  }
  std::vector<torch::Tensor> m, v, u;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    for (const char* name : {"m_", "v_", "u_"}) {
      const std::string key = name + std::to_string(i);
      torch::Tensor t = readTensor(archive, key);
      if (t.scalar_type() != torch::kFloat || t.sizes() != parameters_[i].sizes()) {
        throw stateError(key, "not float32 of the parameter's shape");
      }
      t = t.to(parameters_[i].device(), /*non_blocking=*/false, /*copy=*/true).contiguous();
      (name[0] == 'm' ? m : name[0] == 'v' ? v : u).push_back(t);
    }
  }
  m_ = std::move(m);
  v_ = std::move(v);
  u_ = std::move(u);
  step_ = step;
  phases_ = phases;
  phaseSteps_ = phaseSteps;
  mask_ = std::move(mask);
  hasMask_ = hasMask;
  inPhase_ = inPhase;
  maskTensors_.clear();
  maskedPerTensor_.clear();
  if (inPhase_) installMask(mask_);
}

}  // namespace edgescope
