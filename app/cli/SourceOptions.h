#pragma once
/// @file SourceOptions.h
/// The --source, --gt and --frames options that the offline edgescope-cli benches share.

#include <string>

#include <CLI/CLI.hpp>

#include "cli/HelpTexts.h"

namespace edgescope {

/// Adds --source URI (required), --gt GT.txt and --frames A:B (its default shown) to @p command.
inline void addSourceOptions(CLI::App& command, std::string& source, std::string& gt, std::string& frames) {
  command.add_option("--source", source, kSourceHelp)->required()->type_name("URI");
  command.add_option("--gt", gt, kGroundTruthHelp)->type_name("GT.txt");
  command.add_option("--frames", frames, kFramesHelp)->type_name("A:B")->capture_default_str();
}

}  // namespace edgescope
