//! What a training run is given and what it reports, as plain values: settings, events,
//! outcome, and the `Host` trait through which it reads time and sends events.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Use only the first N training images.
    pub limit_train: Option<usize>,
    /// Stop each epoch after this many batches.
    pub limit_batches: Option<usize>,
    /// Read the loss every this many batches (reads are slow on WebGPU).
    pub log_every: usize,
    pub data_seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 1,
            batch_size: 64,
            learning_rate: 1e-3,
            limit_train: None,
            limit_batches: None,
            log_every: 5,
            data_seed: 1,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    /// Accuracy on the test set before any training (iteration 0).
    Iteration0 { accuracy: f64, loss: f64 },
    Batch {
        epoch: usize,
        batch: usize,
        iteration: usize,
        loss: f64,
        samples_per_second: f64,
    },
    Epoch {
        epoch: usize,
        test_accuracy: f64,
        test_loss: f64,
        seconds: f64,
    },
}

/// Everything a run produced.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub iteration0_accuracy: f64,
    pub test_accuracy: Vec<f64>,
    pub epoch_seconds: Vec<f64>,
    /// Training wall time, all epochs, without data loading or evaluation.
    pub seconds: f64,
    pub samples_per_second: f64,
    /// Of `seconds`, the time spent reading the loss back (every `log_every` batches). On a
    /// GPU this includes waiting for the batches queued since the last read to finish.
    #[serde(default)]
    pub readback_seconds: f64,
    /// (iteration, loss) at every logged batch.
    pub losses: Vec<(usize, f64)>,
    /// Confusion counts of the last evaluation, [true][predicted], classes² row-major.
    pub confusion: Vec<u32>,
    /// Predicted class of the first `PREDICTIONS_KEPT` test images in the last evaluation.
    pub predictions: Vec<u8>,
    pub stopped: bool,
}

/// What training needs from where it runs.
#[allow(async_fn_in_trait)]
pub trait Host {
    fn now_ms(&self) -> f64;
    fn emit(&mut self, event: &Event);
    fn stop_requested(&self) -> bool {
        false
    }
    /// Lets the page repaint between batches; a no-op natively.
    async fn breathe(&mut self) {}
}

/// How many test predictions an outcome keeps (for the page's image grid).
pub const PREDICTIONS_KEPT: usize = 40;

/// What one pass over the test split measured.
pub struct Evaluation {
    pub accuracy: f64,
    pub loss: f64,
    pub confusion: Vec<u32>,
    pub predictions: Vec<u8>,
}
