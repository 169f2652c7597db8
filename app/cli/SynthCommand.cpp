// edgescope-cli synth --out DIR --seed S --frames N [--people P] [--width W] [--height H] [--fps F] [--ext .jpg|.png]
// Writes a synthetic scene as a MOTChallenge sequence folder (seqinfo.ini, img1/, gt/gt.txt).
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include <opencv2/imgcodecs.hpp>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "cli/ProgressLine.h"
#include "mot/MotFile.h"
#include "mot/SeqInfo.h"
#include "source/SourceFactory.h"
#include "util/Error.h"

namespace edgescope {
namespace {

void makeDirectory(const std::string& path) {
  if (::mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw Error("cannot create folder '" + path + "': " + std::strerror(errno));
  }
}

}  // namespace

int runSynthCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2, {"out", "seed", "frames", "people", "width", "height", "fps", "ext"}, {});
  const std::string out = options.get("out");
  const std::string ext = options.get("ext", ".jpg");
  if (ext != ".jpg" && ext != ".png") throw Error("option --ext must be .jpg or .png, got '" + ext + "'");
  std::string uri = "synthetic:?seed=" + std::to_string(options.getInt("seed", 1, 0, INT64_MAX)) +
                    "&frames=" + std::to_string(options.getInt("frames", 0, 1, 10000000)) +
                    "&people=" + std::to_string(options.getInt("people", 8, 0, 200));
  for (const char* key : {"width", "height", "fps"}) {
    if (options.has(key)) uri += std::string("&") + key + "=" + options.get(key);
  }
  if (!options.has("frames")) throw Error("missing required option --frames");
  const auto source = SourceFactory::open(uri);
  const SourceInfo& info = source->info();
  makeDirectory(out);
  makeDirectory(out + "/img1");
  makeDirectory(out + "/gt");
  SeqInfo seq;
  seq.name = "synthetic-" + options.get("seed", "1");
  seq.frameRate = info.fps;
  seq.seqLength = info.frameCount;
  seq.imWidth = info.width;
  seq.imHeight = info.height;
  seq.imExt = ext;
  seq.write(out + "/seqinfo.ini");

  std::vector<MotRow> gt;
  ProgressLine progress("synth", info.frameCount);
  SourceFrame frame;
  std::int64_t written = 0;
  char name[32];
  while (source->read(frame, 0) == ReadStatus::Frame) {
    std::snprintf(name, sizeof(name), "/img1/%06lld", static_cast<long long>(frame.frame.number));
    const std::string path = out + name + ext;
    if (!cv::imwrite(path, frame.frame.image, {cv::IMWRITE_JPEG_QUALITY, 95})) {
      throw Error("cannot write image '" + path + "'");
    }
    gt.insert(gt.end(), frame.groundTruth.begin(), frame.groundTruth.end());
    progress.update(++written);
  }
  progress.finish();
  MotFile::write(out + "/gt/gt.txt", gt, MotFormat::Mot16);
  std::cerr << "wrote " << written << " frames and " << gt.size() << " GT rows to " << out << "\n";
  return 0;
}

}  // namespace edgescope
