//! A run as a plain record (configuration, provenance, everything it measured), its headline
//! value, and stored workspaces read back record by record.

use crate::experiment::config::Config;
use crate::experiment::task::TaskOutcome;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", content = "why", rename_all = "lowercase")]
pub enum RunStatus {
    Running,
    Done,
    Stopped,
    /// The page was reloaded or closed while this run trained.
    Interrupted,
    /// Another tab of this site trains it (shown there; never stored with this state).
    Elsewhere,
    Failed(String),
}

impl RunStatus {
    pub fn label(&self) -> String {
        match self {
            RunStatus::Running => "running".into(),
            RunStatus::Done => "done".into(),
            RunStatus::Stopped => "stopped".into(),
            RunStatus::Interrupted => "interrupted by a reload".into(),
            RunStatus::Elsewhere => "running in another tab".into(),
            RunStatus::Failed(why) => format!("failed: {why}"),
        }
    }
}

/// One training run: its configuration, provenance and everything it measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: u64,
    pub config: Config,
    pub status: RunStatus,
    pub version: String,
    pub backend: String,
    pub fingerprint: String,
    /// Test accuracy before training (iteration 0).
    pub acc0: Option<f64>,
    /// Test accuracy after each epoch.
    pub accuracy: Vec<f64>,
    pub test_images: usize,
    /// (iteration, loss) at every logged batch.
    pub losses: Vec<(usize, f64)>,
    /// First iteration trained on the CPU after WebGPU was lost.
    pub fallback_at: Option<usize>,
    pub samples_per_second: f64,
    /// Training seconds (without loading and evaluation).
    pub seconds: f64,
    /// Of `seconds`, the time spent reading the loss back (on WebGPU: waiting for the GPU).
    #[serde(default)]
    pub readback_seconds: f64,
    /// Wall seconds from start to end, loading and evaluation included (for the ETA).
    pub wall_seconds: f64,
    pub classes: Vec<String>,
    /// Confusion counts of the last evaluation, [true][predicted].
    pub confusion: Vec<u32>,
    /// Predicted class of the first test images (the image grid).
    pub predictions: Vec<u8>,
    /// What a reservoir task measured (None for classification runs).
    #[serde(default)]
    pub task: Option<TaskOutcome>,
    /// Read from a collected sweep, not run in this page.
    #[serde(default)]
    pub imported: bool,
}

impl RunRecord {
    /// The run without what only its own details show (losses, confusion, predictions, class
    /// names): what the page's tables and charts of every run need, cloned cheaply.
    pub fn headline(&self) -> RunRecord {
        RunRecord {
            id: self.id,
            config: self.config.clone(),
            status: self.status.clone(),
            version: self.version.clone(),
            backend: self.backend.clone(),
            fingerprint: self.fingerprint.clone(),
            acc0: self.acc0,
            accuracy: self.accuracy.clone(),
            test_images: self.test_images,
            losses: vec![],
            fallback_at: self.fallback_at,
            samples_per_second: self.samples_per_second,
            seconds: self.seconds,
            readback_seconds: self.readback_seconds,
            wall_seconds: self.wall_seconds,
            classes: vec![],
            confusion: vec![],
            predictions: vec![],
            task: self.task.clone(),
            imported: self.imported,
        }
    }

    pub fn new(id: u64, config: Config, version: &str, backend: &str) -> RunRecord {
        RunRecord {
            id,
            config,
            status: RunStatus::Running,
            version: version.into(),
            backend: backend.into(),
            fingerprint: String::new(),
            acc0: None,
            accuracy: vec![],
            test_images: 0,
            losses: vec![],
            fallback_at: None,
            samples_per_second: 0.0,
            seconds: 0.0,
            readback_seconds: 0.0,
            wall_seconds: 0.0,
            classes: vec![],
            confusion: vec![],
            predictions: vec![],
            task: None,
            imported: false,
        }
    }

    /// Accuracy at iteration 0 followed by each epoch's.
    pub fn accuracy_curve(&self) -> Vec<f64> {
        self.acc0.into_iter().chain(self.accuracy.iter().copied()).collect()
    }

    /// Per-class accuracy from the confusion counts.
    pub fn per_class(&self) -> Vec<f64> {
        let k = self.classes.len();
        (0..k)
            .map(|c| {
                let row = &self.confusion[c * k..(c + 1) * k];
                let total: u32 = row.iter().sum();
                if total == 0 {
                    0.0
                } else {
                    row[c] as f64 / total as f64
                }
            })
            .collect()
    }
}

/// A finished run's headline value: the task metric, or the last epoch's test accuracy.
pub fn record_metric(r: &RunRecord) -> Option<f64> {
    if r.status != RunStatus::Done {
        return None;
    }
    match &r.task {
        Some(t) => Some(t.metric),
        None => r.accuracy.last().copied(),
    }
}

/// Stored runs as one JSON array (localStorage, an older version's too): see `read_each`.
pub fn read_stored(text: &str) -> (Vec<RunRecord>, Vec<String>) {
    match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(values) => {
            let (read, notices) = read_each(values.iter().map(|v| (v.to_string(), ())));
            (read.into_iter().map(|r| r.0).collect(), notices)
        }
        Err(e) => (vec![], vec![format!("Stored results could not be read ({e})")]),
    }
}

/// Stored runs, one JSON text each with something that goes with it, read on their own (see
/// `Reader`): the readable records with theirs, and one notice per kind of problem.
pub fn read_each<S: AsRef<str>, T>(texts: impl IntoIterator<Item = (S, T)>) -> (Vec<(RunRecord, T)>, Vec<String>) {
    let mut reader = Reader::default();
    let records = reader.read_all(texts);
    (records, reader.notices())
}

/// Reads stored runs one at a time (in as many steps as the caller likes), counting what it
/// met: a record of the former `trainable` topology is migrated to `developmental` +
/// `train=all`, an unreadable one is left out.
#[derive(Default)]
pub struct Reader {
    migrated: usize,
    broken: usize,
}

impl Reader {
    pub fn read_all<S: AsRef<str>, T>(&mut self, texts: impl IntoIterator<Item = (S, T)>) -> Vec<(RunRecord, T)> {
        let mut records = vec![];
        for (text, with) in texts {
            match read_one(text.as_ref()) {
                Some((r, was_trainable)) => {
                    self.migrated += usize::from(was_trainable);
                    records.push((r, with))
                }
                None => self.broken += 1,
            }
        }
        records
    }

    /// One notice per kind of problem met so far.
    pub fn notices(&self) -> Vec<String> {
        let mut notices = vec![];
        if self.migrated > 0 {
            notices.push(format!(
                "{} stored run(s) of the former `trainable` topology are now shown as developmental with \
                train=all (W_rec trained)",
                self.migrated
            ));
        }
        if self.broken > 0 {
            notices.push(format!(
                "{} stored run(s) could not be read and are not shown",
                self.broken
            ));
        }
        notices
    }
}

/// One stored run (read directly; through a JSON value only when it is of an older form), and
/// whether it was of the former `trainable` topology.
fn read_one(text: &str) -> Option<(RunRecord, bool)> {
    if let Ok(r) = serde_json::from_str::<RunRecord>(text) {
        return Some((r, false));
    }
    let mut v: serde_json::Value = serde_json::from_str(text).ok()?;
    let trainable = v["config"]["topology"] == "trainable";
    if trainable {
        v["config"]["topology"] = "developmental".into();
        v["config"]["train"] = "all".into();
    }
    Some((serde_json::from_value::<RunRecord>(v).ok()?, trainable))
}
