#include "ReportExporter.h"

#include <QFileInfo>
#include <QSaveFile>

#include "CsvReport.h"
#include "HtmlReport.h"
#include "JsonReport.h"
#include "PdfReport.h"
#include "ReportPlots.h"
#include "mot/MotFile.h"
#include "util/Error.h"

namespace edgescope {
namespace {

[[noreturn]] void cannotWrite(const QString& path, const QString& reason) {
  throw Error("cannot write report '" + path.toStdString() + "': " + reason.toStdString());
}

}  // namespace

ReportExporter::Format ReportExporter::formatFor(const QString& path) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  if (suffix == "html" || suffix == "htm") return Format::Html;
  if (suffix == "pdf") return Format::Pdf;
  if (suffix == "json") return Format::Json;
  if (suffix == "csv") return Format::Csv;
  if (suffix == "txt") return Format::MotResults;
  const QString shown = suffix.isEmpty() ? QString("(none)") : "." + QFileInfo(path).suffix();
  throw Error("unknown report format '" + shown.toStdString() + "' for '" + path.toStdString() +
              "': use .html, .pdf, .json, .csv or .txt (MOTChallenge results)");
}

QString ReportExporter::formatName(Format format) {
  switch (format) {
    case Format::Html:
      return "html";
    case Format::Pdf:
      return "pdf";
    case Format::Json:
      return "json";
    case Format::Csv:
      return "csv";
    case Format::MotResults:
      return "txt";
  }
  return {};
}

QByteArray ReportExporter::motResults(const SessionData& data) {
  QByteArray out;
  for (const MotRow& row : data.tracks)
    out += QByteArray::fromStdString(MotFile::formatRow(row, MotFormat::Mot15)) + '\n';
  return out;
}

ReportExporter::Format ReportExporter::exportTo(const SessionData& data, const QString& outPath) {
  const Format format = formatFor(outPath);
  QSaveFile file(outPath);
  if (!file.open(QIODevice::WriteOnly)) cannotWrite(outPath, file.errorString());
  const ReportSummary summary = ReportSummary::compute(data);
  switch (format) {
    case Format::Html: {
      const auto images = ReportPlots::render(data, summary);
      file.write(HtmlReport::render(data, summary, images, HtmlReport::ImageMode::Inline).toUtf8());
      break;
    }
    case Format::Pdf:
      PdfReport::write(&file, data, summary, ReportPlots::render(data, summary));
      break;
    case Format::Json:
      file.write(JsonReport::render(data, summary));
      break;
    case Format::Csv:
      file.write(CsvReport::render(data));
      break;
    case Format::MotResults:
      file.write(motResults(data));
      break;
  }
  if (!file.commit()) cannotWrite(outPath, file.errorString());
  return format;
}

}  // namespace edgescope
