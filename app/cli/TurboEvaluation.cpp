#include "cli/TurboEvaluation.h"

#include <algorithm>

#include "degrade/ImageDegrader.h"
#include "eval/DetectionAccumulator.h"
#include "turbo/DifficultyScore.h"
#include "turbo/GainProfileBuilder.h"
#include "util/Rng.h"

namespace edgescope {
namespace {

std::vector<MotRow> rowsOf(const TrainingSample& sample) {
  std::vector<MotRow> rows;
  for (const LabeledBox& b : sample.boxes) {
    MotRow row;
    row.box = b.box;
    row.classId = 1;
    rows.push_back(row);
  }
  return rows;
}

std::vector<float> scoresOf(const std::vector<Detection>& detections) {
  std::vector<float> scores;
  for (const Detection& d : detections) scores.push_back(d.score);
  return scores;
}

}  // namespace

std::map<std::string, double> TurboEvaluationResult::metrics() const {
  std::map<std::string, double> out;
  for (std::size_t e = 0; e < ap50Clean.size(); ++e) {
    out["AP50.clean.exit" + std::to_string(e)] = ap50Clean[e];
    out["AP50.degraded.exit" + std::to_string(e)] = ap50Degraded[e];
  }
  out["auroc.discriminator"] = discriminatorAuroc;
  out["auroc.confidence"] = confidenceAuroc;
  out["frames"] = frames;
  out["oracle_hard"] = oracleHard;
  return out;
}

double TurboEvaluation::auroc(const std::vector<double>& score, const std::vector<bool>& positive) {
  double pairs = 0.0, wins = 0.0;
  for (std::size_t i = 0; i < score.size(); ++i) {
    if (!positive[i]) continue;
    for (std::size_t j = 0; j < score.size(); ++j) {
      if (positive[j]) continue;
      pairs += 1.0;
      wins += score[i] > score[j] ? 1.0 : score[i] == score[j] ? 0.5 : 0.0;
    }
  }
  return pairs > 0 ? wins / pairs : 0.5;
}

TurboEvaluationResult TurboEvaluation::run(TurboInference& inference, const std::vector<TrainingSample>& samples,
                                           int every, const DegradationSpec& degrade, double scoreFloor,
                                           const Progress& progress) {
  const int exits = inference.exits();
  std::vector<DetectionAccumulator> clean(static_cast<std::size_t>(exits + 1)), degraded(clean.size());
  GainProfileBuilder gain(exits);
  std::vector<double> discriminator, confidence;
  std::vector<bool> oracle;
  TurboEvaluationResult result;
  const int step = std::max(1, every);
  const int total = (static_cast<int>(samples.size()) + step - 1) / step;
  int done = 0;
  for (std::size_t i = 0; i < samples.size(); i += static_cast<std::size_t>(step)) {
    const TrainingSample& sample = samples[i];
    const std::vector<MotRow> gt = rowsOf(sample);
    Rng rng(Rng::mix(degrade.seed, i));
    FrameDegradation kind;
    kind.kind = degrade.kinds.at(static_cast<std::size_t>(rng.uniformInt(0, static_cast<int>(degrade.kinds.size()) - 1)));
    kind.strength = rng.uniform(degrade.strengthMin, degrade.strengthMax);
    const cv::Mat twins[2] = {sample.image, ImageDegrader::apply(sample.image, kind, rng.nextU64())};
    const cv::Size size(std::max(32, sample.image.cols / 32 * 32), std::max(32, sample.image.rows / 32 * 32));
    for (int twin = 0; twin < 2; ++twin) {
      std::vector<double> frameAp;
      double dDiscriminator = 0.0, dConfidence = 0.0;
      for (int exit = 0; exit <= exits; ++exit) {
        TurboInference::Options options;
        options.discriminator = exit == 0;
        const TurboFrameResult r = inference.run(twins[twin], size, options, [exit](double, const std::vector<Detection>*) { return exit; });
        auto& accumulator = twin == 0 ? clean : degraded;
        accumulator[static_cast<std::size_t>(exit)].addFrame(static_cast<std::int64_t>(i) + 1, gt, r.detections);
        frameAp.push_back(DetectionAccumulator::frameAp50(gt, r.detections));
        if (exit == 0) {
          dDiscriminator = r.discriminatorDifficulty;
          dConfidence = DifficultyScore::fromConfidences(scoresOf(r.detections), scoreFloor, !gt.empty());
          discriminator.push_back(dDiscriminator);
          confidence.push_back(dConfidence);
          oracle.push_back(DetectionAccumulator::frameF1(gt, r.detections, scoreFloor) < 0.8);
        }
      }
      ++result.bucketFrames[static_cast<std::size_t>(GainProfile::bucketOf(dConfidence))];
      for (int exit = 1; exit <= exits; ++exit)
        gain.addSample(dConfidence, exit, 100.0 * (frameAp[static_cast<std::size_t>(exit)] - frameAp[0]));
    }
    if (progress) progress(++done, total);
  }
  for (int exit = 0; exit <= exits; ++exit) {
    result.ap50Clean.push_back(100.0 * clean[static_cast<std::size_t>(exit)].ap50());
    result.ap50Degraded.push_back(100.0 * degraded[static_cast<std::size_t>(exit)].ap50());
  }
  result.gain = gain.finish();
  result.discriminatorAuroc = auroc(discriminator, oracle);
  result.confidenceAuroc = auroc(confidence, oracle);
  result.frames = static_cast<int>(oracle.size());
  result.oracleHard = static_cast<int>(std::count(oracle.begin(), oracle.end(), true));
  return result;
}

}  // namespace edgescope
