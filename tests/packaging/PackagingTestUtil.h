#pragma once
// Helpers shared by the packaging tests: running a program and reading a text file.
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace edgescope::testing {

struct ProgramResult {
  int code = -1;  ///< exit code; -1 when the program did not start, crashed or ran past the timeout
  QString out, err;
};

/// Runs @p program with @p args in @p workingDir (when not empty), waiting up to @p timeoutMs.
inline ProgramResult runProgram(const QString& program, const QStringList& args, int timeoutMs = 60000,
                                const QString& workingDir = {}) {
  QProcess process;
  if (!workingDir.isEmpty()) process.setWorkingDirectory(workingDir);
  process.start(program, args);
  ProgramResult result;
  if (!process.waitForStarted(10000)) {
    result.err = program + ": " + process.errorString();
    return result;
  }
  if (!process.waitForFinished(timeoutMs)) process.kill();
  process.waitForFinished(5000);
  result.out = QString::fromUtf8(process.readAllStandardOutput());
  result.err = QString::fromUtf8(process.readAllStandardError());
  if (process.exitStatus() == QProcess::NormalExit) result.code = process.exitCode();
  return result;
}

/// The text of @p path, empty when it cannot be read.
inline QString readText(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

}  // namespace edgescope::testing
