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


def train_seconds(run):
    """The training wall time recorded in the card of the enhancer a run used (nan when unknown)."""
    model = run.get("turbo", {}).get("model", "")
    if model in ("", "auto"):  # the default network's shipped enhancer (run from the repository root)
        try:
            with open("models/DEFAULT_MODEL") as f:
                model = "models/turbo_" + f.readline().strip()
        except OSError:
            return float("nan")
    card = model[:-3] + ".json" if model.endswith(".pt") else model
    try:
        with open(card) as f:
            return json.load(f)["validation"]["train.seconds"]
    except (OSError, KeyError, ValueError):
        return float("nan")


def goal(name, ok, detail):
    print(f"  {'met    ' if ok else 'NOT met'}  {name}: {detail}")


def bench_goals(runs):
    """turbo-bench: 4 streams at 10 fps per planner, and the planners' search time at m = 8 (goal G6)."""
    bench = {p: runs.get(f"bench-4x10-{p}") for p in ("prune", "brute", "ratio")}
    if any(bench.values()):
        sizes = ",".join(next(r for r in bench.values() if r).get("input_sizes", []))
        print(f"turbo-bench, 4 streams at 10 fps, {sizes:9}: {'planner':8} {'AP50':>6} {'hard':>6} {'e2e p50':>8} "
              f"{'e2e p99':>8} {'late':>5} {'overrun':>7} {'enh':>4} {'pred gain':>9} {'search p99 us':>13}")
        for name, r in bench.items():
            if r:
                print(f"{'':46}{name:8} {ap(r):6.1f} {ap(r, 'AP50_hard'):6.1f} {r['latency_ms']['e2e']['p50']:8.1f} "
                      f"{e2e99(r):8.1f} {r['late_frames']:5} {r['overruns']:7} {r['enhanced_frames']:4} "
                      f"{r['predicted_gain']:9.1f} {r['search_us']['p99']:13.1f}")
    prune, brute = bench["prune"], bench["brute"]
    if prune and brute:
        goal("G6 turbo-bench 4 streams: prune within 1.5 AP50 of brute force", ap(prune) >= ap(brute) - 1.5,
             f"prune {ap(prune):.1f} vs brute {ap(brute):.1f}" +
             (f", ratio {ap(bench['ratio']):.1f}" if bench["ratio"] else ""))
    for name, r in bench.items():
        if r:
            period = r["interval_ms"]
            goal(f"G3 turbo-bench {name}: e2e p99 <= T ({period:.0f} ms), overruns <= 0.5 %",
                 e2e99(r) <= period and r["overruns"] <= 0.005 * r["frames"],
                 f"p99 {e2e99(r):.1f} ms, {r['overruns']} overruns, {r['late_frames']} late of {r['frames']}")
    search = runs.get("search-m8")
    if search:
        s = search["search"]["strategies"]
        detail = ", ".join(f"{k} p99 {v['search_us']['p99']:.1f} us" for k, v in s.items())
        goal("G6 search p99 <= 0.5 ms at m = 8 (prune)", s["prune"]["search_us"]["p99"] <= 500.0,
             f"{detail}; prune loses {s['prune'].get('mean_loss_vs_brute', float('nan')):.2f} predicted points "
             f"per window to brute force")


def main(folder):
    names = sorted(n[:-5] for n in os.listdir(folder) if n.endswith(".json"))
    print(f"{'run':34} {'AP50':>6} {'hard':>6} {'clean':>6} {'MOTA':>6} {'e2e p99':>8} {'enh':>4} {'overrun':>7} {'auroc':>6} {'spent ms':>9}")
    runs = {n: load(folder, n) for n in names}
    for n in names:
        r = runs[n]
        if not r or n.startswith(("bench-", "search-")):  # turbo-bench rows: their own table below
            continue
        t = r.get("turbo", {})
        x = r.get("enhance", {})  # the --enhance baselines (G4)
        spent = t["spent_ms"]["total"] if t else x.get("mean_ms", 0.0) * x.get("enhanced_frames", 0)
        print(f"{n:34} {ap(r):6.1f} {ap(r, 'AP50_hard'):6.1f} {ap(r, 'AP50_clean'):6.1f} {mota(r):6.1f} {e2e99(r):8.1f} "
              f"{t.get('enhanced_frames', x.get('enhanced_frames', 0)):4} {t.get('overruns', x.get('overruns', 0)):7} "
              f"{t.get('difficulty_auroc', float('nan')):6.3f} {spent:9.0f}")
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
        agnostic = runs.get(f"{scene}-agnostic-unpaced")
        if full and agnostic:
            aware_gain, agnostic_gain = ap(full) - ap(plain), ap(agnostic) - ap(plain)
            aware_s, agnostic_s = train_seconds(full), train_seconds(agnostic)
            goal(f"G5 {scene} model-aware gain >= 1.2x model-agnostic's, in <= half its training time",
                 aware_gain > 0 and aware_gain >= 1.2 * max(agnostic_gain, 0.0) and aware_s <= 0.5 * agnostic_s,
                 f"always-full unpaced {aware_gain:+.1f} vs {agnostic_gain:+.1f} AP50, trained {aware_s:.0f} vs "
                 f"{agnostic_s:.0f} s" + (f"; paced 10 fps agnostic {ap(runs[f'{scene}-10-agnostic']) - ap(plain):+.1f}"
                                          if runs.get(f"{scene}-10-agnostic") else ""))
        goal(f"G7 {scene} D_f AUROC >= 0.85", t.get("difficulty_auroc", 0) >= 0.85, f"{t.get('difficulty_auroc', float('nan')):.3f}")
        oracle = runs.get(f"{scene}-10-enhance-classic-oracle")
        if oracle:
            oracle_gain = ap(oracle) - ap(plain)
            goal(f"G4 {scene} Turbo's AP50 gain >= 3x classic-oracle's", gain > 0 and gain >= 3 * max(oracle_gain, 0.0),
                 f"{gain:+.1f} vs {oracle_gain:+.1f}")
        switching = {m: runs.get(f"{scene}-10-enhance-{m}") for m in ("upscale", "teacher")}
        switching = {m: ap(r) - ap(plain) for m, r in switching.items() if r}
        if switching:
            best = max(switching, key=switching.get)
            goal(f"G4 {scene} Turbo's AP50 gain >= 1.5x the best switching row's (same budget)",
                 gain > 0 and gain >= 1.5 * max(switching[best], 0.0),
                 f"{gain:+.1f} vs {best} {switching[best]:+.1f}"
                 + "".join(f", {m} {g:+.1f}" for m, g in switching.items() if m != best))
        t25, p25 = runs.get(f"{scene}-25-turbo-discriminator"), runs.get(f"{scene}-25-plain")
        if t25 and p25:
            goal(f"G7 {scene} 25 fps >= +6 AP50", ap(t25) - ap(p25) >= 6, f"{ap(t25):.1f} vs {ap(p25):.1f}")
    bench_goals(runs)
    hog, plain_hog = runs.get("pets-10-turbo-hog"), runs.get("pets-10-plain-hog")
    if hog:
        h = hog["turbo"]
        goal("G3 CPU hog: p99 <= T", e2e99(hog) <= 100,
             f"p99 {e2e99(hog):.1f} ms (plain under the same hog {e2e99(plain_hog):.1f} ms)")
        goal("G3 CPU hog: exits fall back to 0 (at most 1 % enhanced)", h["enhanced_frames"] <= 0.01 * h["frames"],
             f"exits {h['exit_histogram']}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "build/bench/turbo")
