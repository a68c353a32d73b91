//! The results stage on hand-made records: conditions, pairing, summaries, stored workspaces
//! and the planner.

use super::*;
use crate::experiment::config::{Config, Topology};

fn rec(topology: Topology, seed: u64, acc: &[f64], lr: f64) -> RunRecord {
    let config = Config {
        topology,
        seed,
        learning_rate: lr,
        ..Config::default()
    };
    let mut r = RunRecord::new(seed, config, "0", "cpu");
    r.acc0 = Some(acc[0]);
    r.accuracy = acc[1..].to_vec();
    r.losses = vec![(1, 2.3), (5, 1.0)];
    r.status = RunStatus::Done;
    r
}

#[test]
fn conditions_pair_with_their_reference_twin_only() {
    // developmental and random at lr 0.001 (seeds 1-3), random at lr 0.01 without a twin.
    let rs = vec![
        rec(Topology::Developmental, 1, &[0.1, 0.90], 0.001),
        rec(Topology::Random, 1, &[0.1, 0.91], 0.001),
        rec(Topology::Developmental, 2, &[0.1, 0.92], 0.001),
        rec(Topology::Random, 2, &[0.1, 0.92], 0.001),
        rec(Topology::Developmental, 3, &[0.1, 0.94], 0.001),
        rec(Topology::Random, 3, &[0.1, 0.935], 0.001),
        rec(Topology::Random, 1, &[0.1, 0.5], 0.01),
        rec(Topology::Random, 2, &[0.1, 0.6], 0.01),
    ];
    let rows = paired_rows(&rs, &Analysis::against(Topology::Developmental));
    assert_eq!(rows.len(), 1, "{rows:?}");
    let p = &rows[0].paired;
    // Differences +0.01, 0, −0.005: mean 0.001667, sd 0.007638, 90 % CI ± 2.920·0.00441 within ±0.01? 0.0145 → no.
    assert_eq!(
        (rows[0].label.as_str(), rows[0].reference.as_str(), p.n),
        ("random lr=0.001", "developmental lr=0.001", 3)
    );
    assert!(
        (p.mean - 0.005 / 3.0).abs() < 1e-12 && (p.sd - 0.0076376).abs() < 1e-6,
        "{p:?}"
    );
    assert_eq!(p.verdict, crate::experiment::paired::Verdict::Inconclusive);
    assert_eq!(
        paired_rows(
            &rs,
            &Analysis {
                // TOST p ≈ 0.012 at ±0.03, doubled by the one correction over both tests: 0.024.
                margin: Some(0.03),
                ..Analysis::against(Topology::Developmental)
            }
        )[0]
        .paired
        .verdict,
        crate::experiment::paired::Verdict::Equivalent
    );
}

/// A record as versions before 0.2 stored it (config by field name) of the former `trainable`
/// topology.
fn field_named_trainable(record: &serde_json::Value) -> serde_json::Value {
    let cfg: crate::experiment::Config = serde_json::from_value(record["config"].clone()).unwrap();
    let mut old = record.clone();
    old["config"] = serde_json::to_value(crate::experiment::settings::FieldNamed::from(&cfg)).unwrap();
    assert!(old["config"]["topology"].is_string() && old["config"].get("topo").is_none());
    old["config"]["topology"] = "trainable".into();
    old
}

#[test]
fn stored_runs_are_read_one_by_one_and_old_topologies_migrate_with_a_notice() {
    let good = serde_json::to_value(rec(Topology::Random, 1, &[0.1, 0.9], 0.001)).unwrap();
    let old = field_named_trainable(&good);
    let text = serde_json::to_string(&vec![good, old, serde_json::json!({"id": "x"})]).unwrap();
    let (records, notices) = read_stored(&text);
    assert_eq!(records.len(), 2);
    assert_eq!(
        (records[1].config.topology, records[1].config.train),
        (Topology::Developmental, crate::model::TrainMode::All)
    );
    assert!(
        notices.len() == 2
            && notices[0].contains("trainable")
            && notices[1].contains("1 stored run(s) could not be read"),
        "{notices:?}"
    );
    assert_eq!(read_stored("{oops").1.len(), 1);
}

#[test]
fn a_reader_in_steps_counts_across_them_and_keeps_what_goes_with_each_run() {
    let good = serde_json::to_string(&rec(Topology::Random, 1, &[0.1, 0.9], 0.001)).unwrap();
    let old = field_named_trainable(&serde_json::from_str(&good).unwrap());
    let texts = [good.clone(), "{oops".into(), old.to_string(), good, "[]".into()];
    let mut reader = Reader::default();
    let mut read = vec![];
    for step in texts.chunks(2) {
        read.extend(reader.read_all(step.iter().enumerate().map(|(k, t)| (t, k))));
    }
    // Runs 1, 3 and 4 of the five; each keeps its place in its step.
    assert_eq!(read.iter().map(|r| r.1).collect::<Vec<_>>(), vec![0, 0, 1]);
    assert_eq!(
        reader.notices(),
        read_each(texts.iter().map(|t| (t, ()))).1,
        "notices in steps differ from one pass"
    );
    assert!(reader.notices()[1].starts_with("2 stored run(s) could not be read"));
}

#[test]
fn summaries_match_hand_computed_values() {
    let s = summarise(&[0.90, 0.92, 0.94]).unwrap();
    assert!((s.mean - 0.92).abs() < 1e-12 && (s.sd - 0.02).abs() < 1e-12);
    // R: qt(0.975, 2) = 4.302653
    assert!((s.ci95 - 4.302653 * 0.02 / 3f64.sqrt()).abs() < 1e-7);
    assert_eq!(summarise(&[0.5]).unwrap().ci95, 0.0);
    assert!(summarise(&[]).is_none());
}

#[test]
fn conditions_group_by_what_differs_apart_from_seeds() {
    let rs = vec![
        rec(Topology::Developmental, 1, &[0.1, 0.9], 1e-3),
        rec(Topology::Random, 1, &[0.1, 0.8], 1e-3),
        rec(Topology::Developmental, 2, &[0.1, 0.92], 1e-3),
        rec(Topology::Developmental, 3, &[0.1, 0.5], 1e-2),
    ];
    assert_eq!(
        condition_labels(&rs),
        [
            "developmental lr=0.001",
            "random lr=0.001",
            "developmental lr=0.001",
            "developmental lr=0.01"
        ]
    );
    let c = summarise_conditions(&rs);
    assert_eq!(
        c.iter().map(|c| (c.label.as_str(), c.runs)).collect::<Vec<_>>(),
        [
            ("developmental lr=0.001", 2),
            ("random lr=0.001", 1),
            ("developmental lr=0.01", 1)
        ]
    );
    assert!((c[0].accuracy[1].mean - 0.91).abs() < 1e-12);
    assert_eq!(c[0].loss.iter().map(|l| l.0).collect::<Vec<_>>(), [1, 5]);
    assert!((c[0].loss[1].1.mean - (2.3 + 0.2 * (1.0 - 2.3))).abs() < 1e-12);
}

#[test]
fn seeds_topologies_and_plan() {
    assert_eq!(parse_seeds("1-3, 7").unwrap(), [1, 2, 3, 7]);
    assert!(parse_seeds("3-1").unwrap_err().contains("`3-1`"));
    assert!(parse_seeds("x").unwrap_err().contains("`x`"));
    assert!(parse_seeds("").is_err() && parse_seeds("1-200").is_err());
    assert!(parse_topologies("developmental, lattice")
        .unwrap_err()
        .contains("`lattice`"));
    let p = plan(
        &Config::default(),
        &parse_topologies("developmental,none").unwrap(),
        &[4, 5],
        &[0.9],
    );
    assert_eq!(
        p.iter()
            .map(|c| (c.topology, c.seed, c.init_seed, c.data_seed))
            .collect::<Vec<_>>(),
        [
            (Topology::Developmental, 4, 4, 4),
            (Topology::None, 4, 4, 4),
            (Topology::Developmental, 5, 5, 5),
            (Topology::None, 5, 5, 5)
        ]
    );
}

/// A record of `topology` under plasticity `rule` with accuracy `acc` after one epoch.
fn plastic(topology: Topology, rule: crate::plasticity::Rule, seed: u64, acc: f64) -> RunRecord {
    let mut r = rec(topology, seed, &[0.1, acc], 0.001);
    r.config.plasticity = rule;
    r
}

#[test]
fn a_reference_on_another_field_pairs_each_rule_with_none_and_also_references_add_rows() {
    use crate::plasticity::Rule;
    let rs: Vec<RunRecord> = (1..=3)
        .flat_map(|s| {
            let d = s as f64 * 0.001;
            [
                plastic(Topology::Developmental, Rule::None, s, 0.90 + d),
                plastic(Topology::Developmental, Rule::Prune, s, 0.93 + 2.0 * d),
                plastic(Topology::Random, Rule::None, s, 0.80 + d),
                plastic(Topology::Random, Rule::Prune, s, 0.85 + d),
            ]
        })
        .collect();
    let a = Analysis {
        reference: Reference::parse("plast=none").unwrap(),
        ..Analysis::against(Topology::Developmental)
    };
    let rows = paired_rows(&rs, &a);
    let pairs: Vec<(&str, &str)> = rows.iter().map(|r| (r.label.as_str(), r.reference.as_str())).collect();
    // The rule's own parameters (steps, rate, fraction) act only under prune: still twins.
    assert_eq!(
        pairs,
        [
            ("developmental plast=prune", "developmental plast=none"),
            ("random plast=prune", "random plast=none")
        ]
    );
    assert!((rows[0].paired.mean - 0.032).abs() < 1e-12 && (rows[1].paired.mean - 0.05).abs() < 1e-12);
    let both = Analysis {
        also: vec![Reference::parse("plast=none").unwrap()],
        ..Analysis::against(Topology::Developmental)
    };
    assert_eq!(
        paired_rows(&rs, &both).len(),
        4,
        "two against developmental, two against none"
    );
    assert!(Reference::parse("colour=red")
        .unwrap_err()
        .contains("`colour` is not a condition field"));
    assert_eq!(Reference::parse("random").unwrap().to_string(), "random");
}

/// A memory-capacity record with its neuron count and echo state.
fn task_rec(topology: Topology, seed: u64, metric: f64, neurons: usize, echo_state: bool) -> RunRecord {
    let config = Config {
        topology,
        seed,
        task: crate::experiment::Task::MemoryCapacity,
        ..Config::default()
    };
    let mut r = RunRecord::new(seed, config, "0", "native");
    r.status = RunStatus::Done;
    r.task = Some(crate::experiment::task::TaskOutcome {
        rho: 0.9,
        metric,
        curve: vec![],
        floor: None,
        echo_state,
        echo_distance: 0.0,
        input_neurons: neurons,
        readout_neurons: neurons,
        neurons,
        plasticity: None,
        diagnostics: None,
    });
    r
}

#[test]
fn excluded_echo_state_failures_leave_with_their_pair_and_per_neuron_divides_by_each_runs_n() {
    use crate::experiment::prereg::EchoHandling;
    // Seed 3's random run is not echo-state; its N differs from seed to seed.
    let rs = vec![
        task_rec(Topology::Developmental, 1, 8.0, 80, true),
        task_rec(Topology::Random, 1, 6.0, 80, true),
        task_rec(Topology::Developmental, 2, 9.0, 90, true),
        task_rec(Topology::Random, 2, 8.1, 90, true),
        task_rec(Topology::Developmental, 3, 10.0, 100, true),
        task_rec(Topology::Random, 3, 30.0, 100, false),
    ];
    let analysis = |echo_state, per_neuron| Analysis {
        margin: Some(0.5),
        echo_state,
        per_neuron,
        ..Analysis::against(Topology::Developmental)
    };
    let kept = &paired_rows(&rs, &analysis(EchoHandling::Keep, false))[0].paired;
    assert_eq!(kept.n, 3);
    assert!((kept.mean - (-2.0 - 0.9 + 20.0) / 3.0).abs() < 1e-12, "{kept:?}");
    let excluded = &paired_rows(&rs, &analysis(EchoHandling::Exclude, false))[0].paired;
    assert_eq!(excluded.n, 2);
    assert!((excluded.mean - (-2.0 - 0.9) / 2.0).abs() < 1e-12, "{excluded:?}");
    // Per neuron: (6 − 8)/80 and (8.1 − 9)/90.
    let per = &paired_rows(&rs, &analysis(EchoHandling::Exclude, true))[0].paired;
    assert!((per.mean - (-2.0 / 80.0 - 0.9 / 90.0) / 2.0).abs() < 1e-15, "{per:?}");
    // A record without a neuron count cannot be compared per neuron.
    let mut old = rs.clone();
    old.iter_mut().for_each(|r| r.task.as_mut().unwrap().neurons = 0);
    assert!(paired_rows(&old, &analysis(EchoHandling::Keep, true)).is_empty());
}

#[test]
fn a_reference_names_the_topology_by_its_link_key_or_its_field_name() {
    let by_key = Reference::parse("topo=random").unwrap();
    assert_eq!(by_key, Reference::parse("topology=random").unwrap());
    assert_eq!(by_key, Reference::topology(Topology::Random));
    assert!(Reference::parse("tpo=random")
        .unwrap_err()
        .contains("not a condition field"));
}
