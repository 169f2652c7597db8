// edgescope-cli tune-tracker --model MODEL.json --data SPEC [--data SPEC…] [--high-score LIST] [--new-track-score LIST]
//   [--write]
// Chooses a JDE model's tracker thresholds (track.highScore, track.newTrackScore) on labelled data the operator names
// — e.g. a validation clip of their own camera and synthetic scenes, never the frames they will judge on: every pair
// of the grid tracks every spec; the pair with the best mean MOTA (ties: IDF1) wins. --write stores it in the card
// ("tracker"), with the data it was chosen on, so every pipeline that loads the model applies it.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/Commands.h"
#include "cli/ProgressLine.h"
#include "util/Error.h"

#ifdef EDGESCOPE_HAVE_TORCH
#include "cli/ValidationRun.h"
#include "neural/JdeModelCard.h"
#include "neural/NeuralDetectors.h"
#endif

namespace edgescope {

#ifdef EDGESCOPE_HAVE_TORCH
namespace {

struct TuneOptions {
  std::string model;
  std::vector<std::string> data;
  std::vector<double> highScores{0.3, 0.4, 0.5, 0.6};
  std::vector<double> newTrackScores{0.4, 0.5, 0.6, 0.7, 0.8};
  bool write = false;
};

struct Trial {
  double high = 0, birth = 0, mota = 0, idf1 = 0;
};

int runTune(const TuneOptions& options) {
  NeuralDetectors::registerAll();
  const std::string cardPath = JdeModelCard::cardPathFor(options.model);
  JdeModelCard card = JdeModelCard::read(cardPath);
  std::vector<std::pair<double, double>> grid;
  for (double high : options.highScores)
    for (double birth : options.newTrackScores)
      if (birth >= high) grid.emplace_back(high, birth);
  if (grid.empty()) throw Error("tune-tracker: no pair with newTrackScore >= highScore in the grid");
  ProgressLine progress("tune-tracker", static_cast<std::int64_t>(grid.size() * options.data.size()));
  std::vector<Trial> trials;
  std::int64_t done = 0;
  for (const auto& [high, birth] : grid) {
    Trial trial{high, birth, 0, 0};
    for (const std::string& spec : options.data) {
      const auto metrics = ValidationRun::run("jde:" + cardPath, spec,
                                              {{"track.highScore", high}, {"track.newTrackScore", birth}});
      trial.mota += metrics.at("MOTA") / static_cast<double>(options.data.size());
      trial.idf1 += metrics.at("IDF1") / static_cast<double>(options.data.size());
      progress.update(++done);
    }
    trials.push_back(trial);
  }
  progress.finish();
  const Trial* best = &trials.front();
  std::printf("%-10s %-14s %8s %8s\n", "highScore", "newTrackScore", "MOTA", "IDF1");
  for (const Trial& t : trials) {
    std::printf("%-10.2f %-14.2f %8.3f %8.3f\n", t.high, t.birth, t.mota, t.idf1);
    if (t.mota > best->mota + 1e-9 || (t.mota > best->mota - 1e-9 && t.idf1 > best->idf1)) best = &t;
  }
  std::printf("best: track.highScore=%.2f track.newTrackScore=%.2f (mean MOTA %.3f, IDF1 %.3f over %zu spec(s))\n",
              best->high, best->birth, best->mota, best->idf1, options.data.size());
  if (!options.write) return 0;
  card.trackerDefaults["track.highScore"] = best->high;
  card.trackerDefaults["track.newTrackScore"] = best->birth;
  card.metrics["tune.MOTA"] = best->mota;
  card.metrics["tune.IDF1"] = best->idf1;
  std::string on;
  for (const std::string& spec : options.data) on += (on.empty() ? "" : "; ") + spec;
  std::vector<std::string> notes;
  for (const std::string& note : card.trainingNotes)
    if (note.rfind("tracker:", 0) != 0) notes.push_back(note);
  notes.push_back("tracker: highScore and newTrackScore chosen by edgescope-cli tune-tracker (best mean MOTA) on " + on);
  card.trainingNotes = notes;
  card.write(cardPath);
  std::cerr << "wrote the tracker settings into " << cardPath << "\n";
  return 0;
}

}  // namespace

Command addTuneTrackerCommand(CLI::App& cli) {
  CLI::App* command = cli.add_subcommand("tune-tracker", "choose a JDE model's tracker thresholds on labelled data");
  auto options = std::make_shared<TuneOptions>();
  command->add_option("--model", options->model, "the JDE model card")->required()->type_name("MODEL.json");
  command->add_option("--data", options->data, "labelled data SPEC: SOURCE[,gt=FILE][,frames=A:B]")
      ->required()
      ->allow_extra_args(false)
      ->type_name("SPEC");
  command->add_option("--high-score", options->highScores, "track.highScore values tried")
      ->delimiter(',')
      ->type_name("LIST")
      ->capture_default_str();
  command->add_option("--new-track-score", options->newTrackScores, "track.newTrackScore values tried")
      ->delimiter(',')
      ->type_name("LIST")
      ->capture_default_str();
  command->add_flag("--write", options->write, "store the best pair in the model card");
  return [options] { return runTune(*options); };
}

#else

Command addTuneTrackerCommand(CLI::App& cli) {
  cli.add_subcommand("tune-tracker", "choose a JDE model's tracker thresholds (needs LibTorch: not in this build)")
      ->prefix_command();
  return []() -> int {
    throw Error("this edgescope-cli was built without LibTorch (-DEDGESCOPE_WITH_TORCH=OFF); tune-tracker needs it");
  };
}

#endif

}  // namespace edgescope
