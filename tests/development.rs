//! Growth: determinism, the calibrated ranges over seeds 1-20, knock-outs, baselines that
//! keep what they promise, exports that real readers accept, and clear parameter errors.

mod common;

use devcircuit::circuit::baselines::{random_like, shuffled_like};
use devcircuit::circuit::{export, stats::stats};
use devcircuit::development::{grow, grow_default, network_from_text, DevError, Params};
use devcircuit::grn::{network::Fix, CORTEX15};
use strum::IntoEnumIterator;

#[test]
fn same_seed_same_fingerprint_and_seeds_differ() {
    let p = Params::default();
    let a = grow_default(&p, 3).unwrap();
    let b = grow_default(&p, 3).unwrap();
    let c = grow_default(&p, 4).unwrap();
    assert_eq!(a.circuit.fingerprint(), b.circuit.fingerprint());
    assert_eq!(a.cells, b.cells);
    assert_ne!(a.circuit.fingerprint(), c.circuit.fingerprint());
}

#[test]
fn seeds_1_to_20_fall_in_the_calibrated_ranges() {
    let p = Params::default();
    let mut neurons = vec![];
    for seed in 1..=20 {
        let g = grow_default(&p, seed).unwrap();
        let s = stats(&g.circuit);
        assert!((4_000..=6_000).contains(&g.cells), "seed {seed}: {} cells", g.cells);
        assert!(
            (60..=110).contains(&s.neurons),
            "seed {seed}: {} mature neurons",
            s.neurons
        );
        assert!(
            (150_000..=250_000).contains(&s.synapses),
            "seed {seed}: {} synapses",
            s.synapses
        );
        assert!(
            s.zero_pair_fraction < 0.2,
            "seed {seed}: {:.2} of pairs empty (no dense core)",
            s.zero_pair_fraction
        );
        neurons.push(s.neurons as f64);
    }
    let mean = neurons.iter().sum::<f64>() / 20.0;
    assert!((75.0..=95.0).contains(&mean), "mean mature neurons {mean}");
}

#[test]
fn knocking_out_hes1_changes_the_outcome() {
    let p = Params::default();
    let (net, ids) = network_from_text(CORTEX15).unwrap();
    let wild = grow(&net, ids, &p, 1).unwrap();
    let mut ko = net.clone();
    ko.fix(ko.index("Hes1").unwrap(), Some(Fix::KnockOut));
    let mutant = grow(&ko, ids, &p, 1).unwrap();
    assert_ne!(wild.circuit.fingerprint(), mutant.circuit.fingerprint());
    assert_ne!(
        wild.cell_types, mutant.cell_types,
        "Hes1 knock-out left every type count unchanged"
    );
}

#[test]
fn baselines_keep_totals_and_degree_sequences() {
    let g = grow_default(&Params::default(), 2).unwrap();
    let c = &g.circuit;
    let r = random_like(c, 2);
    assert_eq!((r.len(), r.synapses()), (c.len(), c.synapses()));
    let sh = shuffled_like(c, 2);
    let (a, b) = (stats(c), stats(&sh));
    assert_eq!(a.in_degree, b.in_degree);
    assert_eq!(a.out_degree, b.out_degree);
    assert!((0..sh.len()).all(|i| sh.count(i, i) == 0));
    assert_ne!(sh.fingerprint(), c.fingerprint());
}

#[test]
fn graphml_export_reads_back_in_networkx() {
    if !common::networkx("graphml_export_reads_back_in_networkx") {
        return;
    }
    let g = grow_default(&Params::default(), 1).unwrap();
    let path = std::env::temp_dir().join(format!("devcircuit-{}.graphml", std::process::id()));
    std::fs::write(&path, export::to_graphml(&g.circuit)).unwrap();
    let script = "import networkx as nx,sys; g=nx.read_graphml(sys.argv[1]); print(g.number_of_nodes(), \
        g.number_of_edges(), int(sum(d['synapses'] for _,_,d in g.edges(data=True))))";
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "networkx could not read the GraphML: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let expect = format!(
        "{} {} {}",
        g.circuit.len(),
        g.circuit.connected_pairs(),
        g.circuit.synapses()
    );
    assert_eq!(text.trim(), expect);
}

#[test]
fn bad_parameters_and_rules_are_named() {
    let p = Params {
        p_asym: 1.5,
        ..Params::default()
    };
    assert_eq!(
        grow_default(&p, 1).err().unwrap(),
        DevError::Params("parameter `p_asym` = 1.5 is out of range (0..=1)".into())
    );
    let e = Params::from_json("{\"t_glia\": 10}").unwrap_err();
    assert!(e.contains("`t_glia`"), "{e}");
    let e = Params::from_json("{\"sigmaa\": 10}").unwrap_err();
    assert!(
        e.contains("unknown field `sigmaa`") && e.starts_with("line 1, column"),
        "{e}"
    );
    let no_hes = CORTEX15
        .replace("Hes1,    (Notch1 & !Hes1) | (Sox2 & !tNeuro)\n", "")
        .replace("Hes1", "Sox2");
    let e = network_from_text(&no_hes).err().unwrap();
    assert_eq!(e, DevError::MissingGenes("Hes1".into()));
    assert!(e.to_string().contains("lack required gene(s) Hes1"), "{e}");
}

#[test]
fn timeline_counts_match_the_final_tissue() {
    let g = grow_default(&Params::default(), 1).unwrap();
    let last = g.timeline.frames.last().unwrap();
    assert_eq!(last.kind.len(), g.cells);
    assert_eq!(g.timeline.counts.len(), g.steps as usize);
    assert_eq!(
        g.timeline.ancestry(g.circuit.neurons[0].id).last(),
        Some(&1),
        "every cell descends from the founder"
    );
    assert!(g.timeline.bytes() < 8_000_000, "timeline {} bytes", g.timeline.bytes());
}

/// Rules with more genes than a growing cell can carry are refused when read, with the reason.
#[test]
fn rules_with_more_than_32_genes_are_refused_for_growth() {
    let genes: String = (0..33).map(|i| format!("G{i}, G{i}\n")).collect();
    let text = format!("{}{genes}", devcircuit::grn::CORTEX15);
    let err = devcircuit::development::network_from_text(&text).unwrap_err();
    assert_eq!(err, DevError::TooManyGenes(53));
    assert!(
        err.to_string().contains("53 genes") && err.to_string().contains("at most 32"),
        "{err}"
    );
}

/// A lethal knock-out grows no circuit; its statistics, null models and diff rows are still
/// computed (the page shows "0 cells, no circuit" rather than the previous tissue).
#[test]
fn a_lethal_knock_out_has_statistics_and_null_models_without_panicking() {
    use devcircuit::circuit::recurrent::Normalisation;
    use devcircuit::circuit::stats::stats_and_spectrum;
    use devcircuit::experiment::{topology_of, Config, Topology};
    let (mut net, ids) = devcircuit::development::network_from_text(devcircuit::grn::CORTEX15).unwrap();
    let g = net.index("Sox2").unwrap();
    net.fix(g, Some(devcircuit::grn::network::Fix::KnockOut));
    let grown = devcircuit::development::grow(&net, ids, &devcircuit::development::Params::default(), 2).unwrap();
    assert!(
        grown.circuit.len() < 2,
        "Sox2 knock-out grew {} neurons",
        grown.circuit.len()
    );
    for t in Topology::iter() {
        let c = topology_of(
            &Config {
                topology: t,
                seed: 2,
                ..Config::default()
            },
            &grown.circuit,
        );
        let (s, spectrum) = stats_and_spectrum(&c, 4.0, Normalisation::Spectral(0.9));
        assert_eq!((s.neurons, s.synapses), (c.len(), 0));
        assert!(spectrum.len() <= c.len());
    }
    let rows = devcircuit::experiment::explore::growth_summary(&grown);
    assert_eq!(rows[0], ("cells".to_string(), grown.cells as f64));
}

/// The circuit viewer's spectrum is W_rec's as the run builds it: at every inhibitory gain
/// its radius (from the Schur eigenvalues) is the ρ the power method scaled W_rec to, and the
/// gain changes the signed counts' radius.
#[test]
fn the_shown_spectrum_is_the_spectrum_of_the_w_rec_a_run_uses() {
    use devcircuit::circuit::recurrent::Normalisation;
    use devcircuit::circuit::stats::stats_and_spectrum;
    let built = devcircuit::experiment::build(&devcircuit::experiment::Config::default(), || 0.0).unwrap();
    let mut signed = vec![];
    for gain in [1.0, 4.0, 7.5] {
        for rho in [0.5, 0.9, 1.3] {
            let (s, spectrum) = stats_and_spectrum(&built.circuit, gain, Normalisation::Spectral(rho));
            assert!(
                (s.spectral_radius - rho).abs() < 1e-6 * rho,
                "gain {gain}, ρ {rho}: {}",
                s.spectral_radius
            );
            let top = spectrum[0].0.hypot(spectrum[0].1);
            assert_eq!(top, s.spectral_radius);
        }
        signed.push(
            stats_and_spectrum(&built.circuit, gain, Normalisation::Raw)
                .0
                .spectral_radius_signed,
        );
    }
    assert!(signed[0] != signed[1] && signed[1] != signed[2], "{signed:?}");
}
