//! The README's statements and derived tables, regenerated from the re-collected sweeps: each
//! function reads the verdicts it summarises, asserts what its wording needs, and returns the
//! exact text the README must contain.

pub use super::tables::{open_table, per_run_rows};
use super::words;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) type Sweeps = BTreeMap<String, (Value, String)>;

pub(crate) fn summary<'a>(s: &'a Sweeps, name: &str) -> &'a Value {
    &s.get(name).unwrap_or_else(|| panic!("no committed sweep `{name}`")).0
}

pub(crate) fn paired<'a>(s: &'a Sweeps, name: &str, pred: impl Fn(&str) -> bool) -> Vec<&'a Value> {
    summary(s, name)["paired"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| pred(p["condition"].as_str().unwrap()))
        .collect()
}

pub(crate) fn condition<'a>(s: &'a Sweeps, name: &str, label: &str) -> &'a Value {
    summary(s, name)["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == label)
        .unwrap_or_else(|| panic!("{name}: no condition `{label}`"))
}

pub(crate) fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

pub(crate) fn key(p: &Value) -> &str {
    p["verdict_key"].as_str().unwrap()
}

pub(crate) fn is_null(topo: &str) -> impl Fn(&str) -> bool + '_ {
    move |c: &str| c == topo || c.starts_with(&format!("{topo} "))
}

/// Smallest and largest of `v`.
pub(crate) fn span(v: &[f64]) -> (f64, f64) {
    (
        v.iter().copied().fold(f64::INFINITY, f64::min),
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

/// "condition: *verdict*, mean [lo, hi]" for each row, as the summaries print them.
pub(crate) fn listing(rows: &[&Value]) -> String {
    rows.iter()
        .map(|p| {
            format!(
                "{}: *{}*, {:+.4} [{:+.4}, {:+.4}]",
                p["condition"].as_str().unwrap(),
                p["verdict"].as_str().unwrap(),
                f(&p["mean_difference"]),
                f(&p["ci95"][0]),
                f(&p["ci95"][1])
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Every paired row of `name` whose condition starts with `topo`, listed.
pub(crate) fn null_listing(s: &Sweeps, name: &str, topo: &str) -> String {
    listing(&paired(s, name, is_null(topo)))
}

/// The three "wiring" nulls are worse in every row: "{lo}–{hi}" of the loss, in `scale` units.
pub(crate) fn all_worse(s: &Sweeps, name: &str, scale: f64, digits: usize) -> (String, usize) {
    let rows: Vec<&Value> = ["spatial", "shuffled", "random"]
        .iter()
        .flat_map(|t| paired(s, name, is_null(t)))
        .collect();
    for p in &rows {
        assert_eq!(key(p), "worse", "{name} {}: {}", p["condition"], p["verdict"]);
    }
    let (lo, hi) = span(
        &rows
            .iter()
            .map(|p| -f(&p["mean_difference"]) * scale)
            .collect::<Vec<_>>(),
    );
    (format!("{lo:.digits$}–{hi:.digits$}"), rows.len())
}

pub(crate) fn family_size(s: &Sweeps, name: &str) -> usize {
    summary(s, name)["paired"].as_array().unwrap().len()
}

/// The statements of "What development adds" for one memory sweep and one delay sweep
/// (`seeds`: how the README names their seeds).
fn development_on(s: &Sweeps, mc_sweep: &str, delay_sweep: &str, seeds: &str) -> Vec<String> {
    let (mc, n) = all_worse(s, mc_sweep, 1.0, 2);
    let (delay, _) = all_worse(s, delay_sweep, 100.0, 1);
    vec![
        format!(
            "On {seeds}, random, shuffled and spatial wiring hold {mc} less memory capacity than the grown circuit in \
            each of the four input/readout arrangements: all {n} comparisons are *worse* after one Holm correction \
            over \
            both tests of the sweep's {} comparisons.",
            family_size(s, mc_sweep)
        ),
        format!(
            "On the delay task ({seeds}) they lose {delay} accuracy points, all *worse* after correction over {} \
            comparisons.",
            family_size(s, delay_sweep)
        ),
        format!(
            "Memory capacity ({seeds}), `block`: {}.",
            null_listing(s, mc_sweep, "block")
        ),
        format!("Delay ({seeds}), `block`: {}.", null_listing(s, delay_sweep, "block")),
    ]
}

/// The statements of "What development adds": the fresh seeds, the first seeds, the floor and NARMA-10.
fn development(s: &Sweeps) -> Vec<String> {
    let mut out = development_on(s, "memory-capacity-fresh", "delay-fresh", "seeds 101-200");
    out.extend(development_on(s, "memory-capacity", "delay", "seeds 1-100"));
    let none = condition(s, "memory-capacity", "none in=all out=all");
    let narma_nulls: Vec<&Value> = ["spatial", "shuffled", "random"]
        .iter()
        .flat_map(|t| paired(s, "narma10", is_null(t)))
        .collect();
    assert!(narma_nulls.iter().all(|p| key(p) == "worse"));
    out.extend([
        format!(
            "`none` (W_rec = 0) scores {:.4} with every neuron read out, and its floor, the capacity the same readout \
            finds for a signal the reservoir never saw, is {:.4}",
            f(&none["mean"]),
            f(&none["floor"])
        ),
        format!(
            "On NARMA-10 all {} comparisons of spatial, shuffled and random wiring are *worse*, and `block` is: {}.",
            narma_nulls.len(),
            null_listing(s, "narma10", "block")
        ),
        format!(
            "NARMA-10: {}.",
            listing(&paired(s, "narma10", |c| !c.starts_with("none")))
        ),
    ]);
    out
}

/// The verdicts of `pairs` (a sweep and its twin) that agree, and those that changed.
fn agreement(s: &Sweeps, pairs: [(&str, &str); 2]) -> (usize, Vec<String>) {
    let mut same = 0;
    let mut changed = vec![];
    for (a, b) in pairs {
        for p in paired(s, a, |_| true) {
            let q = paired(s, b, |c| c == p["condition"].as_str().unwrap());
            assert_eq!(q.len(), 1, "{b} lacks {}", p["condition"]);
            if key(p) == key(q[0]) {
                same += 1
            } else {
                changed.push(format!(
                    "{} {} ({} → {})",
                    a,
                    p["condition"].as_str().unwrap(),
                    p["verdict"].as_str().unwrap(),
                    q[0]["verdict"].as_str().unwrap()
                ));
            }
        }
    }
    (same, changed)
}

/// Which verdicts changed with a second input draw, and on fresh seeds.
fn draws(s: &Sweeps) -> Vec<String> {
    let say = |what: &str, (same, changed): (usize, Vec<String>)| {
        format!(
            "{what}, {same} of {} verdicts are the same{}",
            same + changed.len(),
            if changed.is_empty() {
                ".".to_string()
            } else {
                format!("; changed: {}.", changed.join(", "))
            }
        )
    };
    vec![
        say(
            "With a second input draw per circuit",
            agreement(
                s,
                [("memory-capacity", "memory-capacity-draw2"), ("delay", "delay-draw2")],
            ),
        ),
        say(
            "On seeds 101-200 against seeds 1-100",
            agreement(
                s,
                [("memory-capacity", "memory-capacity-fresh"), ("delay", "delay-fresh")],
            ),
        ),
    ]
}

/// The value of condition field `field` in a comparison's label (`random rho=0.9` → 0.9).
pub(crate) fn field_value(p: &Value, field: &str) -> String {
    let c = p["condition"].as_str().unwrap();
    c.split(&format!("{field}="))
        .nth(1)
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

/// Sentences on the ρ sweep: where each null is worse, and where block is not equivalent.
fn rho(s: &Sweeps) -> Vec<String> {
    let rows = paired(s, "memory-capacity-rho", |_| true);
    let at = |topo: &str, k: &str| -> Vec<String> {
        rows.iter()
            .filter(|p| is_null(topo)(p["condition"].as_str().unwrap()) && key(p) == k)
            .map(|p| field_value(p, "rho"))
            .collect()
    };
    let list = |v: Vec<String>| if v.is_empty() { "none".to_string() } else { v.join(", ") };
    ["block", "spatial", "shuffled", "random"]
        .iter()
        .map(|t| {
            format!(
                "`{t}`: worse at ρ {}; equivalent at ρ {}; different but within the margin at ρ {}; better at ρ {}.",
                list(at(t, "worse")),
                list(at(t, "equivalent")),
                list(at(t, "different-within")),
                list(at(t, "better"))
            )
        })
        .collect()
}

/// The robustness sweeps: (sweep, condition field that varies).
pub const ROBUST: [(&str, &str); 11] = [
    ("robust-mc-input-scale", "win"),
    ("robust-mc-ridge", "ridge"),
    ("robust-mc-leak", "leak"),
    ("robust-mc-scale", "scale"),
    ("robust-mc-scale-per-neuron", "scale"),
    ("robust-delay-input-scale", "win"),
    ("robust-delay-ridge", "ridge"),
    ("robust-delay-leak", "leak"),
    ("robust-delay-rho", "rho"),
    ("robust-delay-scale", "scale"),
    ("robust-delay-scale-30", "scale"),
];

/// Where `random` is worse across the robustness sweeps, and where it is not.
fn robustness(s: &Sweeps) -> Vec<String> {
    let (mut worse, mut not) = (0, vec![]);
    for (name, _) in ROBUST {
        for p in paired(s, name, is_null("random")) {
            if key(p) == "worse" {
                worse += 1
            } else {
                not.push(format!(
                    "{name} {} ({})",
                    p["condition"].as_str().unwrap(),
                    p["verdict"].as_str().unwrap()
                ));
            }
        }
    }
    vec![format!(
        "Across the {} robustness sweeps `random` is *worse* than the grown circuit in {worse} of {} settings{}",
        ROBUST.len(),
        worse + not.len(),
        if not.is_empty() {
            ".".to_string()
        } else {
            format!("; not in: {}.", not.join("; "))
        }
    )]
}

/// The plasticity sweeps: what each rule does to each circuit, then the circuits compared after it.
pub(crate) const PLASTICITY: [&str; 5] = [
    "plasticity-mc-rules",
    "plasticity-delay-rules",
    "plasticity-mc",
    "plasticity-delay",
    "plasticity-mnist-rows",
];

/// Plasticity: every verdict of the four plasticity sweeps.
fn plasticity(s: &Sweeps) -> Vec<String> {
    PLASTICITY
        .iter()
        .map(|n| format!("`{n}`: {}.", listing(&paired(s, n, |_| true))))
        .collect()
}

/// The committed search (`sweeps/results/evolve-memory-capacity/`): its training fitness against
/// the default rules, its best fitness per generation, and the held-out sweep's verdicts.
fn evolution(s: &Sweeps) -> Vec<String> {
    let dir = std::path::Path::new("sweeps/results/evolve-memory-capacity");
    let best: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("best.json")).unwrap()).unwrap();
    let genomes = std::fs::read_to_string(dir.join("genomes.jsonl")).unwrap();
    let failed = genomes.lines().filter(|l| l.contains("\"fitness\":null")).count();
    let (b, d) = (f(&best["best"]["fitness"]), f(&best["default"]["fitness"]));
    let curve: Vec<String> = best["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| format!("{:.2}", f(&h["best"])))
        .collect();
    vec![
        format!(
            "On its training seeds 1001-1003 the best of {} genomes ({failed} lethal or degenerate) reaches a mean \
             memory capacity of {b:.4}, against {d:.4} for the default rules ({:+.4}).",
            genomes.lines().count(),
            b - d
        ),
        format!("The best fitness of each generation: {}.", curve.join(", ")),
        format!(
            "The rules it changed: {}.",
            best["best"]["diff"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| format!("`{}`", d.as_str().unwrap()))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        format!(
            "`evolved-memory-capacity`: {}.",
            listing(&paired(s, "evolved-memory-capacity", |_| true))
        ),
    ]
}

/// MNIST: the verdicts of the three image sweeps.
fn mnist(s: &Sweeps) -> Vec<String> {
    ["mnist", "mnist-layers", "mnist-rows"]
        .iter()
        .map(|n| format!("`{n}`: {}.", listing(&paired(s, n, |_| true))))
        .collect()
}

/// Per-run values of the classification sweeps: (iteration 0, after epoch 1) per run.
pub(crate) fn first_epochs(s: &Sweeps, name: &str) -> Vec<(String, f64, f64)> {
    summary(s, name)["records"]
        .as_array()
        .map(|r| r.to_vec())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r["config"]["topo"].as_str().unwrap().to_string(),
                f(&r["acc0"]),
                f(&r["accuracy"][0]),
            )
        })
        .collect()
}

/// Every statement the README's Results must contain.
pub fn all(s: &Sweeps) -> Vec<String> {
    let mut out = words::standing(s);
    out.extend(words::echo(s));
    out.extend(development(s));
    out.extend(words::headline(s));
    out.extend(words::block_words(s));
    out.extend(words::shared(s));
    out.extend(draws(s));
    out.extend(rho(s));
    out.extend(robustness(s));
    out.extend(words::robust_words(s));
    out.extend(plasticity(s));
    out.extend(evolution(s));
    out.extend(mnist(s));
    out.extend(words::paper(s));
    out.extend(words::plasticity_words(s));
    out.extend(words::evolution_fresh(s));
    out.extend(super::reservoirs::statements(s));
    out.extend(super::evolved::statements(s));
    out
}
