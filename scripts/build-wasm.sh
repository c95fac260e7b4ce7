#!/usr/bin/env bash
# Builds the npm package's dist/: the core compiled to wasm32, wasm-bindgen glue
# (web target, shared by the Node and browser entries), wasm-opt -Oz from npm
# binaryen (Debian's wasm-opt emits broken modules) or its lighter passes,
# whichever is smaller gzipped, and the thin JS layer.
# Two modules: dist/wasm (everything, `govshare`) and dist/catalog/wasm (the
# catalog alone, `govshare/catalog`: the bindings without their `full` feature).
set -euo pipefail
cd "$(dirname "$0")/.."
out=npm/dist
profile=wasm-release
rm -rf "$out.tmp"

# build FEATURE_ARGS OUT_DIR OUT_NAME [CORE_OPT_LEVEL]
build() {
  # The core's opt-level for this module (default: the profile's "z").
  local core_opt=()
  if [ -n "${4:-}" ]; then
    core_opt=(--config "profile.$profile.package.govshare-core.opt-level=$4")
  fi
  # shellcheck disable=SC2086  # FEATURE_ARGS is zero or one word
  cargo build -q -p govshare-wasm --target wasm32-unknown-unknown --profile "$profile" $1 "${core_opt[@]}"
  mkdir -p "$2"
  wasm-bindgen --target web --out-dir "$2" --out-name "$3" \
    "target/wasm32-unknown-unknown/$profile/govshare_wasm.wasm"
  # Two ways to shrink it: -Oz (smallest raw module) or only stripping and
  # removing what is unused or duplicated after LLVM's own opt-level z. -Oz's
  # rewrites compress worse, so the second is often smaller gzipped, which is
  # what a portal downloads: keep whichever is smaller gzipped.
  local features="--enable-bulk-memory --enable-mutable-globals --enable-nontrapping-float-to-int
    --enable-sign-ext --enable-reference-types --enable-multivalue --enable-simd"
  # shellcheck disable=SC2086  # $features is a list of flags
  npm/node_modules/.bin/wasm-opt -Oz $features "$2/$3_bg.wasm" -o "$2/$3.oz.wasm"
  # shellcheck disable=SC2086
  npm/node_modules/.bin/wasm-opt $features --strip-debug --strip-producers \
    --duplicate-function-elimination --remove-unused-module-elements \
    "$2/$3_bg.wasm" -o "$2/$3.light.wasm"
  local oz light
  oz=$(gzip -9c "$2/$3.oz.wasm" | wc -c)
  light=$(gzip -9c "$2/$3.light.wasm" | wc -c)
  if [ "$light" -lt "$oz" ]; then
    echo "$3: light passes ($light bytes gzipped) beat -Oz ($oz)"
    mv "$2/$3.light.wasm" "$2/$3_bg.wasm" && rm "$2/$3.oz.wasm"
  else
    echo "$3: -Oz ($oz bytes gzipped) beat the light passes ($light)"
    mv "$2/$3.oz.wasm" "$2/$3_bg.wasm" && rm "$2/$3.light.wasm"
  fi
}
# The core's opt-level per module (BENCHMARKS.md, "Building from JSON" and
# "The catalog module's opt-level"): the catalog-only module compiles it
# at "s", the fastest that keeps its 250 KB budget (1M queries ~20 % faster
# at the median than at the profile's "z"; 2 and 3 are faster still but
# 273–278 KB); the whole SDK at 3 (a 1M catalog builds from JSON in ~23 s
# of CPU instead of 44–57 s, issue #14's target being 31 s; +32 % gzipped).
build --no-default-features "$out.tmp/catalog/wasm" govshare_catalog '"s"'
build "" "$out.tmp/wasm" govshare_wasm 3
cp npm/src/*.js npm/src/*.d.ts "$out.tmp/"
cp npm/src/catalog/*.js npm/src/catalog/*.d.ts "$out.tmp/catalog/"
# Replace atomically so a failed build never leaves a half-written package.
rm -rf "$out" && mv "$out.tmp" "$out"

# Size budgets portals load over the network (gzipped): the catalog-only
# module ≤ 250 KB (issue #14, met: enforced); everything ≤ 400 KB (not met, see
# BENCHMARKS.md: say so loudly).
report() {
  local raw gz
  raw=$(stat -c %s "$1")
  gz=$(gzip -9c "$1" | wc -c)
  echo "$2: $raw bytes, $gz bytes gzipped (budget $3)"
  if [ "$gz" -gt "$3" ]; then
    if [ "$4" = enforce ]; then
      echo "error: the $2 is $gz bytes gzipped, over its $3-byte budget" >&2
      exit 1
    fi
    echo "warning: the $2 is $gz bytes gzipped, over the $3-byte budget" >&2
  fi
}
# A met budget is enforced (a regression fails the build); the whole SDK's
# is not met yet and only warns.
report "$out/catalog/wasm/govshare_catalog_bg.wasm" "catalog-only wasm module" $((250 * 1000)) enforce
report "$out/wasm/govshare_wasm_bg.wasm" "wasm module" $((400 * 1000)) warn
