#pragma once
/// @file CsvReport.h
/// Per-frame CSV: the frames.csv columns (frame,time_s,input_width,input_height,rung,reselected,detections,tracks,
/// total_ms, then difficulty,exit,budget_ms,turbo_ms,degrade_kind,degrade_strength when the session has Turbo or
/// degraded frames (difficulty empty when none), <stage>_ms…, then module fields such as pl_patches, empty where a
/// frame has none) followed by the metric
/// columns (MOTA,IDF1,HOTA,MOTP,recall,precision,idsw,fp,fn,gt) of the most recent metrics line at or before that
/// frame (by frame number; empty before the first). One header line,
/// one line per recorded frame, "\n" endings, doubles written so that they read back exactly. Stateless; any thread.

#include <QByteArray>
#include <QStringList>

#include "record/SessionData.h"

namespace edgescope {

class CsvReport {
 public:
  /// The header's column names.
  static QStringList header(const SessionData& data);
  static QByteArray render(const SessionData& data);
};

}  // namespace edgescope
