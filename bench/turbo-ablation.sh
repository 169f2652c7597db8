#!/usr/bin/env bash
# Turbo's training ablations (issue 21, docs/BENCHMARKS.md "Turbo — ablations"): the shipped recipe
# (scripts/train-enhancer) at a reduced step budget, once per variant, all with the same seed and budget:
#   both          PETS09 1–300 + the synthetic scenes (the shipped data)
#   no-adv        both, --no-adversarial (no GAN loss, stage 1 idle)
#   no-di         both, --no-instance (no instance discriminator D_i)
#   synthetic     the synthetic scenes only
#   pets          PETS09 1–300 only
#   agnostic      both, --model-agnostic (pixel L1, own encoder copy, no L_d; goal G5 — give it twice the steps of
#                 stages 1+2 in stage 2 for the "half the training time" comparison, e.g. --steps 50,0,700,35)
# Each variant's card holds its validation AP50 per exit on PETS09 301–400 (degraded twins, seed 1, every kind) and
# D_f's AUROC; the table printed at the end compares them. Frames after 400 are never read.
#
# Usage: bench/turbo-ablation.sh [--steps S0,S1,S2,S3] [VARIANT …]   (default steps 75,150,375,50: ¼ of the recipe)
# Outputs: build/ablation/VARIANT/turbo_*.json, build/ablation/table.txt
set -euo pipefail
cd "$(dirname "$0")/.."
steps=75,150,375,50
if [[ "${1:-}" == --steps ]]; then steps=$2; shift 2; fi
variants=("$@")
[[ ${#variants[@]} -gt 0 ]] || variants=(both no-adv no-di synthetic pets)
for variant in "${variants[@]}"; do
  out=build/ablation/$variant
  mkdir -p "$out"
  pre=(--out-dir "$out")  # scripts/train-enhancer reads these before the CLI options
  extra=()
  case "$variant" in
    both) ;;
    no-adv) extra=(--no-adversarial) ;;
    no-di) extra=(--no-instance) ;;
    synthetic) pre+=(--data-set synthetic) ;;
    pets) pre+=(--data-set pets) ;;
    agnostic) extra=(--model-agnostic) ;;
    *) echo "turbo-ablation: unknown variant $variant (both, no-adv, no-di, synthetic, pets, agnostic)" >&2; exit 1 ;;
  esac
  args=("${pre[@]}" --stage-steps "$steps" --profile-every 30 --val-every 2 "${extra[@]}")
  echo "== $variant: scripts/train-enhancer ${args[*]}"
  rm -f "build/train/${variant}_turbo_"*.ckpt
  scripts/train-enhancer "${args[@]}" 2>&1 | tail -n 3
done
python3 - "${variants[@]}" <<'PY' | tee build/ablation/table.txt
import glob, json, sys
print(f"{'variant':<10} {'train s':>7} {'val deg e0':>10} {'best exit':>9} {'best AP50':>9} {'gain':>6} {'exit5':>6} {'clean e5-e0':>11} {'D_f AUROC':>9}")
for variant in sys.argv[1:]:
    cards = glob.glob(f"build/ablation/{variant}/turbo_*.json")
    if not cards:
        print(f"{variant:<10} (no card)")
        continue
    v = json.load(open(cards[0]))["validation"]
    deg = [v[f"val.AP50.degraded.exit{e}"] for e in range(6)]
    clean = [v[f"val.AP50.clean.exit{e}"] for e in range(6)]
    best = max(range(1, 6), key=lambda e: deg[e])
    print(f"{variant:<10} {v['train.seconds']:>7.0f} {deg[0]:>10.1f} {best:>9d} {deg[best]:>9.1f} {deg[best]-deg[0]:>+6.1f} "
          f"{deg[5]-deg[0]:>+6.1f} {clean[5]-clean[0]:>+11.1f} {v['val.auroc.discriminator']:>9.3f}")
PY
