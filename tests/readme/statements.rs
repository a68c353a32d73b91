//! The README's statements and derived tables, regenerated from the re-collected sweeps: each
//! function reads the verdicts it summarises, asserts what its wording needs, and returns the
//! exact text the README must contain.

use serde_json::Value;
use std::collections::BTreeMap;

type Sweeps = BTreeMap<String, (Value, String)>;

fn summary<'a>(s: &'a Sweeps, name: &str) -> &'a Value {
    &s.get(name).unwrap_or_else(|| panic!("no committed sweep `{name}`")).0
}

fn paired<'a>(s: &'a Sweeps, name: &str, pred: impl Fn(&str) -> bool) -> Vec<&'a Value> {
    summary(s, name)["paired"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| pred(p["condition"].as_str().unwrap()))
        .collect()
}

fn condition<'a>(s: &'a Sweeps, name: &str, label: &str) -> &'a Value {
    summary(s, name)["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == label)
        .unwrap_or_else(|| panic!("{name}: no condition `{label}`"))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn key(p: &Value) -> &str {
    p["verdict_key"].as_str().unwrap()
}

fn is_null(topo: &str) -> impl Fn(&str) -> bool + '_ {
    move |c: &str| c == topo || c.starts_with(&format!("{topo} "))
}

/// Smallest and largest of `v`.
fn span(v: &[f64]) -> (f64, f64) {
    (
        v.iter().copied().fold(f64::INFINITY, f64::min),
        v.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    )
}

/// "condition: *verdict*, mean [lo, hi]" for each row, as the summaries print them.
fn listing(rows: &[&Value]) -> String {
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
fn null_listing(s: &Sweeps, name: &str, topo: &str) -> String {
    listing(&paired(s, name, is_null(topo)))
}

/// The three "wiring" nulls are worse in every row: "{lo}–{hi}" of the loss, in `scale` units.
fn all_worse(s: &Sweeps, name: &str, scale: f64, digits: usize) -> (String, usize) {
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

fn family_size(s: &Sweeps, name: &str) -> usize {
    summary(s, name)["paired"].as_array().unwrap().len()
}

/// The statements of "What development adds".
fn development(s: &Sweeps) -> Vec<String> {
    let (mc, n) = all_worse(s, "memory-capacity", 1.0, 2);
    let (delay, _) = all_worse(s, "delay", 100.0, 1);
    let none = condition(s, "memory-capacity", "none in=all out=all");
    vec![
        format!(
            "Random, shuffled and spatial wiring hold {mc} less memory capacity than the grown circuit in each of the \
            four input/readout arrangements: all {n} comparisons are *worse* after Holm's correction over the sweep's \
            {} comparisons.",
            family_size(s, "memory-capacity")
        ),
        format!(
            "On the delay task they lose {delay} accuracy points, all *worse* after correction over {} comparisons.",
            family_size(s, "delay")
        ),
        format!(
            "Memory capacity, `block`: {}.",
            null_listing(s, "memory-capacity", "block")
        ),
        format!("Delay, `block`: {}.", null_listing(s, "delay", "block")),
        format!(
            "`none` (W_rec = 0) scores {:.4} with every neuron read out, and its floor, the capacity the same readout \
            finds for a signal the reservoir never saw, is {:.4}",
            f(&none["mean"]),
            f(&none["floor"])
        ),
        format!(
            "NARMA-10: {}.",
            listing(&paired(s, "narma10", |c| !c.starts_with("none")))
        ),
    ]
}

/// Which verdicts changed between a sweep and its second-draw twin.
fn draws(s: &Sweeps) -> Vec<String> {
    let mut same = 0;
    let mut changed = vec![];
    for (a, b) in [("memory-capacity", "memory-capacity-draw2"), ("delay", "delay-draw2")] {
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
    vec![format!(
        "With a second input draw per circuit, {same} of {} verdicts are the same{}",
        same + changed.len(),
        if changed.is_empty() {
            ".".to_string()
        } else {
            format!("; changed: {}.", changed.join(", "))
        }
    )]
}

/// One letter per verdict, for the compact tables.
fn letter(p: &Value) -> &'static str {
    match key(p) {
        "better" => "B",
        "worse" => "W",
        "equivalent" => "E",
        "different-within" => "D",
        _ => "·",
    }
}

/// A table with a row per null model and a column per value of one setting; `value` reads
/// a comparison's value, `cell` what a cell shows ("–" where a null lacks that value).
fn verdict_table(
    rows: &[&Value],
    head: &str,
    value: impl Fn(&Value) -> String,
    nulls: &[&str],
    cell: impl Fn(&Value) -> String,
) -> Vec<String> {
    let mut values: Vec<String> = vec![];
    for p in rows {
        if !values.contains(&value(p)) {
            values.push(value(p))
        }
    }
    let mut out = vec![
        format!(
            "| null | {} |",
            values
                .iter()
                .map(|v| format!("{head} {v}"))
                .collect::<Vec<_>>()
                .join(" | ")
        ),
        format!("|---|{}", "---|".repeat(values.len())),
    ];
    for topo in nulls {
        let cells: Vec<String> = values
            .iter()
            .map(|v| {
                rows.iter()
                    .find(|p| is_null(topo)(p["condition"].as_str().unwrap()) && value(p) == *v)
                    .map_or("–".into(), |p| cell(p))
            })
            .collect();
        out.push(format!("| {topo} | {} |", cells.join(" | ")));
    }
    out
}

/// The value of condition field `field` in a comparison's label (`random rho=0.9` → 0.9).
fn field_value(p: &Value, field: &str) -> String {
    let c = p["condition"].as_str().unwrap();
    c.split(&format!("{field}="))
        .nth(1)
        .unwrap_or("")
        .split(' ')
        .next()
        .unwrap()
        .to_string()
}

/// The ρ sweep as a table of verdict letters: a row per null model, a column per ρ.
pub fn rho_table(s: &Sweeps) -> Vec<String> {
    let nulls = ["block", "spatial", "shuffled", "random", "none"];
    verdict_table(
        &paired(s, "memory-capacity-rho", |_| true),
        "ρ",
        |p| field_value(p, "rho"),
        &nulls,
        |p| letter(p).to_string(),
    )
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

/// The robustness sweeps as verdict-letter tables: a row per null, a column per value, each
/// cell the verdict letter and the mean paired difference.
pub fn robustness_table(s: &Sweeps, name: &str, field: &str) -> Vec<String> {
    verdict_table(
        &paired(s, name, |_| true),
        field,
        |p| field_value(p, field),
        &["block", "random", "none"],
        |p| format!("{} {:+.3}", letter(p), f(&p["mean_difference"])),
    )
}

/// The robustness sweeps: (sweep, condition field that varies).
pub const ROBUST: [(&str, &str); 9] = [
    ("robust-mc-input-scale", "win"),
    ("robust-mc-ridge", "ridge"),
    ("robust-mc-leak", "leak"),
    ("robust-mc-scale", "scale"),
    ("robust-delay-input-scale", "win"),
    ("robust-delay-ridge", "ridge"),
    ("robust-delay-leak", "leak"),
    ("robust-delay-rho", "rho"),
    ("robust-delay-scale", "scale"),
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
        "Across the nine robustness sweeps `random` is *worse* than the grown circuit in {worse} of {} settings{}",
        worse + not.len(),
        if not.is_empty() {
            ".".to_string()
        } else {
            format!("; not in: {}.", not.join("; "))
        }
    )]
}

/// The plasticity sweeps: what each rule does to each circuit, then the circuits compared after it.
const PLASTICITY: [&str; 5] = [
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
fn first_epochs(s: &Sweeps, name: &str) -> Vec<(String, f64, f64)> {
    summary(s, name)["records"]
        .as_array()
        .map(|r| r.to_vec())
        .unwrap_or_default()
        .iter()
        .map(|r| {
            (
                r["config"]["topology"].as_str().unwrap().to_string(),
                f(&r["acc0"]),
                f(&r["accuracy"][0]),
            )
        })
        .collect()
}

/// The paper's claims, from the committed classification runs.
fn paper(s: &Sweeps) -> Vec<String> {
    let mut acc0 = vec![];
    let mut runs = 0;
    for n in ["mnist", "mnist-layers", "mnist-rows", "paper-mnist", "paper-cifar10"] {
        let e = first_epochs(s, n);
        runs += e.len();
        acc0.extend(e.iter().map(|x| x.1 * 100.0));
    }
    let (lo, hi) = span(&acc0);
    let above = acc0.iter().filter(|a| **a > 12.0).count();
    let paper_protocol: Vec<f64> = first_epochs(s, "mnist")
        .iter()
        .zip(summary(s, "mnist")["records"].as_array().unwrap())
        .filter(|(_, r)| r["config"]["train"] == "input+readout")
        .map(|(e, _)| e.2 * 100.0)
        .collect();
    let (plo, phi) = span(&paper_protocol);
    let cifar = first_epochs(s, "paper-cifar10");
    let (clo, chi) = span(&cifar.iter().map(|e| e.2 * 100.0).collect::<Vec<_>>());
    vec![
        format!(
            "Iteration-0 test accuracy over all {runs} committed classification runs lies between {lo:.2} % and \
            {hi:.2} % (chance: 10 %); {above} of them are above 12 %."
        ),
        format!(
            "After one epoch with the paper's protocol every run reaches {plo:.2}-{phi:.2} % ({} runs).",
            paper_protocol.len()
        ),
        format!(
            "After one epoch of CIFAR-10 the {} runs lie between {clo:.2} % and {chi:.2} %.",
            cifar.len()
        ),
        format!(
            "`mnist`, random: {}.",
            listing(&paired(s, "mnist", |c| c == "random train=input+readout"))
        ),
        format!("`paper-mnist`: {}.", listing(&paired(s, "paper-mnist", |_| true))),
        format!("`paper-cifar10`: {}.", listing(&paired(s, "paper-cifar10", |_| true))),
    ]
}

/// Every inconclusive comparison of the sweeps the README shows, with the seeds that would
/// detect a margin-sized difference (80 % power, the observed spread).
fn open_questions(s: &Sweeps) -> Vec<String> {
    let mut names: Vec<&str> = vec![
        "memory-capacity",
        "memory-capacity-draw2",
        "delay",
        "delay-draw2",
        "narma10",
    ];
    names.extend(ROBUST.iter().map(|r| r.0));
    names.extend(PLASTICITY);
    names.push("evolved-memory-capacity");
    names.extend([
        "memory-capacity-rho",
        "mnist",
        "mnist-layers",
        "mnist-rows",
        "paper-mnist",
        "paper-cifar10",
    ]);
    let items: Vec<String> = names
        .iter()
        .flat_map(|n| {
            paired(s, n, |_| true)
                .into_iter()
                .filter(|p| key(p) == "inconclusive")
                .map(move |p| (n, p))
        })
        .map(|(n, p)| {
            format!(
                "{n} {} ({} seeds; {})",
                p["condition"].as_str().unwrap(),
                p["n"],
                p["runs_for_margin"].as_u64().map_or(
                    "its detectable difference is already under the margin".into(),
                    |r| format!("about {r} would detect a margin-sized difference")
                )
            )
        })
        .collect();
    vec![format!(
        "Inconclusive after correction: {} comparison(s): {}.",
        items.len(),
        items.join("; ")
    )]
}

/// Which sweeps with verdicts show their plan's commit before their runs, and which cannot.
fn standing(s: &Sweeps) -> Vec<String> {
    let with = |k: &str| -> Vec<String> {
        s.iter()
            .filter(|(_, (v, _))| v["standing"] == k && v["paired"].as_array().is_some_and(|p| !p.is_empty()))
            .map(|(n, _)| format!("`{n}`"))
            .collect()
    };
    let (shown, unrecorded) = (with("preregistered"), with("unrecorded"));
    assert!(with("exploratory").is_empty() && with("none").is_empty());
    vec![format!(
        "{} sweeps show their plan's commit before their runs ({}); the other {} sweeps with verdicts were planned \
        before plans recorded a commit, so their order cannot be shown from the records, and their summaries open \
        with **Order not shown** ({}).",
        shown.len(),
        shown.join(", "),
        unrecorded.len(),
        unrecorded.join(", ")
    )]
}

/// Every statement the README's Results must contain.
pub fn all(s: &Sweeps) -> Vec<String> {
    let mut out = standing(s);
    out.extend(development(s));
    out.extend(draws(s));
    out.extend(rho(s));
    out.extend(robustness(s));
    out.extend(plasticity(s));
    out.extend(evolution(s));
    out.extend(mnist(s));
    out.extend(paper(s));
    out.extend(open_questions(s));
    out
}

/// The CIFAR-10 runs one by one: iteration 0, epochs 1, 10 and 100, and the best epoch.
pub fn cifar_table(s: &Sweeps) -> Vec<String> {
    let mut out = vec![
        "| topology | seed | iteration 0 | epoch 1 | epoch 10 | best (epoch) | epoch 100 |".to_string(),
        "|---|---|---|---|---|---|---|".to_string(),
    ];
    for r in summary(s, "paper-cifar10")["records"].as_array().unwrap() {
        let acc: Vec<f64> = r["accuracy"].as_array().unwrap().iter().map(f).collect();
        let (best, at) = acc
            .iter()
            .enumerate()
            .fold((0.0, 0), |b, (k, a)| if *a > b.0 { (*a, k + 1) } else { b });
        out.push(format!(
            "| {} | {} | {:.2} % | {:.2} % | {:.2} % | {:.2} % ({at}) | {:.2} % |",
            r["config"]["topology"].as_str().unwrap(),
            r["config"]["seed"],
            f(&r["acc0"]) * 100.0,
            acc[0] * 100.0,
            acc[9] * 100.0,
            best * 100.0,
            acc[99] * 100.0
        ));
    }
    out
}

/// Rows of derived tables the README shows under sweep `name` (not lines of its summary).
pub fn per_run_rows(s: &Sweeps, name: &str) -> Vec<String> {
    match name {
        "memory-capacity-rho" => rho_table(s),
        "paper-cifar10" => cifar_table(s),
        n => ROBUST
            .iter()
            .find(|r| r.0 == n)
            .map_or(vec![], |(n, field)| robustness_table(s, n, field)),
    }
}
