// edgescope-cli reframe --source URI [--gt GT.txt] [--frames A:B] [--mirror] [--scale F] --out DIR [--ext .jpg|.png]
// Writes frames A..B of a source, mirrored left–right and/or rescaled, with its ground truth transformed the same
// way, as a MOTChallenge folder (frames renumbered from 1): a view of a scene a network never saw, for judging how
// a model generalises (bench/generalization.sh, set d).
#include <CLI/CLI.hpp>

#include <cmath>
#include <iostream>
#include <memory>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "cli/Commands.h"
#include "cli/MotFolderWriter.h"
#include "cli/ProgressLine.h"
#include "common/NumberRange.h"
#include "eval/FrameRange.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

namespace edgescope {
namespace {

struct ReframeOptions {
  std::string source, gt, frames, out;
  std::string ext = ".jpg";
  bool mirror = false;
  double scale = 1.0;
};

int runReframe(const ReframeOptions& options) {
  const FrameRange range = FrameRange::parse(options.frames);
  const auto source = SourceFactory::open(options.source, options.gt);
  const SourceInfo& info = source->info();
  if (info.live) throw Error("reframe reads recorded sources only: '" + info.uri + "' is live");
  const cv::Size size(std::max(1, static_cast<int>(std::lround(info.width * options.scale))),
                      std::max(1, static_cast<int>(std::lround(info.height * options.scale))));
  SeqInfo seq;
  seq.name = info.name + (options.mirror ? "-mirrored" : "") +
             (options.scale != 1.0 ? "-x" + std::to_string(options.scale).substr(0, 4) : "");
  seq.frameRate = info.fps > 0 ? info.fps : 25.0;
  seq.imWidth = size.width;
  seq.imHeight = size.height;
  seq.imExt = options.ext;
  MotFolderWriter writer(options.out, seq);
  const bool bounded = range.last != FrameRange().last;
  ProgressLine progress("reframe", bounded ? range.last - range.first + 1 : info.frameCount);
  SourceFrame frame;
  cv::Mat image;
  const double sx = static_cast<double>(size.width) / info.width, sy = static_cast<double>(size.height) / info.height;
  while (source->read(frame, 0) == ReadStatus::Frame) {
    const std::int64_t number = frame.frame.number;
    if (number < range.first) continue;
    if (number > range.last) break;
    cv::resize(frame.frame.image, image, size, 0, 0, options.scale < 1.0 ? cv::INTER_AREA : cv::INTER_LINEAR);
    if (options.mirror) cv::flip(image, image, 1);
    for (MotRow& row : frame.groundTruth) {
      BoundingBox& b = row.box;
      b = BoundingBox{static_cast<float>(b.x * sx), static_cast<float>(b.y * sy), static_cast<float>(b.width * sx),
                      static_cast<float>(b.height * sy)};
      if (options.mirror) b.x = static_cast<float>(size.width) - b.right();
    }
    writer.add(image, std::move(frame.groundTruth));
    progress.update(writer.frames());
  }
  progress.finish();
  if (writer.frames() == 0)
    throw Error("reframe: no frame of '" + info.name + "' lies in " + range.toString());
  const std::size_t rows = writer.finish();
  std::cerr << "wrote " << writer.frames() << " frames (" << size.width << "x" << size.height << ") and " << rows
            << " GT rows to " << options.out << "\n";
  return 0;
}

}  // namespace

Command addReframeCommand(CLI::App& cli) {
  CLI::App* command =
      cli.add_subcommand("reframe", "write a mirrored and/or rescaled copy of a source and its GT as a MOTChallenge folder");
  auto options = std::make_shared<ReframeOptions>();
  command->add_option("--source", options->source, "video source")->required()->type_name("URI");
  command->add_option("--gt", options->gt, "MOTChallenge ground truth for a video file")->type_name("GT.txt");
  command->add_option("--frames", options->frames, "frames A to B, 1-based, inclusive")->type_name("A:B");
  command->add_flag("--mirror", options->mirror, "mirror left–right");
  command->add_option("--scale", options->scale, "resize factor of both sides")
      ->check(NumberRange(0.05, 4.0))
      ->capture_default_str();
  command->add_option("--out", options->out, "folder to write (seqinfo.ini, img1/, gt/gt.txt)")
      ->required()
      ->type_name("DIR");
  command->add_option("--ext", options->ext, "image format")
      ->check(CLI::IsMember({".jpg", ".png"}))
      ->capture_default_str();
  return [options] { return runReframe(*options); };
}

}  // namespace edgescope
