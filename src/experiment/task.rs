//! A reservoir task run on a configuration's circuit: input and readout neurons from its layer
//! sets, W_rec at each ρ, the task's score and the echo-state check — the same in page and CLI.

use super::config::{Config, Task};
use super::pipeline::{layer_at, neuron_sets};
use crate::circuit::diagnostics::{self, Diagnostics};
use crate::circuit::Circuit;
use crate::plasticity::Report;
use crate::reservoir::{delay, echo, memory, narma, uniform_signal, Esn, TRAIN_STEPS, WASHOUT};
use serde::{Deserialize, Serialize};

/// What one task run at one ρ measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskOutcome {
    pub rho: f64,
    pub metric: f64,
    /// Per delay where the task has one (memory capacity: delays 0…2N; delay task: 0…D).
    pub curve: Vec<f64>,
    /// Memory capacity of a signal the reservoir never saw (the estimator's floor); None for
    /// the other tasks.
    #[serde(default)]
    pub floor: Option<f64>,
    /// Two initial states converged under the same input within `ECHO_STEPS`.
    pub echo_state: bool,
    pub echo_distance: f64,
    pub input_neurons: usize,
    pub readout_neurons: usize,
    /// Neurons of the circuit (N, the bound on memory capacity); 0 in records made before it was kept.
    #[serde(default)]
    pub neurons: usize,
    /// What the plasticity phase did to the layer at this ρ (None: no plasticity).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plasticity: Option<Report>,
    /// What explains the memory: W_rec's and its states' diagnostics (None: not measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<Diagnostics>,
}

impl TaskOutcome {
    /// The metric per neuron (MC/N for memory capacity; N bounds it); None when N is unknown.
    pub fn per_neuron(&self) -> Option<f64> {
        (self.neurons > 0).then(|| self.metric / self.neurons as f64)
    }
}

/// Input channels a task feeds.
fn channels(task: Task) -> usize {
    if task == Task::Delay {
        delay::CLASSES
    } else {
        1
    }
}

/// Runs `cfg.task` on `circuit` with W_rec scaled to `rho` (the config's ρ is ignored), with
/// the layer's diagnostics.
pub fn run_task(cfg: &Config, circuit: &Circuit, rho: f64) -> Result<TaskOutcome, String> {
    let mut out = score_task(cfg, circuit, rho)?;
    out.diagnostics = Some(diagnose(cfg, circuit, rho)?);
    Ok(out)
}

/// The layer's input weights, units and W_rec at `rho`, reading out `readout`.
fn esn_at(cfg: &Config, circuit: &Circuit, rho: f64, inputs: &[usize], readout: Vec<usize>) -> (Esn, Option<Report>) {
    let (layer, plasticity) = layer_at(cfg, circuit, rho);
    let (w, units) = layer.into_parts();
    let esn = Esn::new(
        w,
        circuit.len(),
        inputs,
        readout,
        channels(cfg.task),
        cfg.input_scale,
        cfg.init_seed,
    )
    .with_leak(cfg.leak)
    .with_units(units);
    (esn, plasticity)
}

/// The four diagnostics of `circuit`'s layer at `rho`: W_rec as the run uses it, its states
/// over the memory-capacity input (every neuron, after the washout), blocks by layer × E/I.
pub fn diagnose(cfg: &Config, circuit: &Circuit, rho: f64) -> Result<Diagnostics, String> {
    let n = circuit.len();
    let (inputs, _) = neuron_sets(cfg, circuit)?;
    let inputs = inputs.unwrap_or_else(|| (0..n).collect());
    let (esn, _) = esn_at(cfg, circuit, rho, &inputs, (0..n).collect());
    let channels = esn.channels;
    let u = uniform_signal((WASHOUT + TRAIN_STEPS) * channels, -1.0, 1.0, cfg.data_seed, 1);
    let states = esn.states(&u);
    let eigenvalues = crate::circuit::eigen::eigenvalues(&esn.w, n).ok_or("W_rec: eigenvalues did not converge")?;
    let radius = eigenvalues.first().map_or(0.0, |e| libm::hypot(e.0, e.1));
    let group: Vec<usize> = (0..n)
        .map(|i| circuit.neurons[i].layer as usize * 2 + circuit.inhibitory[i] as usize)
        .collect();
    Ok(Diagnostics {
        participation_ratio: diagnostics::participation_ratio(&states[WASHOUT * n..], n),
        strong_eigenvalues: diagnostics::strong_eigenvalues(&eigenvalues),
        block_mean_share: diagnostics::block_mean_share(&esn.w, n, &group),
        non_normality: diagnostics::non_normality(&esn.w, n, radius),
    })
}

/// `cfg.task`'s score on `circuit` at `rho` with the memory-capacity floor, without the
/// diagnostics.
pub fn score_task(cfg: &Config, circuit: &Circuit, rho: f64) -> Result<TaskOutcome, String> {
    score(cfg, circuit, rho, true)
}

/// What a search needs of a run: the score and the echo-state check, no floor, no diagnostics.
pub fn search_score(cfg: &Config, circuit: &Circuit, rho: f64) -> Result<TaskOutcome, String> {
    score(cfg, circuit, rho, false)
}

fn score(cfg: &Config, circuit: &Circuit, rho: f64, floor: bool) -> Result<TaskOutcome, String> {
    let n = circuit.len();
    let (inputs, readout) = neuron_sets(cfg, circuit)?;
    let inputs = inputs.unwrap_or_else(|| (0..n).collect());
    let readout = readout.unwrap_or_else(|| (0..n).collect());
    let (esn, plasticity) = esn_at(cfg, circuit, rho, &inputs, readout.clone());
    let score = match cfg.task {
        Task::MemoryCapacity => memory::memory_capacity(&esn, cfg.data_seed, cfg.ridge, 2 * n, floor)?,
        Task::Narma10 => narma::narma(&esn, cfg.data_seed, cfg.ridge)?,
        Task::Delay => delay::delayed_classification(&esn, cfg.data_seed, cfg.ridge, cfg.delay)?,
        Task::Classify => {
            return Err("task: `classify` trains on a dataset; choose memory-capacity, narma10 or delay".into())
        }
    };
    let (echo_state, echo_distance) = echo::echo_state(&esn, cfg.data_seed);
    Ok(TaskOutcome {
        rho,
        metric: score.metric,
        curve: score.curve,
        floor: score.floor,
        echo_state,
        echo_distance,
        input_neurons: inputs.len(),
        readout_neurons: readout.len(),
        neurons: n,
        plasticity,
        diagnostics: None,
    })
}
