//! Experience after development: the fixed layer is driven by spontaneous noise for P steps while
//! one rule changes it (neuron gains, synapse weights or which synapses exist), then frozen.

pub mod intrinsic;
pub mod oja;
mod phase;
pub mod prune;
pub mod scaling;

pub use phase::{apply, effective, Phase, Report};

use serde::{Deserialize, Serialize};

/// The plasticity rules; `none` leaves W bit for bit as development built it.
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
    strum::EnumIter,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumMessage,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Rule {
    /// No plasticity: the circuit is frozen as it grew.
    #[default]
    #[strum(message = "no plasticity: W as development built it")]
    None,
    /// Intrinsic plasticity: per-neuron gain and bias toward a Gaussian output distribution.
    #[strum(message = "intrinsic plasticity: each neuron's gain and bias move its output toward N(μ, σ²)")]
    Ip,
    /// Oja's Hebbian rule on existing synapses, Dale's signs kept.
    #[strum(message = "Oja's Hebbian rule on the existing synapses, Dale's signs kept")]
    Oja,
    /// Homeostatic synaptic scaling toward a target rate.
    #[strum(message = "homeostatic scaling of each neuron's incoming weights toward a target rate")]
    Scaling,
    /// Activity-dependent pruning of the least used synapses.
    #[strum(message = "remove the stated fraction of synapses that carried the least activity")]
    Prune,
}

impl Rule {
    pub fn name(self) -> &'static str {
        self.into()
    }
}

/// A plasticity phase: the rule, its length and rate, the rule's own parameters, and the noise
/// that drives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Plasticity {
    pub rule: Rule,
    /// P: steps of the phase.
    pub steps: usize,
    /// η of the rule.
    pub rate: f64,
    /// Intrinsic plasticity's target mean μ and spread σ.
    pub ip_mean: f64,
    pub ip_sd: f64,
    /// Synaptic scaling's target mean |y|.
    pub target_rate: f64,
    /// Pruning: the fraction of existing synapses removed.
    pub prune_fraction: f64,
    /// Each neuron receives independent uniform noise in ±`noise` every step.
    pub noise: f64,
    /// Leak rate α of the units, as in the run.
    pub leak: f64,
    /// Seed of the noise (the run's initialisation seed).
    pub seed: u64,
}

/// Each neuron's gain and bias.
pub type Units = (Vec<f64>, Vec<f64>);

/// The frozen layer: W (row = presynaptic) and each neuron's gain and bias,
/// h ← (1 − α)·h + α·tanh(gain ⊙ (W_in·u + Wᵀh) + bias).
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub w: Vec<f64>,
    pub gain: Vec<f64>,
    pub bias: Vec<f64>,
}

impl Layer {
    /// W as it is, gains 1 and biases 0: the layer without plasticity.
    pub fn fixed(w: Vec<f64>, n: usize) -> Layer {
        Layer {
            w,
            gain: vec![1.0; n],
            bias: vec![0.0; n],
        }
    }

    /// Whether every gain is 1 and every bias 0 (the units are plain tanh units).
    pub fn plain_units(&self) -> bool {
        self.gain.iter().all(|g| *g == 1.0) && self.bias.iter().all(|b| *b == 0.0)
    }

    /// W, and the gains and biases where they are not plain units (what the ESN and the Burn
    /// layer take).
    pub fn into_parts(self) -> (Vec<f64>, Option<Units>) {
        let units = (!self.plain_units()).then_some((self.gain, self.bias));
        (self.w, units)
    }
}
