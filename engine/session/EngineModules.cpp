#include "session/EngineModules.h"

#include <algorithm>
#include <mutex>

#include "util/Error.h"

namespace edgescope {
namespace {

struct FactoryRegistry {
  std::mutex mutex;
  std::vector<std::pair<std::string, EngineModules::Factory>> factories;  ///< in registration order
};

FactoryRegistry& registry() {
  static FactoryRegistry instance;
  return instance;
}

}  // namespace

void EngineModules::registerFactory(const std::string& name, Factory factory) {
  FactoryRegistry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto& list = r.factories;
  const auto it = std::find_if(list.begin(), list.end(), [&](const auto& entry) { return entry.first == name; });
  if (!factory) {
    if (it != list.end()) list.erase(it);
  } else if (it != list.end()) {
    it->second = std::move(factory);
  } else {
    list.emplace_back(name, std::move(factory));
  }
}

std::vector<std::unique_ptr<EngineModule>> EngineModules::createRegistered() {
  FactoryRegistry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  std::vector<std::unique_ptr<EngineModule>> modules;
  for (const auto& [name, factory] : r.factories) {
    if (std::unique_ptr<EngineModule> module = factory()) modules.push_back(std::move(module));
  }
  return modules;
}

void EngineModules::add(std::unique_ptr<EngineModule> module) {
  if (!module) throw Error("EngineModules: no module to add");
  for (const ParameterSpec& spec : module->parameterSpecs()) {
    if (!owners_.emplace(spec.id, module.get()).second) throw Error("parameter '" + spec.id + "' declared twice");
  }
  modules_.push_back(std::move(module));
}

void EngineModules::declare(ParameterRegistry& registry) const {
  for (const auto& module : modules_) {
    for (const ParameterSpec& spec : module->parameterSpecs()) registry.declare(spec);
  }
}

void EngineModules::echo(const EngineModule& module, ParameterRegistry& registry) const {
  for (const ParameterSpec& spec : module.parameterSpecs()) registry.set(spec.id, module.value(spec.id));
}

void EngineModules::drain(EngineModule& module) {
  for (auto& [type, text] : module.takeMessages()) emit_(type, std::move(text));
}

double EngineModules::apply(const std::string& id, double value, TrackingPipeline* pipeline, const SourceInfo& source,
                            ParameterRegistry& registry) {
  EngineModule& module = *owners_.at(id);
  try {
    const double applied = module.apply(id, value, pipeline, source);
    drain(module);
    echo(module, registry);
    return applied;
  } catch (const Error&) {
    drain(module);
    echo(module, registry);  // the knob keeps the module's value
    throw;
  }
}

template <typename Hook>
void EngineModules::each(const char* what, Hook&& hook) {
  for (const auto& module : modules_) {
    try {
      hook(*module);
    } catch (const std::exception& e) {
      emit_(EngineEvent::Type::Warning, std::string(what) + ": " + e.what());
    }
    drain(*module);
  }
}

void EngineModules::pipelineDropped(ParameterRegistry& registry) {
  each("pipeline change", [&](EngineModule& module) {
    module.pipelineDropped();
    echo(module, registry);
  });
}

void EngineModules::restart() {
  each("restart", [](EngineModule& module) { module.restart(); });
}

void EngineModules::frameRead(SourceFrame& frame, const SourceInfo& source) {
  each("frame", [&](EngineModule& module) { module.frameRead(frame, source); });
}

void EngineModules::beforeTrack(const FrameSnapshot& snapshot, const FrameTiming& timing, TrackingPipeline& pipeline) {
  each("before tracking", [&](EngineModule& module) { module.beforeTrack(snapshot, timing, pipeline); });
}

void EngineModules::afterTrack(const TrackingPipeline::Result& result, FrameSnapshot& snapshot,
                               TrackingPipeline& pipeline) {
  each("after tracking", [&](EngineModule& module) { module.afterTrack(result, snapshot, pipeline); });
}

void EngineModules::fillStatus(EngineStatus& status) const {
  for (const auto& module : modules_) module->fillStatus(status);
}

std::vector<ModuleRecordLine> EngineModules::takeRecordLines() {
  std::vector<ModuleRecordLine> lines;
  for (const auto& module : modules_) {
    for (ModuleRecordLine& line : module->takeRecordLines()) lines.push_back(std::move(line));
  }
  return lines;
}

std::vector<EngineEvent> EngineModules::command(const EngineCommand& command, TrackingPipeline* pipeline) {
  std::vector<EngineEvent> replies;
  for (const auto& module : modules_) {
    bool handled = false;
    try {
      handled = module->command(command, pipeline, replies);
    } catch (const std::exception&) {
      drain(*module);
      throw;
    }
    drain(*module);
    if (handled) return replies;
  }
  throw Error("no engine module knows the command '" + command.name + "'");
}

}  // namespace edgescope
