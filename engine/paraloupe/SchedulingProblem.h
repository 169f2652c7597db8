#pragma once
/// @file SchedulingProblem.h
/// Problem P of paper 002 (Eq. 4) for one frame: assign each patch k one (device i, patch size j) or shed it, to
/// maximise U = (1/K)·Σ_k u_k with u_k = y_k·(α^j − γ·c_i) for a placed patch and u_k = kShedUtility·y_k for a shed
/// one, subject to T_i ≤ budget on every device. Unlike the paper's 4b, T_i counts what a frame really waits for:
///   T_i = q_i + RTT_i + o_i + Σ_{k on i} (s_k^j / b_i + t_i^j)   when device i serves at least one patch, else 0,
/// with q_i the node's backlog (cluster ledger), o_i a fixed per-request overhead (its per-batch compute cost
/// included; for the camera only that), s_k^j the patch's encoded size at
/// size j and b_i the uplink estimate; the camera itself (local) has no transfer, RTT or backlog. The budget is
/// T_SLO − pre − post (the camera's patch generation and aggregation EWMAs).
///
/// Value type; any thread. Units: ms, KB (1000 bytes), kbit/s.

#include <string>
#include <vector>

namespace edgescope {

/// A candidate server (or the camera, local = true).
struct SchedulingDevice {
  std::string name;
  bool local = false;              ///< the camera: no transfer, no RTT, no backlog
  double uplinkKbps = 0.0;         ///< b_i, kbit/s (ignored when local)
  double rttMs = 0.0;              ///< round trip of an empty request
  double overheadMs = 0.0;         ///< o_i: decode, batching, reply; the camera's own per-batch cost
  double backlogMs = 0.0;          ///< q_i: work already queued there
  double cost = 0.0;               ///< c_i ∈ [0, 1]
  std::vector<double> computeMs;   ///< t_i^j per patch size; < 0 or NaN: the size is not served there
};

/// A patch as the scheduler sees it.
struct SchedulingPatch {
  double weight = 1.0;             ///< y_k
  double objectness = 1.0;         ///< p (orders shedding: lowest y·p first)
  std::vector<double> sizeKb;      ///< s_k^j: encoded bytes / 1000 at each patch size
};

/// assignment[k] = option index i·S + j (device i, size j), or kShed.
using Assignment = std::vector<int>;

struct SchedulingProblem {
  static constexpr int kShed = -1;
  static constexpr double kShedUtility = -3.0;  ///< below any placement (α ≥ 0, γ·c ≤ 2)

  std::vector<SchedulingPatch> patches;
  std::vector<SchedulingDevice> devices;
  std::vector<double> accuracy;    ///< α^j per patch size (the patch model card's per-size F1)
  double budgetMs = 40.0;
  double gamma = 0.2;

  int sizeCount() const { return static_cast<int>(accuracy.size()); }
  int optionCount() const { return static_cast<int>(devices.size()) * sizeCount(); }
  int deviceOf(int option) const { return option / sizeCount(); }
  int sizeOf(int option) const { return option % sizeCount(); }
  /// Device @p device serves size @p size.
  bool available(int device, int size) const;
  /// s_k^j / b_i + t_i^j, ms (no transfer when local).
  double itemMs(int patch, int option) const;
  /// q_i + RTT_i + o_i (only o_i when local: the camera has no queue the ledger sees and no link), ms.
  double fixedMs(int device) const;
  /// u_k of @p option for @p patch (kShed allowed).
  double utility(int patch, int option) const;
  /// T_i of every device under @p assignment.
  std::vector<double> deviceTimes(const Assignment& assignment) const;
  /// U = (1/K)·Σ u_k (0 without patches).
  double objective(const Assignment& assignment) const;
  /// Every T_i ≤ budgetMs (with 1e-9 slack) and every option valid.
  bool feasible(const Assignment& assignment) const;
};

}  // namespace edgescope
