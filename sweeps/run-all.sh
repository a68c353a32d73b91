#!/usr/bin/env bash
# Runs every sweep behind the README's results on this machine (results under results/<name>/)
# and collects each: pilots first (they fix the other plans' margins), then the confirmatory
# and robustness sweeps. Each collect writes the committed runs.csv, preregistration.json and
# summary.md/.csv. Resumable: finished runs are skipped.
# usage: sweeps/run-all.sh [path/to/devcircuit] [GNU parallel jobs, default 1] [sweep names…]
set -uo pipefail
cd "$(dirname "$0")"
CLI=${1:-$HOME/.cache/devcircuit/target-native/debug/devcircuit}
JOBS=${2:-1}
shift $(( $# > 2 ? 2 : $# ))
PILOTS="pilot-memory-capacity pilot-delay pilot-narma10"
RESERVOIR="memory-capacity delay narma10 memory-capacity-rho memory-capacity-draw2 delay-draw2 $(ls robust-*.toml | sed 's/\.toml$//' | tr '\n' ' ')"
RESERVOIR="$RESERVOIR plasticity-mc plasticity-mc-rules plasticity-delay plasticity-delay-rules"
# The confirmatory reruns on fresh seeds (`sweep plan` records each plan's commit; it refuses an
# uncommitted or edited plan, and tests/preregistration.rs checks that commit precedes the runs').
RESERVOIR="$RESERVOIR memory-capacity-fresh delay-fresh robust-mc-scale-per-neuron robust-delay-scale-30"
IMAGES="mnist mnist-layers mnist-rows plasticity-mnist-rows"
status=0
for f in ${@:-$PILOTS $RESERVOIR $IMAGES}; do
  "$CLI" sweep plan "$f.toml" > "$f.jsonl" || { status=1; continue; }
  mkdir -p "results/$f"
  if [ "$JOBS" -gt 1 ]; then
    eval "$("$CLI" sweep parallel "$f.jsonl" --out "results/$f" --jobs "$JOBS")" || status=1
  else
    "$CLI" sweep run "$f.jsonl" --out "results/$f" || status=1
  fi
  "$CLI" sweep collect "results/$f" > /dev/null || status=1
done
# The search over development, then its held-out sweep (its rules files are read from the root).
if [ $# -eq 0 ]; then
  "$CLI" evolve evolve-memory-capacity.toml --out results/evolve-memory-capacity || status=1
  (cd .. && "$CLI" sweep plan sweeps/evolved-memory-capacity.toml > sweeps/evolved-memory-capacity.jsonl \
    && "$CLI" sweep run sweeps/evolved-memory-capacity.jsonl --out sweeps/results/evolved-memory-capacity \
    && "$CLI" sweep collect sweeps/results/evolved-memory-capacity > /dev/null \
    && "$CLI" sweep plan sweeps/evolved-memory-capacity-fresh.toml > sweeps/evolved-memory-capacity-fresh.jsonl \
    && "$CLI" sweep run sweeps/evolved-memory-capacity-fresh.jsonl --out sweeps/results/evolved-memory-capacity-fresh \
    && "$CLI" sweep collect sweeps/results/evolved-memory-capacity-fresh > /dev/null) || status=1
fi
exit $status
