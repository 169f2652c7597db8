#include "eval/MetricsTable.h"

#include <cstdio>

namespace edgescope {
namespace {

std::string percent(const char* name, double fraction, const char* what) {
  char line[160];
  std::snprintf(line, sizeof(line), "  %-10s %8.2f %%   %s\n", name, 100.0 * fraction, what);
  return line;
}

std::string count(const char* name, std::int64_t value, const char* what) {
  char line[160];
  std::snprintf(line, sizeof(line), "  %-10s %8lld     %s\n", name, static_cast<long long>(value), what);
  return line;
}

}  // namespace

std::string MetricsTable::format(const MotMetrics& m, const std::string& title) {
  std::string out;
  if (!title.empty()) out += title + "\n";
  out += "CLEAR MOT (IoU >= 0.5)\n";
  out += percent("MOTA", m.mota, "1 - (FN + FP + IDSW) / GT");
  out += percent("MOTP", m.motp, "mean IoU of matches");
  out += percent("Recall", m.recall, "TP / GT");
  out += percent("Precision", m.precision, "TP / (TP + FP)");
  out += count("FP", m.fp, "false positives");
  out += count("FN", m.fn, "missed GT boxes");
  out += count("IDSW", m.idsw, "identity switches");
  out += count("Frag", m.frag, "track fragmentations");
  out += count("MT", m.mt, "mostly tracked (>= 80 %)");
  out += count("PT", m.pt, "partially tracked");
  out += count("ML", m.ml, "mostly lost (< 20 %)");
  out += count("GT_IDs", m.gtIds, "ground-truth identities");
  out += "Identity\n";
  out += percent("IDF1", m.idf1, "identity F1");
  out += percent("IDP", m.idp, "identity precision");
  out += percent("IDR", m.idr, "identity recall");
  out += "HOTA (mean over alpha 0.05..0.95)\n";
  out += percent("HOTA", m.hota.hota, "sqrt(DetA * AssA)");
  out += percent("DetA", m.hota.detA, "detection accuracy");
  out += percent("AssA", m.hota.assA, "association accuracy");
  out += percent("LocA", m.hota.locA, "localisation accuracy");
  char footer[160];
  std::snprintf(footer, sizeof(footer), "%lld frames, %lld GT boxes, %lld hypothesis boxes\n",
                static_cast<long long>(m.frames), static_cast<long long>(m.gtDetections),
                static_cast<long long>(m.hypDetections));
  return out + footer;
}

}  // namespace edgescope
