//! The plasticity stage on grown circuits and their nulls: `none` changes nothing, Dale's signs
//! never flip and no synapse appears, pruning removes exactly the stated fraction, synaptic rules
//! end at the run's ρ, and the CLI reports and exports what the phase did.

mod common;
use common::cli;
use devcircuit::circuit::recurrent::{recurrent_matrix, spectral_radius, Normalisation};
use devcircuit::experiment::pipeline::layer_at;
use devcircuit::experiment::{build, Config, Topology};
use devcircuit::plasticity::Rule;

const RULES: [Rule; 4] = [Rule::Ip, Rule::Oja, Rule::Scaling, Rule::Prune];

fn config(topology: Topology, rule: Rule) -> Config {
    Config {
        topology,
        plasticity: rule,
        plastic_steps: 400,
        ..Config::default()
    }
}

#[test]
fn no_plasticity_leaves_w_bit_for_bit_as_development_built_it() {
    for topology in [Topology::Developmental, Topology::Random] {
        let built = build(&config(topology, Rule::None), || 0.0).unwrap();
        let w = recurrent_matrix(&built.circuit, Normalisation::Spectral(0.9), 4.0);
        assert!(built.w_rec == w && built.units.is_none() && built.plasticity.is_none());
    }
}

#[test]
fn every_rule_keeps_dales_signs_and_adds_no_synapse() {
    for topology in [Topology::Developmental, Topology::Block, Topology::Random] {
        let circuit = build(&config(topology, Rule::None), || 0.0).unwrap().circuit;
        let before = recurrent_matrix(&circuit, Normalisation::Spectral(0.9), 4.0);
        for rule in RULES {
            let (layer, report) = layer_at(&config(topology, rule), &circuit, 0.9);
            let report = report.expect("a report for every rule");
            for (a, b) in before.iter().zip(&layer.w) {
                assert!(
                    *b == 0.0 || a.signum() == b.signum() && *a != 0.0,
                    "{rule:?} on {topology:?}: {a} → {b}"
                );
            }
            assert_eq!(report.synapses_before, before.iter().filter(|x| **x != 0.0).count());
            if rule == Rule::Ip {
                assert_eq!(layer.w, before, "intrinsic plasticity changes the units, not W");
                assert!(!layer.plain_units());
            } else {
                assert!(
                    (spectral_radius(&layer.w, circuit.len()) - 0.9).abs() < 1e-9,
                    "{rule:?}: back at ρ"
                );
            }
        }
    }
}

#[test]
fn pruning_removes_exactly_the_stated_fraction() {
    let circuit = build(&Config::default(), || 0.0).unwrap().circuit;
    for fraction in [0.1, 0.35, 0.9] {
        let cfg = Config {
            prune_fraction: fraction,
            ..config(Topology::Developmental, Rule::Prune)
        };
        let (layer, report) = layer_at(&cfg, &circuit, 0.9);
        let r = report.unwrap();
        let removed = (fraction * r.synapses_before as f64).round() as usize;
        assert_eq!(r.synapses_after, r.synapses_before - removed);
        assert_eq!(layer.w.iter().filter(|x| **x != 0.0).count(), r.synapses_after);
    }
}

#[test]
fn the_same_seed_gives_the_same_plastic_layer_and_another_seed_another() {
    let circuit = build(&Config::default(), || 0.0).unwrap().circuit;
    let cfg = config(Topology::Developmental, Rule::Oja);
    let (a, _) = layer_at(&cfg, &circuit, 0.9);
    let (b, _) = layer_at(&cfg, &circuit, 0.9);
    let (c, _) = layer_at(&Config { init_seed: 2, ..cfg }, &circuit, 0.9);
    assert!(a == b && a != c);
}

#[test]
fn the_cli_reports_and_exports_the_phase_and_refuses_what_it_cannot_export() {
    let (code, out, err) = cli(&[
        "task",
        "memory-capacity",
        "--plasticity",
        "prune",
        "--prune-fraction",
        "0.5",
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let p = &v["plasticity"];
    let (before, after) = (
        p["synapses_before"].as_u64().unwrap(),
        p["synapses_after"].as_u64().unwrap(),
    );
    assert_eq!(after, before - (before as f64 * 0.5).round() as u64);
    assert_eq!(v["settings"]["plast"], "prune");
    let (code, out, err) = cli(&["export", "--plasticity", "ip", "--plastic-steps", "200"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    let n = v["neurons"].as_array().unwrap().len();
    assert_eq!(v["plastic"]["gain"].as_array().unwrap().len(), n);
    assert_eq!(v["plastic"]["w_rec"].as_array().unwrap().len(), n * n);
    let (code, _, err) = cli(&["export", "--plasticity", "oja", "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(err.contains("--format csv") && err.contains("JSON only"), "{err}");
    let (code, _, err) = cli(&["task", "delay", "--plasticity", "hebb"]);
    assert_eq!(code, 1);
    assert!(err.contains("--plasticity hebb") && err.contains("oja"), "{err}");
}

#[test]
fn the_methods_state_the_rule_and_its_equation() {
    use devcircuit::experiment::report::plasticity_methods;
    assert_eq!(plasticity_methods(&Config::default()), "");
    let ip = plasticity_methods(&config(Topology::Developmental, Rule::Ip));
    assert!(
        ip.contains("P = 400 steps") && ip.contains("Δa = η/a + Δb·z") && ip.contains("σ = 0.2"),
        "{ip}"
    );
    let prune = plasticity_methods(&config(Topology::Developmental, Rule::Prune));
    assert!(prune.contains("the 20 % of connected pairs"), "{prune}");
}
