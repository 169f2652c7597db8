#pragma once
// Helpers for the "Enhance this frame" engine tests (TestEnhanceFrameCommand, TestEnhanceShippedFrame): drain events
// until a condition holds, ask for turbo.enhanceFrame and wait for its answer, step one frame, compare images.
#include <QDeadlineTimer>
#include <QtTest>

#include <opencv2/core.hpp>

#include "session/EngineSession.h"
#include "session/TurboModule.h"

namespace edgescope::enhancetest {

/// Drains @p session's events into @p seen until @p done(seen) or @p timeoutMs.
template <typename Done>
bool collectEvents(EngineSession& session, std::vector<EngineEvent>& seen, Done done, int timeoutMs = 30000) {
  QDeadlineTimer deadline(timeoutMs);
  while (!deadline.hasExpired()) {
    for (auto& event : session.takeEvents()) seen.push_back(std::move(event));
    if (done(seen)) return true;
    QTest::qWait(5);
  }
  return false;
}

/// The first event of @p type whose message contains @p text, or null.
inline const EngineEvent* find(const std::vector<EngineEvent>& events, EngineEvent::Type type,
                               const QString& text = {}) {
  for (const auto& e : events) {
    if (e.type == type && QString::fromStdString(e.message).contains(text)) return &e;
  }
  return nullptr;
}

/// Posts turbo.enhanceFrame and waits for its answer: the Images event, or the Warning naming the command.
inline const EngineEvent* enhance(EngineSession& session, std::vector<EngineEvent>& events, int timeoutMs = 30000) {
  events.clear();
  session.post(EngineCommand::moduleCommand(TurboModule::kEnhanceFrameCommand));
  const auto answered = [](const std::vector<EngineEvent>& seen) {
    return find(seen, EngineEvent::Type::Images) || find(seen, EngineEvent::Type::Warning, "turbo.enhanceFrame");
  };
  if (!collectEvents(session, events, answered, timeoutMs)) return nullptr;
  if (const EngineEvent* images = find(events, EngineEvent::Type::Images)) return images;
  return find(events, EngineEvent::Type::Warning, "turbo.enhanceFrame");
}

/// Steps one frame and returns its snapshot.
inline std::shared_ptr<const FrameSnapshot> stepOnce(EngineSession& session, std::uint64_t& seen) {
  session.post(EngineCommand::step());
  QDeadlineTimer deadline(30000);
  while (!deadline.hasExpired()) {
    if (auto snapshot = session.takeFrameIfNewer(seen)) return snapshot;
    QTest::qWait(5);
  }
  return nullptr;
}

/// Mean absolute difference per channel value of two 8-bit BGR images of one size.
inline double meanAbsDiff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar mean = cv::mean(diff);
  return (mean[0] + mean[1] + mean[2]) / 3.0;
}

}  // namespace edgescope::enhancetest
