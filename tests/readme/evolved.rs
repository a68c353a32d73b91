//! "A search for wiring that computes", rebuilt from what is committed: the search's best genome
//! (`best.json`, `genomes.jsonl`) and its held-out sweep's verdicts and per-neuron means.

use super::statements::*;
use serde_json::Value;

const SEARCH: &str = "sweeps/results/evolve-mc-per-neuron";
const HELD_OUT: &str = "evolved-mc-per-neuron";

fn best() -> Value {
    serde_json::from_str(&std::fs::read_to_string(format!("{SEARCH}/best.json")).unwrap()).unwrap()
}

/// The mean per neuron of `topo` in the held-out sweep.
fn per_neuron(s: &Sweeps, topo: &str) -> f64 {
    f(&super::reservoirs::system(s, HELD_OUT, topo)["mean_per_neuron"])
}

/// The search's result on its training seeds, the genome's settings, its held-out verdicts and
/// where it stands against the bar the issue set (MC/N ≥ 0.5 with a wiring advantage).
pub fn statements(s: &Sweeps) -> Vec<String> {
    let b = best();
    let genomes = std::fs::read_to_string(format!("{SEARCH}/genomes.jsonl")).unwrap();
    let failed = genomes.lines().filter(|l| l.contains("\"fitness\":null")).count();
    let (fit, default) = (f(&b["best"]["fitness"]), f(&b["default"]["fitness"]));
    let v = &b["best"]["values"];
    let mut out = vec![format!(
        "On its training seeds 3001-3005 the best of {} genomes ({failed} lethal or degenerate) reaches a mean \
        memory capacity per neuron of {fit:.4}, against {default:.4} for the default genome.",
        genomes.lines().count()
    )];
    out.push(format!(
        "Its settings: {:.0} synapses, σ {:.1}, similarity weight {:.2}, inhibitory fraction {:.2}, inhibitory gain \
        {:.2}, input scale {:.4}, ρ {:.3}; {} rule edits.",
        f(&v["syn"]),
        f(&v["sigma"]),
        f(&v["sim"]),
        f(&v["ei"]),
        f(&v["gain"]),
        f(&v["win"]),
        f(&v["rho"]),
        b["best"]["edits"].as_array().unwrap().len()
    ));
    out.push(format!("`{HELD_OUT}`: {}.", listing(&paired(s, HELD_OUT, |_| true))));
    let random = paired(s, HELD_OUT, is_null("random"));
    let wiring = random.first().map_or("missing", |p| key(p));
    let (grown, default_tuned) = (
        per_neuron(s, "developmental"),
        f(&super::reservoirs::system(s, "reservoirs-tuned", "developmental")["mean_per_neuron"]),
    );
    out.push(format!(
        "On seeds 1-100 the evolved program's grown circuit holds MC/N = {grown:.3} (the default program, tuned, \
        {default_tuned:.3} on the same seeds in `reservoirs-tuned`, a separate sweep), its random null {:.3}, the \
        cycle reservoir on its neurons {:.3}; against its random null the verdict is *{}*, so the bar of MC/N ≥ 0.5 \
        together with a wiring advantage is {}.",
        per_neuron(s, "random"),
        per_neuron(s, "cycle"),
        random.first().map_or("—", |p| p["verdict"].as_str().unwrap()),
        if grown >= 0.5 && wiring == "worse" {
            "met"
        } else {
            "not met"
        }
    ));
    out
}

/// The held-out sweep as a table: per system, N, MC/N and the four diagnostics (means; the median
/// of ‖W‖₂/ρ, which a sparse W on ten neurons that is nilpotent up to rounding sends to 10¹⁴).
pub fn table(s: &Sweeps) -> Vec<String> {
    use super::reservoirs::{task_mean, task_median};
    let mut out = vec![
        concat!(
            "| system (evolved program's neurons) | N (mean) | MC/N | participation ratio | eigenvalues > ρ/2 | ",
            "block-mean share of ‖W‖² | ‖W‖₂/ρ (median) |"
        )
        .into(),
        "|---|---|---|---|---|---|---|".into(),
    ];
    for topo in [
        "developmental",
        "block",
        "shuffled",
        "random",
        "dale-sparse",
        "esn",
        "orthogonal",
        "cycle",
    ] {
        let d = |k: &str| task_mean(s, HELD_OUT, topo, &["diagnostics", k]);
        out.push(format!(
            "| {topo} | {:.1} | {:.3} | {:.2} | {:.1} | {:.3} | {:.2} |",
            task_mean(s, HELD_OUT, topo, &["neurons"]),
            per_neuron(s, topo),
            d("participation_ratio"),
            d("strong_eigenvalues"),
            d("block_mean_share"),
            task_median(s, HELD_OUT, topo, &["diagnostics", "non_normality"])
        ));
    }
    out
}
