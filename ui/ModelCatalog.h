#pragma once
/// @file ModelCatalog.h
/// What the console can offer as detectors and ReID embedders: the built-in ones (hog, color-hist) plus ONNX files
/// found in the model folders (the project's models/, folders in $EDGESCOPE_MODEL_PATH, and, for developers, the
/// shared teacher models when ../shared is present). Only existing files are offered (GUI thread).

#include <QString>
#include <QStringList>
#include <QVector>

namespace edgescope {

class ModelCatalog {
 public:
  struct Entry {
    QString label;  ///< shown in the UI, e.g. "YOLOX (yolox_nano.onnx)"
    QString spec;   ///< DetectorFactory / EmbedderFactory spec; empty = none
  };
  /// Folders searched, in order.
  static QStringList searchFolders();
  static QVector<Entry> detectors();
  static QVector<Entry> embedders();
  /// The default detector: the project's own model once models/ has one, else hog — never a shared teacher.
  static QString defaultDetectorSpec();
  /// The model card summary of a detector spec (architecture, training data, lineage, validation; one line each),
  /// "" when the detector has no card (not jde:), or a line saying why the card could not be read.
  static QString cardSummary(const QString& detectorSpec);
};

}  // namespace edgescope
