#pragma once
/// @file ConsoleOptions.h
/// Command line of the `edgescope` console (CLI11; `edgescope --help` lists every option with its default).

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace CLI {
class App;
}

namespace edgescope {

struct ConsoleOptions {
  QString source;          ///< empty: the default source
  QString groundTruth;     ///< optional MOT file for a video source
  QString detector = QStringLiteral("default");  ///< DetectorFactory spec, "none" (off) or "default"
  QString reid;            ///< EmbedderFactory spec, empty = none
  QString screenshotPath;  ///< non-empty: render offscreen, save the window, exit
  int screenshotFrames = 30;
  QString metricsAddress;  ///< --metrics ADDR: serve Prometheus metrics there; empty: off
  /// --set ID=VALUE (repeatable): knobs requested once the pipeline is configured, in order (e.g. turbo.enabled=1).
  QList<QPair<QString, double>> knobs;
  QString panel;           ///< --panel NAME: the dock raised in its tab group (e.g. "Turbo"); empty: the default
  QString error;           ///< non-empty when the command line is invalid; "help" for --help / -h

  /// Parses @p arguments (including argv[0]).
  static ConsoleOptions parse(const QStringList& arguments);
  /// The help: every option with its default.
  static QString usage();
};

}  // namespace edgescope
