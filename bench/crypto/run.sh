#!/usr/bin/env bash
# The encryption benchmark (issue #13): SM4 (ECB, CBC, GCM) encrypt/decrypt
# throughput at 64 B, 4 KiB and 1 MiB and SM2 encrypt/decrypt ops/s, in one
# run: govshare natively (release build) beside OpenSSL (a small C program on
# the system libcrypto), govshare's npm package (WASM) in Node beside npm
# sm-crypto and Node's crypto, and govshare's Python binding beside PyPI gmssl
# and cryptography. Writes bench/out/crypto-results.json and
# bench/out/crypto-report.md (printed).
#
#   bench/crypto/run.sh                    # every runner twice (interleaved), 5 rounds of ~200 ms per task
#   REPEAT=1 RUNNERS="native openssl" bench/crypto/run.sh
#   NATIVE_BIN=/path/to/govshare-bench-crypto bench/crypto/run.sh   # skip the cargo build
#
# Needs: cargo (CARGO_TARGET_DIR is honoured); a C compiler and libssl-dev;
# node >= 20 with npm/dist built (scripts/build-wasm.sh); a Python with the
# govshare wheel installed (PYTHON, default .venv/bin/python, where
# scripts/test-python.sh installs it). The npm peers come from
# bench/package.json (npm ci here); the PyPI peers from
# bench/micro/requirements.txt (gmssl, cryptography; installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(cd .. && pwd)
ROUNDS=${ROUNDS:-5}
ROUND_MS=${ROUND_MS:-200}
REPEAT=${REPEAT:-2}
RUNNERS=${RUNNERS:-"native openssl node python"}
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
TARGET=${CARGO_TARGET_DIR:-"$ROOT/target"}
BUILD_NATIVE=${NATIVE_BIN:+no}
NATIVE_BIN=${NATIVE_BIN:-"$TARGET/release/govshare-bench-crypto"}
mkdir -p out
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

case " $RUNNERS " in *" native "*)
  [ "${BUILD_NATIVE:-yes}" = no ] || cargo build --release -q -p govshare-bench-native --bin govshare-bench-crypto --manifest-path "$ROOT/Cargo.toml" ;;
esac
case " $RUNNERS " in *" openssl "*)
  cc -O2 -Wall -o out/openssl-sm4 crypto/openssl_sm4.c -lcrypto ;;
esac
case " $RUNNERS " in *" node "*)
  [ -f "${PKG:-$ROOT/npm/dist/}node.js" ] || { echo "bench: ${PKG:-npm/dist/}node.js missing; run scripts/build-wasm.sh" >&2; exit 2; }
  [ -d node_modules/sm-crypto ] || npm ci --no-audit --no-fund ;;
esac
case " $RUNNERS " in *" python "*)
  "$PYTHON" -c 'import govshare' 2>/dev/null || { echo "bench: govshare is not installed in $PYTHON; run scripts/test-python.sh" >&2; exit 2; }
  "$PYTHON" -c 'import gmssl, cryptography' 2>/dev/null || "$PYTHON" -m pip install -q -r micro/requirements.txt ;;
esac
rm -f out/crypto-*-run*.json
FILES=()
LOADS=""
ARGS=(--rounds "$ROUNDS" --round-ms "$ROUND_MS")
for i in $(seq 1 "$REPEAT"); do
  for r in $RUNNERS; do
    f="out/crypto-$r-run$i.json"
    LOADS+="$r#$i: $(cut -d' ' -f1-3 /proc/loadavg); "
    case "$r" in
      native) "$NATIVE_BIN" "${ARGS[@]}" > "$f" ;;
      openssl) out/openssl-sm4 "${ARGS[@]}" > "$f" ;;
      node) node crypto/node.mjs "${ARGS[@]}" ${PKG:+--pkg "$PKG"} > "$f" ;;
      python) "$PYTHON" crypto/python_bench.py "${ARGS[@]}" > "$f" ;;
      *) echo "bench: unknown runner $r" >&2; exit 2 ;;
    esac
    FILES+=("$f")
  done
done
node crypto/report.mjs --out out/crypto-results.json --load-start "$LOAD_START" --loads "$LOADS" \
  --command "REPEAT=$REPEAT ROUNDS=$ROUNDS ROUND_MS=$ROUND_MS RUNNERS=\"$RUNNERS\" bench/crypto/run.sh" "${FILES[@]}" | tee out/crypto-report.md
