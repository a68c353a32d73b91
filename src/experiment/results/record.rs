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

    /// Per-class accuracy from the confusion counts (none when they are not k × k).
    pub fn per_class(&self) -> Vec<f64> {
        let k = self.classes.len();
        if self.confusion.len() != k * k {
            return vec![];
        }
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

impl RunRecord {
    /// What every view of a run relies on, checked on a record read from anywhere (storage, a
    /// workspace file, a worker, a result file): the first thing that does not hold, said.
    pub fn check(&self) -> Result<(), String> {
        let k = self.classes.len();
        if !self.confusion.is_empty() && self.confusion.len() != k * k {
            return Err(format!(
                "its confusion matrix has {} entries, not {k} × {k} for its {k} classes",
                self.confusion.len()
            ));
        }
        if let Some(p) = self.predictions.iter().find(|&&p| p as usize >= k) {
            return Err(format!("it predicts class {p} of {k} classes"));
        }
        let fraction = |x: &f64| x.is_finite() && (0.0..=1.0).contains(x);
        if let Some(a) = self.acc0.iter().chain(&self.accuracy).find(|a| !fraction(a)) {
            return Err(format!("accuracy {a} is not between 0 and 1"));
        }
        let times = [
            self.seconds,
            self.wall_seconds,
            self.readback_seconds,
            self.samples_per_second,
        ];
        if times.iter().any(|t| !t.is_finite() || *t < 0.0) {
            return Err(format!("a time or speed is negative or not finite ({times:?})"));
        }
        if let Some(t) = &self.task {
            if !t.metric.is_finite() || t.curve.iter().any(|c| !c.is_finite()) {
                return Err("its task metric or curve is not a finite number".into());
            }
            if let Some(d) = &t.diagnostics {
                let values = [d.participation_ratio, d.block_mean_share, d.non_normality];
                if values.iter().any(|x| !x.is_finite() || *x < 0.0) {
                    return Err(format!("a diagnostic is negative or not finite ({d:?})"));
                }
            }
        }
        match self.id {
            0 => Err("its id is 0 (ids start at 1)".into()),
            _ => Ok(()),
        }
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
