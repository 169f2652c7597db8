#include "ConsoleOptions.h"

#include <CLI/CLI.hpp>

#include <limits>
#include <string>
#include <vector>

#include "common/CommandLine.h"
#include "common/NumberRange.h"
#include "util/Error.h"

namespace edgescope {

namespace {

/// The console's options as CLI11 binds them (std::string), with the defaults of ConsoleOptions.
struct Values {
  std::string source, groundTruth, detector, reid, screenshotPath, metricsAddress, panel;
  std::vector<std::string> knobs;
  int screenshotFrames = 0;
};

void describe(CLI::App& app, Values& values) {
  CommandLine::configure(app);
  app.description("edgescope: the EdgeScope operator console.");
  app.add_option("--source", values.source,
                 "PATH | mot:DIR | camera:N | rtsp://… | http(s)://… | synthetic:?seed=… | playlist:FILE (default: "
                 "OpenCV's vtest.avi when installed, else a synthetic scene)")
      ->type_name("URI");
  app.add_option("--gt", values.groundTruth, "MOTChallenge ground truth for a video file (frame N = N-th decoded frame)")
      ->type_name("FILE");
  app.add_option("--detector", values.detector,
                 "hog | onnx-yolox:PATH | none (default: the project's own model, else hog)")
      ->type_name("SPEC");
  app.add_option("--reid", values.reid, "onnx-reid:PATH | color-hist (default: none, IoU association)")
      ->type_name("SPEC");
  app.add_option("--screenshot", values.screenshotPath,
                 "render offscreen, save the window after --frames frames, exit (no display needed)")
      ->type_name("PNG");
  app.add_option("--frames", values.screenshotFrames, "frames to play before the screenshot")
      ->check(NumberRange(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  app.add_option("--metrics", values.metricsAddress, CommandLine::kMetricsHelp)->type_name("ADDR");
  app.add_option("--set", values.knobs, "set a knob once the pipeline runs, e.g. --set turbo.enabled=1 (repeatable)")
      ->type_name("ID=VALUE");
  app.add_option("--panel", values.panel, "raise this panel in its tab group, e.g. Turbo, DeepScale, Patches")
      ->type_name("NAME");
}

Values defaults() {
  const ConsoleOptions options;
  Values values;
  values.detector = options.detector.toStdString();
  values.screenshotFrames = options.screenshotFrames;
  return values;
}

}  // namespace

QString ConsoleOptions::usage() {
  Values values = defaults();
  CLI::App app("", "edgescope");
  describe(app, values);
  return QString::fromStdString(app.help());
}

ConsoleOptions ConsoleOptions::parse(const QStringList& arguments) {
  ConsoleOptions options;
  Values values = defaults();
  CLI::App app("", "edgescope");
  describe(app, values);
  std::vector<std::string> args;
  for (int i = 1; i < arguments.size(); ++i) args.push_back(arguments[i].toStdString());
  try {
    if (!CommandLine::parse(app, args).empty()) {
      options.error = QStringLiteral("help");
      return options;
    }
  } catch (const Error& error) {
    options.error = QString::fromStdString(error.what());
    return options;
  }
  options.source = QString::fromStdString(values.source);
  options.groundTruth = QString::fromStdString(values.groundTruth);
  options.detector = QString::fromStdString(values.detector);
  options.reid = QString::fromStdString(values.reid);
  options.screenshotPath = QString::fromStdString(values.screenshotPath);
  options.screenshotFrames = values.screenshotFrames;
  options.metricsAddress = QString::fromStdString(values.metricsAddress);
  options.panel = QString::fromStdString(values.panel);
  for (const std::string& knob : values.knobs) {
    const auto equals = knob.find('=');
    bool ok = false;
    const double value =
        equals == std::string::npos ? 0.0 : QString::fromStdString(knob.substr(equals + 1)).toDouble(&ok);
    if (equals == std::string::npos || equals == 0 || !ok) {
      options.error = QStringLiteral("--set %1: expected ID=VALUE with a number, e.g. turbo.enabled=1")
                          .arg(QString::fromStdString(knob));
      return options;
    }
    options.knobs.push_back({QString::fromStdString(knob.substr(0, equals)), value});
  }
  return options;
}

}  // namespace edgescope
