#!/usr/bin/env bash
# PETS09-S2L1 benchmark: vtest.avi + ../shared/data/pets09-s2l1 GT (frames 1–400) tracked with the YOLOX-nano teacher
# and OSNet ReID from ../shared/models; prints MOTA / IDF1 / HOTA and fps. Numbers go into docs/BENCHMARKS.md.
# Usage: bench/pets09.sh [FRAMES=1:400] [extra edgescope-cli track options…]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
FRAMES=${1:-1:400}
shift || true
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
for f in "$CLI" "$VIDEO" "$GT" "$SHARED/models/yolox_nano.onnx" "$SHARED/models/osnet_x0_25_msmt17.onnx"; do
  [ -e "$f" ] || { echo "pets09.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
run() {  # label, extra args…
  local label=$1; shift
  "$CLI" track --source "$VIDEO" --gt "$GT" --frames "$FRAMES" --json "$@" | python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d["metrics"]
total = d["latency_ms"]["total"]["p50"]
print("%-40s MOTA %.3f  IDF1 %.3f  HOTA %.3f  IDSW %3d  %5.2f fps  total p50 %.1f ms"
      % (sys.argv[1], m["MOTA"], m["IDF1"], m["HOTA"], m["IDSW"], d["fps"], total))' "$label"
}
echo "PETS09-S2L1 frames $FRAMES ($(nproc) cores, $(uname -m))"
run "yolox_nano + osnet (JDE, births≥0.8)" --detector "onnx-yolox:$SHARED/models/yolox_nano.onnx" \
    --reid "onnx-reid:$SHARED/models/osnet_x0_25_msmt17.onnx" --tracker newTrackScore=0.8 "$@"
run "yolox_nano + osnet (JDE, defaults)" --detector "onnx-yolox:$SHARED/models/yolox_nano.onnx" \
    --reid "onnx-reid:$SHARED/models/osnet_x0_25_msmt17.onnx" "$@"
run "yolox_nano (BYTE, IoU only)" --detector "onnx-yolox:$SHARED/models/yolox_nano.onnx" "$@"
run "hog ×1.5 (BYTE, IoU only)" --detector "hog?upscale=1.5" "$@"
