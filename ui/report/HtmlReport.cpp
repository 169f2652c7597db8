#include "HtmlReport.h"

#include "ReportTables.h"
#include "ReportText.h"
#include "TurboPlots.h"

namespace edgescope {
namespace {

constexpr const char* kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;font-size:10pt;color:#222;max-width:1000px;margin:24px auto;}"
    "h1{font-size:17pt;margin-bottom:4px;}h2{font-size:13pt;margin-top:20px;border-bottom:1px solid #bbb;}"
    "h3{font-size:11pt;}table{border-collapse:collapse;margin:6px 0;border-color:#bbb;}"
    "th{background:#e8eef6;text-align:left;}td,th{padding:2px 6px;border:1px solid #bbb;vertical-align:top;}"
    "td.code{word-break:break-all;max-width:720px;}code,pre{font-family:'DejaVu Sans Mono',monospace;font-size:8.5pt;}"
    "pre{white-space:pre-wrap;word-break:break-all;}.note{color:#555;}"
    ".complete{color:#1a7f37;font-weight:bold;}.interrupted{color:#b3261e;font-weight:bold;}"
    ".plot{color:#555;margin:10px 0;}img{max-width:100%;}";
/// Shown width of the plots: fits A4 with 2 cm margins at 96 dpi (the PDF) and leaves room in a browser.
constexpr int kImageWidthPx = 600;

QString imageSource(const ReportPlots::Image& image, HtmlReport::ImageMode mode) {
  if (mode == HtmlReport::ImageMode::Resource) return ReportText::escape(image.name);
  return "data:image/png;base64," + QString::fromLatin1(image.png.toBase64());
}

QString figure(const ReportPlots::Image& image, HtmlReport::ImageMode mode) {
  return "<p class=\"plot\"><img src=\"" + imageSource(image, mode) + "\" width=\"" + QString::number(kImageWidthPx) +
         "\" alt=\"" + ReportText::escape(image.title) + "\"><br>\n" + ReportText::escape(image.title) + "</p>\n";
}

/// Every figure except Turbo's (those go into the Turbo section).
QString plots(const std::vector<ReportPlots::Image>& images, HtmlReport::ImageMode mode) {
  QString html = "<h2>Plots</h2>\n";
  int shown = 0;
  for (const ReportPlots::Image& image : images) {
    if (TurboPlots::isTurboImage(image)) continue;
    html += figure(image, mode);
    ++shown;
  }
  return shown > 0 ? html : html + "<p class=\"note\">No data to plot.</p>\n";
}

/// The Turbo section: its tables, then its figures; "" without Turbo frames.
QString turbo(const ReportSummary& summary, const std::vector<ReportPlots::Image>& images, HtmlReport::ImageMode mode) {
  QString html = ReportTables::turbo(summary);
  if (html.isEmpty()) return html;
  for (const ReportPlots::Image& image : images) {
    if (TurboPlots::isTurboImage(image)) html += figure(image, mode);
  }
  return html;
}

}  // namespace

QString HtmlReport::title(const SessionData& data) {
  const std::string& name = data.manifest.sourceName.empty() ? data.manifest.sourceUri : data.manifest.sourceName;
  return "EdgeScope session report — " + ReportText::fromStd(name);
}

QString HtmlReport::render(const SessionData& data, const ReportSummary& summary,
                           const std::vector<ReportPlots::Image>& images, ImageMode mode) {
  const QString heading = ReportText::escape(title(data));
  QString html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + heading +
                 "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<h1>" + heading + "</h1>\n";
  html += QString("<p><span class=\"%1\">%2</span> — recorded by %3, %4 frames, %5</p>\n")
              .arg(summary.interrupted ? "interrupted" : "complete", ReportText::escape(ReportTables::status(summary)),
                   ReportText::escape(data.manifest.tool), QString::number(summary.frameCount),
                   ReportText::escape(data.manifest.created));
  html += ReportTables::session(data, summary);
  html += ReportTables::metrics(summary);
  html += ReportTables::model(data);
  html += ReportTables::initialParameters(data);
  html += ReportTables::knobs(summary);
  html += ReportTables::latency(summary);
  html += ReportTables::resolutions(summary);
  html += plots(images, mode);
  html += turbo(summary, images, mode);
  html += ReportTables::notes(data);
  return html + "</body>\n</html>\n";
}

}  // namespace edgescope
