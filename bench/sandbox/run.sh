#!/usr/bin/env bash
# Bounded loopback load test of the sandbox platform (issue 6): signed
# submissions and verified data fetches, RUNS times (median reported by the
# caller from the JSON lines). Loopback only; the sandbox runs in-process.
#
#   bench/sandbox/run.sh                     # 3 runs × 2000 submissions + 2000 fetches, 4 clients
#   RUNS=1 ARGS="--submissions 500 --fetches 500 --clients 2" bench/sandbox/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
ARGS=${ARGS:-"--submissions 2000 --fetches 2000 --clients 4"}
cargo build --release -q -p govshare-bench-sandbox
mkdir -p bench/out
for i in $(seq "$RUNS"); do
  echo "load average before run $i: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  # shellcheck disable=SC2086
  target/release/govshare-bench-sandbox $ARGS | tee "bench/out/sandbox-load-$i.json"
done
