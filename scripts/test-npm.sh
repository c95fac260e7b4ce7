#!/usr/bin/env bash
# Tests what npm users install: `npm pack`, install the tarball into a scratch
# project, run the node:test suite there, then the headless-Chromium test.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build -q -p govshare-cli  # the sandbox the exchange test talks to
(cd npm && npm pack --silent --pack-destination "$work" >/dev/null)
mkdir -p "$work/app"
cd "$work/app"
printf '{"name":"govshare-test-app","private":true,"type":"module"}\n' > package.json
npm install --silent --no-audit --no-fund "$work"/govshare-*.tgz
cp -r "$root/npm/test" ./test
# Type-check the public .d.ts as a strict TypeScript user would.
"$root/npm/node_modules/.bin/tsc" --strict --noEmit --module nodenext --moduleResolution nodenext \
  --target es2022 --lib es2022,dom,esnext.disposable --skipLibCheck false test/types/usage.ts
export GOVSHARE_VECTORS="$root/tests/vectors" GOVSHARE_EXAMPLES="$root/examples" GOVSHARE_NPM_DEV="$root/npm"
# The sandbox the exchange test talks to (built by the Rust stage, or here).
export GOVSHARE_BIN="${GOVSHARE_BIN:-$root/target/debug/govshare}"
node --test test/node/
node test/browser/run.mjs
