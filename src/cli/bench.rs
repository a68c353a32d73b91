//! Benchmarks that print numbers (never timed tests): growth per seed, the Boolean engine,
//! one native training epoch and the reservoir tasks.

use crate::circuit::stats::stats;
use crate::development::{self, network_from_text, Params};
use crate::experiment::task::{run_task, search_score};
use crate::experiment::{build, topology_of, Config, Task, Topology};
use crate::grn::{self, attractors, parse_bnet, Network};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

/// Seeds 1-20 with default parameters: the calibration table and growth time.
pub fn grow() -> Result<(), String> {
    let (net, ids) = network_from_text(grn::CORTEX15)?;
    let p = Params::default();
    println!("| seed | cells | mature neurons | synapses | pairs with 0 synapses | per-pair p10/p50/p90 | max | ms |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut times = vec![];
    let mut sums = [0.0f64; 3];
    for seed in 1..=20u64 {
        let t = Instant::now();
        let g = development::grow(&net, ids, &p, seed)?;
        let dt = ms(t);
        times.push(dt);
        let s = stats(&g.circuit);
        sums[0] += g.cells as f64;
        sums[1] += s.neurons as f64;
        sums[2] += s.synapses as f64;
        let q = s.per_pair_quantiles;
        println!(
            "| {seed} | {} | {} | {} | {:.1} % | {}/{}/{} | {} | {dt:.1} |",
            g.cells,
            s.neurons,
            s.synapses,
            s.zero_pair_fraction * 100.0,
            q[0],
            q[1],
            q[2],
            s.max_per_pair
        );
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "mean over seeds 1-20: {:.0} cells, {:.1} mature neurons, {:.0} synapses",
        sums[0] / 20.0,
        sums[1] / 20.0,
        sums[2] / 20.0
    );
    println!(
        "grow time: median {:.1} ms, max {:.1} ms (native, optimised dev profile)",
        times[10], times[19]
    );
    for scale in [5, 10] {
        let t = Instant::now();
        let g = development::grow(&net, ids, &Params { scale, ..p.clone() }, 1)?;
        println!(
            "grow at scale {scale} (seed 1): {} cells, {} mature neurons, {:.0} ms",
            g.cells,
            g.circuit.len(),
            ms(t)
        );
    }
    Ok(())
}

/// Parse time of a 1,000-rule file, synchronous steps per second, exhaustive attractors.
pub fn grn() -> Result<(), String> {
    let mut text = String::from("targets, factors\n");
    for i in 0..1000 {
        text.push_str(&format!(
            "G{i}, (G{} & !G{}) | (G{} & G{})\n",
            (i * 7 + 1) % 1000,
            (i * 13 + 5) % 1000,
            (i * 31 + 2) % 1000,
            i
        ));
    }
    let t = Instant::now();
    let rules = parse_bnet(&text).map_err(|e| e.to_string())?;
    println!("parse 1,000 rules: {:.2} ms ({} genes)", ms(t), rules.genes.len());
    let (net, _) = network_from_text(grn::CORTEX15)?;
    let mut states: Vec<u64> = (0..5000u64).map(|i| crate::rng::mix64(i) & 0xfffff).collect();
    let t = Instant::now();
    let reps = 200;
    for _ in 0..reps {
        for s in states.iter_mut() {
            *s = net.step(*s);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "synchronous steps, 15-gene network, 5,000 cells: {:.0} cell-steps/s ({:.0} tissue steps/s)",
        reps as f64 * 5000.0 / secs,
        reps as f64 / secs
    );
    let mut r20 = String::from("targets, factors\n");
    for i in 0..20 {
        r20.push_str(&format!(
            "X{i}, (X{} & !X{}) | X{}\n",
            (i * 3 + 1) % 20,
            (i * 7 + 2) % 20,
            (i * 11 + 5) % 20
        ));
    }
    let net20 = Network::compile(&parse_bnet(&r20).map_err(|e| e.to_string())?)?;
    let t = Instant::now();
    let rep = attractors::exhaustive(&net20);
    println!(
        "exhaustive synchronous attractors, 20 genes (2^20 states): {:.1} ms, {} attractors",
        ms(t),
        rep.synchronous_attractors.len()
    );
    Ok(())
}

/// One MNIST epoch (or `limit` batches), seed 1, on a native backend: time per batch split
/// into compute and loss read-back. It prints the hidden-unit count, which
/// `benches/native_vs_pytorch.sh` passes to the PyTorch reference; `--json`: one JSON line.
pub fn train(limit: usize, topology: Topology, backend: super::flags::Backend, json: bool) -> Result<(), String> {
    let data = crate::data::fs::load("mnist")?;
    let cfg = Config {
        topology,
        limit: (limit > 0).then_some(limit),
        ..Config::default()
    };
    let built = build(&cfg, || 0.0)?;
    let (out, name) = super::commands::run_training(&cfg, &data, &built, false, backend)?;
    let batches = (out.samples_per_second * out.seconds / cfg.batch_size as f64)
        .round()
        .max(1.0);
    let ms_batch = out.seconds * 1000.0 / batches;
    let ms_read = out.readback_seconds * 1000.0 / batches;
    let acc = out.test_accuracy.last().copied().unwrap_or(0.0);
    if json {
        println!(
            "{}",
            serde_json::json!({
                "bench": "train", "backend": name, "topology": cfg.topology.key(), "hidden": built.circuit.len(),
                "batches": batches, "seconds": out.seconds, "samples_per_second": out.samples_per_second,
                "ms_per_batch": ms_batch, "ms_compute_per_batch": ms_batch - ms_read,
                "ms_readback_per_batch": ms_read, "readback_every": 5, "test_accuracy": acc,
            })
        );
    } else {
        println!(
            "MNIST epoch, batch 64, {} topology, {} hidden units, {name}: {:.2} s, {:.0} samples/s, test accuracy \
            {:.2} %",
            cfg.topology.key(),
            built.circuit.len(),
            out.seconds,
            out.samples_per_second,
            acc * 100.0
        );
        println!(
            "per batch: {ms_batch:.2} ms = {:.2} ms compute + {ms_read:.2} ms loss read-back (read every 5 batches; on \
            a GPU the read-back waits for the queued batches)",
            ms_batch - ms_read
        );
    }
    Ok(())
}

/// Median of `v` (sorted in place).
fn median(v: &mut [f64]) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// One genome evaluation as a search makes it (the default genome, memory capacity, one
/// seed): grow, then the task's score and echo-state check (no floor), on seeds 1-15; medians.
pub fn genome() -> Result<(), String> {
    let cfg = Config {
        task: Task::MemoryCapacity,
        ..Config::default()
    };
    let (mut grow, mut task, mut whole) = (vec![], vec![], vec![]);
    for seed in 1..=15 {
        let c = crate::evolve::Plan::at_seed(&cfg, seed);
        let t = Instant::now();
        let built = build(&c, || 0.0)?;
        grow.push(ms(t));
        let t2 = Instant::now();
        search_score(&c, &built.circuit, c.radius)?;
        task.push(ms(t2));
        whole.push(ms(t));
    }
    println!(
        "genome evaluation (grow + memory capacity, one seed), seeds 1-15: median {:.1} ms (grow {:.1} ms, task \
        {:.1} ms), native, one thread",
        median(&mut whole),
        median(&mut grow),
        median(&mut task)
    );
    Ok(())
}

/// One memory-capacity evaluation per topology (seed 1, ρ 0.9) and a 20-point ρ sweep × 4
/// topologies, as the page runs them (growth once per seed, then one task run per ρ).
pub fn task() -> Result<(), String> {
    let cfg = Config {
        task: Task::MemoryCapacity,
        ..Config::default()
    };
    let t = Instant::now();
    let built = build(&cfg, || 0.0)?;
    println!("grow seed 1: {:.1} ms", ms(t));
    let t = Instant::now();
    let one = run_task(&cfg, &built.circuit, 0.9)?;
    println!(
        "memory capacity, developmental, ρ 0.9: {:.1} ms (MC {:.3})",
        ms(t),
        one.metric
    );
    let rhos = crate::reservoir::rho::parse_rhos("0.1:2.0:0.1")?;
    let t = Instant::now();
    for topology in [
        Topology::Developmental,
        Topology::Random,
        Topology::Shuffled,
        Topology::None,
    ] {
        let c = Config {
            topology,
            ..cfg.clone()
        };
        let circuit = topology_of(&c, &built.grown.circuit);
        for &rho in &rhos {
            run_task(&c, &circuit, rho)?;
        }
    }
    println!(
        "memory capacity, 20-point ρ sweep × 4 topologies, one seed: {:.0} ms",
        ms(t)
    );
    Ok(())
}
