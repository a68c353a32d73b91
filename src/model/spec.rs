//! What fixes a model besides W_rec, as plain values: its shape, what learns, which neurons
//! see input and output, and a trained model's parameters (no Burn here).

use serde::{Deserialize, Serialize};

/// Which weights learn (W_rec is fixed unless `All`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TrainMode {
    #[serde(rename = "readout")]
    Readout,
    #[default]
    #[serde(rename = "input+readout")]
    InputReadout,
    #[serde(rename = "all")]
    All,
}

impl TrainMode {
    pub const ALL: [TrainMode; 3] = [TrainMode::Readout, TrainMode::InputReadout, TrainMode::All];

    pub fn key(self) -> &'static str {
        match self {
            TrainMode::Readout => "readout",
            TrainMode::InputReadout => "input+readout",
            TrainMode::All => "all",
        }
    }

    /// Also accepts `input readout` (a `+` that a link decoded as a space).
    pub fn parse(s: &str) -> Option<TrainMode> {
        let s = s.trim().replace(' ', "+");
        TrainMode::ALL.into_iter().find(|t| t.key() == s)
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
