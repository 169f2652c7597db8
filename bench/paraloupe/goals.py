#!/usr/bin/env python3
"""Marks issue 20's benchmark goals met or not from bench/paraloupe.sh's JSON files (argument: their folder).

Prints one line per goal: the figure, the bound, and met / NOT met. Ratios come from rows of one run."""
import json
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else "build/bench/paraloupe"


def load(name):
    path = os.path.join(OUT, name + ".json")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def row(run, name, camera):
    for r in (run or {}).get("rows", []):  # "full-small 416x320" is row full-small
        if r["row"].split(" ")[0] == name and r["camera_profile"] == camera:
            return r
    return None


def verdict(label, figure, bound, ok):
    print("%-58s %-30s %-22s %s" % (label, figure, bound, "met" if ok else "NOT met"))


def share(log, device, first, last):
    served = sum(e[2].get(device, 0) for e in log if first <= e[0] <= last)
    total = sum(sum(e[2].values()) for e in log if first <= e[0] <= last)
    return served / total if total else 0.0


def gt_per_frame(frames):
    path = os.path.join(os.environ.get("EDGESCOPE_SHARED_DIR", "../shared"), "data/pets09-s2l1/gt.txt")
    counts = {}
    with open(path) as f:
        for line in f:
            fields = line.strip().split(",")
            if len(fields) >= 7 and float(fields[6]) != 0:
                frame = int(float(fields[0]))
                if frames[0] <= frame <= frames[1]:
                    counts[frame] = counts.get(frame, 0) + 1
    return sum(counts.values()) / max(1, frames[1] - frames[0] + 1)


main = load("main")
print("goal                                                       figure                         bound                  verdict")
for camera, full_ratio, teacher_ratio in (("jetson-tx2", 0.5, 8.0), ("rpi4", 0.35, 14.1)):
    pl, full, teacher = row(main, "pl-markov", camera), row(main, "full", camera), row(main, "teacher", camera)
    if not pl or not full:
        continue
    r = pl["latency_p50_ms"] / full["latency_p50_ms"]
    verdict("1 latency p50 pl-markov / full (%s)" % camera, "%.3f (%.1f / %.1f ms)" % (r, pl["latency_p50_ms"], full["latency_p50_ms"]), "<= %.2f" % full_ratio, r <= full_ratio)
    if teacher:
        s = teacher["latency_p50_ms"] / pl["latency_p50_ms"]
        verdict("1 speed-up over teacher (%s)" % camera, "%.1fx, MOTA %.3f vs %.3f" % (s, pl["MOTA"], teacher["MOTA"]), ">= %.1fx, MOTA >=" % teacher_ratio, s >= teacher_ratio and pl["MOTA"] >= teacher["MOTA"])
    verdict("2 MOTA pl-markov - full (%s)" % camera, "%+.3f (%.3f vs %.3f)" % (pl["MOTA"] - full["MOTA"], pl["MOTA"], full["MOTA"]), ">= -0.04", pl["MOTA"] >= full["MOTA"] - 0.04)
    verdict("2 F1 pl-markov - full (%s)" % camera, "%+.3f" % (pl["F1"] - full["F1"]), ">= -0.03", pl["F1"] >= full["F1"] - 0.03)
    verdict("3 SLO met at 40 ms, shed share (%s)" % camera, "%.3f, %.3f" % (pl["slo_met"], pl["shed_share"]), ">= 0.95, <= 0.02", pl["slo_met"] >= 0.95 and pl["shed_share"] <= 0.02)
    frames = (pl["frame_log"][0][0], pl["frame_log"][-1][0])
    gt = gt_per_frame(frames)
    verdict("4 patches per frame / mean GT count (%s)" % camera, "%.2f / %.2f" % (pl["patches_per_frame"], gt), "<= 1.5x", pl["patches_per_frame"] <= 1.5 * gt)
    lastdet, ep8 = row(main, "lastdet", camera), row(main, "ep8", camera)
    if lastdet:
        verdict("4 MOTA pl-markov - lastdet (%s)" % camera, "%+.3f" % (pl["MOTA"] - lastdet["MOTA"]), ">= +0.01", pl["MOTA"] >= lastdet["MOTA"] + 0.01)
    if ep8:
        verdict("4 MOTA vs ep8, patches vs ep8 (%s)" % camera, "%+.3f, %.2f / %.2f" % (pl["MOTA"] - ep8["MOTA"], pl["patches_per_frame"], ep8["patches_per_frame"] or 8), ">= 0, <= 0.7x", pl["MOTA"] >= ep8["MOTA"] and pl["patches_per_frame"] <= 0.7 * (ep8["patches_per_frame"] or 8))
    verdict("6 median |predicted - measured| / measured (%s)" % camera, "%.3f" % pl["predicted_vs_measured"], "<= 0.20", pl["predicted_vs_measured"] <= 0.2)
    verdict("6 schedule_ms_p95 (%s)" % camera, "%.3f" % pl["schedule_ms_p95"], "<= 1 ms", pl["schedule_ms_p95"] <= 1.0)
native = row(main, "pl-markov", "native")
if native:
    verdict("5 patchgen_ms_p50, camera_ms_p50 (native)", "%.2f, %.2f" % (native["patchgen_ms_p50"], native["camera_ms_p50"]), "<= 3, <= 8 ms", native["patchgen_ms_p50"] <= 3 and native["camera_ms_p50"] <= 8)
for slo in (20, 30, 40, 60, 100):
    run = main if slo == 40 else load("slo%d" % slo)
    for camera in ("jetson-tx2", "rpi4"):
        pl, small = row(run, "pl-markov", camera), row(run, "full-small", camera)
        if not pl or not small:
            continue
        need = 0.05 if camera == "rpi4" and slo in (20, 30) else 0.0
        if small["slo_met"] >= 0.95:
            ok = pl["MOTA"] >= small["MOTA"] + need
            figure = "%+.3f" % (pl["MOTA"] - small["MOTA"])
        else:  # no rung meets the SLO: PL must meet it, with MOTA above 0 + need
            ok = pl["slo_met"] >= 0.95 and pl["MOTA"] >= need
            figure = "no rung (p95 %.0f ms); PL SLO %.2f MOTA %.3f" % (small["latency_p95_ms"], pl["slo_met"], pl["MOTA"])
        verdict("3 sweep %d ms vs full-small (%s)" % (slo, camera), figure, ">= %+.2f" % need, ok)

cost = load("cost")
pl = row(cost, "pl-markov", "rpi4")
if pl:
    first, second = share(pl["frame_log"], "node2", 301, 350), share(pl["frame_log"], "node2", 351, 400)
    verdict("7 node2 (jetson-nano) share 0.9 vs 0.1 cost", "%.3f vs %.3f, SLO %.3f" % (first, second, pl["slo_met"]), "<= 0.5x, SLO >= 0.95", first <= 0.5 * second and pl["slo_met"] >= 0.95)
kill = load("kill")
pl = row(kill, "pl-markov", "rpi4")
if pl:
    slo = kill["slo_ms"]
    verdict("8 frames with a result", "%d / %d" % (pl["frames_with_result"], pl["frames"]), "all", pl["frames_with_result"] == pl["frames"])
    for phase in kill["phases"]:
        bound = 1.5 * slo if phase["nodes_online"] >= 2 else 3 * slo
        detected = phase.get("loss_detected_s")
        ok = phase["latency_p95_ms"] <= bound and (detected is None or detected < 0 or detected <= 2.0)
        verdict("8 frames %d-%d, %d nodes" % (phase["from_frame"], phase["to_frame"], phase["nodes_online"]), "p95 %.1f ms, loss seen %s s" % (phase["latency_p95_ms"], "-" if detected is None or detected < 0 else "%.2f" % detected), "<= %.0f ms, <= 2 s" % bound, ok)
for node in (main or {}).get("nodes", []):
    est = node.get("uplink_estimate_mbps")
    if est is None:
        continue
    err = est / node["uplink_mbps"] - 1
    verdict("9 probe estimate %s (%s)" % (node["name"], node["link"]), "%.1f / %.1f Mbit/s (%+.0f %%)" % (est, node["uplink_mbps"], 100 * err), "within 15 %", abs(err) <= 0.15)
link = load("link")
pl = row(link, "pl-markov", "rpi4")
if pl:
    before, after = share(pl["frame_log"], "node1", 301, 350), share(pl["frame_log"], "node1", 381, 400)
    verdict("9 node1 share before / 30 frames after up=2", "%.3f -> %.3f" % (before, after), "halves", after <= 0.5 * before)
