// edgescope-bench-gui [--source URI] [--gt GT] [--detector SPEC] [--seconds N] [--paced 0|1] [--memory-period S]
//   [--set ID=VALUE ...] [--panel NAME]
//                     [--csv FILE]
// Runs the console (offscreen unless a display is set) on a looped source with tracking and reports the GUI
// thread's event-loop iteration times (max, p99, count over 50 ms) and resident memory over time (first, last,
// max, and the slope of a least-squares line over the second half, MB per hour) and the median latency of each
// pipeline stage of the frames shown.
#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

#include "GuiProbe.h"
#include "MainWindow.h"
#include "ModelCatalog.h"
#include "SessionHub.h"
#include "DefaultSource.h"
#include "partition/PartitionSupport.h"
#include "util/OpenMpPolicy.h"
#include "util/HeapPolicy.h"

using namespace edgescope;

namespace {
double slopePerHour(const QVector<GuiProbe::MemorySample>& samples) {
  const int first = samples.size() / 2;
  const int n = samples.size() - first;
  if (n < 2) return 0.0;
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (int i = first; i < samples.size(); ++i) {
    sx += samples[i].elapsedS;
    sy += samples[i].rssMb;
    sxx += samples[i].elapsedS * samples[i].elapsedS;
    sxy += samples[i].elapsedS * samples[i].rssMb;
  }
  const double denominator = n * sxx - sx * sx;
  return denominator > 0 ? (n * sxy - sx * sy) / denominator * 3600.0 : 0.0;
}
}  // namespace

int main(int argc, char** argv) {
  edgescope::OpenMpPolicy::restartWithPassiveWorkers(argv);  // as the console does
  edgescope::HeapPolicy::useOneArena();
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  qputenv("QT_LOGGING_RULES", "qt.qpa.*=false");
  QApplication app(argc, argv);
  edgescope::PartitionSupport::install();  // as the console: sessions carry the partition module
  QApplication::setOrganizationName("EdgeScopeBench");
  QCommandLineParser parser;
  parser.addHelpOption();
  parser.addOptions({{"source", "source URI", "uri"},
                     {"gt", "GT file", "path"},
                     {"detector", "detector spec", "spec"},
                     {"seconds", "duration", "s", "60"},
                     {"paced", "1: real time, 0: full speed", "0|1", "0"},
                     {"memory-period", "memory sample period", "s", "10"},
                     {"csv", "memory samples CSV", "file"},
                     {"set", "a knob once the pipeline runs, e.g. turbo.enabled=1 (repeatable)", "id=value"},
                     {"panel", "raise this panel (its plots then redraw), e.g. turbo", "name"}});
  parser.process(app);
  std::vector<std::pair<QString, double>> knobs;
  for (const QString& knob : parser.values("set")) {
    const qsizetype equals = knob.indexOf('=');
    bool ok = false;
    const double value = equals > 0 ? knob.mid(equals + 1).toDouble(&ok) : 0.0;
    if (!ok) {
      std::fprintf(stderr, "edgescope-bench-gui: --set %s: expected ID=VALUE with a number\n", qPrintable(knob));
      return 2;
    }
    knobs.emplace_back(knob.left(equals), value);
  }
  const QString source = parser.isSet("source") ? parser.value("source") : DefaultSource::uri();
  const QString detector = parser.isSet("detector") ? parser.value("detector") : ModelCatalog::defaultDetectorSpec();
  const double seconds = parser.value("seconds").toDouble();
  MainWindow window;
  window.show();
  window.openSource(source, parser.value("gt"));
  window.configurePipeline(detector);
  window.engine()->setParameter("playback.loop", 1.0);
  window.engine()->setParameter("playback.paced", parser.value("paced").toDouble());
  for (const auto& [id, value] : knobs) window.engine()->setParameter(id, value);
  if (parser.isSet("panel") && !window.raisePanel(parser.value("panel"))) {
    std::fprintf(stderr, "edgescope-bench-gui: --panel %s: no such panel\n", qPrintable(parser.value("panel")));
    return 2;
  }
  window.engine()->play();
  GuiProbe probe(static_cast<int>(parser.value("memory-period").toDouble() * 1000));
  QFile csv(parser.value("csv"));
  if (parser.isSet("csv") && csv.open(QIODevice::WriteOnly | QIODevice::Text)) csv.write("elapsed_s,rss_mb\n");
  QObject::connect(&probe, &GuiProbe::memorySampled, [&](double elapsedS, double rssMb) {
    if (csv.isOpen()) {
      csv.write(QStringLiteral("%1,%2\n").arg(elapsedS, 0, 'f', 1).arg(rssMb, 0, 'f', 1).toUtf8());
      csv.flush();
    }
    std::fprintf(stderr, "\r%6.0f s  RSS %7.1f MB  frames shown %llu  ", elapsedS, rssMb,
                 static_cast<unsigned long long>(window.engine()->framesShown()));
  });
  std::map<QString, std::vector<double>> stageMs;  // GUI thread
  QObject::connect(window.engine(), &SessionHub::frameReady, [&](const FrameView& frame) {
    for (const auto& [stage, ms] : frame.latencyMs) stageMs[stage].push_back(ms);
  });
  QTimer::singleShot(static_cast<int>(seconds * 1000), &app, &QApplication::quit);
  app.exec();
  const auto& memory = probe.memory();
  const StatusView status = window.engine()->lastStatus();
  std::printf("\nsource %s, detector %s, %s, %.0f s\n", qPrintable(source), qPrintable(status.detectorName),
              parser.value("paced") == "1" ? "paced" : "full speed", seconds);
  std::printf("frames processed %lld, shown %llu, processing %.1f fps\n", static_cast<long long>(status.framesProcessed),
              static_cast<unsigned long long>(window.engine()->framesShown()), status.processingFps);
  std::printf("median latency of the frames shown:");
  for (auto& [stage, values] : stageMs) {
    std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
    std::printf(" %s %.2f ms", qPrintable(stage), values[values.size() / 2]);
  }
  std::printf("\n");
  std::printf("GUI thread, gaps between 5 ms heartbeats (%lld): p50 %.2f ms, p99 %.2f ms, max %.2f ms, "
              "over 50 ms: %lld\n",
              static_cast<long long>(probe.gapCount()), probe.gapQuantileMs(0.5), probe.gapQuantileMs(0.99),
              probe.gapQuantileMs(1.0), static_cast<long long>(probe.gapsOver(50.0)));
  for (const auto& gap : probe.longGaps()) std::printf("  gap %.1f ms at %.1f s\n", gap.gapMs, gap.atS);
  const qint64 unlisted = probe.longGapCount() - probe.longGaps().size();
  if (unlisted > 0) {
    std::printf("  … %lld more gaps over %.0f ms\n", static_cast<long long>(unlisted), GuiProbe::kReportGapMs);
  }
  if (!memory.isEmpty()) {
    double maxMb = 0;
    for (const auto& sample : memory) maxMb = std::max(maxMb, sample.rssMb);
    std::printf("RSS first %.1f MB, last %.1f MB, max %.1f MB, slope over the second half %.2f MB/h (%lld samples)\n",
                memory.first().rssMb, memory.last().rssMb, maxMb, slopePerHour(memory),
                static_cast<long long>(memory.size()));
  }
  return 0;
}
