//! The README's derived tables, rebuilt from the re-collected sweeps: verdict letters per null
//! and setting (ρ, robustness), the CIFAR-10 runs one by one, and "What is still open".

use super::statements::*;
use serde_json::Value;

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

/// "†" where the condition or its reference has runs that are not echo-state (their count is
/// in the sweep's summary).
fn echo_mark(s: &Sweeps, name: &str, p: &Value) -> &'static str {
    let not_echo = |label: &Value| condition(s, name, label.as_str().unwrap())["not_echo_state"].as_u64();
    if not_echo(&p["condition"]).unwrap_or(0) + not_echo(&p["reference"]).unwrap_or(0) > 0 {
        "†"
    } else {
        ""
    }
}

/// The ρ sweep as a table of verdict letters: a row per null model, a column per ρ.
pub fn rho_table(s: &Sweeps) -> Vec<String> {
    let nulls = ["block", "spatial", "shuffled", "random", "none"];
    let name = "memory-capacity-rho";
    verdict_table(
        &paired(s, name, |_| true),
        "ρ",
        |p| field_value(p, "rho"),
        &nulls,
        |p| format!("{}{}", letter(p), echo_mark(s, name, p)),
    )
}

/// The robustness sweeps as verdict-letter tables: a row per null, a column per value, each
/// cell the verdict letter and the mean paired difference.
pub fn robustness_table(s: &Sweeps, name: &str, field: &str) -> Vec<String> {
    verdict_table(
        &paired(s, name, |_| true),
        field,
        |p| field_value(p, field),
        &["block", "random", "none"],
        |p| {
            format!(
                "{}{} {:+.3}",
                letter(p),
                echo_mark(s, name, p),
                f(&p["mean_difference"])
            )
        },
    )
}

/// The sweeps whose inconclusive comparisons "What is still open" lists, in the README's order.
fn shown_sweeps() -> Vec<&'static str> {
    let mut names: Vec<&str> = vec![
        "memory-capacity-fresh",
        "delay-fresh",
        "memory-capacity",
        "memory-capacity-draw2",
        "delay",
        "delay-draw2",
        "narma10",
    ];
    names.extend(ROBUST.iter().map(|r| r.0));
    names.extend(PLASTICITY);
    names.extend(["evolved-memory-capacity-fresh", "evolved-memory-capacity"]);
    names.extend([
        "memory-capacity-rho",
        "mnist",
        "mnist-layers",
        "mnist-rows",
        "paper-mnist",
        "paper-cifar10",
    ]);
    names
}

/// "What is still open": per sweep, its inconclusive comparisons (by null model), the seeds each
/// ran, and the seeds that would detect a margin-sized difference (80 % power, observed spread).
pub fn open_table(s: &Sweeps) -> Vec<String> {
    let mut out = vec![
        "| sweep | inconclusive comparisons | seeds | seeds for a margin-sized difference |".to_string(),
        "|---|---|---|---|".to_string(),
    ];
    for n in shown_sweeps().into_iter().filter(|n| s.contains_key(*n)) {
        let rows: Vec<&Value> = paired(s, n, |_| true)
            .into_iter()
            .filter(|p| key(p) == "inconclusive")
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut by_null: Vec<(String, usize)> = vec![];
        for p in &rows {
            let null = p["condition"].as_str().unwrap().split(' ').next().unwrap().to_string();
            match by_null.iter_mut().find(|b| b.0 == null) {
                Some(b) => b.1 += 1,
                None => by_null.push((null, 1)),
            }
        }
        let needed: Vec<u64> = rows.iter().filter_map(|p| p["runs_for_margin"].as_u64()).collect();
        let enough = rows.len() - needed.len();
        let seeds: Vec<u64> = rows.iter().map(|p| p["n"].as_u64().unwrap()).collect();
        let (lo, hi) = (seeds.iter().min().unwrap(), seeds.iter().max().unwrap());
        out.push(format!(
            "| `{n}` | {} | {} | {} |",
            by_null
                .iter()
                .map(|(t, k)| if *k == 1 { t.clone() } else { format!("{t} ×{k}") })
                .collect::<Vec<_>>()
                .join(", "),
            if lo == hi { lo.to_string() } else { format!("{lo}-{hi}") },
            match (enough, needed.iter().max()) {
                (_, None) => "already enough (detectable < margin)".to_string(),
                (0, Some(m)) => format!("up to {m}"),
                (e, Some(m)) => format!("already enough for {e}; up to {m} for the rest"),
            }
        ));
    }
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
            r["config"]["topo"].as_str().unwrap(),
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
        "reservoirs-tuned" => super::reservoirs::tables(s),
        "evolved-mc-per-neuron" => super::evolved::table(s),
        n => ROBUST
            .iter()
            .find(|r| r.0 == n)
            .map_or(vec![], |(n, field)| robustness_table(s, n, field)),
    }
}
