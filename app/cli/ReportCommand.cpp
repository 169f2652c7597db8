// edgescope-cli report --session DIR --out FILE
// Turns a recorded session folder (engine/record/SessionData.h; also one whose writer was killed) into a report
// whose format follows FILE's extension: .html .pdf .json .csv or .txt (MOTChallenge results). Prints
// "wrote FILE (FORMAT, N frames, MOTA x%)" on stdout and the reader's warnings on stderr. Needs edgescope_report
// (built with the console, -DEDGESCOPE_BUILD_UI=ON); plots are drawn offscreen (QT_QPA_PLATFORM defaults to
// "offscreen").
#include <CLI/CLI.hpp>

#include <iostream>
#include <memory>

#include "cli/Commands.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_REPORT
#include <QApplication>
#include <QFileInfo>

#include "ReportExporter.h"
#include "ReportText.h"
#include "record/SessionReader.h"
#endif

namespace edgescope {
namespace {

struct ReportOptions {
  std::string session;
  std::string out;
};

#ifdef EDGESCOPE_HAVE_REPORT

/// A QApplication for the offscreen plots, unless one exists; the platform defaults to offscreen.
std::unique_ptr<QApplication> makeApplication(char* program) {
  if (QCoreApplication::instance()) return nullptr;
  if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char* argv[] = {program, nullptr};
  return std::make_unique<QApplication>(argc, argv);
}

int runReport(const ReportOptions& options, char* program) {
  const std::string& folder = options.session;
  const QString out = QString::fromStdString(options.out);
  const ReportExporter::Format format = ReportExporter::formatFor(out);  // a bad extension fails before reading
  if (!QFileInfo(QString::fromStdString(folder)).isDir()) throw Error("session folder '" + folder + "' does not exist");
  const SessionData data = SessionReader::read(folder);
  for (const std::string& warning : data.warnings) std::cerr << "warning: " << warning << "\n";
  const auto application = makeApplication(program);
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

int runReport(const ReportOptions&, char*) {
  throw Error(
      "report needs the console libraries (Qt 6 Widgets and QCustomPlot): rebuild with "
      "-DEDGESCOPE_BUILD_UI=ON so that edgescope_report is built");
}

#endif

}  // namespace

Command addReportCommand(CLI::App& cli, char* program) {
  CLI::App* command = cli.add_subcommand("report", "report of a recorded session folder (format from the extension)");
  auto options = std::make_shared<ReportOptions>();
  command->add_option("--session", options->session, "recorded session folder")->required()->type_name("DIR");
  command->add_option("--out", options->out, "report file: .html .pdf .json .csv or .txt (MOT results)")
      ->required()
      ->type_name("FILE");
  return [options, program] { return runReport(*options, program); };
}

}  // namespace edgescope
