#pragma once
/// @file ThreadName.h
/// Names the calling thread (visible in gdb, top -H, perf). Linux limits names to 15 characters; longer are cut.

#include <string>

namespace edgescope {

void setCurrentThreadName(const std::string& name);
std::string currentThreadName();

}  // namespace edgescope
