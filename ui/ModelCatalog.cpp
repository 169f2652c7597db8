#include "ModelCatalog.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "record/ModelCardFile.h"
#include "record/ModelCardSummary.h"
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
