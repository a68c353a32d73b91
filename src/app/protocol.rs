//! Messages between the page and its training worker, as CBOR bytes over postMessage: jobs
//! and Stop/Pause one way; status, download progress, training events and results the other.

use crate::evolve::{Evaluation, Genome, Plan};
use crate::experiment::results::{Analysis, RunRecord, Summaries};
use crate::experiment::task::TaskOutcome;
use crate::experiment::Config;
use crate::model::train::{Event, Outcome};
use crate::model::Weights;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

/// A message as the bytes postMessage carries. CBOR keeps every f64 bit for bit, so a task's
/// metric reaches the page exactly as the worker computed it (serde_json, as built here, may
/// round the last bit when reading a float back).
pub fn encode<T: Serialize>(msg: &T) -> js_sys::Uint8Array {
    let mut out = vec![];
    // Writing into a Vec cannot fail; a message that cannot be encoded is a bug caught in tests.
    let _ = ciborium::into_writer(msg, &mut out);
    js_sys::Uint8Array::from(&out[..])
}

/// The message a MessageEvent carries (bytes from `encode`).
pub fn decode<T: DeserializeOwned>(e: &web_sys::MessageEvent) -> Result<T, String> {
    let bytes = e
        .data()
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| "not a byte message".to_string())?;
    ciborium::from_reader(&bytes.to_vec()[..]).map_err(|e| e.to_string())
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
    /// One genome of a search, scored on the plan's training seeds.
    Evaluate {
        plan: Box<Plan>,
        genome: Genome,
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
    /// `weights`: the trained weights, or why they could not be read back.
    Trained {
        outcome: Box<Outcome>,
        weights: Result<Weights, String>,
    },
    TaskDone {
        outcome: TaskOutcome,
    },
    Evaluated {
        evaluation: Evaluation,
    },
    /// The summary worker's statistics of its mirror at generation `gen`.
    Summaries {
        gen: u64,
        summaries: Box<Summaries>,
    },
    /// The job's circuit grew: its fingerprint (the run's record keeps it).
    Grown {
        fingerprint: String,
    },
    /// `retry`: the failure was the download (the page offers Retry).
    Failed {
        error: String,
        retry: bool,
    },
}

/// Where the summary worker's mirror starts from before the runs of a message.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Start {
    /// The mirror as it is.
    Keep,
    Empty,
    /// Every run as the database holds it (the worker reads them: the page need not send them).
    Database,
}

/// What the summary worker is told besides the changed runs: the generation of its mirror,
/// where the mirror starts from, and the analysis to compute.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Mirror {
    pub gen: u64,
    pub start: Start,
    pub analysis: Analysis,
}

/// A message to the summary worker: `{mirror: CBOR bytes, runs: [CBOR bytes of each changed run]}`
/// (CBOR keeps every bit).
pub fn encode_mirror(m: &Mirror, runs: &js_sys::Array) -> wasm_bindgen::JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"mirror".into(), &encode(m));
    let _ = js_sys::Reflect::set(&obj, &"runs".into(), runs);
    obj.into()
}

/// The mirror message `data` carries (None when it is another message).
pub fn decode_mirror(data: &wasm_bindgen::JsValue) -> Option<Result<(Mirror, Vec<RunRecord>), String>> {
    let head = js_sys::Reflect::get(data, &"mirror".into())
        .ok()?
        .dyn_into::<js_sys::Uint8Array>()
        .ok()?;
    let runs = js_sys::Array::from(&js_sys::Reflect::get(data, &"runs".into()).unwrap_or_default());
    let read = || -> Result<(Mirror, Vec<RunRecord>), String> {
        let m = ciborium::from_reader(&head.to_vec()[..]).map_err(|e| e.to_string())?;
        let runs = runs
            .iter()
            .map(|b| {
                let bytes = js_sys::Uint8Array::new(&b).to_vec();
                ciborium::from_reader(&bytes[..]).map_err(|e| format!("a changed run: {e}"))
            })
            .collect::<Result<_, String>>()?;
        Ok((m, runs))
    };
    Some(read())
}
