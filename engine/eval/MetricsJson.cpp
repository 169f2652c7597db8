#include "eval/MetricsJson.h"

#include <nlohmann/json.hpp>

namespace edgescope {

Json MetricsJson::toJson(const MotMetrics& m) {
  Json json = Json::object();
  json["MOTA"] = m.mota;
  json["MOTP"] = m.motp;
  json["IDF1"] = m.idf1;
  json["IDP"] = m.idp;
  json["IDR"] = m.idr;
  json["HOTA"] = m.hota.hota;
  json["DetA"] = m.hota.detA;
  json["AssA"] = m.hota.assA;
  json["LocA"] = m.hota.locA;
  json["Recall"] = m.recall;
  json["Precision"] = m.precision;
  json["FP"] = m.fp;
  json["FN"] = m.fn;
  json["IDSW"] = m.idsw;
  json["Frag"] = m.frag;
  json["MT"] = m.mt;
  json["PT"] = m.pt;
  json["ML"] = m.ml;
  json["GT_IDs"] = m.gtIds;
  return json;
}

std::string MetricsJson::toString(const MotMetrics& metrics) {
  return JsonDocument::dump(toJson(metrics));
}

}  // namespace edgescope
