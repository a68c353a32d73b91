//! Messages between the page and its training worker, as CBOR bytes over postMessage: jobs
//! and Stop/Pause one way; status, download progress, training events and results the other.

use crate::experiment::task::TaskOutcome;
use crate::experiment::Config;
use crate::model::train::{Event, Outcome};
use crate::model::Weights;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A message as bytes. CBOR carries every f64 bit for bit, so a task's metric reaches the page
/// exactly as the worker computed it (serde_json, as built here, may round the last bit when
/// reading a float back).
pub fn encode<T: Serialize>(msg: &T) -> Vec<u8> {
    let mut out = vec![];
    // Writing into a Vec cannot fail; a message that cannot be encoded is a bug caught in tests.
    let _ = ciborium::into_writer(msg, &mut out);
    out
}

pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    ciborium::from_reader(bytes).map_err(|e| e.to_string())
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToWorker {
    /// Grow, load the dataset and train; `gpu`: try WebGPU first.
    Train {
        cfg: Box<Config>,
        gpu: bool,
    },
    /// A reservoir task at the configuration's ρ.
    Task {
        cfg: Box<Config>,
    },
    Stop,
    Pause {
        on: bool,
    },
}

/// The first test images of a dataset, for the page's image grid.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Preview {
    pub shape: [usize; 3],
    pub pixels: Vec<u8>,
    pub labels: Vec<u8>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker's wasm started and listens.
    Ready,
    Status {
        text: String,
    },
    /// Dataset download: fraction done and a label with bytes.
    Progress {
        fraction: f64,
        label: String,
    },
    Loaded {
        classes: Vec<String>,
        test_images: usize,
        dataset: String,
        preview: Preview,
    },
    Train {
        event: Event,
    },
    /// WebGPU failed in the worker; training restarts on the CPU from the initial weights.
    GpuLost {
        why: String,
    },
    Trained {
        outcome: Box<Outcome>,
        weights: Option<Weights>,
    },
    TaskDone {
        outcome: TaskOutcome,
    },
    /// `retry`: the failure was the download (the page offers Retry).
    Failed {
        error: String,
        retry: bool,
    },
}
