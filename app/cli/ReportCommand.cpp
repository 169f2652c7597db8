// edgescope-cli report --session DIR --out FILE
// Turns a recorded session folder (engine/record/SessionData.h; also one whose writer was killed) into a report
// whose format follows FILE's extension: .html .pdf .json .csv or .txt (MOTChallenge results). Prints
// "wrote FILE (FORMAT, N frames, MOTA x%)" on stdout and the reader's warnings on stderr. Needs edgescope_report
// (built with the console, -DEDGESCOPE_BUILD_UI=ON); plots are drawn offscreen (QT_QPA_PLATFORM defaults to
// "offscreen").
#include <iostream>

#include "cli/CliOptions.h"
#include "cli/Commands.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_REPORT
#include <QApplication>
#include <QFileInfo>
#include <memory>

#include "ReportExporter.h"
#include "ReportText.h"
#include "record/SessionReader.h"
#endif

namespace edgescope {

#ifdef EDGESCOPE_HAVE_REPORT
namespace {

/// A QApplication for the offscreen plots, unless one exists; the platform defaults to offscreen.
std::unique_ptr<QApplication> makeApplication(char* program) {
  if (QCoreApplication::instance()) return nullptr;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char* argv[] = {program, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

}  // namespace

int runReportCommand(int argc, char** argv) {
  const CliOptions options(argc, argv, 2, {"session", "out"}, {});
  const std::string folder = options.get("session");
  const QString out = QString::fromStdString(options.get("out"));
  const ReportExporter::Format format = ReportExporter::formatFor(out);  // a bad extension fails before reading
  if (!QFileInfo(QString::fromStdString(folder)).isDir()) throw Error("session folder '" + folder + "' does not exist");
  const SessionData data = SessionReader::read(folder);
  for (const std::string& warning : data.warnings) std::cerr << "warning: " << warning << "\n";
  const auto application = makeApplication(argv[0]);
  ReportExporter::exportTo(data, out);
  std::cout << "wrote " << out.toStdString() << " (" << ReportExporter::formatName(format).toStdString() << ", "
            << data.frames.size() << " frames, "
            << (data.metrics.empty()
                    ? std::string("no metrics")
                    : "MOTA " + ReportText::percent(data.metrics.back().metrics.mota).toStdString() + "%")
            << (data.manifest.complete ? "" : ", interrupted") << ")" << std::endl;
  return 0;
}

#else

int runReportCommand(int argc, char** argv) {
  throw Error(
      "report needs the console libraries (Qt 6 Widgets and QCustomPlot): rebuild with "
      "-DEDGESCOPE_BUILD_UI=ON so that edgescope_report is built");
}

#endif

}  // namespace edgescope
