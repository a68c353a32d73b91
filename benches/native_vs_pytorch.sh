#!/usr/bin/env bash
# One MNIST epoch, ours (`devcircuit bench train`) and PyTorch (`pytorch_reference.py`),
# alternately N times (ours on one thread, PyTorch on THREADS, default 1); prints every run
# and both medians.  Usage: benches/native_vs_pytorch.sh [N] [THREADS] [python]   (torch, numpy)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-6}
threads=${2:-1}
py=${3:-${DEVCIRCUIT_TORCH_PYTHON:-$HOME/.cache/devcircuit/torch-venv/bin/python}}
cli=${DEVCIRCUIT_CLI:-${CARGO_TARGET_DIR:-$HOME/.cache/devcircuit/target-native}/debug/devcircuit}
ours=() theirs=()
for _ in $(seq "$n"); do
  line=$("$cli" bench train 2>/dev/null | tail -1); echo "$line"
  hidden=$(sed -E 's/.* ([0-9]+) hidden units.*/\1/' <<<"$line")
  ours+=("$(sed -E 's/.*: ([0-9.]+) s,.*/\1/' <<<"$line")")
  line=$("$py" benches/pytorch_reference.py "$threads" "$hidden" | tail -1); echo "$line"
  theirs+=("$(sed -E 's/.*MNIST epoch ([0-9.]+) s.*/\1/' <<<"$line")")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "median of $n epochs: devcircuit $(median "${ours[@]}") s, PyTorch $(median "${theirs[@]}") s"
