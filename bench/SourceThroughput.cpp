// edgescope-bench-source URI [FRAMES]: reads FRAMES frames (default: all, at most 2000) from a source as fast as
// possible and prints frames/s and per-frame read latency p50/p95 in ms. Used for docs/BENCHMARKS.md.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "core/Stopwatch.h"
#include "source/SourceFactory.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: edgescope-bench-source URI [FRAMES]\n");
    return 2;
  }
  try {
    const long limit = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 2000;
    auto source = edgescope::SourceFactory::open(argv[1]);
    std::vector<double> ms;
    edgescope::SourceFrame frame;
    edgescope::Stopwatch total;
    while (static_cast<long>(ms.size()) < limit) {
      edgescope::Stopwatch one;
      if (source->read(frame, 1000) != edgescope::ReadStatus::Frame) break;
      ms.push_back(one.elapsedMs());
    }
    const double seconds = total.elapsedMs() / 1000.0;
    if (ms.empty()) {
      std::fprintf(stderr, "no frames read from %s\n", argv[1]);
      return 1;
    }
    std::sort(ms.begin(), ms.end());
    const auto& info = source->info();
    std::printf("%s  %dx%d  frames %zu  %.1f frames/s  read p50 %.2f ms  p95 %.2f ms\n", info.name.c_str(), info.width,
                info.height, ms.size(), static_cast<double>(ms.size()) / seconds, ms[ms.size() / 2],
                ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "edgescope-bench-source: error: %s\n", e.what());
    return 1;
  }
}
