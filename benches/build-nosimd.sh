#!/usr/bin/env bash
# The browser app without WebAssembly SIMD, into dist-nosimd/, for `benches/browser.mjs`'s
# with/without comparison only (a clean build: about 25 minutes; its own target directory).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
. .ci/wasm-env.sh
export CARGO_TARGET_DIR="$DEVCIRCUIT_CACHE/target-wasm-nosimd"
export RUSTFLAGS=""   # set, even empty, it replaces .cargo/config.toml's +simd128
trunk build --release --dist dist-nosimd
# index.html refuses browsers without SIMD; this build does not need it.
sed -i 's/var ok = typeof WebAssembly === .object. \&\& WebAssembly.validate(simd);/var ok = typeof WebAssembly === "object";/' dist-nosimd/index.html
