#!/usr/bin/env bash
# The micro-benchmark of issues #3 (RFC 8785 canonicalization) and #4
# (signing), in one run: generates the inputs, runs govshare natively (release
# build), govshare's npm package (WASM) in Node beside the npm peers, and
# govshare's Python binding beside the PyPI peers, then writes
# bench/out/micro-results.json and bench/out/micro-report.md.
#
#   bench/micro/run.sh                    # every runner, 5 rounds of ~250 ms per task
#   ROUNDS=7 ROUND_MS=400 bench/micro/run.sh
#   RUNNERS="native node" bench/micro/run.sh
#
# Needs: cargo; node >= 20 with npm/dist built (scripts/build-wasm.sh); a
# Python with the govshare wheel installed (PYTHON, default .venv/bin/python,
# where scripts/test-python.sh installs it). The npm peers come from
# bench/package.json (npm ci here); the PyPI peers from
# bench/micro/requirements.txt (installed into that Python if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd .. && pwd)
ROUNDS=${ROUNDS:-5}
ROUND_MS=${ROUND_MS:-250}
RUNNERS=${RUNNERS:-"native node python"}
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
mkdir -p data/micro out
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

node micro/data.mjs data/micro
FILES=()
case " $RUNNERS " in *" native "*)
  cargo build --release -q -p govshare-bench-native --bin govshare-bench-micro --manifest-path "$ROOT/Cargo.toml"
  "$ROOT/target/release/govshare-bench-micro" --data data/micro --rounds "$ROUNDS" --round-ms "$ROUND_MS" > out/micro-native.json
  FILES+=(out/micro-native.json) ;;
esac
case " $RUNNERS " in *" node "*)
  [ -f "$ROOT/npm/dist/node.js" ] || { echo "bench: npm/dist missing; run scripts/build-wasm.sh" >&2; exit 2; }
  [ -d node_modules/@noble/ed25519 ] || npm ci --no-audit --no-fund
  node micro/node.mjs --data data/micro --rounds "$ROUNDS" --round-ms "$ROUND_MS" > out/micro-node.json
  FILES+=(out/micro-node.json) ;;
esac
case " $RUNNERS " in *" python "*)
  "$PYTHON" -c 'import govshare' 2>/dev/null || { echo "bench: govshare is not installed in $PYTHON; run scripts/test-python.sh" >&2; exit 2; }
  "$PYTHON" -c 'import rfc8785, gmssl, http_message_signatures, cryptography' 2>/dev/null \
    || "$PYTHON" -m pip install -q -r micro/requirements.txt
  "$PYTHON" micro/python_bench.py --data data/micro --rounds "$ROUNDS" --round-ms "$ROUND_MS" > out/micro-python.json
  FILES+=(out/micro-python.json) ;;
esac
node micro/report.mjs --out out/micro-results.json --load-start "$LOAD_START" \
  --command "ROUNDS=$ROUNDS ROUND_MS=$ROUND_MS RUNNERS=\"$RUNNERS\" bench/micro/run.sh" "${FILES[@]}" | tee out/micro-report.md
