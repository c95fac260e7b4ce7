#!/usr/bin/env bash
# Compares two builds of the native runner on the same data, interleaved
# (A B A B ...) so both see the same machine load, and counts their
# instructions per op under valgrind (cachegrind; load-independent) on the
# first 10,000 records. Prints JSON.
#
#   bench/mask/ab.sh OLD_BINARY NEW_BINARY [DATA_DIR] [PAIRS]
#
# A binary of another commit: check it out in a scratch worktree, add
# bench/mask to it, and `CARGO_TARGET_DIR=<this repo>/target cargo build
# --release -p govshare-bench-mask` there (then copy the binary aside).
set -euo pipefail
A=$1 B=$2
DIR=${3:-$(dirname "$0")/data/100000-5}
PAIRS=${4:-3}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for k in $(seq "$PAIRS"); do
  "$A" run --dir "$DIR" --rounds 5 > "$TMP/a-$k.json"
  "$B" run --dir "$DIR" --rounds 5 > "$TMP/b-$k.json"
done
head -n 10000 "$DIR/raw.ndjson" > "$TMP/raw.ndjson"
head -n 10000 "$DIR/masked.ndjson" > "$TMP/masked.ndjson"
cp "$DIR/policy.json" "$TMP/"
for side in a b; do
  bin=$A; [ "$side" = b ] && bin=$B
  for op in scan verify verify_raw; do
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
      "$bin" run --dir "$TMP" --rounds 0 --ops "$op" 2>&1 >/dev/null \
      | awk '/I[ ]+refs/ {gsub(",", "", $NF); print $NF}' > "$TMP/ir-$side-$op"
  done
done
python3 - "$TMP" "$PAIRS" "$A" "$B" <<'PY'
import json, os, statistics, sys
tmp, pairs, a, b = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
size = {"scan": os.path.getsize(f"{tmp}/raw.ndjson"), "verify": os.path.getsize(f"{tmp}/masked.ndjson")}
size["verify_raw"] = size["scan"]
out = {"a": a, "b": b, "loadavg": list(os.getloadavg()), "ops": {}}
for op in ("scan", "verify", "verify_raw"):
    row = {}
    for side in ("a", "b"):
        xs = [json.load(open(f"{tmp}/{side}-{k}.json"))["ops"][op]["mb_per_s_cpu"] for k in range(1, pairs + 1)]
        ir = int(open(f"{tmp}/ir-{side}-{op}").read().strip() or 0)
        row[side] = {"mb_per_s_cpu": xs, "median_mb_per_s_cpu": statistics.median(xs),
                     "instructions_10k": ir, "instructions_per_byte": ir / size[op]}
    row["speedup_cpu"] = row["b"]["median_mb_per_s_cpu"] / row["a"]["median_mb_per_s_cpu"]
    row["instructions_ratio"] = row["b"]["instructions_10k"] / max(1, row["a"]["instructions_10k"])
    out["ops"][op] = row
print(json.dumps(out, indent=1))
PY
