#!/usr/bin/env bash
# Tests what Python users install: build the wheel with maturin (uniffi
# bindings), install it into the venv, run pytest from outside the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
# The department example's test runs the sandbox through the CLI.
cargo build -q -p govshare-cli
(cd python && "$root/.venv/bin/maturin" build --release --quiet -o "$wheels")
.venv/bin/pip install -q --force-reinstall --no-deps "$wheels"/govshare-*.whl
cd "$wheels"
GOVSHARE_VECTORS="$root/tests/vectors" GOVSHARE_EXAMPLES="$root/examples" GOVSHARE_BIN="$root/target/debug/govshare" \
  "$root/.venv/bin/python" -m pytest -q -p no:cacheprovider "$root/python/tests"
