#!/usr/bin/env bash
# Generalisation benchmark (issue 19): one table, every row measured in one run on this machine.
# Rows: jde_pets09 (the first, scratch-trained network), the project's network at full size and under DeepScale C2,
# the teachers yolox_nano + osnet (JDE association, births >= 0.8: issue 3's setting, chosen on frames 1–400) and
# yolox_nano alone (BYTE). Columns: MOTA, IDF1, HOTA, FP, FN, IDSW, fps.
# Sets:
#   (a) PETS09-S2L1 frames 301–400 (the network's validation frames);
#   (b) time split: frames 201–400 with a model trained by the same recipe on frames 1–200 only (SPLIT_MODEL;
#       `scripts/train-jde --last-frame 200 --name jde_yolox_t200 --out-dir build/train`);
#   (c) three synthetic scenes whose seeds, sizes, lighting, blur and noise the training never used;
#   (d) PETS09 frames 301–400 mirrored left–right and rescaled to 0.75x (`edgescope-cli reframe`).
# Usage: bench/generalization.sh [MODEL=models/$(cat models/DEFAULT_MODEL)]
#        env SPLIT_MODEL (default build/train/jde_yolox_t200.json), OLD_MODEL (models/jde_pets09.json),
#        SETS (default "a b c d"), THREADS (LibTorch threads; default every core)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
MODEL=${1:-models/$(cat models/DEFAULT_MODEL)}
SPLIT_MODEL=${SPLIT_MODEL:-$BUILD_DIR/train/jde_yolox_t200.json}
OLD_MODEL=${OLD_MODEL:-models/jde_pets09.json}
SETS=${SETS:-a b c d}
THREADS=${THREADS:-}
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
YOLOX="$SHARED/models/yolox_nano.onnx"
OSNET="$SHARED/models/osnet_x0_25_msmt17.onnx"
for f in "$CLI" "$VIDEO" "$GT" "$YOLOX" "$OSNET" "$MODEL" "$OLD_MODEL"; do
  [ -e "$f" ] || { echo "generalization.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
OUT="$BUILD_DIR/bench/generalization"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"
: > "$RESULTS"
jde() { echo "jde:$1${THREADS:+?threads=$THREADS}"; }

run() {  # set, pipeline label, track options…
  local set=$1 label=$2; shift 2
  "$CLI" track --json "$@" 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(json.dumps({"set": sys.argv[1], "pipeline": sys.argv[2], "metrics": d["metrics"], "fps": d["fps"]}))' \
    "$set" "$label" >> "$RESULTS"
  tail -n 1 "$RESULTS" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read()); m = r["metrics"]
print("  %-4s %-34s MOTA %.3f IDF1 %.3f fps %.1f" % (r["set"], r["pipeline"], m["MOTA"], m["IDF1"], r["fps"]), file=sys.stderr)'
}

rows() {  # set, model of the project network, source options…
  local set=$1 model=$2; shift 2
  run "$set" "jde_pets09 (card thresholds)" --detector "$(jde "$OLD_MODEL")" "$@"
  if [ -n "$model" ]; then
    run "$set" "$(basename "$model" .json), full size" --detector "$(jde "$model")" "$@"
    run "$set" "$(basename "$model" .json), DeepScale C2" --detector "$(jde "$model")" --adaptive C2 "$@"
  fi
  run "$set" "yolox_nano + osnet (JDE, births>=0.8)" --detector "onnx-yolox:$YOLOX" --reid "onnx-reid:$OSNET" \
    --tracker newTrackScore=0.8 "$@"
  run "$set" "yolox_nano (BYTE)" --detector "onnx-yolox:$YOLOX" "$@"
}

echo "generalisation benchmark: $MODEL ($(nproc) cores, $(uname -m), $(date -u +%Y-%m-%dT%H:%MZ))" >&2
for set in $SETS; do
  case $set in
    a) rows a "$MODEL" --source "$VIDEO" --gt "$GT" --frames 301:400 ;;
    b) if [ -e "$SPLIT_MODEL" ]; then split=$SPLIT_MODEL; else
         echo "  (b): $SPLIT_MODEL not found: its network rows are left out" >&2; split=""; fi
       rows b "$split" --source "$VIDEO" --gt "$GT" --frames 201:400 ;;
    c) for scene in "seed=9101&people=12&frames=200&width=960&height=540&lighting=1&noise=8" \
                    "seed=9102&people=18&frames=200&width=1280&height=720&blur=1.5" \
                    "seed=9103&people=9&frames=200&width=1024&height=768&lighting=1&blur=0.8&noise=5"; do
         rows "c:${scene%%&*}" "$MODEL" --source "synthetic:?$scene"
       done ;;
    d) view="$OUT/pets09-301-400-mirror-x0.75"
       [ -e "$view/seqinfo.ini" ] || "$CLI" reframe --source "$VIDEO" --gt "$GT" --frames 301:400 --mirror \
         --scale 0.75 --out "$view" 2>/dev/null
       rows d "$MODEL" --source "mot:$view" ;;
    *) echo "generalization.sh: unknown set '$set' (a, b, c, d)" >&2; exit 2 ;;
  esac
done

python3 - "$RESULTS" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print("| set | pipeline | MOTA | IDF1 | HOTA | FP | FN | IDSW | fps |")
print("|---|---|---|---|---|---|---|---|---|")
for r in rows:
    m = r["metrics"]
    print("| %s | %s | %.3f | %.3f | %.3f | %d | %d | %d | %.1f |" % (r["set"], r["pipeline"], m["MOTA"], m["IDF1"],
          m["HOTA"], m["FP"], m["FN"], m["IDSW"], r["fps"]))
# The synthetic scenes (c) as one row per pipeline: mean of the three scenes' metrics and fps.
means = {}
for r in rows:
    if r["set"].startswith("c:"):
        means.setdefault(r["pipeline"], []).append(r)
for label, rs in means.items():
    avg = lambda key: sum(x["metrics"][key] for x in rs) / len(rs)
    print("| c (mean of %d) | %s | %.3f | %.3f | %.3f | %.0f | %.0f | %.0f | %.1f |" % (len(rs), label, avg("MOTA"),
          avg("IDF1"), avg("HOTA"), avg("FP"), avg("FN"), avg("IDSW"), sum(x["fps"] for x in rs) / len(rs)))
PY
