//! A results folder read back: every result file as a page record, in plan order.

use super::*;
use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::sweep::PlannedRun;
use crate::experiment::task::TaskOutcome;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A result file as a page record (its configuration and what it measured).
fn record_of(k: u64, v: &Value, file: &Path) -> Result<RunRecord, String> {
    let r: PlannedRun = serde_json::from_value(
        json!({ "id": v["id"], "command": v["command"], "task": v["task"], "settings": v["settings"] }),
    )
    .map_err(|e| format!("{}: not a devcircuit result ({e})", file.display()))?;
    let cfg = config_of(&r).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut rec = RunRecord::new(
        k,
        cfg,
        v["version"].as_str().unwrap_or("?"),
        v["metrics"]["backend"].as_str().unwrap_or("native"),
    );
    rec.fingerprint = v["metrics"]["fingerprint"].as_str().unwrap_or("").into();
    rec.status = if v["status"] == "done" {
        RunStatus::Done
    } else {
        RunStatus::Failed(v["error"].as_str().unwrap_or("failed").into())
    };
    if let Some(o) = v["metrics"].get("outcome") {
        rec.task = Some(
            serde_json::from_value::<TaskOutcome>(o.clone())
                .map_err(|e| format!("{}: bad task outcome ({e})", file.display()))?,
        );
    }
    rec.acc0 = v["metrics"]["iteration0_accuracy"].as_f64();
    rec.accuracy = v["metrics"]["test_accuracy"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    Ok(rec)
}

/// Every result in `dir` (an unreadable one is an error naming it), with its run id.
pub fn read_results(dir: &Path) -> Result<Vec<(String, Value, RunRecord)>, String> {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("summary") || n.starts_with('.') || n == "preregistration.json"
                })
        })
        .collect();
    let mut out = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: unreadable ({e})", f.display()))?;
            let v: Value = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not JSON ({e}); delete it and rerun the sweep to redo that run",
                    f.display()
                )
            })?;
            let rec = record_of(v["line"].as_u64().unwrap_or(0) + 1, &v, f)?;
            Ok((v["id"].as_str().unwrap_or("").to_string(), v, rec))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Plan order, so conditions appear as the plan lists them.
    out.sort_by_key(|r| (r.1["line"].as_u64().unwrap_or(u64::MAX), r.0.clone()));
    Ok(out)
}
