#!/usr/bin/env python3
"""The README's reservoir table: every topology × seeds 1-10 at ρ 0.9 on the reservoir tasks,
run through the CLI (`devcircuit task … --json`), with the mean ± sd per topology and the paired
difference from developmental (same seeds) with its 95 % t confidence interval.

usage: benches/reservoir_table.py PATH/TO/devcircuit [SEEDS]   (prints Markdown)"""
import json, math, subprocess, sys

T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086]
TOPOLOGIES = ["developmental", "random", "shuffled", "none"]
REGIMES = [  # (label, task, extra flags)
    ("memory capacity, input and readout: all neurons", "memory-capacity", []),
    ("memory capacity, input L6+L5 → readout L2/3", "memory-capacity", ["--input-layers", "deep", "--readout-layers", "upper"]),
    ("memory capacity, input scale 0.1, all neurons", "memory-capacity", ["--input-scale", "0.1"]),
    ("NARMA-10 NRMSE (lower is better), all neurons", "narma10", []),
    ("NARMA-10 NRMSE, input L6+L5 → readout L2/3", "narma10", ["--input-layers", "deep", "--readout-layers", "upper"]),
    ("delay task accuracy at D = 5, input L6+L5 → readout L2/3", "delay", ["--delay", "5", "--input-layers", "deep", "--readout-layers", "upper"]),
]


def run(cli, task, topology, seed, extra):
    out = subprocess.run([cli, "task", task, "--topology", topology, "--seed", str(seed), "--rho", "0.9", "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[0])


def stats(v):
    n = len(v)
    m = sum(v) / n
    sd = math.sqrt(sum((x - m) ** 2 for x in v) / (n - 1)) if n > 1 else 0.0
    return m, sd, (T95[n - 2] * sd / math.sqrt(n) if 1 < n <= 21 else float("nan"))


def main():
    cli = sys.argv[1]
    seeds = range(1, int(sys.argv[2]) + 1) if len(sys.argv) > 2 else range(1, 11)
    for label, task, extra in REGIMES:
        cmd = f"devcircuit task {task} --topology T --seed S --rho 0.9 {' '.join(extra)} --json".replace("  ", " ")
        print(f"\n**{label}** — seeds {seeds[0]}-{seeds[-1]}, `{cmd}`\n")
        print("| topology | mean ± sd | paired difference from developmental (95 % CI) | echo state held |")
        print("|---|---|---|---|")
        results = {t: [run(cli, task, t, s, extra) for s in seeds] for t in TOPOLOGIES}
        dev = [r["metric"] for r in results["developmental"]]
        for t in TOPOLOGIES:
            v = [r["metric"] for r in results[t]]
            m, sd, _ = stats(v)
            held = sum(r["echo_state"] for r in results[t])
            if t == "developmental":
                diff = "—"
            else:
                dm, _, ci = stats([a - b for a, b in zip(v, dev)])
                diff = f"{dm:+.3f} [{dm - ci:+.3f}, {dm + ci:+.3f}]"
            print(f"| {t} | {m:.3f} ± {sd:.3f} | {diff} | {held}/{len(v)} |")


if __name__ == "__main__":
    main()
