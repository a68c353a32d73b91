//! `summary.csv`: a collected summary's conditions, a blank line, then its paired comparisons,
//! written by the csv crate (labels with commas quoted).

use crate::experiment::report::csv_table;
use serde_json::Value;

/// The summary as CSV: the conditions, a blank line, the paired comparisons.
pub fn csv(s: &Value) -> String {
    let cell = |v: &Value| match v {
        Value::Null => String::new(),
        Value::String(t) => t.clone(),
        other => other.to_string(),
    };
    let list = |k: &str| s[k].as_array().cloned().unwrap_or_default();
    let cond = list("conditions").into_iter().map(|c| {
        ["condition", "n", "mean", "sd", "ci95", "floor"]
            .iter()
            .map(|k| cell(&c[*k]))
            .collect()
    });
    let paired = list("paired").into_iter().map(|p| {
        let at = |k: &str| cell(&p[k]);
        vec![
            at("condition"),
            at("reference"),
            at("n"),
            at("mean_difference"),
            cell(&p["ci95"][0]),
            cell(&p["ci95"][1]),
            at("p"),
            at("p_adjusted"),
            at("p_equivalence_adjusted"),
            at("detectable"),
            at("margin"),
            at("verdict"),
        ]
    });
    let paired_header = [
        "condition",
        "reference",
        "paired_seeds",
        "mean_difference",
        "ci95_low",
        "ci95_high",
        "p",
        "p_adjusted",
        "p_equivalence_adjusted",
        "detectable",
        "margin",
        "verdict",
    ];
    csv_table(&["condition", "runs", "mean", "sd", "ci95", "floor"], cond) + "\n" + &csv_table(&paired_header, paired)
}
