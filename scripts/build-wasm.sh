#!/usr/bin/env bash
# Builds the npm package's dist/: the core compiled to wasm32, wasm-bindgen glue
# (web target, shared by the Node and browser entries), wasm-opt -Oz from npm
# binaryen (Debian's wasm-opt emits broken modules), and the thin JS layer.
# Two modules: dist/wasm (everything, `govshare`) and dist/catalog/wasm (the
# catalog alone, `govshare/catalog`: the bindings without their `full` feature).
set -euo pipefail
cd "$(dirname "$0")/.."
out=npm/dist
profile=wasm-release
rm -rf "$out.tmp"

# build FEATURE_ARGS OUT_DIR OUT_NAME
build() {
  # shellcheck disable=SC2086  # FEATURE_ARGS is zero or one word
  cargo build -q -p govshare-wasm --target wasm32-unknown-unknown --profile "$profile" $1
  mkdir -p "$2"
  wasm-bindgen --target web --out-dir "$2" --out-name "$3" \
    "target/wasm32-unknown-unknown/$profile/govshare_wasm.wasm"
  npm/node_modules/.bin/wasm-opt -Oz \
    --enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue \
    "$2/$3_bg.wasm" -o "$2/$3_bg.wasm"
}
build --no-default-features "$out.tmp/catalog/wasm" govshare_catalog
build "" "$out.tmp/wasm" govshare_wasm
cp npm/src/*.js npm/src/*.d.ts "$out.tmp/"
cp npm/src/catalog/*.js npm/src/catalog/*.d.ts "$out.tmp/catalog/"
# Replace atomically so a failed build never leaves a half-written package.
rm -rf "$out" && mv "$out.tmp" "$out"

# Size budgets portals load over the network (gzipped): the catalog-only
# module ≤ 250 KB (issue #14); everything ≤ 400 KB (not met, see BENCHMARKS.md:
# say so loudly).
report() {
  local raw gz
  raw=$(stat -c %s "$1")
  gz=$(gzip -9c "$1" | wc -c)
  echo "$2: $raw bytes, $gz bytes gzipped (budget $3)"
  if [ "$gz" -gt "$3" ]; then
    echo "warning: the $2 is $gz bytes gzipped, over the $3-byte budget" >&2
  fi
}
report "$out/catalog/wasm/govshare_catalog_bg.wasm" "catalog-only wasm module" $((250 * 1000))
report "$out/wasm/govshare_wasm_bg.wasm" "wasm module" $((400 * 1000))
