#pragma once
/// @file AmsStreamStatus.h
/// The camera's AMS model streaming as the console sees it (issue 22; AmsModule in edgescope_ams fills it): the
/// session with its node, the model version running and its ring, the sampling and training rates the node set, the
/// uplink queue, the last update and the update cost on both threads. Published per frame (FrameSnapshot::ams) and
/// in the status (EngineStatus::ams). Value type; the engine thread fills it, any thread reads a published copy.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace edgescope {

struct AmsStreamStatus {
  bool enabled = false;   ///< ams.enabled as applied (a local jde: detector and a node are set)
  bool frozen = false;    ///< "ams.freeze": no samples sent, no update applied; the node's session is kept
  std::string node;       ///< the node's address without its key ("tcp://HOST:PORT"; "" when none is set)
  std::string sessionId;  ///< the camera's session id on the node
  /// "off", "connecting" (waiting for the node), "joining", "online", "lost" (tracking goes on with the model it
  /// has; rejoining), "refused" (the node refused the join: lastError says why) or "frozen".
  std::string state = "off";
  std::string lastError;  ///< the latest warning (refusal, rejected update, lost node); "" when none

  // The model.
  std::uint64_t version = 0;                ///< running version (0 = pretrained)
  std::vector<std::uint64_t> ringVersions;  ///< rollback ring, oldest first, the running one last
  std::uint64_t nodeVersion = 0;            ///< the node's copy, as its last reply said
  double lastUpdateAgeS = -1.0;             ///< since the last swap that installed an update, s; −1: none yet
  bool swapped = false;                     ///< FrameSnapshot: a new version was swapped in before this frame
  int graceFramesLeft = 0;                  ///< frames the tracker still associates by IoU only after the swap

  // Rates the node decides (ASR, ATR) and the uplink.
  double rateFps = 0.0;                ///< sampling rate, fps (0 before the join)
  double updateIntervalS = 0.0;        ///< T_update in force, s (0 before the join)
  bool atrSlowdown = false;            ///< ATR's slowdown mode (T_update above τ_min)
  double phiMean = -1.0;               ///< φ̄ of the latest rate decision, 0..1; −1: none yet
  double nextBatchDueS = -1.0;         ///< until the next batch is encoded and sent, s; −1: none scheduled
  std::uint32_t samplesInHorizon = 0;  ///< samples in the node's horizon buffer
  std::size_t samplesQueued = 0;       ///< frames waiting on the camera for the next batch
  std::uint64_t samplesDropped = 0;    ///< frames dropped oldest-first because the queue was full
  bool linkSaturated = false;          ///< the uplink cannot keep up (frames dropped since the last batch)

  // The last update, and the cost of applying it.
  std::uint64_t lastUpdateBytes = 0;                 ///< its SparseUpdateCodec bytes
  std::uint64_t lastIndexBytes = 0;                  ///< of which the index block
  std::uint64_t lastValueBytes = 0;                  ///< of which the fp16 values (2 per selected coordinate)
  std::uint32_t lastSelected = 0;                    ///< coordinates it changed
  double lastTrainMs = 0.0;                          ///< the node's phase, ms
  double lastStalenessMs = 0.0;                      ///< phase start − due time on the node, ms
  double lastLossBefore = 0.0, lastLossAfter = 0.0;  ///< distillation loss of the phase's first and last step
  double lastF1Before = -1.0, lastF1After = -1.0;    ///< gate F1 vs the teacher before/after; −1: no gate
  std::vector<std::pair<std::string, std::uint32_t>> lastLayers;  ///< selected coordinates per layer
  double stageMs = 0.0;  ///< es-ams: verify, apply, fold, sha check of the last stage, ms
  double swapMs = 0.0;   ///< engine thread: the last swap between frames, ms

  // Totals since ams.enabled.
  std::uint64_t batches = 0, samplesSent = 0, updates = 0, rejected = 0, rollbacks = 0, resets = 0, resyncs = 0;
  std::uint64_t joins = 0, weightUploads = 0;
  std::uint64_t bytesUp = 0, bytesDown = 0;  ///< every AMS message, encoded sizes
};

}  // namespace edgescope
