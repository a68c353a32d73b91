//! A sweep described once: axes of values (lists or ranges) expanded into runs, each a command
//! with CLI flags and a stable id (a hash of its settings), so re-planning keeps the ids.

use crate::experiment::settings::{by_key, SETTINGS};
use crate::rng::fingerprint_bytes;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One planned run: `devcircuit <command> [positional] --flag value …`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannedRun {
    pub id: String,
    pub command: String,
    /// The task for `task` runs (its positional argument); empty for `train`.
    #[serde(default)]
    pub task: String,
    /// What the plan set: link key → value (a flag that is not a setting, such as `fix`, by
    /// its flag name), as written (a rules file by its path).
    pub settings: BTreeMap<String, String>,
    /// The whole configuration it runs, canonical (`identity::canonical`); its id hashes it.
    /// Null in plans written before 0.2, which `sweep run` asks to plan again.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    pub config: Value,
}

/// The link key of a CLI flag (the flag itself where it is no setting's).
pub fn key_of_flag(flag: &str) -> String {
    SETTINGS
        .iter()
        .find(|s| s.spec.flag() == flag)
        .map_or(flag.to_string(), |s| s.key().to_string())
}

/// The CLI flag of a link key (the key itself where it names no setting with a flag).
pub fn flag_of_key(key: &str) -> String {
    by_key(key)
        .map(|s| s.spec.flag())
        .filter(|f| !f.is_empty())
        .map_or(key.to_string(), str::to_string)
}

impl PlannedRun {
    pub fn new(command: &str, task: &str, settings: BTreeMap<String, String>) -> PlannedRun {
        let canonical: String = std::iter::once(format!("{command} {task}"))
            .chain(settings.iter().map(|(k, v)| format!("{k}={v}")))
            .collect::<Vec<_>>()
            .join("\n");
        PlannedRun {
            id: format!("{:016x}", fingerprint_bytes(canonical.as_bytes())),
            command: command.into(),
            task: task.into(),
            settings,
            config: Value::Null,
        }
    }

    /// Fixes the run's whole configuration: it becomes its identity (`identity::run_id`).
    pub fn identified(self, canonical: Value) -> PlannedRun {
        PlannedRun {
            id: super::identity::run_id(&self.command, &canonical),
            config: canonical,
            ..self
        }
    }

    /// The CLI arguments after the command (positional task first, then `--flag value`).
    pub fn args(&self) -> Vec<String> {
        let mut a: Vec<String> = if self.task.is_empty() {
            vec![]
        } else {
            vec![self.task.clone()]
        };
        for (k, v) in &self.settings {
            a.push(format!("--{}", flag_of_key(k)));
            a.push(v.clone());
        }
        a
    }
}

/// Seeds as `"1-3"`, `"1,4,9"` or a number; errors name the value.
pub fn expand_seeds(text: &str) -> Result<Vec<String>, String> {
    super::results::parse_seeds(text).map(|v| v.iter().map(|s| s.to_string()).collect())
}

/// The cartesian product of `axes` (flag → values), in key order.
pub fn expand(command: &str, task: &str, axes: &BTreeMap<String, Vec<String>>) -> Vec<PlannedRun> {
    let mut combos: Vec<BTreeMap<String, String>> = vec![BTreeMap::new()];
    for (k, values) in axes {
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut c = c.clone();
                    c.insert(k.clone(), v.clone());
                    c
                })
            })
            .collect();
    }
    combos.into_iter().map(|s| PlannedRun::new(command, task, s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_an_extended_grid_keeps_the_old_ones() {
        let mut axes = BTreeMap::new();
        axes.insert(
            "topology".to_string(),
            vec!["developmental".to_string(), "random".to_string()],
        );
        axes.insert("seed".to_string(), expand_seeds("1-2").unwrap());
        let a = expand("task", "narma10", &axes);
        assert_eq!(a.len(), 4);
        axes.get_mut("seed").unwrap().push("3".into());
        let b = expand("task", "narma10", &axes);
        assert_eq!(b.len(), 6);
        for r in &a {
            assert!(b.iter().any(|x| x.id == r.id && x.settings == r.settings));
        }
        assert_eq!(a[0].args()[0], "narma10");
        let ids: std::collections::HashSet<&str> = b.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 6);
    }
}
