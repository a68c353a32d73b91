//! What fixes a model besides W_rec, as plain values: its shape, what learns, which neurons
//! see input and output, and a trained model's parameters (no Burn here).

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, EnumString, IntoStaticStr};

/// Which weights learn (W_rec is fixed unless `All`); the message is what the option means.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    EnumString,
    EnumMessage,
)]
pub enum TrainMode {
    #[serde(rename = "readout")]
    #[strum(
        serialize = "readout",
        message = "W_in frozen (seeded, at the input scale): only the readout learns, a classic reservoir"
    )]
    Readout,
    #[default]
    #[serde(rename = "input+readout")]
    #[strum(
        serialize = "input+readout",
        message = "W_in, b and the readout (the paper's protocol)"
    )]
    InputReadout,
    #[serde(rename = "all")]
    #[strum(serialize = "all", message = "W_rec trained too")]
    All,
}

impl TrainMode {
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// Also accepts `input readout` (a `+` that a link decoded as a space).
    pub fn parse(s: &str) -> Option<TrainMode> {
        s.trim().replace(' ', "+").parse().ok()
    }
}

/// Everything besides W_rec that fixes a model: shape, what learns, W_in's scale, which
/// neurons receive input and which are read out (None = all), and the initialisation seed.
#[derive(Clone, Debug)]
pub struct Spec {
    pub shape: Shape,
    pub train: TrainMode,
    pub input_scale: f64,
    /// Leak rate α of the units (1: h ← tanh(…); else h ← (1 − α)h + α·tanh(…)).
    pub leak: f64,
    pub inputs: Option<Vec<usize>>,
    pub readout: Option<Vec<usize>>,
    pub seed: u64,
    /// Per-neuron gain and bias of the units (intrinsic plasticity), folded into the initial
    /// W_in, b and W_rec: tanh(gain·(x·W_in + b + h·W_rec) + bias). None = plain units.
    pub units: Option<(Vec<f64>, Vec<f64>)>,
}

/// Shape of the model: input values per step, hidden units, classes, steps.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub input: usize,
    pub hidden: usize,
    pub classes: usize,
    pub steps: usize,
}

/// A trained model's parameters as plain values (the page's "weights" download).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Weights {
    /// [input, hidden], [hidden], [hidden, hidden], [hidden, classes], [classes]
    pub shapes: Vec<Vec<usize>>,
    pub w_in: Vec<f32>,
    pub b_in: Vec<f32>,
    pub w_rec: Vec<f32>,
    pub w_out: Vec<f32>,
    pub b_out: Vec<f32>,
    pub steps: usize,
}
