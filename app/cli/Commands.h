#pragma once
/// @file Commands.h
/// edgescope-cli subcommands. Each add…Command registers the subcommand and its options (CLI11) on the top-level
/// app and returns the function that runs it with the parsed values; that function returns the process exit code
/// and throws edgescope::Error on failure.

#include <functional>

namespace CLI {
class App;
}

namespace edgescope {

using Command = std::function<int()>;

Command addProbeCommand(CLI::App& cli);
Command addSynthCommand(CLI::App& cli);
Command addReframeCommand(CLI::App& cli);
Command addEvalCommand(CLI::App& cli);
Command addTrackCommand(CLI::App& cli);
/// @p argc, @p argv: the whole command line, recorded in the model card.
Command addTrainCommand(CLI::App& cli, int argc, char** argv);
Command addTrainPatchCommand(CLI::App& cli, int argc, char** argv);
Command addTrainEnhancerCommand(CLI::App& cli, int argc, char** argv);
/// @p program: argv[0] (for the offscreen QApplication).
Command addReportCommand(CLI::App& cli, char* program);
Command addPartitionBenchCommand(CLI::App& cli);
Command addParaLoupeBenchCommand(CLI::App& cli);
/// Turbo (issue 21): the enhancer's latency and gain profiles; N paced streams planned per period. LibTorch builds
/// only.
Command addTurboProfileCommand(CLI::App& cli);
Command addTurboBenchCommand(CLI::App& cli);
/// AMS (issue 22): model streaming schemes compared in virtual time. LibTorch builds only.
Command addAmsBenchCommand(CLI::App& cli);
Command addOnnxInfoCommand(CLI::App& cli);
Command addTuneTrackerCommand(CLI::App& cli);

}  // namespace edgescope
