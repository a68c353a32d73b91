#!/usr/bin/env bash
# Runs every sweep in this folder on this machine (results under results/<name>/) and collects
# each; the README's results tables are the collected summary.md files.
# usage: sweeps/run-all.sh [path/to/devcircuit] [GNU parallel jobs, default 1]
set -euo pipefail
cd "$(dirname "$0")"
CLI=${1:-$HOME/.cache/devcircuit/target-native/debug/devcircuit}
JOBS=${2:-1}
for f in memory-capacity narma10 delay memory-capacity-rho mnist mnist-layers mnist-rows; do
  "$CLI" sweep plan "$f.toml" > "$f.jsonl"
  mkdir -p "results/$f"
  if [ "$JOBS" -gt 1 ]; then
    eval "$("$CLI" sweep parallel "$f.jsonl" --out "results/$f" --jobs "$JOBS")"
  else
    "$CLI" sweep run "$f.jsonl" --out "results/$f"
  fi
  "$CLI" sweep collect "results/$f" > /dev/null
done
