#include "cli/AmsBenchRunner.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <memory>

#include <opencv2/imgcodecs.hpp>

#include "ams/ParameterDigest.h"
#include "ams/PhiScore.h"
#include "ams/SamplingRateController.h"
#include "ams/SparseUpdateCodec.h"
#include "ams/StreamableModel.h"
#include "ams/TrainingRateController.h"
#include "cli/AmsTeacherCache.h"
#include "core/Stopwatch.h"
#include "detect/ScalableDetector.h"
#include "eval/MotEvaluator.h"
#include "link/LinkEmulator.h"
#include "neural/JdeModelFile.h"
#include "neural/OnlineDistiller.h"
#include "pipeline/TrackingPipeline.h"
#include "source/SourceFactory.h"
#include "source/VideoSource.h"
#include "util/Error.h"

#include <nlohmann/json.hpp>

namespace edgescope {
namespace {

std::uint64_t toUs(double seconds) { return static_cast<std::uint64_t>(std::llround(std::max(0.0, seconds) * 1e6)); }

/// A batch on its way to the node.
struct Arrival {
  double timeS = 0.0;    ///< delivered at the node
  double uploadS = 0.0;  ///< sent by the camera
  std::vector<OnlineDistiller::Sample> samples;
  double teacherMs = 0.0;  ///< the node's labelling work
};

/// An update on its way to the camera.
struct Delivery {
  double timeS = 0.0;
  double uploadS = 0.0;  ///< when the batch that triggered the phase was sent
  std::string bytes;
};

struct Client {
  std::unique_ptr<VideoSource> source;
  std::unique_ptr<TrackingPipeline> pipeline;
  StreamableModel* model = nullptr;
  std::unique_ptr<OnlineDistiller> distiller;
  SamplingRateController sampler;
  TrainingRateController training;
  PhiScore phi;
  std::unique_ptr<LinkEmulator> up, down;
  double rateFps = 1.0, updateIntervalS = 10.0, nextSampleS = 0.0, nextUploadS = 0.0;
  std::vector<std::pair<std::int64_t, cv::Mat>> batch;
  std::deque<Arrival> arrivals;
  std::deque<Delivery> deliveries;
  bool due = false;
  double dueSinceS = 0.0, lastUploadS = 0.0;
  bool finished = false;  ///< one-time: its single phase has run
  // Scores.
  std::vector<MotRow> hyp, gt, teacherHyp;
  std::unique_ptr<TrackingPipeline> teacherTracks;
  double f1Sum = 0.0;
  std::int64_t f1Count = 0;
  std::vector<double> window;
  std::vector<double> windowF1;
  double rateTimeS = 0.0, rateIntegral = 0.0, lastT = 0.0;
  std::uint64_t upBytes = 0, downBytes = 0;
};

bool samplesFrames(const std::string& scheme) { return scheme != "none"; }

OnlineDistiller::Options distillerOptions(const AmsBenchSettings& s, int client) {
  OnlineDistiller::Options o;
  o.horizonS = s.ams.horizonS;
  o.iterations = s.ams.iterations;
  o.batch = s.ams.batch;
  o.adam.learningRate = s.ams.learningRate;
  o.adam.fraction = s.ams.fraction;
  o.adam.selection = static_cast<CoordinateSelector::Strategy>(s.ams.selection);
  o.adam.seed = s.seed * 1000 + static_cast<std::uint64_t>(client);
  o.gate = s.ams.gate;
  o.device = s.device;
  o.seed = s.seed * 7919 + static_cast<std::uint64_t>(client);
  if (s.scheme == "full" || s.scheme == "one-time") {
    o.adam.fraction = 1.0;
    o.adam.selection = CoordinateSelector::Strategy::Full;
  }
  if (s.scheme == "one-time") {
    o.iterations =
        s.ams.iterations * std::max(1, static_cast<int>(std::ceil(s.oneTimeSeconds / s.ams.updateIntervalS)));
    o.gate = false;
    o.horizonS = s.oneTimeSeconds + 1.0;
  }
  return o;
}

std::string encodeJpeg(const cv::Mat& bgr) {
  std::vector<unsigned char> bytes;
  if (!cv::imencode(".jpg", bgr, bytes, {cv::IMWRITE_JPEG_QUALITY, 80}))
    throw Error("ams-bench: JPEG encoding of a sample failed");
  return std::string(bytes.begin(), bytes.end());
}

double f1Of(const std::vector<Detection>& student, const std::vector<Detection>& teacher) {
  std::vector<BoundingBox> s, t;
  for (const Detection& d : student)
    if (d.score >= 0.4f) s.push_back(d.box);
  for (const Detection& d : teacher)
    if (d.score >= PhiScore::kTeacherMinScore) t.push_back(d.box);
  return PhiScore::match(t, s, 0.5).f1();
}

class Emulation {
 public:
  Emulation(const AmsBenchSettings& s, AmsTeacherCache& teacher) : s_(s), teacher_(teacher) {}

  AmsBenchRow run(const std::vector<double>& noneWindows, const AmsBenchRunner::Progress& progress);

 private:
  void openClient(int index);
  void sample(Client& c, double t, std::int64_t frame, const cv::Mat& image);
  void upload(Client& c, double t);
  void ingest(Client& c, Arrival arrival);
  void runNode(double t);
  void apply(Client& c, double t);
  void score(Client& c, const SourceFrame& frame, const TrackingPipeline::Result& result);

  const AmsBenchSettings& s_;
  AmsTeacherCache& teacher_;
  std::vector<Client> clients_;
  double fps_ = 10.0;
  double nodeFreeS_ = 0.0;
  AmsBenchRow row_;
  double stalenessSum_ = 0.0;
  double bitsSum_ = 0.0;
};

void Emulation::openClient(int index) {
  Client& c = clients_[static_cast<std::size_t>(index)];
  c.source = SourceFactory::open(s_.source, s_.gt);
  const SourceInfo& info = c.source->info();
  if (info.live) throw Error("--source '" + s_.source + "': ams-bench emulates time and needs a file or generator");
  fps_ = info.fps > 0 ? info.fps : 10.0;
  PipelineConfig config;
  config.detectorSpec = "jde:" + s_.student + "?device=" + (s_.device == "auto" ? "cpu" : s_.device);
  config.tracker.frameRateFps = fps_;
  c.pipeline = std::make_unique<TrackingPipeline>(config);
  ScalableDetector* detector = c.pipeline->scalableDetector();
  c.model = detector ? detector->streamable() : nullptr;
  if (!c.model) throw Error("--student '" + s_.student + "': not a JDE model card, which AMS streams into");
  if (samplesFrames(s_.scheme))
    c.distiller = std::make_unique<OnlineDistiller>(JdeModelFile::load(s_.student), distillerOptions(s_, index));
  c.sampler = SamplingRateController(s_.ams.samplingOptions(), 0.0);
  c.training = TrainingRateController(s_.ams.trainingOptions());
  c.rateFps = s_.scheme == "one-time" || !s_.ams.asr ? s_.ams.rateMaxFps : c.sampler.rateFps();
  c.updateIntervalS = s_.scheme == "one-time" ? s_.oneTimeSeconds : s_.ams.updateIntervalS;
  c.nextUploadS = c.updateIntervalS;
  c.up = std::make_unique<LinkEmulator>(s_.link.uplinkKbps, s_.link.rttMs, s_.seed * 31 + 2 * index);
  c.down = std::make_unique<LinkEmulator>(s_.link.downlinkKbps, s_.link.rttMs, s_.seed * 31 + 2 * index + 1);
  if (s_.scheme == "none" && index == 0 && s_.evalEvery == 1 && !s_.gt.empty()) {
    PipelineConfig teacherConfig;
    teacherConfig.detectorSpec = "hog";  // never run: the teacher's cached boxes are tracked
    teacherConfig.tracker.frameRateFps = fps_;
    c.teacherTracks = std::make_unique<TrackingPipeline>(teacherConfig);
  }
  if (s_.frames.first > 1 && !(info.kind != "file" && c.source->seek(s_.frames.first))) {
    SourceFrame skip;
    for (std::int64_t i = 1; i < s_.frames.first; ++i)
      if (c.source->read(skip, 0) != ReadStatus::Frame)
        throw Error("--frames: the source ended at frame " + std::to_string(i - 1));
  }
}

void Emulation::sample(Client& c, double t, std::int64_t frame, const cv::Mat& image) {
  if (!samplesFrames(s_.scheme) || c.finished) return;
  if (s_.scheme == "one-time" && t >= s_.oneTimeSeconds) return;
  if (t + 1e-9 < c.nextSampleS) return;
  c.batch.emplace_back(frame, image.clone());
  c.nextSampleS = std::max(c.nextSampleS + 1.0 / c.rateFps, t + 0.5 / fps_);
}

void Emulation::upload(Client& c, double t) {
  if (!samplesFrames(s_.scheme) || c.finished || t + 1e-9 < c.nextUploadS) return;
  c.nextUploadS = t + c.updateIntervalS;
  if (s_.scheme == "one-time") c.finished = true;
  if (c.batch.empty()) return;
  Arrival arrival;
  arrival.uploadS = t;
  std::uint64_t bytes = 0;
  for (auto& [frame, image] : c.batch) {
    const std::string jpeg = encodeJpeg(image);
    bytes += jpeg.size();
    OnlineDistiller::Sample sample;
    sample.image = cv::imdecode(std::vector<unsigned char>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
    sample.teacher = teacher_.labels(frame, image);
    arrival.teacherMs += teacher_.teacherMs(frame);
    arrival.samples.push_back(std::move(sample));
  }
  row_.samples += static_cast<std::int64_t>(c.batch.size());
  c.batch.clear();
  c.upBytes += bytes;
  arrival.timeS = c.up->schedule(bytes, toUs(t)).deliveryUs * 1e-6;
  for (OnlineDistiller::Sample& sample : arrival.samples) sample.arrivalS = arrival.timeS;
  c.arrivals.push_back(std::move(arrival));
}

void Emulation::ingest(Client& c, Arrival arrival) {
  for (const OnlineDistiller::Sample& sample : arrival.samples) c.phi.addSample(sample.teacher);
  if (s_.ams.asr && s_.scheme != "one-time" && c.sampler.isDue(arrival.timeS)) {
    const SamplingRateController::Decision decision = c.sampler.update(arrival.timeS, c.phi.takeIntervalMean());
    c.rateFps = decision.rateFps;
    if (s_.ams.atr) c.updateIntervalS = c.training.decide(arrival.timeS, c.rateFps).updateIntervalS;
  }
  c.distiller->addSamples(std::move(arrival.samples));
  nodeFreeS_ = std::max(nodeFreeS_, arrival.timeS) + arrival.teacherMs / 1000.0 * (s_.fixedPhaseS ? 0.0 : 1.0);
  if (!c.due) c.dueSinceS = arrival.timeS;
  c.due = true;
  c.lastUploadS = arrival.uploadS;
}

void Emulation::runNode(double t) {
  for (;;) {
    // The earliest event at or before t: a batch arriving, or the node starting the longest-waiting due phase.
    Client* arriving = nullptr;
    for (Client& c : clients_)
      if (!c.arrivals.empty() && c.arrivals.front().timeS <= t &&
          (!arriving || c.arrivals.front().timeS < arriving->arrivals.front().timeS))
        arriving = &c;
    Client* due = nullptr;
    for (Client& c : clients_)
      if (c.due && (!due || c.dueSinceS < due->dueSinceS)) due = &c;
    const double start = due ? std::max(nodeFreeS_, due->dueSinceS) : 0.0;
    if (arriving && (!due || arriving->arrivals.front().timeS <= start)) {
      Arrival arrival = std::move(arriving->arrivals.front());
      arriving->arrivals.pop_front();
      ingest(*arriving, std::move(arrival));
      continue;
    }
    if (!due || start > t) return;
    due->due = false;
    const OnlineDistiller::PhaseResult phase = due->distiller->runPhase();
    row_.trainSeconds += phase.trainMs / 1000.0;
    ++row_.phases;
    if (!phase.sent) ++row_.skipped[phase.skipReason.substr(0, phase.skipReason.find(':'))];
    const double end = start + (s_.fixedPhaseS ? *s_.fixedPhaseS : phase.trainMs / 1000.0);
    nodeFreeS_ = end;
    if (!phase.sent) continue;
    Delivery delivery;
    delivery.timeS = due->down->schedule(phase.encoded.size(), toUs(end)).deliveryUs * 1e-6;
    delivery.uploadS = due->lastUploadS;
    delivery.bytes = phase.encoded;
    due->downBytes += phase.encoded.size();
    bitsSum_ += phase.stats.bitsPerStreamedParameter;
    due->deliveries.push_back(std::move(delivery));
  }
}

void Emulation::apply(Client& c, double t) {
  while (!c.deliveries.empty() && c.deliveries.front().timeS <= t) {
    Delivery delivery = std::move(c.deliveries.front());
    c.deliveries.pop_front();
    Stopwatch stage;
    try {
      c.model->stageUpdate(SparseUpdateCodec::decode(delivery.bytes));
    } catch (const Error& e) {
      ++row_.rejected;
      row_.lastRejection = e.what();  // the node's copy follows the camera again
      c.distiller->resetTo(c.model->flatParameters(), c.model->identity().version);
      continue;
    }
    row_.applyMsMax = std::max(row_.applyMsMax, stage.elapsedMs());
    Stopwatch swap;
    c.model->swapStaged();
    row_.swapMsMax = std::max(row_.swapMsMax, swap.elapsedMs());
    if (!std::isfinite(t)) continue;  // drained after the last frame: only the sync check sees it
    ++row_.updates;
    stalenessSum_ += t - delivery.uploadS;
  }
}

void Emulation::score(Client& c, const SourceFrame& frame, const TrackingPipeline::Result& result) {
  const std::int64_t number = frame.frame.number;
  if (!s_.evalFrames.contains(number)) return;
  const auto rows = TrackingPipeline::toMotRows(result.tracks, number);
  c.hyp.insert(c.hyp.end(), rows.begin(), rows.end());
  c.gt.insert(c.gt.end(), frame.groundTruth.begin(), frame.groundTruth.end());
  if ((number - s_.evalFrames.first) % s_.evalEvery != 0) return;
  const std::vector<Detection>& labels = teacher_.labels(number, frame.frame.image);
  const double f1 = f1Of(result.detections, labels);
  c.f1Sum += f1;
  ++c.f1Count;
  c.window.push_back(f1);
  if (static_cast<int>(c.window.size()) * s_.evalEvery >= AmsBenchRunner::kWindowFrames) {
    double sum = 0.0;
    for (double v : c.window) sum += v;
    c.windowF1.push_back(sum / static_cast<double>(c.window.size()));
    c.window.clear();
  }
  if (c.teacherTracks) {
    std::vector<Detection> boxes;
    for (const Detection& d : labels)
      if (d.score >= 0.1f) boxes.push_back(d);
    const auto tracked = c.teacherTracks->processDetections(frame.frame, boxes);
    const auto teacherRows = TrackingPipeline::toMotRows(tracked.tracks, number);
    c.teacherHyp.insert(c.teacherHyp.end(), teacherRows.begin(), teacherRows.end());
  }
}

AmsBenchRow Emulation::run(const std::vector<double>& noneWindows, const AmsBenchRunner::Progress& progress) {
  clients_.resize(static_cast<std::size_t>(std::max(1, s_.clients)));
  for (int i = 0; i < static_cast<int>(clients_.size()); ++i) openClient(i);
  const std::int64_t total = s_.frames.last == std::numeric_limits<std::int64_t>::max()
                                 ? clients_[0].source->info().frameCount
                                 : s_.frames.last - s_.frames.first + 1;
  std::int64_t step = 0;
  bool more = true;
  while (more) {
    const double t = static_cast<double>(step) / fps_;
    runNode(t);
    for (Client& c : clients_) {
      SourceFrame frame;
      if (c.source->read(frame, 0) != ReadStatus::Frame || !s_.frames.contains(frame.frame.number)) {
        more = false;
        break;
      }
      apply(c, t);
      sample(c, t, frame.frame.number, frame.frame.image);
      upload(c, t);
      const TrackingPipeline::Result result = c.pipeline->process(frame.frame);
      score(c, frame, result);
      c.rateIntegral += (samplesFrames(s_.scheme) ? c.rateFps : 0.0) * (t - c.lastT);
      c.lastT = t;
    }
    ++step;
    if (progress) progress(step, total);
  }
  const double seconds = std::max(1e-9, static_cast<double>(step) / fps_);
  for (Client& c : clients_) apply(c, std::numeric_limits<double>::infinity());  // in flight at the end
  Client& first = clients_[0];
  row_.scheme = s_.scheme;
  row_.selection = s_.scheme == "none" ? "-" : CoordinateSelector::strategyName(distillerOptions(s_, 0).adam.selection);
  row_.fraction = s_.scheme == "none" ? 0.0 : distillerOptions(s_, 0).adam.fraction;
  double f1Sum = 0.0;
  std::int64_t f1Count = 0;
  for (Client& c : clients_) {
    f1Sum += c.f1Sum;
    f1Count += c.f1Count;
    row_.uplinkKbps += c.upBytes * 8.0 / 1000.0 / seconds / static_cast<double>(clients_.size());
    row_.downlinkKbps += c.downBytes * 8.0 / 1000.0 / seconds / static_cast<double>(clients_.size());
    if (c.distiller)
      row_.weightsInSync =
          row_.weightsInSync && ParameterDigest::sha256(c.distiller->flatParameters()) == c.model->identity().sha256;
  }
  row_.f1Teacher = f1Count ? f1Sum / static_cast<double>(f1Count) : 0.0;
  row_.meanRateFps = first.lastT > 0 ? first.rateIntegral / first.lastT : 0.0;
  row_.updateBytesMean = row_.updates ? static_cast<double>(first.downBytes) / static_cast<double>(row_.updates) : 0.0;
  row_.bitsPerStreamedParam = row_.updates ? bitsSum_ / static_cast<double>(row_.updates) : 0.0;
  row_.stalenessSMean = row_.updates ? stalenessSum_ / static_cast<double>(row_.updates) : 0.0;
  row_.windowF1 = first.windowF1;
  if (!noneWindows.empty() && s_.scheme != "none") {
    const std::size_t n = std::min(noneWindows.size(), first.windowF1.size());
    std::size_t better = 0, differ = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (first.windowF1[i] == noneWindows[i]) continue;
      ++differ;
      better += first.windowF1[i] > noneWindows[i] ? 1 : 0;
    }
    if (differ) row_.windowsBetterThanNone = static_cast<double>(better) / static_cast<double>(differ);
  }
  if (!s_.gt.empty() || !first.gt.empty()) {
    const MotMetrics metrics = MotEvaluator::evaluate(first.gt, first.hyp, s_.evalFrames);
    row_.mota = metrics.mota;
    row_.idf1 = metrics.idf1;
    row_.hota = metrics.hota.hota;
    if (first.teacherTracks) row_.teacherMota = MotEvaluator::evaluate(first.gt, first.teacherHyp, s_.evalFrames).mota;
  }
  return row_;
}

}  // namespace

nlohmann::json AmsBenchRow::toJson() const {
  auto opt = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); };
  return {{"scheme", scheme},
          {"selection", selection},
          {"fraction", fraction},
          {"F1_teacher", f1Teacher},
          {"MOTA", opt(mota)},
          {"IDF1", opt(idf1)},
          {"HOTA", opt(hota)},
          {"teacher_MOTA", opt(teacherMota)},
          {"uplink_kbps", uplinkKbps},
          {"downlink_kbps", downlinkKbps},
          {"updates", updates},
          {"rejected_updates", rejected},
          {"samples", samples},
          {"mean_rate_fps", meanRateFps},
          {"bits_per_streamed_param", bitsPerStreamedParam},
          {"update_bytes_mean", updateBytesMean},
          {"staleness_s_mean", stalenessSMean},
          {"windows_better_than_none", opt(windowsBetterThanNone)},
          {"idsw_near_swaps", opt(idswNearSwaps)},
          {"weights_in_sync", weightsInSync},
          {"train_seconds", trainSeconds},
          {"camera_apply_ms_max", applyMsMax},
          {"camera_swap_ms_max", swapMsMax},
          {"phases", phases},
          {"phases_not_sent", skipped},
          {"last_rejection", lastRejection}};
}

AmsBenchRow AmsBenchRunner::run(const AmsBenchSettings& settings, AmsTeacherCache& teacher,
                                const std::vector<double>& noneWindows, const Progress& progress) {
  Emulation emulation(settings, teacher);
  return emulation.run(noneWindows, progress);
}

}  // namespace edgescope
