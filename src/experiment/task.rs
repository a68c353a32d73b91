//! A reservoir task run on a configuration's circuit: input and readout neurons from its layer
//! sets, W_rec at each ρ, the task's score and the echo-state check — the same in page and CLI.

use super::config::{Config, Task};
use super::pipeline::{layer_at, neuron_sets};
use crate::circuit::Circuit;
use crate::plasticity::Report;
use crate::reservoir::{delay, echo, memory, narma, Esn};
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
}

/// Input channels a task feeds.
fn channels(task: Task) -> usize {
    if task == Task::Delay {
        delay::CLASSES
    } else {
        1
    }
}

/// Runs `cfg.task` on `circuit` with W_rec scaled to `rho` (the config's ρ is ignored).
pub fn run_task(cfg: &Config, circuit: &Circuit, rho: f64) -> Result<TaskOutcome, String> {
    let n = circuit.len();
    let (inputs, readout) = neuron_sets(cfg, circuit)?;
    let inputs = inputs.unwrap_or_else(|| (0..n).collect());
    let readout = readout.unwrap_or_else(|| (0..n).collect());
    let (layer, plasticity) = layer_at(cfg, circuit, rho);
    let (w, units) = layer.into_parts();
    let esn = Esn::new(
        w,
        n,
        &inputs,
        readout.clone(),
        channels(cfg.task),
        cfg.input_scale,
        cfg.init_seed,
    )
    .with_leak(cfg.leak)
    .with_units(units);
    let score = match cfg.task {
        Task::MemoryCapacity => memory::memory_capacity(&esn, cfg.data_seed, cfg.ridge, 2 * n)?,
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
    })
}
