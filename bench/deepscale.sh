#!/usr/bin/env bash
# DeepScale benchmark (paper 000, Tables V and VI) on PETS09-S2L1 validation frames 301–400 with the project's JDE
# model: every candidate resolution fixed, then adaptive C1/C2/C3, then a K sweep. Numbers go into
# docs/BENCHMARKS.md.
# Usage: bench/deepscale.sh [MODEL=the default model, models/DEFAULT_MODEL] [extra edgescope-cli track options, e.g.
#        --binarize 0.5]
#        env FRAMES (default 301:400), KS (default "2 10 20 40"), K (adaptive rows, default 40), DEVICE (auto),
#        THREADS (LibTorch threads; default every core)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
MODEL=${1:-models/$(head -n 1 models/DEFAULT_MODEL)}
shift || true
FRAMES=${FRAMES:-301:400}
KS=${KS:-2 10 20 40}
K=${K:-40}
DEVICE=${DEVICE:-auto}
THREADS=${THREADS:-}
SPEC="jde:$MODEL?device=$DEVICE${THREADS:+&threads=$THREADS}"
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
for f in "$CLI" "$VIDEO" "$GT" "$MODEL"; do
  [ -e "$f" ] || { echo "deepscale.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
run() {  # label, extra args…
  local label=$1; shift
  "$CLI" track --source "$VIDEO" --gt "$GT" --frames "$FRAMES" --detector "$SPEC" --json "$@" \
    2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d["metrics"]
hist = d.get("resolution_histogram", {})
sizes = " ".join("%s:%.0f%%" % (k, 100 * v) for k, v in hist.items())
print("%-22s %6.3f %6.3f %6.3f %4d %7.2f %8.1f   %s"
      % (sys.argv[1], m["MOTA"], m["IDF1"], m["HOTA"], m["IDSW"], d["fps"], d["latency_ms"]["detect"]["p50"], sizes))' "$label"
}
echo "DeepScale on PETS09-S2L1 frames $FRAMES, model $MODEL, device $DEVICE, threads ${THREADS:-all}" \
  "($(nproc) cores, $(uname -m))"
printf '%-22s %6s %6s %6s %4s %7s %8s   %s\n' "configuration" "MOTA" "IDF1" "HOTA" "IDSW" "fps" "det ms" "resolutions"
echo "-- fixed resolution (Table V, fixed rows)"
for size in $("$CLI" track --source "$VIDEO" --frames 1 --detector "jde:$MODEL" --resolution 1x1 2>&1 |
              sed -n 's/.*choose one of \(.*\))/\1/p' | tr -d ','); do
  run "fixed $size" --resolution "$size" "$@"
done
echo "-- adaptive, K = $K (Table V, DeepScale rows)"
for preset in C3 C2 C1; do run "adaptive $preset K=$K" --adaptive "$preset" --k "$K" "$@"; done
echo "-- K sweep (Table VI)"
for preset in C3 C2 C1; do
  for k in $KS; do run "adaptive $preset K=$k" --adaptive "$preset" --k "$k" "$@"; done
done
