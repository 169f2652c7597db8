#include "ModelCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "detect/ComponentSpec.h"
#include "record/ModelCardFile.h"
#include "record/ModelCardSummary.h"
#include "turbo/TurboCard.h"
#include "util/Digest.h"
#include "util/Error.h"
#ifdef EDGESCOPE_HAVE_TORCH
#include "neural/NeuralDetectors.h"
#endif

namespace edgescope {
namespace {

QFileInfoList onnxFiles() {
  QFileInfoList files;
  QStringList seen;
  for (const QString& folder : ModelCatalog::searchFolders()) {
    for (const QFileInfo& info : QDir(folder).entryInfoList({"*.onnx"}, QDir::Files, QDir::Name)) {
      if (info.size() > 0 && !seen.contains(info.canonicalFilePath())) {
        seen << info.canonicalFilePath();
        files << info;
      }
    }
  }
  return files;
}

/// The project's own JDE models (model cards in the model folders), by file name.
QFileInfoList jdeModels() {
  QFileInfoList models;
#ifdef EDGESCOPE_HAVE_TORCH
  QStringList seen;
  for (const QString& folder : ModelCatalog::searchFolders()) {
    for (const QFileInfo& info : QDir(folder).entryInfoList({"*.json"}, QDir::Files, QDir::Name)) {
      if (seen.contains(info.canonicalFilePath()) ||
          !NeuralDetectors::isJdeModel(info.absoluteFilePath().toStdString()))
        continue;
      seen << info.canonicalFilePath();
      models << info;
    }
  }
#endif
  return models;
}

/// "c181957a7f37…": enough of a sha256 to tell cards apart.
QString shortSha(const QString& sha) { return sha.isEmpty() ? QObject::tr("unknown") : sha.left(12) + "…"; }

/// Reads @p path's enhancer card and fits it against the detector card @p detectorCard (sha @p detectorSha; both
/// empty when the detector is not jde:).
ModelCatalog::Enhancer enhancerAt(const QFileInfo& path, const QString& detectorCard, const QString& detectorSha) {
  ModelCatalog::Enhancer e;
  e.name = path.completeBaseName();
  e.cardPath = path.absoluteFilePath();
  try {
    const TurboCard card = TurboCard::read(e.cardPath.toStdString());
    e.detectorCard = QString::fromStdString(card.detectorCard);
    e.detectorSha256 = QString::fromStdString(card.detectorSha256);
  } catch (const std::exception& error) {
    e.reason = QObject::tr("cannot be read: %1").arg(QString::fromUtf8(error.what()));
    return e;
  }
  const QString builtFor = QObject::tr("built for %1 (sha %2)").arg(e.detectorCard, shortSha(e.detectorSha256));
  if (detectorCard.isEmpty()) {
    e.reason = builtFor + QObject::tr(", and the selected detector is not a jde: network (only those have one)");
  } else if (detectorSha.isEmpty()) {
    e.reason = builtFor + QObject::tr(", and the selected detector's card %1 cannot be read").arg(detectorCard);
  } else if (detectorSha != e.detectorSha256) {
    e.reason = builtFor + QObject::tr(", not the selected detector (%1, sha %2)")
                              .arg(QFileInfo(detectorCard).fileName(), shortSha(detectorSha));
  } else {
    e.fits = true;
  }
  return e;
}

bool isReid(const QString& name) { return name.contains("reid", Qt::CaseInsensitive) || name.contains("osnet", Qt::CaseInsensitive); }

}  // namespace

QStringList ModelCatalog::searchFolders() {
  QStringList folders;
  for (const QString& path : qEnvironmentVariable("EDGESCOPE_MODEL_PATH").split(':', Qt::SkipEmptyParts)) folders << path;
  folders << QCoreApplication::applicationDirPath() + "/../share/edgescope/models"
          << QStringLiteral(EDGESCOPE_MODELS_DIR) << QStringLiteral(EDGESCOPE_SHARED_DIR "/models");
  return folders;
}

QVector<ModelCatalog::Entry> ModelCatalog::detectors() {
  QVector<Entry> entries = {{QObject::tr("none (no tracking)"), QString()}, {QObject::tr("HOG people detector"), "hog"},
                               {QObject::tr("HOG, upscaled ×1.5 (small people)"), "hog?upscale=1.5"}};
  int position = 1;  // the project's own models first, right after "none"
  for (const QFileInfo& file : jdeModels())
    entries.insert(position++, {QObject::tr("EdgeScope JDE + DeepScale (%1)").arg(file.completeBaseName()),
                                "jde:" + file.absoluteFilePath()});
  for (const QFileInfo& file : onnxFiles()) {
    if (file.fileName().contains("yolox", Qt::CaseInsensitive)) {
      entries.push_back({QObject::tr("YOLOX (%1)").arg(file.fileName()), "onnx-yolox:" + file.absoluteFilePath()});
    }
  }
  return entries;
}

QVector<ModelCatalog::Entry> ModelCatalog::embedders() {
  QVector<Entry> entries = {{QObject::tr("none (IoU association)"), QString()},
                            {QObject::tr("colour histogram"), "color-hist"}};
  for (const QFileInfo& file : onnxFiles()) {
    if (isReid(file.fileName())) {
      entries.push_back({QObject::tr("ReID (%1)").arg(file.fileName()), "onnx-reid:" + file.absoluteFilePath()});
    }
  }
  return entries;
}

QString ModelCatalog::cardSummary(const QString& detectorSpec) {
  const std::string text = ModelCardFile::textForDetector(detectorSpec.toStdString());
  if (text.empty()) return {};
  try {
    return QString::fromStdString(ModelCardSummary::fromJson(text, "model card").toText());
  } catch (const Error& e) {
    return QObject::tr("The model card cannot be read: %1").arg(QString::fromUtf8(e.what()));
  }
}

QString ModelCatalog::cardFileSummary(const QString& cardPath) {
  QFile file(cardPath);
  if (!file.open(QIODevice::ReadOnly)) return {};
  try {
    return QString::fromStdString(
        ModelCardSummary::fromJson(file.readAll().toStdString(), cardPath.toStdString()).toText());
  } catch (const Error&) {
    return {};
  }
}

QString ModelCatalog::detectorCardPath(const QString& detectorSpec) {
  try {
    const ComponentSpec spec = ComponentSpec::parse(detectorSpec.toStdString());
    if (spec.scheme() != "jde" || spec.path().empty()) return {};
    const QFileInfo path(QString::fromStdString(spec.path()));
    return path.dir().filePath(path.completeBaseName() + ".json");
  } catch (const std::exception&) {
    return {};
  }
}

QString ModelCatalog::autoEnhancerPath(const QString& detectorSpec) {
  const QFileInfo card(detectorCardPath(detectorSpec));
  if (card.filePath().isEmpty()) return {};
  return card.absoluteDir().filePath("turbo_" + card.completeBaseName() + ".json");
}

QVector<ModelCatalog::Enhancer> ModelCatalog::enhancers(const QString& detectorSpec) {
  const QString detectorCard = detectorCardPath(detectorSpec);
  QString detectorSha;
  if (!detectorCard.isEmpty()) {
    try {
      detectorSha = QString::fromStdString(Digest::sha256OfFile(detectorCard.toStdString()));
    } catch (const std::exception&) {
      // unreadable: no enhancer fits (the reason says so)
    }
  }
  QFileInfoList cards;
  QStringList seen;
  const QFileInfo autoCard(autoEnhancerPath(detectorSpec));
  QStringList folders = searchFolders();
  if (autoCard.exists()) folders.prepend(autoCard.absolutePath());
  for (const QString& folder : folders) {
    for (const QFileInfo& info : QDir(folder).entryInfoList({"turbo_*.json"}, QDir::Files, QDir::Name)) {
      if (seen.contains(info.canonicalFilePath())) continue;
      seen << info.canonicalFilePath();
      cards << info;
    }
  }
  QVector<Enhancer> out;
  for (const QFileInfo& card : cards) {
    Enhancer e = enhancerAt(card, detectorCard, detectorSha);
    e.isAuto = autoCard.exists() && card.canonicalFilePath() == autoCard.canonicalFilePath();
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const Enhancer& a, const Enhancer& b) { return a.name < b.name; });
  return out;
}

QString ModelCatalog::defaultDetectorSpec() {
#ifdef EDGESCOPE_HAVE_TORCH
  std::vector<std::string> folders;
  for (const QString& folder : searchFolders()) folders.push_back(folder.toStdString());
  const std::string model = NeuralDetectors::findModel(folders);
  if (!model.empty()) return "jde:" + QFileInfo(QString::fromStdString(model)).absoluteFilePath();
#endif
  return QStringLiteral("hog");
}

}  // namespace edgescope
