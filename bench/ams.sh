#!/usr/bin/env bash
# AMS benchmark (paper 003, issue 22): `edgescope-cli ams-bench` in causal virtual time with the uncustomised student
# models/jde_synth and the default network as teacher, on
#   pets:     PETS09-S2L1 frames 1–400, scored on 201–400 (the short-clip profile: T_update 5 s, r_max 2 fps,
#             horizon 60 s, one-time on the first 20 s);
#   playlist: bench/ams/street.playlist (12 min: day → dusk + noise + blur → empty street → crowd) at the paper's
#             defaults, F1 against the teacher on every EVAL_EVERY-th frame.
# Rows: the schemes none / one-time / ams / full on both streams; Table 3's grid (gradient, random, first, last,
# first-last × 20/10/5/1 %) on the playlist for each seed in SEEDS; T_update 5–40 s (Fig. 4's AMS side); clients 1–4
# on PETS; φ_target calibration (the teacher's φ at 0.5 fps on PETS 1–400 and the playlist). Never frames after 400
# of PETS09. Each run's JSON goes to OUT. Numbers go into docs/BENCHMARKS.md.
# Usage: bench/ams.sh [ROW…]   rows: schemes grid tupdate clients phi (default: all)
#        env OUT (build/bench/ams), DEVICE (cpu|cuda|auto; default cpu), SEEDS ("1 2"), EVAL_EVERY (5),
#        STUDENT (models/jde_synth.json), TEACHER (default: the default network), TIME (measured | fixed:S)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${EDGESCOPE_BUILD_DIR:-build}
SHARED=${EDGESCOPE_SHARED_DIR:-../shared}
OUT=${OUT:-$BUILD_DIR/bench/ams}
DEVICE=${DEVICE:-cpu}
SEEDS=${SEEDS:-1 2}
EVAL_EVERY=${EVAL_EVERY:-5}
STUDENT=${STUDENT:-models/jde_synth.json}
TEACHER=${TEACHER:-jde:models/$(head -n 1 models/DEFAULT_MODEL)}
TIME=${TIME:-measured}
CLI="$BUILD_DIR/bin/edgescope-cli"
VIDEO="$BUILD_DIR/data/vtest.avi"
GT="$SHARED/data/pets09-s2l1/gt.txt"
PLAYLIST=playlist:bench/ams/street.playlist
for f in "$CLI" "$VIDEO" "$GT" "$STUDENT"; do
  [ -e "$f" ] || { echo "ams.sh: missing $f (run scripts/setup; ../shared must be present)" >&2; exit 1; }
done
ROWS=${*:-schemes grid tupdate clients phi}
mkdir -p "$OUT"
export OMP_WAIT_POLICY=PASSIVE
echo "AMS on PETS09-S2L1 1:400 (scored 201:400) and $PLAYLIST ($(nproc) cores, $(uname -m), $(date -u +%F))" \
  >"$OUT/README"
pets=(--source "$VIDEO" --gt "$GT" --frames 1:400 --eval-frames 201:400 --update-interval 5 --max-rate 2
      --horizon 60 --one-time-seconds 20)
playlist=(--source "$PLAYLIST" --eval-every "$EVAL_EVERY")
run() {  # name, args…
  local name=$1; shift
  echo "ams.sh: $name" >&2
  "$CLI" ams-bench --student "$STUDENT" --teacher "$TEACHER" --device "$DEVICE" --time "$TIME" --json "$@" \
    >"$OUT/$name.json"
}
for row in $ROWS; do
  case $row in
    schemes)
      run pets-schemes "${pets[@]}" --schemes none,one-time,ams,full
      run playlist-schemes "${playlist[@]}" --schemes none,one-time,ams,full ;;
    grid)
      for seed in $SEEDS; do
        run "grid-full-s$seed" "${playlist[@]}" --schemes none,full --seed "$seed"
        for selection in gradient random first last first-last; do
          for fraction in 0.2 0.1 0.05 0.01; do
            run "grid-$selection-$fraction-s$seed" "${playlist[@]}" --schemes ams --selection "$selection" \
              --fraction "$fraction" --seed "$seed"
          done
        done
      done ;;
    tupdate)
      for t in 5 10 20 40; do run "tupdate-$t" "${playlist[@]}" --schemes ams --update-interval "$t"; done ;;
    clients)
      for n in 1 2 3 4; do run "clients-$n" "${pets[@]}" --schemes ams --clients "$n"; done ;;
    phi)
      run phi-pets --source "$VIDEO" --frames 1:400 --calibrate-phi 0.5
      run phi-playlist --source "$PLAYLIST" --calibrate-phi 0.5 ;;
    *) echo "ams.sh: unknown row '$row' (schemes grid tupdate clients phi)" >&2; exit 2 ;;
  esac
done
echo "ams.sh: results in $OUT" >&2
