#include "turbo/GainProfile.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "util/Error.h"
#include "util/JsonNode.h"

namespace edgescope {

namespace {

std::string cell(int bucket, int exit) { return "gains[" + std::to_string(bucket) + "][" + std::to_string(exit) + "]"; }

}  // namespace

GainProfile::GainProfile() : gains_(kBucketCount, std::vector<double>(1, 0.0)) {}

GainProfile::GainProfile(std::vector<std::vector<double>> gains) : gains_(std::move(gains)) {
  if (static_cast<int>(gains_.size()) != kBucketCount) {
    throw Error("GainProfile: gains has " + std::to_string(gains_.size()) + " buckets, expected " +
                std::to_string(kBucketCount));
  }
  const size_t exits = gains_.front().size();
  if (exits == 0) throw Error("GainProfile: gains[0] has no exits, expected at least exit 0");
  for (int b = 0; b < kBucketCount; ++b) {
    const auto& row = gains_[b];
    if (row.size() != exits) {
      throw Error("GainProfile: gains[" + std::to_string(b) + "] has " + std::to_string(row.size()) +
                  " exits, expected " + std::to_string(exits) + " (as gains[0])");
    }
    for (size_t e = 0; e < exits; ++e) {
      if (!std::isfinite(row[e])) throw Error("GainProfile: " + cell(b, static_cast<int>(e)) + " is not finite");
    }
    if (row[0] != 0.0) throw Error("GainProfile: " + cell(b, 0) + " must be 0 (exit 0 is the plain detector)");
  }
}

int GainProfile::bucketOf(double d) {
  if (std::isnan(d)) throw Error("GainProfile: difficulty is NaN");
  const double clamped = std::clamp(d, 0.0, 1.0);
  return std::min(kBucketCount - 1, static_cast<int>(std::floor(clamped * kBucketCount)));
}

double GainProfile::gain(double d, int exit) const { return gainAt(bucketOf(d), exit); }

double GainProfile::gainAt(int bucket, int exit) const {
  if (bucket < 0 || bucket >= kBucketCount)
    throw Error("GainProfile: bucket " + std::to_string(bucket) + " out of range");
  if (exit < 0 || exit > maxExit()) {
    throw Error("GainProfile: exit " + std::to_string(exit) + " outside 0.." + std::to_string(maxExit()));
  }
  return gains_[bucket][exit];
}

Json GainProfile::toJson() const {
  Json json = Json::object();
  json["bucketWidth"] = kBucketWidth;
  json["maxExit"] = maxExit();
  Json rows = Json::array();
  for (const auto& row : gains_) rows.push_back(Json(row));
  json["gains"] = rows;
  return json;
}

GainProfile GainProfile::fromJson(const JsonNode& node) {
  const JsonNode width = node["bucketWidth"];
  if (std::fabs(width.asDouble() - kBucketWidth) > 1e-12) {
    throw Error(width.location() + ": bucket width " + std::to_string(width.asDouble()) + ", expected 0.1");
  }
  const JsonNode maxExitNode = node["maxExit"];
  const int maxExit = maxExitNode.asInt();
  if (maxExit < 0) throw Error(maxExitNode.location() + ": maxExit must be >= 0");
  const JsonNode rows = node["gains"];
  if (!rows.isArray() || static_cast<int>(rows.size()) != kBucketCount) {
    throw Error(rows.location() + ": expected an array of " + std::to_string(kBucketCount) + " buckets");
  }
  std::vector<std::vector<double>> gains;
  for (int b = 0; b < kBucketCount; ++b) {
    const JsonNode row = rows.at(b);
    if (!row.isArray() || static_cast<int>(row.size()) != maxExit + 1) {
      throw Error(row.location() + ": expected an array of " + std::to_string(maxExit + 1) + " exits (maxExit " +
                  std::to_string(maxExit) + ")");
    }
    std::vector<double> values;
    for (int e = 0; e <= maxExit; ++e) {
      const JsonNode v = row.at(e);
      values.push_back(v.asDouble());
      if (!std::isfinite(values.back())) throw Error(v.location() + ": expected a finite number");
      if (e == 0 && values.back() != 0.0) throw Error(v.location() + ": exit 0 gain must be 0");
    }
    gains.push_back(std::move(values));
  }
  return GainProfile(std::move(gains));
}

}  // namespace edgescope
