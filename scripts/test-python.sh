#!/usr/bin/env bash
# Tests what Python users install: build the wheel with maturin (uniffi
# bindings), install it into the venv, run pytest from outside the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
wheels=$(mktemp -d)
trap 'rm -rf "$wheels"' EXIT
(cd python && "$root/.venv/bin/maturin" build --release --quiet -o "$wheels")
.venv/bin/pip install -q --force-reinstall --no-deps "$wheels"/govshare-*.whl
cd "$wheels"
GOVSHARE_VECTORS="$root/tests/vectors" GOVSHARE_EXAMPLES="$root/examples" \
  "$root/.venv/bin/python" -m pytest -q -p no:cacheprovider "$root/python/tests"
