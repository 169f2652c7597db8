#pragma once
// Small helpers shared by several test executables (header-only; tests link Qt).
#include <QProcess>
#include <QString>
#include <QStringList>

#include "util/Error.h"

namespace edgescope::testing {

/// The message of the edgescope::Error thrown by @p action, or "<no error>".
template <typename Action>
QString errorOf(Action action) {
  try {
    action();
  } catch (const Error& e) {
    return QString::fromStdString(e.what());
  }
  return "<no error>";
}

struct CliResult {
  int code;
  QString out, err;
};

/// Runs the built edgescope-cli with @p args (and @p environment when not empty); waits up to 2 minutes.
inline CliResult runCli(const QStringList& args, const QProcessEnvironment& environment = {}) {
  QProcess process;
  if (!environment.isEmpty()) process.setProcessEnvironment(environment);
  process.start(EDGESCOPE_BIN_DIR "/edgescope-cli", args);
  process.waitForFinished(120000);
  return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
          QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

}  // namespace edgescope::testing
