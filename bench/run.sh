#!/usr/bin/env bash
# Runs the whole benchmark: generates the catalogs and the query set, runs
# the JS peers (flexsearch, minisearch), govshare native and govshare WASM in
# Node (the npm package in npm/dist, built by scripts/build-wasm.sh), scores
# everything against the same brute-force truth, and writes
# out/results-<size>.json and out/report.md.
#
#   bench/run.sh                       # 10k and 100k, every engine
#   SIZES="10000 100000 1000000" PEER_MAX=100000 bench/run.sh   # 1M: govshare only
#   ENGINES=minisearch SIZES=10000 bench/run.sh
#   GOVSHARE=native bench/run.sh       # skip the WASM runner
#
# Needs: cargo, node >= 20, npm, and npm/dist for the WASM runner. The peers
# need ~10 GB of memory and tens of minutes at 1M; PEER_MAX skips them above
# that size.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
SIZES=${SIZES:-"10000 100000"}
ENGINES=${ENGINES:-"flexsearch,minisearch"}
GOVSHARE=${GOVSHARE:-"native wasm"}
PEER_MAX=${PEER_MAX:-100000000}
QUERY_SEED=${QUERY_SEED:-7}
mkdir -p data out

label() { case "$1" in *000000) echo "$(( $1 / 1000000 ))m" ;; *000) echo "$(( $1 / 1000 ))k" ;; *) echo "$1" ;; esac; }

cargo build --release -q -p govshare-bench-gen --manifest-path "$ROOT/Cargo.toml"
GEN="$ROOT/target/release/govshare-bench-gen"
[ -d node_modules ] || npm ci --no-audit --no-fund

"$GEN" queries --count 1000 --seed "$QUERY_SEED" --out data/queries.json

NATIVE=""
case " $GOVSHARE " in *" native "*)
  cargo build --release -q -p govshare-bench-native --manifest-path "$ROOT/Cargo.toml"
  NATIVE="$ROOT/target/release/govshare-bench-native" ;;
esac
WASM=""
case " $GOVSHARE " in *" wasm "*)
  if [ -f "$ROOT/npm/dist/node.js" ]; then WASM=1
  else echo "bench: npm/dist missing (run scripts/build-wasm.sh); skipping govshare-wasm" >&2; fi ;;
esac

RESULTS=()
for n in $SIZES; do
  l=$(label "$n")
  cat="data/catalog-$l.json"
  [ -s "$cat" ] || "$GEN" catalog --resources "$n" --seed "$n" --out "$cat"
  if [ "$n" -le "$PEER_MAX" ]; then
    node --expose-gc --max-old-space-size=12288 js/peers.mjs --catalog "$cat" --queries data/queries.json \
      --engines "$ENGINES" > "out/peers-$l.json"
  else
    node js/skeleton.mjs --catalog "$cat" --queries data/queries.json > "out/peers-$l.json"
  fi
  SCORED=()
  if [ -n "$NATIVE" ]; then
    "$NATIVE" --catalog "$cat" --queries data/queries.json > "out/native-$l.json"
    SCORED+=(--results "out/native-$l.json")
  fi
  if [ -n "$WASM" ]; then
    # Build from the JSON (and write the snapshot), then a fresh process from the snapshot.
    node --expose-gc js/govshare-wasm.mjs --catalog "$cat" --queries data/queries.json \
      --snapshot-out "data/catalog-$l.gsnap" > "out/wasm-$l.json"
    node --expose-gc js/govshare-wasm.mjs --snapshot "data/catalog-$l.gsnap" --queries data/queries.json \
      > "out/wasm-snapshot-$l.json"
    SCORED+=(--results "out/wasm-$l.json" --results "out/wasm-snapshot-$l.json")
  fi
  if [ ${#SCORED[@]} -gt 0 ]; then
    node --max-old-space-size=12288 js/score.mjs --catalog "$cat" --queries data/queries.json \
      "${SCORED[@]}" --into "out/peers-$l.json" > "out/results-$l.json"
  else
    cp "out/peers-$l.json" "out/results-$l.json"
  fi
  RESULTS+=("out/results-$l.json")
done
node js/report.mjs "${RESULTS[@]}" > out/report.md
cat out/report.md
