#!/usr/bin/env bash
# ParaLoupe benchmark (paper 002, issue 20) on PETS09-S2L1 validation frames 301–400: every row on the jetson-tx2
# and rpi4 cameras over four local nodes (jetson-tx2; jetson-nano; rpi4; rpi4 on the testbed link) at SLO 40 ms,
# then an SLO sweep, a cost run (Fig. 23), a kill run (Fig. 24) and a link-drop run. Each run's JSON goes to OUT;
# bench/paraloupe/goals.py marks the issue's goals met or not. Numbers go into docs/BENCHMARKS.md.
# Usage: bench/paraloupe.sh     env FRAMES (301:400), OUT (build/bench/paraloupe), SLOS ("20 30 60 100"),
#        CAMERAS (native,jetson-tx2,rpi4), DEVICE (cpu|cuda: the camera's JDE rows; default auto)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
FRAMES=${FRAMES:-301:400}
OUT=${OUT:-$BUILD_DIR/bench/paraloupe}
SLOS=${SLOS:-20 30 60 100}
CAMERAS=${CAMERAS:-native,jetson-tx2,rpi4}
DEVICE=${DEVICE:-auto}
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
MODEL=models/$(head -n 1 models/DEFAULT_MODEL)
NODES="jetson-tx2;jetson-nano;rpi4;rpi4@testbed"
for f in "$CLI" "$VIDEO" "$GT" "$MODEL"; do
  [ -e "$f" ] || { echo "paraloupe.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
mkdir -p "$OUT"
export OMP_WAIT_POLICY=PASSIVE  # five processes share the cores: no spinning
run() {  # name, extra args…
  local name=$1; shift
  echo "paraloupe.sh: $name" >&2
  "$CLI" paraloupe-bench --source "$VIDEO" --gt "$GT" --frames "$FRAMES" --nodes "$NODES" --shared "$SHARED" \
    --detector "jde:$MODEL?device=$DEVICE" --json "$@" >"$OUT/$name.json"
}
echo "ParaLoupe on PETS09-S2L1 frames $FRAMES, nodes $NODES ($(nproc) cores, $(uname -m), $(date -u +%F))" \
  >"$OUT/README"
run main --camera-profiles "$CAMERAS" --slo-ms 40
for slo in $SLOS; do run "slo$slo" --camera-profiles jetson-tx2,rpi4 --slo-ms "$slo" --rows full-small,pl-markov; done
run cost --camera-profiles rpi4 --rows pl-markov --cost "node2=0.9@301:350,node2=0.1@351:400"
run kill --camera-profiles rpi4 --rows pl-markov --kill-at "326:node1,351:node2,376:node3"
run link --camera-profiles rpi4 --rows pl-markov --link-at "351:node1:up=2"
python3 bench/paraloupe/goals.py "$OUT"
