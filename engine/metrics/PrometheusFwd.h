#pragma once
/// @file PrometheusFwd.h
/// Forward declarations of the prometheus-cpp types the metrics headers name, so they need not include its headers.

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
template <typename T>
class Family;
}  // namespace prometheus
