# govshare — the two commands a newcomer needs:
#   make demo   run the main job on the bundled sample catalog
#   make test   install what is missing and pass every test
# Both install what they need themselves (scripts/bootstrap.sh), idempotently.

.PHONY: demo test bootstrap wasm wheel bench fmt clippy

demo:
	@scripts/bootstrap.sh --rust
	@cargo run -q -p govshare-cli -- demo

test: bootstrap
	@scripts/test.sh

bootstrap:
	@scripts/bootstrap.sh

wasm: bootstrap
	@scripts/build-wasm.sh

wheel: bootstrap
	@cd python && ../.venv/bin/maturin build --release -o ../target/wheels

bench: bootstrap
	@bench/run.sh

fmt:
	@cargo fmt --all

clippy:
	@cargo clippy --workspace --all-targets -- -D warnings
