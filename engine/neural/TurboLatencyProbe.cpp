#include "neural/TurboLatencyProbe.h"

#include <algorithm>
#include <set>

#include "neural/TurboBatch.h"
#include "util/Error.h"
#include "util/Percentile.h"

namespace edgescope {

std::vector<double> TurboLatencyProbe::interpolate(const std::vector<double>& timedMs, const std::vector<bool>& timed) {
  if (timedMs.empty() || timed.size() != timedMs.size() || !timed.front() || !timed.back())
    throw Error("TurboLatencyProbe: interpolation needs n = 1 and the largest n timed");
  std::vector<double> out = timedMs;
  std::size_t previous = 0;
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (!timed[i]) continue;
    for (std::size_t j = previous + 1; j < i; ++j) {
      const double t = static_cast<double>(j - previous) / static_cast<double>(i - previous);
      out[j] = out[previous] + t * (out[i] - out[previous]);
    }
    previous = i;
  }
  return out;
}

TurboLatencyProbe::Result TurboLatencyProbe::measure(TurboBatch& batch, const Options& options,
                                                     const std::string& device, int threads,
                                                     const std::string& modelSha, const Progress& progress) {
  if (options.rungSizes.empty()) throw Error("TurboLatencyProbe: no input size (rung) to measure");
  if (options.batches.empty()) throw Error("TurboLatencyProbe: no batch size to measure");
  if (options.runs < 1) throw Error("TurboLatencyProbe: runs " + std::to_string(options.runs) + " must be >= 1");
  if (options.warmUpRuns < 0)
    throw Error("TurboLatencyProbe: warm-up runs " + std::to_string(options.warmUpRuns) + " must be >= 0");
  std::set<int> sizes{1};
  for (int n : options.batches) {
    if (n < 1) throw Error("TurboLatencyProbe: batch size " + std::to_string(n) + " must be >= 1");
    sizes.insert(n);
  }
  const int largest = *sizes.rbegin();
  const int exits = batch.exits();
  const long long perCell = options.runs + options.warmUpRuns;
  const long long total =
      static_cast<long long>(options.rungSizes.size()) * (exits + 1) * static_cast<long long>(sizes.size()) * perCell +
      perCell;
  long long done = 0;
  auto step = [&] {
    if (progress) progress(++done, total);
  };
  std::vector<double> discriminator;
  for (int run = 0; run < perCell; ++run) {
    const double ms = batch.timeDiscriminator(options.rungSizes.front());
    if (run >= options.warmUpRuns) discriminator.push_back(ms);
    step();
  }
  Result result{LatencyProfile("x", 1, "x", 0.0, {{{0.0}}}), {}};
  std::vector<std::vector<std::vector<double>>> table;
  for (const cv::Size& size : options.rungSizes) {
    table.emplace_back();
    result.timed.emplace_back();
    for (int exit = 0; exit <= exits; ++exit) {
      std::vector<double> row(static_cast<std::size_t>(largest), 0.0);
      std::vector<bool> timed(static_cast<std::size_t>(largest), false);
      for (int n : sizes) {
        std::vector<double> samples;
        for (int run = 0; run < perCell; ++run) {
          const double ms = batch.timeExit(size, exit, n);
          if (run >= options.warmUpRuns) samples.push_back(ms);
          step();
        }
        row[static_cast<std::size_t>(n - 1)] = Percentile::median(samples);
        timed[static_cast<std::size_t>(n - 1)] = true;
      }
      table.back().push_back(interpolate(row, timed));
      result.timed.back().push_back(timed);
    }
  }
  result.profile = LatencyProfile(device, std::max(1, threads), modelSha, Percentile::median(discriminator), table);
  return result;
}

}  // namespace edgescope
