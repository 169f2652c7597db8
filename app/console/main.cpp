// edgescope: the EdgeScope operator console.
#include <QApplication>
#include <QIcon>
#include <cstdio>

#include "ConsoleOptions.h"
#include "DefaultSource.h"
#include "MainWindow.h"
#include "MetricsActions.h"
#include "ModelCatalog.h"
#include "SessionHub.h"
#include "amsstream/AmsModule.h"
#include "paraloupe/cluster/ParaLoupeSupport.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "patchnet/PatchNetSupport.h"
#endif
#include "util/HeapPolicy.h"
#include "util/OpenMpPolicy.h"
#include "ScreenshotRunner.h"
#include "Theme.h"

int main(int argc, char** argv) {
  edgescope::OpenMpPolicy::restartWithPassiveWorkers(argv);  // keeps the GUI thread responsive beside the network
  edgescope::HeapPolicy::useOneArena();  // before any thread: the engine thread's forwards stay off fresh mappings
  QStringList arguments;
  for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
  const auto options = edgescope::ConsoleOptions::parse(arguments);
  if (!options.error.isEmpty()) {
    const bool help = options.error == "help";
    std::fprintf(help ? stdout : stderr, "%s%s", help ? "" : qPrintable("edgescope: " + options.error + "\n"),
                 qPrintable(edgescope::ConsoleOptions::usage()));
    return help ? 0 : 2;
  }
  const bool screenshot = !options.screenshotPath.isEmpty();
  const bool haveDisplay = qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
                           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
  if (!haveDisplay) {
    if (!screenshot) {
      std::fprintf(stderr,
                   "edgescope: no display (DISPLAY/WAYLAND_DISPLAY unset).\n"
                   "  Render offscreen instead:  edgescope --screenshot out.png --frames 30\n"
                   "  Or use the headless CLI:   edgescope-cli probe --source URI\n");
      return 1;
    }
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication app(argc, argv);
  QApplication::setOrganizationName("EdgeScope");
  QApplication::setApplicationName("EdgeScope");
  QApplication::setWindowIcon(QIcon(":/edgescope/edgescope.svg"));
  // Every engine session of the console gets the partition module (CO/SO/SOAT/SAT) over one shared cluster.
#ifdef EDGESCOPE_HAVE_TORCH
  edgescope::PatchNetSupport::install();
#endif
  edgescope::ParaLoupeSupport::install();
  edgescope::AmsModule::install();  // ams.* knobs in every session; the node comes with "ams.connect ADDRESS"
  edgescope::MainWindow window;
  if (!screenshot) {  // screenshots always show the default layout and theme
    window.restoreLayout();
    edgescope::Theme::apply(edgescope::Theme::saved());
  }
  const QString source = options.source.isEmpty() ? edgescope::DefaultSource::uri() : options.source;
  if (options.source.isEmpty() && edgescope::DefaultSource::findSampleVideo().isEmpty()) {
    std::fprintf(stderr, "edgescope: vtest.avi not found (install opencv-doc); showing a synthetic scene\n");
  }
  window.openSource(source, options.groundTruth);
  const QString detector = options.detector == "default" ? edgescope::ModelCatalog::defaultDetectorSpec()
                           : options.detector == "none"  ? QString()
                                                         : options.detector;
  window.configurePipeline(detector, options.reid);
  // Unknown ids are refused by the engine with a Warning in the Messages panel (the console keeps running).
  for (const auto& knob : options.knobs) window.engine()->setParameter(knob.first, knob.second);
  if (!options.metricsAddress.isEmpty()) window.metricsActions()->start(options.metricsAddress);  // errors: logged
  window.show();
  if (!options.panel.isEmpty() && !window.raisePanel(options.panel)) {
    std::fprintf(stderr, "edgescope: --panel %s: no such panel\n", qPrintable(options.panel));
  }
  edgescope::ScreenshotRunner runner(&window, options.screenshotPath, options.screenshotFrames);
  if (screenshot) runner.start();
  return app.exec();
}
