"""Combines the runners' JSON (out/*.json) into one results file and a
markdown table with the issue's targets (ratios of CPU-time throughput)."""

import argparse
import glob
import json
import os
import platform
import subprocess

TARGETS = {"native_scan": 1000.0, "native_verify": 500.0}


def cmd(*a):
    try:
        return subprocess.run(a, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--records", type=int)
    ap.add_argument("--seed", type=int)
    a = ap.parse_args()
    runs = {}
    for p in sorted(glob.glob(os.path.join(a.out_dir, "*.json"))):
        with open(p, encoding="utf-8") as f:
            d = json.load(f)
        runs[d["engine"]] = d
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    results = {
        "benchmark": "mask",
        "records": a.records,
        "seed": a.seed,
        "machine": {
            "cpu": cpu,
            "nproc": os.cpu_count(),
            "loadavg_end": list(os.getloadavg()),
            "os": platform.platform(),
            "rustc": cmd("rustc", "--version"),
            "node": cmd("node", "--version"),
        },
        "git": cmd("git", "rev-parse", "--short", "HEAD"),
        "runs": runs,
    }
    os.makedirs(os.path.dirname(a.results), exist_ok=True)
    with open(a.results, "w", encoding="utf-8") as f:
        json.dump(results, f, indent=1, ensure_ascii=False)

    def mbps(engine, op, kind="cpu"):
        return runs.get(engine, {}).get("ops", {}).get(op, {}).get(f"mb_per_s_{kind}")

    out = []
    out.append(f"records {a.records} (seed {a.seed}), git {results['git']}, load at end {results['machine']['loadavg_end']}")
    out.append("")
    out.append("| engine | scan MB/s CPU | scan MB/s wall | verify MB/s CPU | verify MB/s wall | verify of raw MB/s CPU | scan findings |")
    out.append("|---|---:|---:|---:|---:|---:|---:|")
    f = lambda x: "–" if x is None else f"{x:,.1f}"
    for e, d in runs.items():
        ops = d["ops"]
        fin = ops.get("scan", {}).get("result", {}).get("findings", "–")
        out.append(
            f"| {e} {d.get('version', '')} | {f(mbps(e, 'scan'))} | {f(mbps(e, 'scan', 'wall'))} | "
            f"{f(mbps(e, 'verify'))} | {f(mbps(e, 'verify', 'wall'))} | {f(mbps(e, 'verify_raw'))} | {fin} |"
        )
    out.append("")
    out.append("| target | measured (CPU) | ratio | status |")
    out.append("|---|---:|---:|---|")

    def row(name, value, target, higher=True):
        if value is None or target is None:
            out.append(f"| {name} | – | – | not measured |")
            return
        r = value / target
        out.append(f"| {name} | {value:,.1f} vs {target:,.1f} MB/s | {r:.2f}× | {'met' if r >= 1 else 'not met'} |")

    row("native scan ≥ 1 GB/s", mbps("govshare-native", "scan"), TARGETS["native_scan"])
    row("native verify ≥ 500 MB/s", mbps("govshare-native", "verify"), TARGETS["native_verify"])
    for base in ("node-regexp-text", "node-regexp-records"):
        row(f"WASM scan > {base} scan", mbps("govshare-wasm", "scan"), mbps(base, "scan"))
    for op in ("scan", "verify"):
        for base in ("python-re-text", "python-re-records"):
            b = mbps(base, op)
            row(f"Python {op} ≥ 10× {base}", mbps("govshare-python", op), None if b is None else 10 * b)
        b = mbps("presidio-analyzer", op)
        row(f"Python {op} ≥ 100× Presidio", mbps("govshare-python", op), None if b is None else 100 * b)
    print("\n".join(out))


if __name__ == "__main__":
    main()
