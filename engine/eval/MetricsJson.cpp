#include "eval/MetricsJson.h"

namespace edgescope {

void MetricsJson::write(JsonWriter& json, const MotMetrics& m) {
  json.beginObject();
  json.key("MOTA").value(m.mota);
  json.key("MOTP").value(m.motp);
  json.key("IDF1").value(m.idf1);
  json.key("IDP").value(m.idp);
  json.key("IDR").value(m.idr);
  json.key("HOTA").value(m.hota.hota);
  json.key("DetA").value(m.hota.detA);
  json.key("AssA").value(m.hota.assA);
  json.key("LocA").value(m.hota.locA);
  json.key("Recall").value(m.recall);
  json.key("Precision").value(m.precision);
  json.key("FP").value(m.fp);
  json.key("FN").value(m.fn);
  json.key("IDSW").value(m.idsw);
  json.key("Frag").value(m.frag);
  json.key("MT").value(m.mt);
  json.key("PT").value(m.pt);
  json.key("ML").value(m.ml);
  json.key("GT_IDs").value(m.gtIds);
  json.endObject();
}

std::string MetricsJson::toString(const MotMetrics& metrics) {
  JsonWriter json;
  write(json, metrics);
  return json.str();
}

}  // namespace edgescope
