#!/usr/bin/env bash
# Partition benchmark (paper 000, Table VII) on PETS09-S2L1 frames 1–400: SO, SOAT, SAT and CO × DeepScale C1–C3
# through a local edgescope-node behind the emulated testbed link. Numbers go into docs/BENCHMARKS.md.
# Usage: bench/partition.sh [extra partition-bench options, e.g. --k 10 --profile jetson-tx2]
#        env FRAMES (default 1:400), K (default 5), LINK (default up=21.1,down=78,rtt=1.4), JSON=FILE to keep the JSON
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
for f in "$CLI" "$BUILD_DIR/bin/edgescope-node" "$VIDEO" "$GT"; do
  [ -e "$f" ] || { echo "partition.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
# Camera and node share this machine's cores: OpenMP workers must sleep, not spin, between inferences (brief spinning
# within one, as the console and its local nodes do: util/OpenMpPolicy).
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE} GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-10000}
OUT=${JSON:-$(mktemp)}
echo "Table VII on PETS09-S2L1 frames ${FRAMES:-1:400}, K=${K:-5}, link ${LINK:-up=21.1,down=78,rtt=1.4} ($(nproc) cores)"
"$CLI" partition-bench --source "$VIDEO" --gt "$GT" --frames "${FRAMES:-1:400}" --k "${K:-5}" \
  --link "${LINK:-up=21.1,down=78,rtt=1.4}" --json "$@" > "$OUT"
python3 - "$OUT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["rows"]
so = {r["preset"]: r["uplink_kb_per_frame"] for r in rows if r["strategy"] == "SO"}
print("%-5s %-3s %6s %6s %9s %9s %9s %8s %8s %8s %6s" % ("", "", "fps", "MOTA", "server ms", "camera ms", "trans ms",
      "up KB/f", "down KB", "vs SO", "tx/mdl"))
for r in rows:
    mota = "%6.3f" % r["MOTA"] if r["MOTA"] is not None else "     -"
    base = so.get(r["preset"]) or 0
    saving = "%+7.1f%%" % (100 * (r["uplink_kb_per_frame"] / base - 1)) if base else "       -"
    print("%-5s %-3s %6.2f %s %9.2f %9.2f %9.2f %8.2f %8.2f %s %6.3f%s" % (r["strategy"], r["preset"], r["fps"], mota,
          r["server_ms"], r["camera_ms"], r["transmission_ms"], r["uplink_kb_per_frame"], r["downlink_kb_per_frame"],
          saving, r["transmission_vs_model"], "" if r["fallback_frames"] == 0 else "  (%d fallback)" % r["fallback_frames"]))
PY
