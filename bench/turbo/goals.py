#!/usr/bin/env python3
"""Reads bench/turbo.sh's JSON files (one per run) and prints the table and the issue-21 goals, met or not."""
import json
import os
import sys


def load(folder, name):
    path = os.path.join(folder, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        lines = [line for line in f if line.strip().startswith("{")]
    return json.loads(lines[-1]) if lines else None


def ap(run, key="AP50"):
    return run["detection"][key] if run and "detection" in run else float("nan")


def mota(run):
    return 100.0 * run["metrics"]["MOTA"] if run and "metrics" in run else float("nan")


def e2e99(run):
    return run["latency_ms"]["e2e"]["p99"] if run else float("nan")


def goal(name, ok, detail):
    print(f"  {'met    ' if ok else 'NOT met'}  {name}: {detail}")


def main(folder):
    names = sorted(n[:-5] for n in os.listdir(folder) if n.endswith(".json"))
    print(f"{'run':34} {'AP50':>6} {'hard':>6} {'clean':>6} {'MOTA':>6} {'e2e p99':>8} {'enh':>4} {'overrun':>7} {'auroc':>6} {'spent ms':>9}")
    runs = {n: load(folder, n) for n in names}
    for n in names:
        r = runs[n]
        if not r:
            continue
        t = r.get("turbo", {})
        print(f"{n:34} {ap(r):6.1f} {ap(r, 'AP50_hard'):6.1f} {ap(r, 'AP50_clean'):6.1f} {mota(r):6.1f} {e2e99(r):8.1f} "
              f"{t.get('enhanced_frames', 0):4} {t.get('overruns', 0):7} {t.get('difficulty_auroc', float('nan')):6.3f} "
              f"{t.get('spent_ms', {}).get('total', 0.0):9.0f}")
    print("goals (PETS09 301-400 unless named):")
    for scene in ("pets", "synth"):
        plain, turbo, clean = runs.get(f"{scene}-10-plain"), runs.get(f"{scene}-10-turbo-discriminator"), runs.get(f"{scene}-clean-plain")
        if not (plain and turbo and clean):
            continue
        gain = ap(turbo) - ap(plain)
        removed = ap(clean) - ap(plain)
        goal(f"G1 {scene} 10 fps AP50 >= plain + 10", gain >= 10, f"{ap(turbo):.1f} vs {ap(plain):.1f} ({gain:+.1f})")
        goal(f"G1 {scene} 10 fps MOTA >= plain + 5", mota(turbo) - mota(plain) >= 5, f"{mota(turbo):.1f} vs {mota(plain):.1f}")
        goal(f"G1 {scene} recovers >= 50 % of the AP50 the degradation removed", removed > 0 and gain / removed >= 0.5,
             f"{gain:.1f} of {removed:.1f} ({100 * gain / removed if removed > 0 else float('nan'):.0f} %)")
        goal(f"G2 {scene} hard frames >= +20 AP50", ap(turbo, "AP50_hard") - ap(plain, "AP50_hard") >= 20,
             f"{ap(turbo, 'AP50_hard'):.1f} vs {ap(plain, 'AP50_hard'):.1f}")
        ct = runs.get(f"{scene}-clean-turbo")
        if ct:
            goal(f"G2 {scene} clean: AP50 and MOTA within 0.5 of plain",
                 abs(ap(ct) - ap(clean)) <= 0.5 and abs(mota(ct) - mota(clean)) <= 0.5,
                 f"AP50 {ap(ct):.1f} vs {ap(clean):.1f}, MOTA {mota(ct):.1f} vs {mota(clean):.1f}")
        t = turbo["turbo"]
        late = turbo.get("pace", {}).get("late_frames", 0)
        goal(f"G3 {scene} e2e p99 <= T (100 ms), overruns <= 0.5 %",
             e2e99(turbo) <= 100 and t["overruns"] <= 0.005 * t["frames"],
             f"p99 {e2e99(turbo):.1f} ms (plain {e2e99(plain):.1f}), {t['overruns']} overruns, {late} late of {t['frames']}")
        full = runs.get(f"{scene}-full-unpaced")
        if full:
            full_gain = ap(full) - ap(plain)
            spent_sel, spent_full = t["spent_ms"]["total"], full["turbo"]["spent_ms"]["total"]
            goal(f"G6 {scene} selective >= 90 % of always-full's gain with <= 50 % of its extra ms",
                 full_gain > 0 and gain >= 0.9 * full_gain and spent_sel <= 0.5 * spent_full,
                 f"gain {gain:.1f} vs {full_gain:.1f}, {spent_sel:.0f} vs {spent_full:.0f} ms")
        goal(f"G7 {scene} D_f AUROC >= 0.85", t.get("difficulty_auroc", 0) >= 0.85, f"{t.get('difficulty_auroc', float('nan')):.3f}")
        t25, p25 = runs.get(f"{scene}-25-turbo-discriminator"), runs.get(f"{scene}-25-plain")
        if t25 and p25:
            goal(f"G7 {scene} 25 fps >= +6 AP50", ap(t25) - ap(p25) >= 6, f"{ap(t25):.1f} vs {ap(p25):.1f}")
    hog, plain_hog = runs.get("pets-10-turbo-hog"), runs.get("pets-10-plain-hog")
    if hog:
        h = hog["turbo"]
        goal("G3 CPU hog: p99 <= T", e2e99(hog) <= 100,
             f"p99 {e2e99(hog):.1f} ms (plain under the same hog {e2e99(plain_hog):.1f} ms)")
        goal("G3 CPU hog: exits fall back to 0 (at most 1 % enhanced)", h["enhanced_frames"] <= 0.01 * h["frames"],
             f"exits {h['exit_histogram']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/bench/turbo")
