#!/usr/bin/env bash
# Output stride 4 against 8 (issue 19): jde_yolox_s8 and jde_yolox_s4, each with its card's tracker thresholds, at
# full size on the sets of bench/generalization.sh that need no time-split model — (a) PETS09 frames 301–400, (c)
# three unseen synthetic scenes, (d) PETS09 301–400 mirrored at 0.75× — one run after the other. Results in
# build/bench/stride/results.jsonl (one JSON line per run). Usage: bench/stride.sh [MODEL…]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
CLI="$BUILD_DIR/bin/edgescope-cli"
GT="$SHARED/data/pets09-s2l1/gt.txt"
VIDEO="$BUILD_DIR/data/vtest.avi"
for f in "$CLI" "$GT" "$VIDEO"; do [ -e "$f" ] || { echo "stride.sh: missing $f" >&2; exit 1; }; done
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(jde_yolox_s8 jde_yolox_s4)
OUT="$BUILD_DIR/bench/stride"
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
view="$BUILD_DIR/bench/generalization/pets09-301-400-mirror-x0.75"
[ -e "$view/seqinfo.ini" ] || "$CLI" reframe --source "$VIDEO" --gt "$GT" --frames 301:400 --mirror --scale 0.75 \
  --out "$view" 2>/dev/null
run() {
  local set=$1 model=$2; shift 2
  "$CLI" track --json --detector "jde:models/$model.json" "$@" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin); m = d["metrics"]
print(json.dumps({"set": sys.argv[1], "model": sys.argv[2], "MOTA": m["MOTA"], "IDF1": m["IDF1"], "HOTA": m["HOTA"],
                  "fps": d["fps"]}))' "$set" "$model" | tee -a "$OUT/results.jsonl"
}
for model in "${models[@]}"; do
  run a "$model" --source "$VIDEO" --gt "$GT" --frames 301:400
  for scene in "seed=9101&people=12&frames=200&width=960&height=540&lighting=1&noise=8" \
               "seed=9102&people=18&frames=200&width=1280&height=720&blur=1.5" \
               "seed=9103&people=9&frames=200&width=1024&height=768&lighting=1&blur=0.8&noise=5"; do
    run "c:${scene%%&*}" "$model" --source "synthetic:?$scene"
  done
  run d "$model" --source "mot:$view"
done
