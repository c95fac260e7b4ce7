#!/usr/bin/env bash
# Prepares the portal example (examples/portal) the way a portal developer
# consumes govshare: the npm package is packed and installed from its tarball
# into the portal's node_modules; playwright-core comes for its test.
#   scripts/portal.sh            build the wasm package first, then install
#   scripts/portal.sh --no-build reuse npm/dist (the test command built it)
set -euo pipefail
cd "$(dirname "$0")/.."
[ "${1:-}" = "--no-build" ] || scripts/build-wasm.sh
[ -f npm/dist/browser.js ] || { echo "npm/dist is missing: run scripts/build-wasm.sh" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd npm && npm pack --silent --pack-destination "$work" >/dev/null)
cd examples/portal
npm ci --no-audit --no-fund --loglevel=error
npm install --no-save --no-audit --no-fund --loglevel=error "$work"/govshare-*.tgz
