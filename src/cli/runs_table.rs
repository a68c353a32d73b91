//! A sweep's per-run table (`runs.csv`): one row per run with its whole configuration (every
//! setting that is not at its default, rules by content hash), fingerprints and measured values.

use crate::experiment::identity::file_hashes;
use crate::experiment::sweep::PlannedRun;
use crate::experiment::Config;
use serde_json::Value;
use std::collections::BTreeSet;

mod read;
pub use read::{config_of_row, read, record};

/// Columns before the settings, and after them.
const HEAD: [&str; 5] = ["id", "line", "status", "command", "task"];
const TAIL: [&str; 10] = [
    "fingerprint",
    "topology_fingerprint",
    "metric",
    "floor",
    "echo_state",
    "echo_distance",
    "iteration0",
    "accuracy",
    "version",
    "error",
];

/// Columns of tables written since they were added (absent from older tables). A table with
/// `rules_hash` holds whole configurations: its ids are checked against them on reading.
const LATER: [&str; 9] = [
    "neurons",
    "started",
    "rules_hash",
    "params_hash",
    "per_neuron",
    "participation_ratio",
    "strong_eigenvalues",
    "block_mean_share",
    "non_normality",
];

/// The diagnostics columns, in `LATER` order (`Diagnostics`' fields).
const DIAGNOSTICS: [&str; 4] = [
    "participation_ratio",
    "strong_eigenvalues",
    "block_mean_share",
    "non_normality",
];

/// A number as Rust prints it (the shortest text that reads back to the same f64), or "".
fn num(v: &Value) -> String {
    v.as_f64().map_or(String::new(), |x| x.to_string())
}

/// A canonical setting's value as a table cell (lists comma-joined, unset empty).
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// The settings a table shows: each that differs from its default in some row, and each the
/// plan set.
fn setting_columns(results: &[(String, Value)]) -> BTreeSet<String> {
    let default = Config::default().settings_json();
    let mut keys = BTreeSet::new();
    for (_, v) in results {
        let config = v["config"].as_object().into_iter().flatten();
        keys.extend(
            config
                .filter(|(k, x)| default.get(k.as_str()) != Some(x))
                .map(|(k, _)| k.clone()),
        );
        let set = v["settings"].as_object().into_iter().flatten();
        keys.extend(
            set.map(|(k, _)| k.clone())
                .filter(|k| default.get(k.as_str()).is_some()),
        );
    }
    // A task run's task is the `task` column already.
    keys.remove("task");
    keys
}

/// The table of the result files (id, result JSON), in plan order.
pub fn write(results: &[(String, Value)]) -> String {
    let settings = setting_columns(results);
    let mut out = csv::Writer::from_writer(vec![]);
    let header = HEAD
        .iter()
        .copied()
        .chain(settings.iter().map(String::as_str))
        .chain(TAIL)
        .chain(LATER);
    let _ = out.write_record(header);
    for (id, v) in results {
        let m = &v["metrics"];
        let text = |x: &Value| x.as_str().unwrap_or("").to_string();
        let accuracy: Vec<String> = m["test_accuracy"].as_array().into_iter().flatten().map(num).collect();
        let (rules, params) = file_hashes(&v["config"]);
        let outcome = &m["outcome"];
        let per_neuron = match (outcome["metric"].as_f64(), outcome["neurons"].as_f64()) {
            (Some(x), Some(n)) if n > 0.0 => (x / n).to_string(),
            _ => String::new(),
        };
        let diagnostics = DIAGNOSTICS.map(|k| num(&outcome["diagnostics"][k]));
        let row = [
            id.clone(),
            num(&v["line"]),
            text(&v["status"]),
            text(&v["command"]),
            text(&v["task"]),
        ]
        .into_iter()
        .chain(settings.iter().map(|k| cell(&v["config"][k])))
        .chain([
            text(&m["fingerprint"]),
            text(&m["topology_fingerprint"]),
            num(&m["metric"]),
            num(&m["outcome"]["floor"]),
            m["outcome"]["echo_state"]
                .as_bool()
                .map_or(String::new(), |b| b.to_string()),
            num(&m["outcome"]["echo_distance"]),
            num(&m["iteration0_accuracy"]),
            accuracy.join(" "),
            text(&v["version"]),
            text(&v["error"]),
            num(&m["outcome"]["neurons"]),
            num(&v["started_unix"]),
            rules,
            params,
            per_neuron,
        ])
        .chain(diagnostics);
        let _ = out.write_record(row.collect::<Vec<_>>());
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// A row as a planned run and the values a record needs.
pub struct Row {
    pub line: u64,
    /// Its id, command, task and settings (by link key) as the table has them.
    pub run: PlannedRun,
    /// The file line it was read from (for messages).
    pub at: u64,
    /// Written by a version whose tables hold whole configurations (`rules_hash`).
    pub whole: bool,
    pub status: String,
    pub fingerprint: String,
    pub topology_fingerprint: String,
    pub metric: Option<f64>,
    pub floor: Option<f64>,
    pub echo_state: Option<bool>,
    pub echo_distance: Option<f64>,
    pub iteration0: Option<f64>,
    pub accuracy: Vec<f64>,
    pub version: String,
    pub error: String,
    /// The circuit's neuron count (tables written before it was kept: None).
    pub neurons: Option<usize>,
    /// When the run started (Unix seconds; None in older tables).
    pub started: Option<f64>,
    /// The diagnostics (tables written before them, or runs without them: None).
    pub diagnostics: Option<crate::circuit::diagnostics::Diagnostics>,
}
