//! Reference reservoirs on the grown neurons, checked against what reservoir theory says of
//! them: a simple cycle or orthogonal reservoir holds nearly N, the grown circuit far less; the
//! diagnostics tell normal from non-normal; the CLI prints MC/N and refuses a misspelt name.

use devcircuit::experiment::task::run_task;
use devcircuit::experiment::{build, Config, Task, Topology};
use std::process::Command;

fn at(topology: Topology, seed: u64) -> Config {
    Config {
        task: Task::MemoryCapacity,
        topology,
        seed,
        init_seed: seed,
        data_seed: seed,
        input_scale: 0.01,
        radius: 0.95,
        ..Config::default()
    }
}

#[test]
fn cycle_and_orthogonal_references_hold_nearly_n_and_the_grown_circuit_far_less() {
    for seed in [1, 2] {
        let per_neuron = |t: Topology| {
            let cfg = at(t, seed);
            let built = build(&cfg, || 0.0).unwrap();
            let out = run_task(&cfg, &built.circuit, cfg.radius).unwrap();
            (out.per_neuron().unwrap(), out.diagnostics.unwrap())
        };
        let (cycle, dc) = per_neuron(Topology::Cycle);
        let (orthogonal, dor) = per_neuron(Topology::Orthogonal);
        let (grown, dg) = per_neuron(Topology::Developmental);
        assert!(cycle > 0.9 && cycle <= 1.0, "seed {seed}: cycle MC/N {cycle}");
        assert!(
            orthogonal > 0.9 && orthogonal <= 1.0,
            "seed {seed}: orthogonal MC/N {orthogonal}"
        );
        assert!(grown < 0.5 * cycle, "seed {seed}: grown MC/N {grown} vs cycle {cycle}");
        // Normal matrices: ‖W‖₂ = ρ and every eigenvalue on the circle of radius ρ.
        for d in [&dc, &dor] {
            assert!((d.non_normality - 1.0).abs() < 1e-6, "{d:?}");
        }
        let n = build(&at(Topology::Cycle, seed), || 0.0).unwrap().circuit.len();
        assert_eq!(dc.strong_eigenvalues, n);
        // The grown W_rec is far from normal and mostly block means; its states nearly one-dimensional.
        assert!(dg.non_normality > 2.0 && dg.block_mean_share > 0.8, "{dg:?}");
        assert!(dg.participation_ratio < dc.participation_ratio, "{dg:?} vs {dc:?}");
    }
}

#[test]
fn references_keep_the_grown_neurons_and_are_seeded() {
    for t in [
        Topology::Cycle,
        Topology::Orthogonal,
        Topology::Esn,
        Topology::DaleSparse,
    ] {
        let grown = build(&at(Topology::Developmental, 3), || 0.0).unwrap();
        let a = build(&at(t, 3), || 0.0).unwrap();
        let b = build(&at(t, 4), || 0.0).unwrap();
        assert_eq!(a.circuit.len(), grown.circuit.len(), "{t:?}");
        assert!(a
            .circuit
            .neurons
            .iter()
            .zip(&grown.circuit.neurons)
            .all(|(x, y)| x.id == y.id && x.layer == y.layer));
        assert_ne!(a.used_fingerprint, grown.fingerprint, "{t:?}");
        assert_eq!(a.used_fingerprint, build(&at(t, 3), || 0.0).unwrap().used_fingerprint);
        assert_ne!(a.w_rec, b.w_rec, "{t:?}: another seed, another wiring");
    }
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

#[test]
fn the_cli_reports_mc_per_neuron_with_diagnostics_and_refuses_a_misspelt_reference() {
    let args = [
        "task",
        "memory-capacity",
        "--topology",
        "cycle",
        "--input-scale",
        "0.01",
        "--rho",
        "0.95",
    ];
    let (code, out, err) = cli(&[&args[..], &["--json"]].concat());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let (mc, n) = (v["metric"].as_f64().unwrap(), v["neurons"].as_f64().unwrap());
    assert!(mc > 0.9 * n, "{mc} of {n}");
    assert_eq!(v["per_neuron"].as_f64().unwrap(), mc / n);
    assert_eq!(v["settings"]["topo"], "cycle");
    for k in [
        "participation_ratio",
        "strong_eigenvalues",
        "block_mean_share",
        "non_normality",
    ] {
        assert!(v["diagnostics"][k].is_number(), "{k} in {v}");
    }
    let (code, out, _) = cli(&args);
    assert_eq!(code, 0);
    assert!(out.contains(&format!("per neuron {:.4} (N = {n};", mc / n)), "{out}");
    assert!(out.contains("‖W‖₂/ρ = 1.00"), "{out}");

    let (code, _, err) = cli(&["task", "memory-capacity", "--topology", "dale_sparse"]);
    assert_eq!(code, 1);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("dale_sparse") && err.contains("dale-sparse"), "{err}");

    let (code, out, err) = cli(&["export", "--topology", "orthogonal", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("pre,post,synapses,sign,weight\n"), "{}", &out[..80]);
    assert!(err.contains("‖W‖₂/ρ = 1.00"), "{err}");
}
