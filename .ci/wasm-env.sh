# Sourced by the build scripts: where targets live and how to reach wasm32 on this machine.
# Standard route first (a rustup with the wasm32 target); Debian's rustc-web as the fallback.
export DEVCIRCUIT_CACHE="${DEVCIRCUIT_CACHE:-$HOME/.cache/devcircuit}"
export CARGO_TARGET_DIR="$DEVCIRCUIT_CACHE/target-wasm"
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  : # the standard route works; nothing to set
elif [ -x /usr/bin/rustc ] && /usr/bin/rustc --version 2>/dev/null | grep -q '^rustc 1\.9[6-9]' && command -v wasm-ld-22 >/dev/null; then
  rustup toolchain list | grep -q '^debweb' || rustup toolchain link debweb /usr
  export RUSTUP_TOOLCHAIN=debweb
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-22
else
  echo "no wasm32 toolchain: run .ci/setup first" >&2
fi
