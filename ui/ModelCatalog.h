#pragma once
/// @file ModelCatalog.h
/// What the console can offer as detectors and ReID embedders: the built-in ones (hog, color-hist) plus ONNX files
/// found in the model folders (the project's models/, folders in $EDGESCOPE_MODEL_PATH, and, for developers, the
/// shared teacher models when ../shared is present). Only existing files are offered (GUI thread). Turbo enhancers
/// (issue 21): the turbo_*.json cards in those folders (and the one beside a jde: detector), each checked against
/// the selected detector's card by sha256, torch-free.

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
  /// A Turbo enhancer card and whether it belongs to the detector asked about.
  struct Enhancer {
    QString name;            ///< the card's file base name, e.g. "turbo_jde_yolox_s8"
    QString cardPath;        ///< absolute path of its card
    QString detectorCard;    ///< file name of the detector card it was built for ("" when unreadable)
    QString detectorSha256;  ///< that card's sha256 as the enhancer records it
    bool fits = false;       ///< built for the detector asked about (same card sha256)
    bool isAuto = false;     ///< the card turbo.enabled ("auto") loads for that detector
    QString reason;          ///< why it does not fit (or cannot be read); "" when it fits
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
  /// The detector's card path of a "jde:PATH[?…]" spec (PATH with extension .json), "" for another spec.
  static QString detectorCardPath(const QString& detectorSpec);
  /// The card "auto" loads for @p detectorSpec: turbo_<card stem>.json beside its card ("" when not jde:; the file
  /// need not exist).
  static QString autoEnhancerPath(const QString& detectorSpec);
  /// Every turbo_*.json card in the folders plus the auto one beside @p detectorSpec's card when it exists, by name,
  /// each fitted against @p detectorSpec (none fits a detector that is not jde:).
  static QVector<Enhancer> enhancers(const QString& detectorSpec);
  /// The summary of the model card at @p cardPath (a jde or Turbo card), "" when it cannot be read.
  static QString cardFileSummary(const QString& cardPath);
};

}  // namespace edgescope
