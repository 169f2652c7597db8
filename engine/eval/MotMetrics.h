#pragma once
/// @file MotMetrics.h
/// All tracking metrics of one accumulation (one sequence or several scored together). Rates are fractions (0–1;
/// MOTA may be negative), counts are detections or identities.

#include <cstdint>

#include "eval/ClearMotAccumulator.h"
#include "eval/HotaAccumulator.h"

namespace edgescope {

/// Value type; safe to copy between threads.
/// The CLEAR MOT counts (tp, fp, fn, idsw, frag, mt, pt, ml, gtIds, gtDetections, hypDetections, iouSum) come from
/// ClearMotCounts.
struct MotMetrics : ClearMotCounts {
  // CLEAR MOT rates (py-motmetrics / MOTChallenge devkit conventions, IoU >= 0.5).
  double mota = 0.0;       ///< 1 − (FN + FP + IDSW) / GT
  double motp = 0.0;       ///< mean IoU of the matches (TrackEval's convention; 1 − py-motmetrics' distance MOTP)
  double recall = 0.0;     ///< TP / GT
  double precision = 0.0;  ///< TP / (TP + FP)
  // Identity metrics.
  double idf1 = 0.0;
  double idp = 0.0;
  double idr = 0.0;
  std::int64_t idtp = 0;
  std::int64_t idfp = 0;
  std::int64_t idfn = 0;
  // HOTA family (means over α = 0.05 … 0.95).
  HotaResult hota;
  // Bookkeeping.
  std::int64_t frames = 0;     ///< frames added (also those with no rows)
  std::int64_t sequences = 0;  ///< sequences in the accumulation
};

}  // namespace edgescope
