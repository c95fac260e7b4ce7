#!/usr/bin/env bash
# Runs the whole benchmark: generates the catalogs and the query set, runs
# the JS peers (flexsearch, minisearch), the native govshare runner when it
# builds, scores everything against the same brute-force truth, and writes
# out/results-<size>.json and out/report.md.
#
#   bench/run.sh                       # 10k and 100k
#   SIZES="10000 100000 1000000" bench/run.sh
#   ENGINES=minisearch SIZES=10000 bench/run.sh
#
# Needs: cargo, node >= 20, npm. 1M needs ~10 GB of memory for the peers
# and several minutes per engine; keep it off shared machines.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
SIZES=${SIZES:-"10000 100000"}
ENGINES=${ENGINES:-"flexsearch,minisearch"}
QUERY_SEED=${QUERY_SEED:-7}
mkdir -p data out

label() { case "$1" in *000000) echo "$(( $1 / 1000000 ))m" ;; *000) echo "$(( $1 / 1000 ))k" ;; *) echo "$1" ;; esac; }

cargo build --release -q -p govshare-bench-gen --manifest-path "$ROOT/Cargo.toml"
GEN="$ROOT/target/release/govshare-bench-gen"
[ -d node_modules ] || npm ci --no-audit --no-fund

"$GEN" queries --count 1000 --seed "$QUERY_SEED" --out data/queries.json

# The native runner needs the catalog engine; skip it (with a note) until then.
NATIVE=""
if cargo build --release -q --manifest-path native/Cargo.toml --target-dir "$ROOT/target" 2>out/native-build.log; then
  NATIVE="$ROOT/target/release/govshare-bench-native"
else
  echo "bench: govshare-bench-native does not build yet (see out/native-build.log); peers only" >&2
fi

RESULTS=()
for n in $SIZES; do
  l=$(label "$n")
  cat="data/catalog-$l.json"
  [ -s "$cat" ] || "$GEN" catalog --resources "$n" --seed "$n" --out "$cat"
  node --expose-gc --max-old-space-size=12288 js/peers.mjs --catalog "$cat" --queries data/queries.json \
    --engines "$ENGINES" > "out/peers-$l.json"
  if [ -n "$NATIVE" ]; then
    "$NATIVE" --catalog "$cat" --queries data/queries.json > "out/native-$l.json"
    node --max-old-space-size=12288 js/score.mjs --catalog "$cat" --queries data/queries.json \
      --results "out/native-$l.json" --into "out/peers-$l.json" > "out/results-$l.json"
  else
    cp "out/peers-$l.json" "out/results-$l.json"
  fi
  RESULTS+=("out/results-$l.json")
done
node js/report.mjs "${RESULTS[@]}" > out/report.md
cat out/report.md
