//! A results folder read back: every result file as a page record, in plan order.

use super::result_file::{Finished, ResultFile};
use crate::experiment::identity::{config_from, Texts};
use crate::experiment::results::{RunRecord, RunStatus};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A result file as a page record: the configuration it stored (never the files its plan named,
/// which may have changed since) and what it measured.
fn record_of(v: &ResultFile, texts: &Texts) -> Result<RunRecord, String> {
    let cfg = config_from(&v.config, texts)?;
    let m = v.metrics.as_ref();
    let mut rec = RunRecord::new(
        v.line + 1,
        cfg,
        &v.version,
        m.and_then(|m| m.backend.as_deref()).unwrap_or("native"),
    );
    rec.fingerprint = m.map(|m| m.fingerprint.clone()).unwrap_or_default();
    rec.status = match (&v.status, &v.error) {
        (Finished::Done, _) => RunStatus::Done,
        (Finished::Failed, e) => RunStatus::Failed(e.clone().unwrap_or_default()),
    };
    rec.task = m.and_then(|m| m.outcome.clone());
    rec.acc0 = m.and_then(|m| m.iteration0_accuracy);
    rec.accuracy = m.and_then(|m| m.test_accuracy.clone()).unwrap_or_default();
    rec.check()?;
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
            let bad = |e: String| format!("{}: {e}; delete it and rerun the sweep to redo that run", f.display());
            let typed = ResultFile::read(&text).map_err(bad)?;
            let rec = record_of(&typed, &texts).map_err(bad)?;
            let v = serde_json::to_value(&typed).map_err(|e| bad(e.to_string()))?;
            Ok((typed.id, v, rec))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Plan order, so conditions appear as the plan lists them.
    out.sort_by_key(|r| (r.1["line"].as_u64().unwrap_or(u64::MAX), r.0.clone()));
    Ok(out)
}
