#include "PdfReport.h"

#include <QImage>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include "HtmlReport.h"
#include "util/Error.h"

namespace edgescope {

void PdfReport::write(QIODevice* device, const SessionData& data, const ReportSummary& summary,
                      const std::vector<ReportPlots::Image>& images) {
  QPdfWriter writer(device);
  writer.setTitle(HtmlReport::title(data));
  writer.setCreator("EdgeScope");
  writer.setResolution(300);
  writer.setPageLayout(
      QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
  QTextDocument document;
  for (const ReportPlots::Image& image : images) {
    QImage decoded;
    if (!decoded.loadFromData(image.png, "PNG"))
      throw Error("report: plot '" + image.name.toStdString() + "' is not a PNG");
    document.addResource(QTextDocument::ImageResource, QUrl(image.name), decoded);
  }
  document.setHtml(HtmlReport::render(data, summary, images, HtmlReport::ImageMode::Resource));
  document.print(&writer);
}

}  // namespace edgescope
