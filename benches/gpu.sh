#!/usr/bin/env bash
# GPU numbers in one go, for a machine with a GPU (under 10 minutes once built): the same Burn
# model the page runs on WebGPU, here on native wgpu (Vulkan), beside the CPU backend. One
# JSON line per figure. Needs a Vulkan driver for the GPU (vulkaninfo --summary lists it) and
# MNIST prepared (`devcircuit data fetch mnist`, or public/data/mnist copied from a machine
# that has it). Without a GPU, wgpu takes Mesa's lavapipe: the path works, the numbers are CPU's.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-${DEVCIRCUIT_CACHE:-$HOME/.cache/devcircuit}/target-native}"
CLI="${DEVCIRCUIT_CLI:-$CARGO_TARGET_DIR/debug/devcircuit}"
[ -x "$CLI" ] || cargo build -q --bin devcircuit
"$CLI" data verify mnist >/dev/null || { echo '{"error":"MNIST is not prepared: devcircuit data fetch mnist"}'; exit 1; }
if command -v vulkaninfo >/dev/null; then
  vulkaninfo --summary 2>/dev/null | sed -n 's/^\s*deviceName\s*=\s*\(.*\)/{"vulkan_device":"\1"}/p'
fi
# Full epochs on the GPU: the grown circuit and its random null; then 200 CPU batches to compare.
for topo in developmental random; do
  timeout 240 "$CLI" bench train --backend wgpu --topology "$topo" --json
done
timeout 120 "$CLI" bench train --backend ndarray --limit-batches 200 --json
