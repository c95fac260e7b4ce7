# govshare — the two commands a newcomer needs:
#   make demo   run the main job on the bundled sample catalog
#   make test   install what is missing and pass every test
# and, to click through the portal in a browser:
#   make portal build the npm package, then serve the portal on the sandbox platform
# Both install what they need themselves (scripts/bootstrap.sh), idempotently.

.PHONY: demo test portal bootstrap wasm wheel bench fmt clippy fuzz

demo:
	@scripts/bootstrap.sh --rust
	@cargo run -q -p govshare-cli -- demo

test: bootstrap
	@scripts/test.sh

# The sandbox platform serving the portal example at http://127.0.0.1:8700/
# (PORT=0 picks a free port; the URL is printed). Ctrl-C stops it.
PORT ?= 8700
portal: bootstrap
	@scripts/portal.sh
	@cargo run -q -p govshare-cli -- sandbox --port $(PORT) --data target/sandbox-data --portal examples/portal

bootstrap:
	@scripts/bootstrap.sh

wasm: bootstrap
	@scripts/build-wasm.sh

wheel: bootstrap
	@cd python && ../.venv/bin/maturin build --release -o ../target/wheels

bench: bootstrap
	@bench/run.sh

# Canonicalization and signing throughput beside the npm/PyPI peers (4-5 min;
# needs npm/dist and the wheel in .venv: make wasm, scripts/test-python.sh).
.PHONY: bench-micro
bench-micro: bootstrap
	@bench/micro/run.sh

# SM4 and SM2 encryption throughput beside sm-crypto, gmssl and OpenSSL (~9
# min; needs npm/dist and the wheel in .venv: make wasm, scripts/test-python.sh).
.PHONY: bench-crypto
bench-crypto: bootstrap
	@bench/crypto/run.sh

.PHONY: bench-deid
bench-deid: bootstrap
	@bench/deid/run.sh

fmt:
	@cargo fmt --all

clippy:
	@cargo clippy --workspace --all-targets -- -D warnings

# Every fuzz target for FUZZ_TIME seconds each, one after another (needs
# nightly and cargo-fuzz; see docs/fuzzing.md). New inputs go to
# target/fuzz-corpus/<target>; the committed seeds in fuzz/corpus stay as they are.
FUZZ_TIME ?= 60
fuzz:
	@command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	@for t in $$(cargo +nightly fuzz list); do \
		echo "== $$t ($(FUZZ_TIME) s)"; \
		mkdir -p target/fuzz-corpus/$$t; \
		cargo +nightly fuzz run $$t target/fuzz-corpus/$$t fuzz/corpus/$$t -- -max_total_time=$(FUZZ_TIME) || exit 1; \
	done
