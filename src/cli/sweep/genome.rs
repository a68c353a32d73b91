//! A plan's `genome`: every run takes the settings and rules of a search's best genome (its
//! `best.json` and `best.bnet`), so a held-out test names the search, not its numbers.

use crate::experiment::sweep::{flag_of_key, PlannedRun};
use crate::experiment::Config;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// Settings the plan's own axes or the run's identity decide, never the genome.
const NOT_FROM_GENOME: [&str; 6] = ["seed", "iseed", "dseed", "topo", "task", "rules"];

/// The flags (and values) a genome sets: each setting of `best.json`'s best genome that differs
/// from the default, and its rules as the `best.bnet` beside it. `file` is relative to the
/// plan's folder `base`; a setting that is also an axis of the plan is refused.
pub fn genome_flags(
    file: &str,
    base: &Path,
    axes: &BTreeMap<String, Vec<String>>,
) -> Result<BTreeMap<String, String>, String> {
    let path = base.join(file);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {file}: {e}"))?;
    let best: Value = serde_json::from_str(&text).map_err(|e| format!("{file}: not JSON ({e})"))?;
    let settings = best["best"]["settings"]
        .as_object()
        .ok_or(format!("{file}: no best genome with its settings (`best.settings`)"))?;
    let default = Config::default().settings_json();
    let mut flags = BTreeMap::new();
    for (key, v) in settings {
        if NOT_FROM_GENOME.contains(&key.as_str()) || default.get(key) == Some(v) || v.is_null() {
            continue;
        }
        let flag = flag_of_key(key);
        if axes.contains_key(&flag) {
            return Err(format!("`{key}` is both an axis of the plan and set by the genome"));
        }
        let value = match v {
            Value::String(s) => s.clone(),
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map_or(x.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        flags.insert(flag, value);
    }
    if settings.get("rules").is_some_and(|r| !r.is_null()) {
        let rules = path.with_file_name("best.bnet");
        if !rules.exists() {
            return Err(format!(
                "{file}: the genome has rules but {} is missing",
                rules.display()
            ));
        }
        flags.insert("rules".into(), rules.to_string_lossy().into_owned());
    }
    Ok(flags)
}

/// The plan's runs with the genome's flags set.
pub fn apply(flags: &BTreeMap<String, String>, runs: Vec<PlannedRun>) -> Vec<PlannedRun> {
    runs.into_iter()
        .map(|mut r| {
            r.settings.extend(flags.iter().map(|(k, v)| (k.clone(), v.clone())));
            PlannedRun::new(&r.command, &r.task, r.settings)
        })
        .collect()
}
