#!/usr/bin/env bash
# The de-identification benchmark (issue #15): govshare's k-anonymity /
# ℓ-diversity check beside pycanon on the same generated CSV datasets (100k
# and 1M rows; 4 quasi-identifiers + 1 sensitive column, 6 + 2). Each
# implementation runs in a process of its own (peak RSS is its own):
#
#   native          govshare-bench-deid: check_deid over the CSV bytes in memory
#   native-stream   the same through DeidChecker, the file in 1 MiB chunks
#   python          govshare.check_deid("csv", bytes, DeidOptions(...)) (uniffi)
#   python-stream   govshare.DeidChecker, the file in 1 MiB chunks
#   python-frame    read_csv as pycanon's, then govshare.check_deid_frame on
#                   the DataFrame (read and check timed apart)
#   pycanon         pandas.read_csv(bytes, dtype=str) + pycanon k_anonymity and
#                   l_diversity per sensitive column (both phases timed apart)
#
# The run fails (exit 1) unless govshare's k_achieved and distinct ℓ of every
# sensitive column equal pycanon's on every dataset. Writes bench/deid/out/*.json,
# bench/deid/out/deid-results.json and bench/deid/out/deid-report.md (printed).
#
#   bench/deid/run.sh                          # 100k and 1M, REPS=5 (pycanon 3)
#   SIZES=100k bench/deid/run.sh               # 100k only
#   RESULT=bench/results/deid-YYYY-MM-DD.json bench/deid/run.sh   # also copy the results there
#   NATIVE_BIN=/path/to/govshare-bench-deid bench/deid/run.sh     # skip the cargo build
#
# Needs: cargo (CARGO_TARGET_DIR is honoured); a Python (PYTHON, default
# .venv/bin/python) with the govshare wheel (scripts/test-python.sh; a wheel
# unpacked elsewhere works through PYTHONPATH), pandas and pycanon
# (pip install pycanon==1.3.6). Everything runs under `nice -n ${NICE:-19}`.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
SIZES=${SIZES:-"100k 1m"}
CONFIGS=${CONFIGS:-"q4 q6"}
REPS=${REPS:-5}
PYCANON_REPS=${PYCANON_REPS:-3}
PYTHON=${PYTHON:-"$ROOT/.venv/bin/python"}
TARGET=${CARGO_TARGET_DIR:-"$ROOT/target"}
BUILD_NATIVE=${NATIVE_BIN:+no}
NATIVE_BIN=${NATIVE_BIN:-"$TARGET/release/govshare-bench-deid"}
N="nice -n ${NICE:-19}"
mkdir -p data out

[ "${BUILD_NATIVE:-yes}" = no ] || CARGO_TARGET_DIR="$TARGET" $N cargo build --release -q --manifest-path native/Cargo.toml
"$PYTHON" -c 'import govshare; govshare.check_deid' 2>/dev/null \
  || { echo "bench: govshare (with check_deid) is not installed in $PYTHON; run scripts/test-python.sh" >&2; exit 2; }
"$PYTHON" -c 'import pandas, pycanon' 2>/dev/null || $N "$PYTHON" -m pip install -q pandas pycanon==1.3.6

rows() { case "$1" in 100k) echo 100000 ;; 1m) echo 1000000 ;; *) echo "bench: unknown size $1" >&2; exit 2 ;; esac; }
for s in $SIZES; do
  [ -f "data/deid-$s.csv" ] || $N "$PYTHON" gen.py --rows "$(rows "$s")" --seed "$(rows "$s")" --out "data/deid-$s.csv"
done

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
rm -f out/deid-*-*.json
for s in $SIZES; do
  for c in $CONFIGS; do
    case "$c" in
      q4) Q=sex,age_band,district,education; S=diagnosis ;;
      q6) Q=sex,age_band,district,education,occupation,marital; S=diagnosis,income_band ;;
      *) echo "bench: unknown config $c" >&2; exit 2 ;;
    esac
    D="data/deid-$s.csv"
    ENTROPY=(); [ "$s" = 100k ] && ENTROPY=(--entropy)   # pycanon's entropy ℓ: a check, untimed (slow at 1M)
    for r in native native-stream python python-stream python-frame pycanon; do
      f="out/deid-$s-$c-$r.json"
      load=$(cut -d' ' -f1-3 /proc/loadavg)
      case "$r" in
        native) $N "$NATIVE_BIN" --data "$D" --quasi "$Q" --sensitive "$S" --reps "$REPS" > "$f" ;;
        native-stream) $N "$NATIVE_BIN" --data "$D" --quasi "$Q" --sensitive "$S" --reps "$REPS" --stream > "$f" ;;
        python) $N "$PYTHON" python_bench.py --impl govshare --data "$D" --quasi "$Q" --sensitive "$S" --reps "$REPS" > "$f" ;;
        python-frame) $N "$PYTHON" python_bench.py --impl govshare-frame --data "$D" --quasi "$Q" --sensitive "$S" --reps "$REPS" > "$f" ;;
        python-stream) $N "$PYTHON" python_bench.py --impl govshare-stream --data "$D" --quasi "$Q" --sensitive "$S" --reps "$REPS" > "$f" ;;
        pycanon) $N "$PYTHON" python_bench.py --impl pycanon --data "$D" --quasi "$Q" --sensitive "$S" --reps "$PYCANON_REPS" "${ENTROPY[@]}" > "$f" ;;
      esac
      # Tag each result with its size, config, runner and the load when it started.
      $N "$PYTHON" -c 'import json,sys; f=sys.argv[1]; d=json.load(open(f)); d.update(size=sys.argv[2], config=sys.argv[3], runner=sys.argv[4], loadavg_start=sys.argv[5]); json.dump(d, open(f,"w"), ensure_ascii=False)' "$f" "$s" "$c" "$r" "$load"
      echo "bench: $s $c $r done (load $load)" >&2
    done
  done
done
$N "$PYTHON" report.py --out out/deid-results.json --load-start "$LOAD_START" \
  --command "SIZES=\"$SIZES\" REPS=$REPS PYCANON_REPS=$PYCANON_REPS bench/deid/run.sh" out/deid-*-*.json | tee out/deid-report.md
if [ -n "${RESULT:-}" ]; then cp out/deid-results.json "$ROOT/$RESULT"; fi
