//! `devcircuit sweep migrate DIR`: result files and a runs.csv written before 0.2 (flag names,
//! rules by file path, ids of the flags) rewritten once with whole configurations, rules by content.

use super::config_of;
use crate::cli::runs_table::{self, Row};
use crate::experiment::identity::{canonical, run_id, Texts};
use serde_json::{json, Value};
use std::path::Path;

/// A row as the result file it summarises, with its configuration in canonical form.
fn result_of(row: &Row, config: Value) -> Value {
    let outcome = json!({
        "floor": row.floor, "echo_state": row.echo_state, "echo_distance": row.echo_distance, "neurons": row.neurons,
    });
    let accuracy = (!row.accuracy.is_empty()).then_some(&row.accuracy);
    json!({
        "line": row.line, "status": row.status, "command": row.run.command, "task": row.run.task,
        "settings": row.run.settings, "config": config, "version": row.version,
        "error": (!row.error.is_empty()).then_some(&row.error), "started_unix": row.started,
        "metrics": {
            "fingerprint": row.fingerprint, "topology_fingerprint": row.topology_fingerprint, "metric": row.metric,
            "outcome": outcome, "iteration0_accuracy": row.iteration0, "test_accuracy": accuracy,
        },
    })
}

/// Rewrites the result files of `dir` written before 0.2: the configuration they stored in
/// canonical form (rules by hash, the text in `texts/`), settings by link key, and the id and
/// file name that configuration gives. The number of files rewritten.
fn migrate_results(dir: &Path) -> Result<usize, String> {
    let mut texts = Texts::new();
    let mut n = 0;
    for (id, mut v, rec) in super::read_results(dir)? {
        let config = canonical(&rec.config, &mut texts);
        let new_id = run_id(v["command"].as_str().unwrap_or(""), &config);
        if new_id == id && v["config"] == config {
            continue;
        }
        let settings: serde_json::Map<String, Value> = v["settings"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, x)| (crate::experiment::sweep::key_of_flag(k), x.clone()))
            .collect();
        (v["id"], v["config"], v["settings"]) = (json!(new_id), config, Value::Object(settings));
        crate::cli::files::write_atomic(&dir.join(format!("{new_id}.json")), &format!("{v}\n"))?;
        if new_id != id {
            let old = dir.join(format!("{id}.json"));
            std::fs::remove_file(&old).map_err(|e| format!("cannot remove {}: {e}", old.display()))?;
        }
        n += 1;
    }
    super::run::keep_texts(dir, &texts)?;
    Ok(n)
}

/// Rewrites `DIR/runs.csv` with whole configurations (rules and parameter files read once, from
/// the current directory, as the version that wrote it read them; the texts kept in `DIR/texts`).
pub fn migrate(dir: &str) -> Result<(), String> {
    let dir = Path::new(dir);
    let files = migrate_results(dir)?;
    if files > 0 {
        println!(
            "{}: {files} result file(s) now carry their whole configuration; collect writes runs.csv",
            dir.display()
        );
        return Ok(());
    }
    let table = dir.join("runs.csv");
    let name = table.display().to_string();
    let text = std::fs::read_to_string(&table).map_err(|e| format!("cannot read {name}: {e}"))?;
    let rows = runs_table::read(&text, &name)?;
    if rows.first().is_some_and(|r| r.whole) {
        println!("{name}: already holds whole configurations");
        return Ok(());
    }
    let mut texts = Texts::new();
    let mut results = vec![];
    for row in &rows {
        let cfg = config_of(&row.run).map_err(|e| format!("{name}: line {}: {e}", row.at))?;
        let config = canonical(&cfg, &mut texts);
        results.push((run_id(&row.run.command, &config), result_of(row, config)));
    }
    super::run::keep_texts(dir, &texts)?;
    crate::cli::files::write_atomic(&table, &runs_table::write(&results))?;
    println!(
        "{name}: {} rows now carry their whole configuration ({} rules text(s) kept)",
        rows.len(),
        texts.len()
    );
    Ok(())
}
