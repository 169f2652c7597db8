#pragma once
/// @file TurboPlots.h
/// The report's Turbo figures (issue 21, paper 004), drawn offscreen like ReportPlots when the session has Turbo
/// frames (TurboSessionSummary::present): the difficulty timeline with points coloured by exit and the hard
/// threshold (a step line, left out when the recording does not know it), budget vs spent ms per frame against the
/// frame interval T (left out when unknown), the exit histogram, and the degraded frames' share by kind with the part
/// of them Turbo enhanced. Their names start with kNamePrefix, so the HTML puts them in its Turbo section. render()
/// needs a QApplication (GUI thread).

#include <vector>

#include "ReportPlots.h"
#include "ReportSummary.h"
#include "record/SessionData.h"

namespace edgescope {

class TurboPlots {
 public:
  static constexpr const char* kNamePrefix = "turbo-";

  /// The Turbo figures with data, in report order ("turbo-difficulty.png", "turbo-budget.png", "turbo-exits.png",
  /// then "turbo-degrade.png" when frames were degraded); none when !summary.turbo.present.
  static std::vector<ReportPlots::Image> render(const SessionData& data, const ReportSummary& summary);
  /// Whether @p image is one of these figures (its name starts with kNamePrefix).
  static bool isTurboImage(const ReportPlots::Image& image);

 private:
  static ReportPlots::Image difficulty(const SessionData& data, const ReportSummary& summary);
  static ReportPlots::Image budget(const SessionData& data, const ReportSummary& summary);
  static ReportPlots::Image exits(const TurboSessionSummary& turbo);
  static ReportPlots::Image degrade(const TurboSessionSummary& turbo);
};

}  // namespace edgescope
