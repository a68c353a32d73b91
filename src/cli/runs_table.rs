//! A sweep's per-run table (`runs.csv`): one row per run with its settings, fingerprints and
//! measured values, compact enough to commit, complete enough to re-collect every summary.

use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::sweep::PlannedRun;
use crate::experiment::task::TaskOutcome;
use serde_json::Value;
use std::collections::BTreeSet;

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

/// Columns of tables written since they were added (absent from older tables).
const LATER: [&str; 2] = ["neurons", "started"];

/// One CSV field, quoted when it holds a comma, quote or line break.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number as Rust prints it (the shortest text that reads back to the same f64), or "".
fn num(v: &Value) -> String {
    v.as_f64().map_or(String::new(), |x| x.to_string())
}

/// The table of the result files (id, result JSON), in plan order.
pub fn write(results: &[(String, Value)]) -> String {
    let settings: BTreeSet<String> = results
        .iter()
        .flat_map(|r| {
            r.1["settings"]
                .as_object()
                .into_iter()
                .flatten()
                .map(|(k, _)| k.clone())
        })
        .collect();
    let header: Vec<String> = HEAD
        .iter()
        .map(|s| s.to_string())
        .chain(settings.iter().cloned())
        .chain(TAIL.iter().chain(&LATER).map(|s| s.to_string()))
        .collect();
    let mut out = header.join(",") + "\n";
    for (id, v) in results {
        let m = &v["metrics"];
        let text = |x: &Value| x.as_str().unwrap_or("").to_string();
        let accuracy: Vec<String> = m["test_accuracy"].as_array().into_iter().flatten().map(num).collect();
        let row: Vec<String> = [
            id.clone(),
            num(&v["line"]),
            text(&v["status"]),
            text(&v["command"]),
            text(&v["task"]),
        ]
        .into_iter()
        .chain(settings.iter().map(|k| text(&v["settings"][k])))
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
        ])
        .collect();
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The records of CSV text: rows of fields (quoted fields may hold commas and line breaks).
fn rows(text: &str) -> Result<Vec<Vec<String>>, String> {
    let (mut rows, mut row, mut cell) = (vec![], vec![], String::new());
    let (mut quoted, mut line) = (false, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"')
            }
            (true, '"') => quoted = false,
            (false, '"') if cell.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
                line += 1
            }
            (false, '\r') => {}
            (_, c) => {
                if c == '\n' {
                    line += 1
                }
                cell.push(c)
            }
        }
    }
    if quoted {
        return Err(format!("line {line}: a quoted field is not closed"));
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    Ok(rows)
}

/// A row as a planned run and the values a record needs.
pub struct Row {
    pub line: u64,
    pub run: PlannedRun,
    pub status: String,
    pub fingerprint: String,
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
}

/// Reads a table written by `write`; errors name the file, line and column.
pub fn read(text: &str, name: &str) -> Result<Vec<Row>, String> {
    let rows = rows(text).map_err(|e| format!("{name}: {e}"))?;
    let header = rows.first().ok_or(format!("{name}: empty"))?;
    let col = |k: &str| {
        header
            .iter()
            .position(|h| h == k)
            .ok_or(format!("{name}: line 1: no `{k}` column"))
    };
    let mut fixed: Vec<usize> = HEAD
        .iter()
        .chain(TAIL.iter())
        .map(|k| col(k))
        .collect::<Result<_, _>>()?;
    fixed.extend(LATER.iter().filter_map(|k| col(k).ok()));
    let settings: Vec<(usize, &String)> = header.iter().enumerate().filter(|(k, _)| !fixed.contains(k)).collect();
    let mut out = vec![];
    for (n, r) in rows.iter().enumerate().skip(1) {
        let at = |line: usize, k: &str| -> Result<&str, String> {
            let c = col(k)?;
            r.get(c)
                .map(String::as_str)
                .ok_or(format!("{name}: line {line}: no field for `{k}`"))
        };
        let line = n + 1;
        if r.len() != header.len() {
            return Err(format!(
                "{name}: line {line}: {} fields, the header has {}",
                r.len(),
                header.len()
            ));
        }
        let number = |k: &str| -> Result<Option<f64>, String> {
            if LATER.contains(&k) && col(k).is_err() {
                return Ok(None);
            }
            let t = at(line, k)?;
            match t {
                "" => Ok(None),
                t => t.parse().map(Some).map_err(|_| {
                    format!(
                        "{name}: line {line}, column {}: `{t}` is not a number ({k})",
                        col(k).unwrap_or(0) + 1
                    )
                }),
            }
        };
        let accuracy = at(line, "accuracy")?
            .split_whitespace()
            .map(|t| {
                t.parse::<f64>()
                    .map_err(|_| format!("{name}: line {line}: accuracy `{t}` is not a number"))
            })
            .collect::<Result<Vec<f64>, String>>()?;
        let run = PlannedRun {
            id: at(line, "id")?.into(),
            command: at(line, "command")?.into(),
            task: at(line, "task")?.into(),
            settings: settings
                .iter()
                .filter(|(c, _)| !r[*c].is_empty())
                .map(|(c, k)| (k.to_string(), r[*c].clone()))
                .collect(),
        };
        out.push(Row {
            line: number("line")?.unwrap_or(0.0) as u64,
            run,
            status: at(line, "status")?.into(),
            fingerprint: at(line, "fingerprint")?.into(),
            metric: number("metric")?,
            floor: number("floor")?,
            echo_state: match at(line, "echo_state")? {
                "" => None,
                t => Some(t == "true"),
            },
            echo_distance: number("echo_distance")?,
            iteration0: number("iteration0")?,
            accuracy,
            version: at(line, "version")?.into(),
            error: at(line, "error")?.into(),
            neurons: number("neurons")?.map(|n| n as usize),
            started: number("started")?,
        });
    }
    Ok(out)
}

/// A row as a page record: its configuration (`config` checks it as the CLI would) and what
/// it measured (a task's metric and floor, or the accuracies).
pub fn record(row: &Row, config: crate::experiment::Config) -> RunRecord {
    let mut rec = RunRecord::new(row.line + 1, config, &row.version, "native");
    rec.fingerprint = row.fingerprint.clone();
    rec.status = if row.status == "done" {
        RunStatus::Done
    } else {
        RunStatus::Failed(if row.error.is_empty() {
            "failed".into()
        } else {
            row.error.clone()
        })
    };
    if rec.config.task != crate::experiment::Task::Classify {
        rec.task = row.metric.map(|metric| TaskOutcome {
            rho: rec.config.radius,
            metric,
            curve: vec![],
            floor: row.floor,
            echo_state: row.echo_state.unwrap_or(false),
            echo_distance: row.echo_distance.unwrap_or(0.0),
            input_neurons: 0,
            readout_neurons: 0,
            neurons: row.neurons.unwrap_or(0),
            plasticity: None,
        });
    }
    rec.acc0 = row.iteration0;
    rec.accuracy = row.accuracy.clone();
    rec.imported = true;
    rec
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_table_reads_back_what_it_wrote_and_names_bad_fields() {
        let results = vec![
            (
                "a1".to_string(),
                json!({"line": 0, "status": "done", "command": "task", "task": "memory-capacity",
                    "settings": {"topology": "developmental", "seed": "1", "input-layers": "l6,l5"},
                    "metrics": {"fingerprint": "f", "metric": 0.1 + 0.2,
                        "outcome": {"floor": 0.17, "echo_state": true}},
                    "version": "0.1.0"}),
            ),
            (
                "b2".to_string(),
                json!({"line": 1, "status": "failed", "command": "task", "task": "memory-capacity",
                    "settings": {"topology": "random", "seed": "1"}, "error": "no \"neurons\", none"}),
            ),
        ];
        let text = write(&results);
        let back = read(&text, "runs.csv").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].metric, Some(0.1 + 0.2), "bit for bit");
        assert_eq!(back[0].run.settings["input-layers"], "l6,l5");
        assert_eq!((back[0].floor, back[0].echo_state), (Some(0.17), Some(true)));
        assert!(!back[1].run.settings.contains_key("input-layers"));
        assert_eq!(back[1].error, "no \"neurons\", none");
        let broken = text.replace("0.30000000000000004", "0.3x");
        let e = read(&broken, "runs.csv").err().unwrap();
        assert!(e.contains("runs.csv: line 2, column") && e.contains("`0.3x`"), "{e}");
        assert!(read("id,line\n", "t.csv").err().unwrap().contains("no `status` column"));
    }
}
