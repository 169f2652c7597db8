#pragma once
/// @file TestPrinters.h
/// QTest::toString overloads (found by ADL) so QCOMPARE failures on engine enums print names instead of crashing.

#include <QtTest>

#include "session/EngineCommand.h"
#include "session/FrameSnapshot.h"
#include "source/VideoSource.h"

namespace edgescope {

inline char* toString(const PlayState& state) { return qstrdup(stateName(state)); }
inline char* toString(const SourceState& state) { return qstrdup(stateName(state)); }
inline char* toString(const ReadStatus& status) {
  return qstrdup(status == ReadStatus::Frame ? "Frame" : status == ReadStatus::EndOfStream ? "EndOfStream" : "NoFrameYet");
}
inline char* toString(const EngineEvent::Type& type) { return qstrdup(QByteArray::number(static_cast<int>(type)).constData()); }

}  // namespace edgescope
