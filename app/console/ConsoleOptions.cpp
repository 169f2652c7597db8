#include "ConsoleOptions.h"

namespace edgescope {

QString ConsoleOptions::usage() {
  return QStringLiteral(
      "usage: edgescope [--source URI] [--gt GT.txt] [--screenshot OUT.png [--frames N]]\n"
      "  --source URI       PATH | mot:DIR | camera:N | rtsp://… | http(s)://… | synthetic:?seed=…\n"
      "                     (default: OpenCV's vtest.avi when installed, else a synthetic scene)\n"
      "  --gt FILE          MOTChallenge ground truth for a video file (frame N = N-th decoded frame)\n"
      "  --detector SPEC    hog | onnx-yolox:PATH | none (default: the project's own model, else hog)\n"
      "  --reid SPEC        onnx-reid:PATH | color-hist (default: none, IoU association)\n"
      "  --screenshot PNG   render offscreen, save the window after N frames, exit (no display needed)\n"
      "  --frames N         frames to play before the screenshot (default 30)\n");
}

ConsoleOptions ConsoleOptions::parse(const QStringList& arguments) {
  ConsoleOptions options;
  for (int i = 1; i < arguments.size(); ++i) {
    const QString& arg = arguments[i];
    auto next = [&](const QString& name) -> QString {
      if (i + 1 >= arguments.size()) {
        options.error = name + " needs a value";
        return {};
      }
      return arguments[++i];
    };
    if (arg == "--source") options.source = next(arg);
    else if (arg == "--gt") options.groundTruth = next(arg);
    else if (arg == "--screenshot") options.screenshotPath = next(arg);
    else if (arg == "--detector") options.detector = next(arg);
    else if (arg == "--reid") options.reid = next(arg);
    else if (arg == "--frames") {
      bool ok = false;
      options.screenshotFrames = next(arg).toInt(&ok);
      if (!ok || options.screenshotFrames < 1) options.error = "--frames needs a positive integer";
    } else if (arg == "--help" || arg == "-h") {
      options.error = "help";
    } else {
      options.error = "unknown option " + arg;
    }
    if (!options.error.isEmpty()) break;
  }
  return options;
}

}  // namespace edgescope
