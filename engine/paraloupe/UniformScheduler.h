#pragma once
/// @file UniformScheduler.h
/// The "Uniform" baseline of paper 002 (Fig. 22): patches go round robin over the devices in order, each at the
/// largest size that still fits there (else the next device; shed when none fits). Deterministic; any thread.

#include "paraloupe/PatchScheduler.h"

namespace edgescope {

class UniformScheduler : public PatchScheduler {
 public:
  const char* name() const override { return "uniform"; }
  ScheduleResult solve(const SchedulingProblem& problem) override;
};

}  // namespace edgescope
