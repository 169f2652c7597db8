#pragma once
/// @file ModuleRecordLine.h
/// One line an EngineModule adds to a feature file of the session recording (e.g. AMS's ams.csv): the recording
/// writes "time_s,frame," before the module's header and fields (record/SessionRecorder.h, appendLines).

#include <string>

namespace edgescope {

/// Value type.
struct ModuleRecordLine {
  std::string file;    ///< plain file name in the session folder ("ams.csv"), not one of the session's own files
  std::string header;  ///< the module's column names, comma-separated (the same for every line of the file)
  std::string fields;  ///< the module's values, comma-separated (CsvText::number / CsvText::field)
};

}  // namespace edgescope
