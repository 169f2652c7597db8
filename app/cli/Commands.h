#pragma once
/// @file Commands.h
/// edgescope-cli subcommands. Each returns the process exit code; errors are thrown as edgescope::Error.

namespace edgescope {

int runProbeCommand(int argc, char** argv);
int runSynthCommand(int argc, char** argv);
int runEvalCommand(int argc, char** argv);
int runTrackCommand(int argc, char** argv);
int runTrainCommand(int argc, char** argv);
int runReportCommand(int argc, char** argv);
int runPartitionBenchCommand(int argc, char** argv);

}  // namespace edgescope
