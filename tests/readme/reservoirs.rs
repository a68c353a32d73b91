//! "Where the grown circuit stands among reservoirs", rebuilt from the two committed sweeps:
//! capacity and capacity per neuron at the default and the tuned settings, the diagnostics.

use super::statements::*;
use serde_json::Value;

/// The systems, in the README's order.
pub const SYSTEMS: [&str; 6] = ["developmental", "random", "dale-sparse", "esn", "orthogonal", "cycle"];

/// The condition of `topo` in `name` (its label may carry the tuned settings).
pub(crate) fn system<'a>(s: &'a Sweeps, name: &str, topo: &str) -> &'a Value {
    summary(s, name)["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| is_null(topo)(c["condition"].as_str().unwrap()))
        .unwrap_or_else(|| panic!("{name}: no `{topo}` condition"))
}

/// The mean of a task field over the finished runs of `topo` in `name` (`path`: keys under `task`).
pub(crate) fn task_mean(s: &Sweeps, name: &str, topo: &str, path: &[&str]) -> f64 {
    let values = task_values(s, name, topo, path);
    values.iter().sum::<f64>() / values.len() as f64
}

/// The median of a task field over the finished runs of `topo` in `name`.
pub(crate) fn task_median(s: &Sweeps, name: &str, topo: &str, path: &[&str]) -> f64 {
    let mut values = task_values(s, name, topo, path);
    values.sort_by(|a, b| a.total_cmp(b));
    let m = values.len() / 2;
    if values.len() % 2 == 1 {
        values[m]
    } else {
        (values[m - 1] + values[m]) / 2.0
    }
}

/// A task field of each finished run of `topo` in `name`.
fn task_values(s: &Sweeps, name: &str, topo: &str, path: &[&str]) -> Vec<f64> {
    let values: Vec<f64> = summary(s, name)["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["config"]["topo"] == topo && r["status"]["state"] == "done")
        .map(|r| path.iter().fold(&r["task"], |v, k| &v[*k]).as_f64().unwrap())
        .collect();
    assert!(!values.is_empty(), "{name}: no `{topo}` runs with {path:?}");
    values
}

/// The tuned settings of `topo` as the tuned plan chose them (its committed preregistration).
fn tuned(topo: &str) -> String {
    let file = "sweeps/results/reservoirs-tuned/preregistration.json";
    let p: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let chosen = &p["tuned"]["chosen"][topo];
    format!(
        "{}, {}",
        chosen["win"].as_str().unwrap(),
        chosen["rho"].as_str().unwrap()
    )
}

/// Capacity table: per system MC and MC/N at the defaults and tuned, with the bound N.
pub fn capacity_table(s: &Sweeps) -> Vec<String> {
    let mut out = vec![
        "| system | N (mean) | MC, default | MC/N, default | input scale, ρ tuned | MC, tuned | MC/N, tuned |".into(),
        "|---|---|---|---|---|---|---|".into(),
    ];
    for topo in SYSTEMS {
        let (d, t) = (
            system(s, "reservoirs-default", topo),
            system(s, "reservoirs-tuned", topo),
        );
        out.push(format!(
            "| {topo} | {:.1} | {:.2} | {:.3} | {} | {:.2} | {:.3} |",
            task_mean(s, "reservoirs-default", topo, &["neurons"]),
            f(&d["mean"]),
            f(&d["mean_per_neuron"]),
            tuned(topo),
            f(&t["mean"]),
            f(&t["mean_per_neuron"]),
        ));
    }
    out
}

/// Diagnostics table: per system the participation ratio of the states (default → tuned) and
/// the three diagnostics of W_rec, which scaling to ρ leaves as they are (tuned sweep's means).
pub fn diagnostics_table(s: &Sweeps) -> Vec<String> {
    let mut out = vec![
        "| system | participation ratio, default → tuned | eigenvalues > ρ/2 | block-mean share of ‖W‖² | ‖W‖₂/ρ |"
            .into(),
        "|---|---|---|---|---|".into(),
    ];
    for topo in SYSTEMS {
        let tuned = |k: &str| task_mean(s, "reservoirs-tuned", topo, &["diagnostics", k]);
        out.push(format!(
            "| {topo} | {:.2} → {:.2} | {:.1} | {:.3} | {:.2} |",
            task_mean(s, "reservoirs-default", topo, &["diagnostics", "participation_ratio"]),
            tuned("participation_ratio"),
            tuned("strong_eigenvalues"),
            tuned("block_mean_share"),
            tuned("non_normality")
        ));
    }
    out
}

/// Both tables, as the README shows them under the tuned sweep's caption.
pub fn tables(s: &Sweeps) -> Vec<String> {
    let mut rows = capacity_table(s);
    rows.extend(diagnostics_table(s));
    rows
}

/// The verdicts of both sweeps, listed, and the tuned capacities and diagnostics in words.
pub fn statements(s: &Sweeps) -> Vec<String> {
    let mut out: Vec<String> = ["reservoirs-default", "reservoirs-tuned"]
        .iter()
        .map(|n| format!("`{n}`: {}.", listing(&paired(s, n, |_| true))))
        .collect();
    out.push(pilot_echo(s));
    let per_n = |topo: &str| f(&system(s, "reservoirs-tuned", topo)["mean_per_neuron"]);
    out.push(format!(
        "Each at its tuned settings, the cycle reservoir holds MC/N = {:.3} and the orthogonal one {:.3}, the \
        echo-state network {:.3}, the sparse Dale's-law network {:.3}, and the grown circuit {:.3} (random wiring of \
        its neurons: {:.3}).",
        per_n("cycle"),
        per_n("orthogonal"),
        per_n("esn"),
        per_n("dale-sparse"),
        per_n("developmental"),
        per_n("random")
    ));
    let diag = |topo: &str, k: &str| task_mean(s, "reservoirs-tuned", topo, &["diagnostics", k]);
    out.push(format!(
        "The grown W_rec keeps {:.1} % of ‖W‖² in its layer × E/I block means, has {:.1} eigenvalues above ρ/2 on \
        average and ‖W‖₂/ρ = {:.2}; its states spread over a participation ratio of {:.2} dimensions at its tuned \
        settings, against {:.2} for the cycle reservoir.",
        100.0 * diag("developmental", "block_mean_share"),
        diag("developmental", "strong_eigenvalues"),
        diag("developmental", "non_normality"),
        diag("developmental", "participation_ratio"),
        diag("cycle", "participation_ratio")
    ));
    out
}

/// The pilot's highest ρ: how many of its conditions lost echo state there, and the ρ the rule
/// then chose for every system.
fn pilot_echo(s: &Sweeps) -> String {
    let conditions = summary(s, "pilot-reservoirs")["conditions"].as_array().unwrap();
    let top: Vec<&Value> = conditions
        .iter()
        .filter(|c| c["condition"].as_str().unwrap().ends_with("rho=0.99"))
        .collect();
    let failed = top.iter().filter(|c| c["not_echo_state"] == c["n"]).count();
    let some = top.iter().filter(|c| f(&c["not_echo_state"]) > 0.0).count();
    let rhos: Vec<String> = SYSTEMS
        .iter()
        .map(|t| tuned(t).split(", ").nth(1).unwrap().to_string())
        .collect();
    assert!(rhos.iter().all(|r| r == &rhos[0]), "{rhos:?}");
    format!(
        "In the pilot, {some} of the {} conditions at ρ 0.99 had runs that failed the echo-state check (two initial \
        states still apart after 1,000 steps; {failed} of them on each of their seeds); the rule chose ρ {} for \
        each system.",
        top.len(),
        rhos[0]
    )
}
