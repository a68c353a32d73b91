//! A sweep result file (`<run id>.json`) as one typed struct: what `sweep run` writes and what
//! `collect` reads, every field checked on reading (a missing or mistyped one is named).

use crate::experiment::prereg::Preregistration;
use crate::experiment::task::TaskOutcome;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Whether the run finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Finished {
    Done,
    Failed,
}

/// What a finished run measured: a task's outcome, or a training run's accuracies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub fingerprint: String,
    pub topology_fingerprint: String,
    pub metric_name: String,
    pub metric: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<TaskOutcome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iteration0_accuracy: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_accuracy: Option<Vec<f64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seconds: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
}

/// One run's result file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultFile {
    pub id: String,
    /// The run's line in its plan (0-based).
    pub line: u64,
    /// The plan, relative to the results folder.
    pub plan: String,
    pub preregistration: Option<Preregistration>,
    pub command: String,
    #[serde(default)]
    pub task: String,
    /// What the plan set, by link key.
    pub settings: BTreeMap<String, String>,
    /// The whole configuration it ran, canonical (`identity::canonical`).
    pub config: Value,
    /// The code's version: crate version + git commit.
    pub version: String,
    pub host: String,
    pub started_unix: f64,
    pub finished_unix: f64,
    pub status: Finished,
    /// What it measured (a finished run only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// Why it failed (a failed run only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl ResultFile {
    /// Reads a result file's text; what is missing, mistyped or inconsistent is named.
    pub fn read(text: &str) -> Result<ResultFile, String> {
        let v: Value = serde_json::from_str(text).map_err(|e| format!("not JSON ({e})"))?;
        let r: ResultFile = serde_json::from_value(v).map_err(|e| format!("not a devcircuit result file ({e})"))?;
        match (r.status, &r.metrics, &r.error) {
            (Finished::Done, None, _) => Err("a finished run without `metrics`".into()),
            (Finished::Failed, _, None) => Err("a failed run without its `error`".into()),
            _ if r.config.is_null() => Err("no `config` (written before results kept their configuration)".into()),
            _ => Ok(r),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_result_file_reads_back_and_a_missing_or_mistyped_field_is_named() {
        let good = json!({"id": "ab", "line": 0, "plan": "p.jsonl", "preregistration": null, "command": "task",
            "task": "delay", "settings": {}, "config": {"seed": 1}, "version": "0.2.0+abc", "host": "h",
            "started_unix": 1.0, "finished_unix": 2.0, "status": "failed", "error": "no"});
        let r = ResultFile::read(&good.to_string()).unwrap();
        assert_eq!(serde_json::to_value(&r).unwrap(), good);
        let mut no_version = good.clone();
        no_version.as_object_mut().unwrap().remove("version");
        assert!(ResultFile::read(&no_version.to_string())
            .unwrap_err()
            .contains("missing field `version`"));
        let mut line = good.clone();
        line["line"] = json!("first");
        assert!(ResultFile::read(&line.to_string())
            .unwrap_err()
            .contains("invalid type"));
        let mut done = good.clone();
        done["status"] = json!("done");
        assert!(ResultFile::read(&done.to_string())
            .unwrap_err()
            .contains("without `metrics`"));
        assert!(ResultFile::read("{ oops").unwrap_err().starts_with("not JSON"));
    }
}
