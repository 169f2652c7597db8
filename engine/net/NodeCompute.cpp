#include "net/NodeCompute.h"

#include <chrono>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "core/Stopwatch.h"
#include "deepscale/LadderWarmUp.h"
#include "deepscale/ResolutionLadder.h"
#include "deepscale/ResolutionSelector.h"
#include "detect/DetectorFactory.h"
#include "detect/ScalableDetector.h"
#include "net/JpegImage.h"
#include "net/NetClock.h"
#include "net/PatchCompute.h"
#include "net/StreamTrackers.h"
#include "net/WireCodec.h"
#include "net/WireConvert.h"
#include "pipeline/TrackingPipeline.h"
#include "turbo/TurboController.h"
#include "util/Error.h"

namespace edgescope {

namespace {

void scaleBoxes(std::vector<Detection>& detections, double sx, double sy) {
  for (Detection& d : detections) {
    d.box = {static_cast<float>(d.box.x * sx), static_cast<float>(d.box.y * sy), static_cast<float>(d.box.width * sx),
             static_cast<float>(d.box.height * sy)};
  }
}

}  // namespace

NodeCompute::NodeCompute(const std::string& detectorSpec, double slowdown, const std::string& patchModel, int threads,
                         const NodeTurbo::Settings& turbo)
    : detectorSpec_(detectorSpec),
      slowdown_(slowdown < 1.0 ? 1.0 : slowdown),
      detector_(DetectorFactory::create(detectorSpec)),
      scalable_(dynamic_cast<ScalableDetector*>(detector_.get())),
      trackers_(std::make_unique<StreamTrackers>(detectorSpec)),
      patches_(patchModel.empty() ? nullptr : std::make_unique<PatchCompute>(patchModel, slowdown_, threads)) {
  if (turbo.enabled()) enableTurbo(turbo);
}

void NodeCompute::enableTurbo(const NodeTurbo::Settings& settings) {
  if (!scalable_) {
    throw Error("--turbo " + settings.spec + ": detector " + detectorSpec_ + " (" + detector_->name() +
                ") has no Turbo enhancer (only jde: networks have one)");
  }
  TurboController* controller = scalable_->enableTurbo(settings.spec);  // Error naming the files
  if (!controller)
    throw Error("--turbo " + settings.spec + ": detector " + detectorSpec_ + " gave no Turbo controller");
  controller->config().enabled = true;
  controller->config().marginMs = settings.marginMs;
  if (settings.hardThreshold >= 0.0) controller->config().hardThreshold = settings.hardThreshold;
  scalable_->warmUpTurbo(cv::Size());  // the latency profile now (768×576; cached per device), not on a request
  turbo_ = std::make_unique<NodeTurbo>(*controller, slowdown_, settings.marginMs);
  controller->setExitPolicy(turbo_.get());
  turboModel_ = settings.spec;
}

NodeCompute::~NodeCompute() = default;

std::string NodeCompute::detectorName() const { return detector_->name(); }

wire::Envelope NodeCompute::run(const wire::Envelope& request, const std::string& peer, double queueMs) {
  wire::Envelope reply = WireConvert::replyTo(request);
  const Stopwatch clock;
  try {
    if (request.has_detect_request()) {
      wire::DetectReply* detect = reply.mutable_detect_reply();
      detect->set_queue_ms(queueMs);
      this->detect(request.detect_request(), detect);
    } else if (request.has_track_request()) {
      wire::TrackReply* track = reply.mutable_track_reply();
      track->set_queue_ms(queueMs);
      trackers_->run(peer, request.track_request(), track);
    } else if (request.has_patch_request() && patches_) {
      wire::PatchReply* patch = reply.mutable_patch_reply();
      patch->set_queue_ms(queueMs);
      patches_->run(request.patch_request(), patch);  // stretches its own batches
      reply.set_server_ms(queueMs + clock.elapsedMs());
      reply.set_sent_at_us(NetClock::nowUs());
      return reply;
    } else {
      return WireConvert::errorReply(request, wire::ERROR_UNSUPPORTED,
                                     std::string("no compute for body ") + WireCodec::bodyName(request));
    }
  } catch (const Error& error) {
    const std::string text = error.what();
    const bool image = text.rfind("jpeg:", 0) == 0;
    const bool bad = text.rfind("wire:", 0) == 0;  // a patch size the model does not serve
    return WireConvert::errorReply(
        request, bad ? wire::ERROR_BAD_REQUEST : image ? wire::ERROR_BAD_IMAGE : wire::ERROR_COMPUTE, text);
  } catch (const std::exception& error) {
    return WireConvert::errorReply(request, wire::ERROR_COMPUTE, error.what());
  }
  stretch(clock.elapsedMs());
  reply.set_server_ms(queueMs + clock.elapsedMs());
  reply.set_sent_at_us(NetClock::nowUs());
  return reply;
}

void NodeCompute::detect(const wire::DetectRequest& request, wire::DetectReply* reply) {
  Stopwatch clock;
  const cv::Mat image = JpegImage::decode(request.jpeg());
  reply->set_decode_ms(clock.elapsedMs());
  reply->set_frame_number(request.frame_number());
  const cv::Size source = request.source_width() > 0
                              ? cv::Size(static_cast<int>(request.source_width()), static_cast<int>(request.source_height()))
                              : image.size();
  cv::Size input(static_cast<int>(request.input_width()), static_cast<int>(request.input_height()));
  const bool select = request.run_selection() && scalable_ != nullptr && ResolutionLadder::supports(source);
  // Once per source size, outside decode and detect ms. Only with a selection, which runs the source's highest rung
  // anyway (SAT's requests), so a source size a peer merely claims costs no extra forward passes.
  if (select) warmUp_.run(*scalable_, source);
  clock.restart();
  std::vector<Detection> detections;
  cv::Size ranAt = image.size();
  if (scalable_ != nullptr) {
    if (select) input = ResolutionLadder::fromSource(source).highest();
    scalable_->setInputSize(input);
    scalable_->setDetectabilityRequested(select);
    detections = detector_->detect(image);
    ranAt = input.empty() ? cv::Size(ResolutionLadder::alignSide(image.cols), ResolutionLadder::alignSide(image.rows))
                          : input;
  } else if (!input.empty() && input != image.size()) {
    cv::Mat resized;
    cv::resize(image, resized, input, 0, 0, cv::INTER_AREA);
    detections = detector_->detect(resized);
    scaleBoxes(detections, double(image.cols) / input.width, double(image.rows) / input.height);
    ranAt = input;
  } else {
    detections = detector_->detect(image);
  }
  scaleBoxes(detections, double(source.width) / image.cols, double(source.height) / image.rows);
  reply->set_ran_width(static_cast<std::uint32_t>(ranAt.width));
  reply->set_ran_height(static_cast<std::uint32_t>(ranAt.height));
  if (select) {
    const DeepScaleConfig settings = WireConvert::deepScaleConfig(request.deepscale());
    ResolutionSelector selector(std::vector<double>(settings.gammas.begin(), settings.gammas.end()));
    selector.setBinarizeThreshold(PipelineConfig::kDefaultDeepScaleBinarize);
    const ResolutionSelection& chosen = selector.select(scalable_->detectability());
    const cv::Size size = ResolutionLadder::fromSource(source).rung(chosen.rungIndex);
    reply->set_chosen_width(static_cast<std::uint32_t>(size.width));
    reply->set_chosen_height(static_cast<std::uint32_t>(size.height));
    for (double score : chosen.scores) reply->add_detectability_scores(score);
  }
  if (turbo_ && turbo_->outcome().planned) {
    const NodeTurbo::Outcome& turbo = turbo_->outcome();
    reply->set_turbo_exit(static_cast<std::uint32_t>(turbo.exit));
    reply->set_turbo_planned_exit(static_cast<std::uint32_t>(turbo.plannedExit));
    reply->set_turbo_yielded(turbo.yielded);
    reply->set_turbo_ms(turbo.enhanceMs);
  }
  if (detections.size() > static_cast<std::size_t>(WireCodec::kMaxBoxes)) detections.resize(WireCodec::kMaxBoxes);
  WireConvert::putDetections(detections, request.want_embeddings(), reply);
  reply->set_detect_ms(clock.elapsedMs());
}

void NodeCompute::stretch(double computeMs) const {
  if (slowdown_ <= 1.0) return;
  std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(computeMs * (slowdown_ - 1.0)));
}

}  // namespace edgescope
