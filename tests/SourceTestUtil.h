#pragma once
/// @file SourceTestUtil.h
/// Helpers shared by the source tests.

#include <QString>
#include <string>

#include "source/SourceFactory.h"
#include "util/Error.h"

/// The message of the Error SourceFactory::open(@p uri) throws, or an empty string when it opens.
inline QString sourceOpenError(const std::string& uri, const std::string& groundTruth = {}) {
  try {
    edgescope::SourceFactory::open(uri, groundTruth);
  } catch (const edgescope::Error& e) {
    return e.what();
  }
  return {};
}
