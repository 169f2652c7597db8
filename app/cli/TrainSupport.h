#pragma once
/// @file TrainSupport.h
/// What the training commands (train, train-patch) share: the exact command line for the model card, the UTC time
/// stamp, and reading data specs with a progress line per spec. Built only with LibTorch.

#include <string>
#include <vector>

#include "neural/TrainingSetLoader.h"

namespace edgescope {

class Detector;

namespace TrainSupport {

/// "edgescope-cli ARGS…" with arguments holding spaces or shell characters quoted.
std::string commandLine(int argc, char** argv);
/// Now as ISO 8601 UTC ("2026-12-07T01:42:42Z").
std::string utcNow();
/// Reads @p specs (progress on stderr, one line per spec; then what was read, prefixed with @p what).
/// @p teacher labels specs without GT (may be null).
TrainingSetLoader::Result loadData(const std::vector<std::string>& specs, Detector* teacher, const char* what);

}  // namespace TrainSupport
}  // namespace edgescope
