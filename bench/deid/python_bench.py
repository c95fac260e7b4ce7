"""Python runner of the de-identification benchmark (bench/deid, issue #15):
govshare's Python binding (uniffi) or pycanon on one CSV dataset, in a
process of its own (so the peak RSS is that implementation's).

  --impl govshare         govshare.check_deid("csv", bytes, DeidOptions(...)):
                          from CSV bytes (parsing included)
  --impl govshare-stream  govshare.DeidChecker fed from the file in 1 MiB
                          chunks (reading included; the input never whole)
  --impl govshare-frame   pandas.read_csv(bytes, dtype=str, keep_default_na=False)
                          (as pycanon's input), then govshare.check_deid_frame on
                          the DataFrame (Arrow buffers, no file): both timed apart
  --impl pycanon          pandas.read_csv(bytes, dtype=str) then pycanon
                          k_anonymity(df, qi) and l_diversity(df, qi, [sa])
                          for each sensitive column: both phases timed apart

The file is read into memory before the clock starts (except -stream).
Prints one JSON object: per repetition wall and process CPU seconds, k, ℓ
per sensitive column (and pycanon's entropy ℓ with --entropy, untimed),
and VmHWM (peak RSS, KiB) before the first repetition and at the end.

Usage: python bench/deid/python_bench.py --impl pycanon --data F.csv \
           --quasi a,b,c,d --sensitive s,t [--reps 3] [--entropy]
"""

import argparse
import io
import json
import os
import statistics
import time
from importlib.metadata import version


def status_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return 0


def read_then_check(data, check):
    """One round of the DataFrame runners: read_csv as pycanon's input, then
    `check(df)`, the two phases timed apart. Returns (round, df, result)."""
    import pandas as pd

    c0, w0 = time.process_time(), time.perf_counter()
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    c1, w1 = time.process_time(), time.perf_counter()
    result = check(df)
    c2, w2 = time.process_time(), time.perf_counter()
    return {
        "read_wall_s": w1 - w0, "read_cpu_s": c1 - c0,
        "check_wall_s": w2 - w1, "check_cpu_s": c2 - c1,
        "wall_s": w2 - w0, "cpu_s": c2 - c0,
    }, df, result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impl", required=True, choices=["govshare", "govshare-stream", "govshare-frame", "pycanon"])
    p.add_argument("--data", required=True)
    p.add_argument("--quasi", required=True)
    p.add_argument("--sensitive", default="")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--entropy", action="store_true")
    a = p.parse_args()
    qi = [c for c in a.quasi.split(",") if c]
    sa = [c for c in a.sensitive.split(",") if c]
    out = {"impl": a.impl, "data": a.data, "quasi": qi, "sensitive": sa, "rounds": []}

    if a.impl == "govshare-frame":
        import govshare

        out["versions"] = {"govshare": version("govshare"), "pandas": version("pandas"), "pyarrow": version("pyarrow")}
        out["input"] = "read_csv(dtype=str, keep_default_na=False), then check_deid_frame on the DataFrame"
        opts = govshare.DeidOptions(quasi=qi, sensitive=sa)
        with open(a.data, "rb") as f:
            data = f.read()
        out["data_bytes"] = len(data)
        out["vmhwm_kib_before"] = status_kib("VmHWM:")
        for _ in range(a.reps):
            rnd, _, r = read_then_check(data, lambda df: govshare.check_deid_frame(df, opts))
            out["rounds"].append(rnd)
        out.update(records=r.records, classes=r.classes, k=r.k_achieved, l=dict(r.l_achieved),
                   l_entropy=dict(r.l_entropy))
    elif a.impl.startswith("govshare"):
        import govshare

        out["versions"] = {"govshare": version("govshare")}
        opts = govshare.DeidOptions(quasi=qi, sensitive=sa)
        data = b""
        if a.impl == "govshare":
            out["input"] = "CSV bytes in memory (check_deid)"
            with open(a.data, "rb") as f:
                data = f.read()
        else:
            out["input"] = "CSV file, 1 MiB chunks (DeidChecker)"
        out["data_bytes"] = os.path.getsize(a.data)
        out["vmhwm_kib_before"] = status_kib("VmHWM:")
        for _ in range(a.reps):
            c0, w0 = time.process_time(), time.perf_counter()
            if a.impl == "govshare":
                r = govshare.check_deid("csv", data, opts)
            else:
                c = govshare.DeidChecker("csv", opts)
                with open(a.data, "rb") as f:
                    while chunk := f.read(1 << 20):
                        c.push(chunk)
                r = c.finish()
            out["rounds"].append({"wall_s": time.perf_counter() - w0, "cpu_s": time.process_time() - c0})
        out.update(records=r.records, classes=r.classes, k=r.k_achieved, l=dict(r.l_achieved),
                   l_entropy=dict(r.l_entropy))
    else:
        from pycanon import anonymity

        out["versions"] = {"pycanon": version("pycanon"), "pandas": version("pandas"), "numpy": version("numpy")}
        out["input"] = "CSV bytes in memory: read_csv(dtype=str, keep_default_na=False), then pycanon on the DataFrame"
        with open(a.data, "rb") as f:
            data = f.read()
        out["data_bytes"] = len(data)
        out["vmhwm_kib_before"] = status_kib("VmHWM:")
        def pycanon_check(df):
            return int(anonymity.k_anonymity(df, qi)), {s: int(anonymity.l_diversity(df, qi, [s])) for s in sa}

        for _ in range(a.reps):
            rnd, df, (k, ls) = read_then_check(data, pycanon_check)
            out["rounds"].append(rnd)
        out.update(records=len(df), classes=int(df.groupby(qi).ngroups), k=k, l=ls)
        # What the ℓ counters hold: distinct (class, sensitive value) pairs (untimed).
        out["class_value_pairs"] = {s: int(df.groupby(qi + [s]).ngroups) for s in sa}
        if a.entropy:
            out["l_entropy_int"] = {s: int(anonymity.entropy_l_diversity(df, qi, [s])) for s in sa}
    out["vmhwm_kib"] = status_kib("VmHWM:")
    out["median_cpu_s"] = statistics.median(r["cpu_s"] for r in out["rounds"])
    with open("/proc/loadavg") as f:
        out["loadavg_end"] = " ".join(f.read().split()[:3])
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
