#include "ams/AmsCsvRecord.h"

#include "record/CsvText.h"

namespace edgescope {

std::string AmsCsvRecord::header() {
  return "kind,version,bytes,index_bytes,value_bytes,selected,frames,rate_fps,phi_mean,update_interval_s,train_ms,"
         "staleness_ms,loss_before,loss_after,f1_before,f1_after,stage_ms";
}

std::string AmsCsvRecord::fields() const {
  std::string line = CsvText::field(kind);
  for (const std::uint64_t count :
       {version, bytes, indexBytes, valueBytes, std::uint64_t{selected}, std::uint64_t{frames}}) {
    line += "," + std::to_string(count);
  }
  for (const double value :
       {rateFps, phiMean, updateIntervalS, trainMs, stalenessMs, lossBefore, lossAfter, f1Before, f1After, stageMs}) {
    line += "," + CsvText::number(value);
  }
  return line;
}

}  // namespace edgescope
