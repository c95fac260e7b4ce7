#!/usr/bin/env bash
# Installs what govshare's build and tests need on a fresh Debian machine.
# Idempotent: every step checks first and does nothing when already done.
#   scripts/bootstrap.sh          everything (the test command needs it all)
#   scripts/bootstrap.sh --rust   only the Rust toolchain (enough for the demo)
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PATH"

# --- Rust: rust-toolchain.toml names the channel, target and components.
if ! command -v rustup >/dev/null; then
  say "rustup is required (https://rustup.rs); it is not on PATH"; exit 2
fi
# The pinned release (rust-toolchain.toml); installed with its target and
# components when absent (rustup may be told not to install on first use).
channel=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$channel-"; then
  say "installing Rust $channel (rust-toolchain.toml)"
  rustup toolchain install "$channel" --profile minimal -c rustfmt -c clippy -t wasm32-unknown-unknown
fi
rustup target list --installed --toolchain "$channel" | grep -qx wasm32-unknown-unknown \
  || rustup target add --toolchain "$channel" wasm32-unknown-unknown
rustup component list --installed --toolchain "$channel" | grep -q '^clippy' \
  || rustup component add --toolchain "$channel" rustfmt clippy
[ "${1:-}" = "--rust" ] && exit 0

# --- Debian packages: clang + llvm (ring's C code for wasm32), Chromium and its
# driver (browser tests). JNA for the JVM example comes from Maven Central.
# fonts-noto-cjk: the portal's screenshots show Chinese, not boxes.
debs=(clang llvm chromium chromium-driver fonts-noto-cjk)
missing=()
for d in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$d" 2>/dev/null | grep -q "install ok installed" || missing+=("$d")
done
# The JVM example needs a JDK (17+) and Maven; take Debian's when absent.
command -v javac >/dev/null || missing+=(default-jdk-headless)
command -v mvn >/dev/null || missing+=(maven)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# --- wasm-bindgen CLI, exactly the version of the crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (a few minutes)"
  # Without --locked: with it, a locked dependency is missing from the registry.
  cargo install -q wasm-bindgen-cli --version "$want" --force
fi

# --- cargo-nextest, the Rust test runner.
command -v cargo-nextest >/dev/null || { say "installing cargo-nextest (a few minutes)"; cargo install -q cargo-nextest --locked; }

# --- Python venv with the pinned build and test tools.
req=python/requirements-dev.txt
stamp=.venv/.govshare-req
if [ ! -x .venv/bin/python ] || ! cmp -s "$req" "$stamp"; then
  say "preparing the Python venv (.venv)"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r "$req"
  cp "$req" "$stamp"
fi

# --- npm dev dependencies (wasm-opt from npm binaryen, playwright-core, typescript…).
for dir in npm; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done
say "ready"
