#pragma once
// Test helper for the link tests: the message of the edgescope::Error that a call throws.
#include <QString>

#include "util/Error.h"

/// Runs @p call and returns the Error's message; an empty string when it throws nothing.
template <typename Call>
QString errorMessage(Call&& call) {
  try {
    call();
  } catch (const edgescope::Error& e) {
    return QString::fromUtf8(e.what());
  }
  return QString();
}
