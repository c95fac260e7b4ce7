#!/usr/bin/env bash
# The micro-benchmark of issues #3 (RFC 8785 canonicalization) and #4
# (signing), in one run: generates the inputs, runs govshare natively (release
# build), govshare's npm package (WASM) in Node beside the npm peers, and
# govshare's Python binding beside the PyPI peers, then writes
# bench/out/micro-results.json and bench/out/micro-report.md.
#
#   bench/micro/run.sh                    # every runner twice (interleaved), 5 rounds of ~200 ms per task
#   REPEAT=3 ROUNDS=7 ROUND_MS=400 bench/micro/run.sh
#   RUNNERS="native node" bench/micro/run.sh
#   PKG=/abs/path/to/other/dist/ RUNNERS=node bench/micro/run.sh   # another build of npm/dist
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
ROUND_MS=${ROUND_MS:-200}
REPEAT=${REPEAT:-2}
RUNNERS=${RUNNERS:-"native node python"}
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
mkdir -p data/micro out
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

node micro/data.mjs data/micro
case " $RUNNERS " in *" native "*)
  cargo build --release -q -p govshare-bench-native --bin govshare-bench-micro --manifest-path "$ROOT/Cargo.toml" ;;
esac
case " $RUNNERS " in *" node "*)
  [ -f "${PKG:-$ROOT/npm/dist/}node.js" ] || { echo "bench: ${PKG:-npm/dist/}node.js missing; run scripts/build-wasm.sh" >&2; exit 2; }
  [ -d node_modules/@noble/ed25519 ] || npm ci --no-audit --no-fund ;;
esac
case " $RUNNERS " in *" python "*)
  "$PYTHON" -c 'import govshare' 2>/dev/null || { echo "bench: govshare is not installed in $PYTHON; run scripts/test-python.sh" >&2; exit 2; }
  "$PYTHON" -c 'import rfc8785, gmssl, http_message_signatures, cryptography' 2>/dev/null \
    || "$PYTHON" -m pip install -q -r micro/requirements.txt ;;
esac
rm -f out/micro-*-run*.json
FILES=()
LOADS=""
ARGS=(--data data/micro --rounds "$ROUNDS" --round-ms "$ROUND_MS")
for i in $(seq 1 "$REPEAT"); do
  for r in $RUNNERS; do
    f="out/micro-$r-run$i.json"
    LOADS+="$r#$i: $(cut -d' ' -f1-3 /proc/loadavg); "
    case "$r" in
      native) "$ROOT/target/release/govshare-bench-micro" "${ARGS[@]}" > "$f" ;;
      node) node micro/node.mjs "${ARGS[@]}" ${PKG:+--pkg "$PKG"} > "$f" ;;
      python) "$PYTHON" micro/python_bench.py "${ARGS[@]}" > "$f" ;;
      *) echo "bench: unknown runner $r" >&2; exit 2 ;;
    esac
    FILES+=("$f")
  done
done
node micro/report.mjs --out out/micro-results.json --load-start "$LOAD_START" --loads "$LOADS" \
  --command "REPEAT=$REPEAT ROUNDS=$ROUNDS ROUND_MS=$ROUND_MS RUNNERS=\"$RUNNERS\" bench/micro/run.sh" "${FILES[@]}" | tee out/micro-report.md
