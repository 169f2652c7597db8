// edgescope-cli synth --out DIR --seed S --frames N [--people P] [--width W] [--height H] [--fps F] [--ext .jpg|.png]
// Writes a synthetic scene as a MOTChallenge sequence folder (seqinfo.ini, img1/, gt/gt.txt).
#include <CLI/CLI.hpp>

#include <iostream>
#include <limits>
#include <memory>

#include "cli/Commands.h"
#include "cli/MotFolderWriter.h"
#include "cli/ProgressLine.h"
#include "common/NumberRange.h"
#include "source/SourceFactory.h"
#include "synthetic/SyntheticConfig.h"
#include "util/Error.h"

namespace edgescope {
namespace {

struct SynthOptions {
  std::string out;
  std::string ext = ".jpg";
  SyntheticConfig scene;
};

int runSynth(const SynthOptions& options) {
  const std::string& out = options.out;
  const std::string& ext = options.ext;
  const auto source = SourceFactory::open(options.scene.toUri());
  const SourceInfo& info = source->info();
  SeqInfo seq;
  seq.name = "synthetic-" + std::to_string(options.scene.seed);
  seq.frameRate = info.fps;
  seq.imWidth = info.width;
  seq.imHeight = info.height;
  seq.imExt = ext;
  MotFolderWriter writer(out, seq);
  ProgressLine progress("synth", info.frameCount);
  SourceFrame frame;
  while (source->read(frame, 0) == ReadStatus::Frame) {
    writer.add(frame.frame.image, frame.groundTruth);
    progress.update(writer.frames());
  }
  progress.finish();
  const std::size_t rows = writer.finish();
  std::cerr << "wrote " << writer.frames() << " frames and " << rows << " GT rows to " << out << "\n";
  return 0;
}

}  // namespace

Command addSynthCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("synth", "write a synthetic scene as a MOTChallenge folder");
  auto options = std::make_shared<SynthOptions>();
  SyntheticConfig& scene = options->scene;
  command->add_option("--out", options->out, "folder to write (seqinfo.ini, img1/, gt/gt.txt)")
      ->required()
      ->type_name("DIR");
  command->add_option("--seed", scene.seed, "scene seed (same seed, same pixels and GT)")
      ->check(NumberRange(std::int64_t{0}, std::numeric_limits<std::int64_t>::max()))
      ->capture_default_str();
  command->add_option("--frames", scene.frames, "frames to write")->required()->check(NumberRange(1, 10000000));
  command->add_option("--people", scene.people, "persons in view (about)")
      ->check(NumberRange(0, 200))
      ->capture_default_str();
  command->add_option("--width", scene.width, "frame width (pixels)")->check(NumberRange(64, 4096))->capture_default_str();
  command->add_option("--height", scene.height, "frame height (pixels)")
      ->check(NumberRange(64, 4096))
      ->capture_default_str();
  command->add_option("--fps", scene.fps, "frame rate (frames/s)")->check(NumberRange(1.0, 240.0))->capture_default_str();
  command->add_option("--ext", options->ext, "image format")
      ->check(CLI::IsMember({".jpg", ".png"}))
      ->capture_default_str();
  return [options] { return runSynth(*options); };
}

}  // namespace edgescope
