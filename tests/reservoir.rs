//! Reservoir tasks on grown circuits, checked against facts that do not come from the code
//! under test: bounds on memory capacity, what a circuit without a path can remember, and the
//! CLI's one line per ρ with every setting.

use devcircuit::circuit::layers::LayerSet;
use devcircuit::experiment::task::run_task;
use devcircuit::experiment::{build, Config, Task, Topology};
use std::process::Command;

fn config(task: Task, topology: Topology, seed: u64) -> Config {
    Config {
        task,
        topology,
        seed,
        init_seed: seed,
        data_seed: seed,
        ..Config::default()
    }
}

fn circuit(cfg: &Config) -> devcircuit::circuit::Circuit {
    build(cfg, || 0.0).unwrap().circuit
}

#[test]
fn memory_capacity_never_exceeds_the_read_out_neurons() {
    for seed in 1..=3 {
        for (out, rho) in [("all", 0.9), ("l23", 0.5), ("l5", 1.2)] {
            let cfg = Config {
                readout_layers: LayerSet::parse(out).unwrap(),
                input_scale: 0.1,
                ..config(Task::MemoryCapacity, Topology::Developmental, seed)
            };
            let r = run_task(&cfg, &circuit(&cfg), rho).unwrap();
            assert!(
                r.metric > 0.5 && r.metric <= r.readout_neurons as f64,
                "seed {seed} {out} ρ {rho}: MC {} of {} neurons",
                r.metric,
                r.readout_neurons
            );
            assert_eq!(r.curve.len(), 2 * cfg_neurons(&cfg) + 1);
        }
    }
}

fn cfg_neurons(cfg: &Config) -> usize {
    circuit(cfg).len()
}

#[test]
fn without_recurrence_input_in_deep_layers_never_reaches_an_upper_readout() {
    let base = Config {
        input_layers: LayerSet::parse("deep").unwrap(),
        readout_layers: LayerSet::parse("upper").unwrap(),
        ..Config::default()
    };
    let mc = Config {
        task: Task::MemoryCapacity,
        topology: Topology::None,
        ..base.clone()
    };
    let r = run_task(&mc, &circuit(&mc), 0.9).unwrap();
    assert_eq!(r.metric, 0.0, "{:?}", r.curve);
    let narma = Config {
        task: Task::Narma10,
        topology: Topology::None,
        ..base.clone()
    };
    let r = run_task(&narma, &circuit(&narma), 0.9).unwrap();
    assert!((r.metric - 1.0).abs() < 0.05, "NRMSE {} with no information", r.metric);
    let delay = Config {
        task: Task::Delay,
        topology: Topology::None,
        delay: 3,
        ..base.clone()
    };
    let r = run_task(&delay, &circuit(&delay), 0.9).unwrap();
    assert!(r.curve.iter().all(|&a| a < 0.4), "4 classes, no path: {:?}", r.curve);
    // With the grown wiring the pulse does arrive: at delay 1 the class is read out well.
    let grown = Config {
        topology: Topology::Developmental,
        ..delay
    };
    let r = run_task(&grown, &circuit(&grown), 0.9).unwrap();
    assert!(r.curve[1] > 0.9, "{:?}", r.curve);
}

#[test]
fn a_layer_the_circuit_lacks_and_a_classification_task_are_refused() {
    let cfg = config(Task::MemoryCapacity, Topology::Developmental, 1);
    let mut c = circuit(&cfg);
    c.neurons
        .iter_mut()
        .for_each(|n| n.layer = devcircuit::development::cell::Layer::L6);
    let upper = Config {
        readout_layers: LayerSet::parse("upper").unwrap(),
        ..cfg.clone()
    };
    assert!(run_task(&upper, &c, 0.9)
        .unwrap_err()
        .contains("readout set `l23` is empty"));
    assert!(run_task(&config(Task::Classify, Topology::Developmental, 1), &c, 0.9).is_err());
}

#[test]
fn cli_task_prints_one_line_per_rho_with_every_setting() {
    let out = Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args([
            "task",
            "memory-capacity",
            "--topology",
            "random",
            "--seed",
            "2",
            "--rho",
            "0.5:0.9:0.2",
            "--input-layers",
            "deep",
            "--readout-layers",
            "l23",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        lines.iter().map(|l| l["rho"].as_f64().unwrap()).collect::<Vec<_>>(),
        vec![0.5, 0.7, 0.9]
    );
    let cfg = Config {
        topology: Topology::Random,
        input_layers: LayerSet::parse("deep").unwrap(),
        readout_layers: LayerSet::parse("l23").unwrap(),
        ..config(Task::MemoryCapacity, Topology::Random, 2)
    };
    let direct = run_task(&cfg, &circuit(&cfg), 0.7).unwrap();
    let l = &lines[1];
    assert_eq!(l["metric"].as_f64().unwrap(), direct.metric, "CLI and library disagree");
    assert_eq!(
        (
            l["settings"]["in"].as_str(),
            l["settings"]["out"].as_str(),
            l["settings"]["topo"].as_str()
        ),
        (Some("l6,l5"), Some("l23"), Some("random"))
    );
    for k in [
        "metric_name",
        "curve",
        "echo_state",
        "echo_distance",
        "fingerprint",
        "topology_fingerprint",
        "input_neurons",
        "readout_neurons",
        "version",
    ] {
        assert!(l.get(k).is_some(), "missing {k}");
    }
}

/// The README's note on the ridge solver: the committed memory capacity of seed 1 and what a
/// re-run gives today, both as the README prints them, equal to about nine digits.
#[test]
fn a_rerun_of_a_committed_reservoir_run_agrees_with_it_as_the_readme_says() {
    let runs = std::fs::read_to_string("sweeps/results/memory-capacity/runs.csv").unwrap();
    let rows = devcircuit::cli::runs_table::read(&runs, "runs.csv").unwrap();
    let setting = |r: &devcircuit::cli::runs_table::Row, k: &str| r.run.settings.get(k).cloned().unwrap_or_default();
    let committed: f64 = rows
        .iter()
        .find(|r| {
            [
                ("in", "all"),
                ("out", "all"),
                ("rho", "0.9"),
                ("seed", "1"),
                ("topo", "developmental"),
            ]
            .iter()
            .all(|(k, v)| setting(r, k) == *v)
        })
        .and_then(|r| r.metric)
        .expect("seed 1's developmental run in the committed memory-capacity sweep");
    let cfg = config(Task::MemoryCapacity, Topology::Developmental, 1);
    let now = run_task(&cfg, &circuit(&cfg), 0.9).unwrap().metric;
    assert!(((now - committed) / committed).abs() < 1e-9, "{now} vs {committed}");
    let readme = std::fs::read_to_string("README.md").unwrap();
    let said = format!("{committed:.12} committed, {now:.12} now");
    assert!(readme.contains(&said), "README should say: {said}");
}
