#!/usr/bin/env bash
# Masking benchmark in one run: generates the records (if missing), then
# times scan and verify for govshare native, govshare WASM in Node (npm/dist),
# the govshare Python binding, the Python `re` and Node RegExp baselines and
# Presidio (regex-only), and writes out/*.json, ../results/mask-<label>.json
# and a markdown summary (out/report.md, also printed).
#
#   bench/mask/run.sh
#   ENGINES="native wasm" ROUNDS=3 bench/mask/run.sh
#
# Environment (defaults):
#   RECORDS=100000 SEED=5        generated data (data/, git-ignored)
#   ROUNDS=5                     timed rounds per op after one warm-up (median reported)
#   ENGINES="native wasm python re-py re-node presidio"
#   WASM_PKG=<repo>/npm/dist     the built npm package (scripts/build-wasm.sh)
#   PYTHON=<repo>/.venv/bin/python   a Python with the govshare wheel installed
#                                (scripts/test-python.sh installs it into .venv)
#   PRESIDIO_LIMIT=10000 PRESIDIO_ROUNDS=3   Presidio runs ~0.3 MB/s: a prefix of the records
#   LABEL=$(date +%F)            results file name
# Presidio lives in a bench-only venv (.venv-peers, created on first use,
# presidio-analyzer pinned below); no spaCy model is downloaded.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)
RECORDS=${RECORDS:-100000}
SEED=${SEED:-5}
ROUNDS=${ROUNDS:-5}
ENGINES=${ENGINES:-"native wasm python re-py re-node presidio"}
WASM_PKG=${WASM_PKG:-$ROOT/npm/dist}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
PRESIDIO_LIMIT=${PRESIDIO_LIMIT:-10000}
PRESIDIO_ROUNDS=${PRESIDIO_ROUNDS:-3}
PRESIDIO_VERSION=2.2.366
LABEL=${LABEL:-$(date +%F)}
DATA=$HERE/data/$RECORDS-$SEED
mkdir -p out "$DATA"

cargo build --release -q -p govshare-bench-mask --manifest-path "$ROOT/Cargo.toml"
BIN=$ROOT/target/release/govshare-bench-mask
[ -s "$DATA/masked.ndjson" ] || "$BIN" gen --records "$RECORDS" --seed "$SEED" --out-dir "$DATA"

has() { case " $ENGINES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
step() { echo "bench/mask: $1 (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2; }
rm -f out/*.json

if has native; then
  step native
  "$BIN" run --dir "$DATA" --rounds "$ROUNDS" > out/native.json
fi
if has wasm; then
  if [ -f "$WASM_PKG/node.js" ]; then
    step wasm
    node "$HERE/js/wasm.mjs" --dir "$DATA" --rounds "$ROUNDS" --pkg "$WASM_PKG" > out/wasm.json
  else
    echo "bench/mask: $WASM_PKG/node.js missing (scripts/build-wasm.sh); skipping wasm" >&2
  fi
fi
if has python; then
  if "$PYTHON" -c "import govshare" 2>/dev/null; then
    step python
    "$PYTHON" "$HERE/py/runner.py" govshare --dir "$DATA" --rounds "$ROUNDS" > out/python.json
  else
    echo "bench/mask: $PYTHON cannot import govshare (scripts/test-python.sh); skipping python" >&2
  fi
fi
if has re-node; then
  for m in text records; do
    step "node regexp ($m)"
    node "$HERE/js/regexp.mjs" --dir "$DATA" --rounds "$ROUNDS" --mode "$m" > "out/node-regexp-$m.json"
  done
fi
if has re-py; then
  for m in text records; do
    step "python re ($m)"
    python3 "$HERE/py/runner.py" re --mode "$m" --dir "$DATA" --rounds "$ROUNDS" > "out/python-re-$m.json"
  done
fi
if has presidio; then
  PEERS=$HERE/.venv-peers
  if [ ! -x "$PEERS/bin/python" ] || ! "$PEERS/bin/python" -c "import presidio_analyzer" 2>/dev/null; then
    python3 -m venv "$PEERS"
    "$PEERS/bin/pip" install -q "presidio-analyzer==$PRESIDIO_VERSION"
  fi
  step "presidio ($PRESIDIO_LIMIT records)"
  "$PEERS/bin/python" "$HERE/py/runner.py" presidio --dir "$DATA" --rounds "$PRESIDIO_ROUNDS" \
    --limit "$PRESIDIO_LIMIT" > out/presidio.json
fi

python3 "$HERE/py/report.py" --out-dir out --records "$RECORDS" --seed "$SEED" \
  --results "$ROOT/bench/results/mask-$LABEL.json" > out/report.md
cat out/report.md
