#!/usr/bin/env bash
# The whole test suite, as `make test` and CI run it: Rust (native), the npm
# package as installed from its tarball (Node + headless Chromium), and the
# Python wheel as installed by pip. Each stage reads tests/vectors/.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
stage() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
start=$(date +%s)
# A build from empty caches gains nothing from incremental state, which
# otherwise takes ~2 GB of the CI machine's disk.
if [ -n "${CI:-}" ]; then export CARGO_INCREMENTAL=0; fi

stage "format and lints"
cargo fmt --all --check
# The committed vectors are byte for byte what their generators write (a hand
# edit would replace an independent expectation with a guess); the audit
# generator's packages come from .venv, which scripts/bootstrap.sh prepares.
python3 scripts/check_vectors_generated.py --quiet
cargo clippy -q --workspace --all-targets -- -D warnings
cargo clippy -q -p govshare-cli --no-default-features --all-targets -- -D warnings  # the CLI without its default `sandbox` feature
cargo clippy -q -p govshare-wasm --no-default-features --all-targets -- -D warnings  # the catalog-only module (govshare/catalog)
# The fuzz targets live outside the workspace (they need nightly to run);
# checking them on stable keeps a core API change from silently breaking them.
cargo fmt --manifest-path fuzz/Cargo.toml --check
cargo check -q --locked --manifest-path fuzz/Cargo.toml --bins

stage "Rust tests (native)"
cargo nextest run --workspace --no-fail-fast
cargo test -q --workspace --doc

stage "npm package (wasm build)"
scripts/build-wasm.sh

stage "npm package: Node tests against the packed tarball"
scripts/test-npm.sh

stage "Portal example: the npm tarball in a page, driven in headless Chromium against the sandbox"
scripts/portal.sh --no-build
(cd examples/portal && GOVSHARE_BIN="$PWD/../../target/debug/govshare" node test/portal.test.mjs)

stage "Python wheel: pytest against the installed wheel"
scripts/test-python.sh

stage "JVM example: Kotlin over uniffi + JNA, Maven, the shaded jar"
examples/jvm/build.sh

printf '\ntarget/ holds %s; free disk: %s\n' "$(du -sh target 2>/dev/null | cut -f1)" "$(df -h . | awk 'NR==2 {print $4}')"
printf '\nall stages passed in %ss\n' "$(( $(date +%s) - start ))"
