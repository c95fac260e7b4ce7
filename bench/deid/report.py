"""Report of the de-identification benchmark (bench/deid/run.sh): checks that
every govshare runner's k_achieved and distinct ℓ (and classes, records)
equal pycanon's on every dataset — exit 1 otherwise — then prints a markdown
table of median CPU and wall times, ratios against the issue's targets
(native ≥ 100×, Python binding ≥ 30× pycanon) and peak RSS, and writes the
results JSON (--out).

Usage: python bench/deid/report.py --out out/deid-results.json \
           [--load-start "1.0 1.0 1.0"] [--command CMD] out/deid-*-*.json
"""

import argparse
import json
import math
import os
import platform
import statistics
import subprocess
import sys

TARGETS = {"native": 100, "native-stream": 100, "python": 30, "python-stream": 30, "python-frame": 30}
RUNNERS = ["native", "native-stream", "python", "python-stream", "python-frame"]


def med(rounds, key):
    return statistics.median(r[key] for r in rounds)


def sh(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--out", required=True)
    p.add_argument("--load-start", default="")
    p.add_argument("--command", default="bench/deid/run.sh")
    p.add_argument("files", nargs="+")
    a = p.parse_args()
    runs = [json.load(open(f)) for f in a.files]
    groups = {}
    for r in runs:
        groups.setdefault((r["size"], r["config"]), {})[r["runner"]] = r
    order = sorted(groups, key=lambda g: ({"100k": 0, "1m": 1}.get(g[0], 2), g[1]))
    failures = []
    datasets = []
    for key in order:
        g = groups[key]
        ref = g.get("pycanon")
        if ref is None:
            failures.append(f"{key}: no pycanon run")
            continue
        for name in RUNNERS:
            r = g.get(name)
            if r is None:
                continue
            for field in ("records", "classes", "k"):
                if r[field] != ref[field]:
                    failures.append(f"{key} {name}: {field} {r[field]} != pycanon {ref[field]}")
            if r["l"] != ref["l"]:
                failures.append(f"{key} {name}: l {r['l']} != pycanon {ref['l']}")
            for s, v in (ref.get("l_entropy_int") or {}).items():
                e = r["l_entropy"][s]
                if v not in (math.floor(e + 1e-9), math.floor(e - 1e-9)):
                    failures.append(f"{key} {name}: entropy l of {s} {e} (floor) != pycanon {v}")
        pc = {
            "read_cpu_s": med(ref["rounds"], "read_cpu_s"), "check_cpu_s": med(ref["rounds"], "check_cpu_s"),
            "cpu_s": med(ref["rounds"], "cpu_s"), "read_wall_s": med(ref["rounds"], "read_wall_s"),
            "check_wall_s": med(ref["rounds"], "check_wall_s"), "wall_s": med(ref["rounds"], "wall_s"),
            "reps": len(ref["rounds"]), "vmhwm_kib_before": ref["vmhwm_kib_before"], "vmhwm_kib": ref["vmhwm_kib"],
            "loadavg_start": ref.get("loadavg_start"), "loadavg_end": ref.get("loadavg_end"),
        }
        impls = {}
        for name in RUNNERS:
            r = g.get(name)
            if r is None:
                continue
            cpu, wall = med(r["rounds"], "cpu_s"), med(r["rounds"], "wall_s")
            impls[name] = {
                "input": r["input"], "cpu_s": cpu, "wall_s": wall, "reps": len(r["rounds"]),
                "cpu_min_s": min(x["cpu_s"] for x in r["rounds"]), "cpu_max_s": max(x["cpu_s"] for x in r["rounds"]),
                "vs_read_csv_plus_pycanon_cpu": pc["cpu_s"] / cpu if cpu else None,
                "vs_pycanon_alone_cpu": pc["check_cpu_s"] / cpu if cpu else None,
                "vs_read_csv_plus_pycanon_wall": pc["wall_s"] / wall if wall else None,
                "target": TARGETS[name],
                "vmhwm_kib_before": r["vmhwm_kib_before"], "vmhwm_kib": r["vmhwm_kib"],
                "loadavg_start": r.get("loadavg_start"), "loadavg_end": r.get("loadavg_end"),
            }
            impls[name]["met_from_csv"] = impls[name]["vs_read_csv_plus_pycanon_cpu"] >= TARGETS[name]
            impls[name]["met_vs_pycanon_alone"] = impls[name]["vs_pycanon_alone_cpu"] >= TARGETS[name]
        datasets.append({
            "size": key[0], "config": key[1], "data": ref["data"], "data_bytes": ref["data_bytes"],
            "quasi": ref["quasi"], "sensitive": ref["sensitive"], "records": ref["records"],
            "classes": ref["classes"], "k": ref["k"], "l": ref["l"],
            "class_value_pairs": ref.get("class_value_pairs"),
            "l_entropy_govshare": (g.get("native") or {}).get("l_entropy"),
            "l_entropy_int_pycanon": ref.get("l_entropy_int"),
            "pycanon": pc, "govshare": impls,
        })
    py = next((r for r in runs if r["runner"] == "python"), {})
    pc = next((r for r in runs if r["runner"] == "pycanon"), {})
    result = {
        "benchmark": "deid (issue #15): govshare check_deid vs pycanon",
        "command": a.command,
        "machine": {
            "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), ""),
            "nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(),
            "rustc": sh("rustc", "--version"), "git": sh("git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--short", "HEAD"),
        },
        "versions": {**py.get("versions", {}), **pc.get("versions", {})},
        "loadavg_start": a.load_start,
        "loadavg_end": " ".join(open("/proc/loadavg").read().split()[:3]),
        "cpu_time": "native: the thread's (/proc/thread-self/schedstat); Python: time.process_time()",
        "verified": not failures,
        "failures": failures,
        "datasets": datasets,
    }
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")

    print(f"Command: `{a.command}` — load average (1/5/15 min) {a.load_start} at start, {result['loadavg_end']} at end\n")
    print("| rows | QI + SA | classes | k | distinct ℓ | runner | CPU s (median) | wall s | × read_csv+pycanon (CPU) | × pycanon alone (CPU) | target | peak RSS MiB (before → end) | load at start |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for d in datasets:
        cfg = f"{len(d['quasi'])} + {len(d['sensitive'])}"
        l = ", ".join(f"{s} {v}" for s, v in d["l"].items())
        p = d["pycanon"]
        head = f"| {d['size']} | {cfg} | {d['classes']:,} | {d['k']} | {l} "
        print(head + f"| pycanon (read_csv + check) | {p['cpu_s']:.3f} ({p['read_cpu_s']:.3f} + {p['check_cpu_s']:.3f}) | {p['wall_s']:.3f} | 1 | — | — | {p['vmhwm_kib_before'] / 1024:.0f} → {p['vmhwm_kib'] / 1024:.0f} | {p['loadavg_start']} |")
        for name, m in d["govshare"].items():
            ok = "met" if m["met_from_csv"] else "not met"
            print(head + f"| govshare {name} | {m['cpu_s']:.4f} | {m['wall_s']:.4f} | {m['vs_read_csv_plus_pycanon_cpu']:.1f} | {m['vs_pycanon_alone_cpu']:.1f} | ≥{m['target']}× {ok} | {m['vmhwm_kib_before'] / 1024:.0f} → {m['vmhwm_kib'] / 1024:.0f} | {m['loadavg_start']} |")
    print()
    if failures:
        print("**Mismatch with pycanon:**\n")
        for f in failures:
            print(f"- {f}")
        sys.exit(1)
    print("k, distinct ℓ, classes and records equal pycanon's on every dataset"
          + (" (entropy ℓ too, where pycanon's was computed)." if any(d["l_entropy_int_pycanon"] for d in datasets) else "."))


if __name__ == "__main__":
    main()
