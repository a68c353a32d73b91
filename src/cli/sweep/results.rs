//! A results folder read back: every result file as a page record, in plan order.

use crate::experiment::identity::{config_from, Texts};
use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::task::TaskOutcome;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A result file as a page record: the configuration it stored (never the files its plan named,
/// which may have changed since) and what it measured.
fn record_of(k: u64, v: &Value, file: &Path, texts: &Texts) -> Result<RunRecord, String> {
    if v["config"].is_null() {
        return Err(format!(
            "{}: written before results stored their whole configuration; rerun that run",
            file.display()
        ));
    }
    let cfg = config_from(&v["config"], texts).map_err(|e| format!("{}: {e}", file.display()))?;
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

/// The rules texts a results folder keeps (`texts/HASH.bnet`), by hash.
pub fn read_texts(dir: &Path) -> Result<Texts, String> {
    let Ok(entries) = std::fs::read_dir(dir.join("texts")) else {
        return Ok(Texts::new());
    };
    let mut texts = Texts::new();
    for p in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let (Some(h), Some("bnet")) = (
            p.file_stem().and_then(|s| s.to_str()),
            p.extension().and_then(|s| s.to_str()),
        ) else {
            continue;
        };
        let text = std::fs::read_to_string(&p).map_err(|e| format!("{}: unreadable ({e})", p.display()))?;
        texts.insert(h.to_string(), text);
    }
    Ok(texts)
}

/// Every result in `dir` (an unreadable one is an error naming it), with its run id.
pub fn read_results(dir: &Path) -> Result<Vec<(String, Value, RunRecord)>, String> {
    let texts = read_texts(dir)?;
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
            let rec = record_of(v["line"].as_u64().unwrap_or(0) + 1, &v, f, &texts)?;
            Ok((v["id"].as_str().unwrap_or("").to_string(), v, rec))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Plan order, so conditions appear as the plan lists them.
    out.sort_by_key(|r| (r.1["line"].as_u64().unwrap_or(u64::MAX), r.0.clone()));
    Ok(out)
}
