//! The named choices of a run that are not model internals: the recurrent topology (the grown
//! circuit or a null model) and the task. Names and descriptions come from strum attributes.

use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, EnumString, IntoStaticStr};

/// The recurrent wiring: the grown circuit, a null model of it or a reference reservoir; the
/// message is what the option means, the detailed message what the null model or reference
/// keeps (the one text the viewer, the Methods and the help use).
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
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Topology {
    #[default]
    #[strum(message = "the grown circuit", detailed_message = "the grown circuit itself")]
    Developmental,
    #[strum(
        message = "layer-to-layer block totals kept, uniform within blocks",
        detailed_message = "the synapse total of every (presynaptic layer, postsynaptic layer) block; uniform within \
            each block"
    )]
    Block,
    #[strum(
        message = "distance kernel on the same positions, no expression similarity",
        detailed_message = "the distance kernel exp(−d²/2σ²) of synapse formation on the same neuron positions, \
            without expression similarity"
    )]
    Spatial,
    #[strum(
        message = "every in- and out-degree kept, stubs rewired",
        detailed_message = "every neuron's in- and out-degree; synapse stubs rewired (configuration model)"
    )]
    Shuffled,
    #[strum(
        message = "synapse total only, placed uniformly over ordered pairs",
        detailed_message = "nothing more: synapses placed uniformly over ordered pairs"
    )]
    Random,
    #[strum(
        message = "W_rec = 0: no recurrence",
        detailed_message = "no synapses at all: W_rec = 0"
    )]
    None,
    #[strum(
        message = "reference: one ring through the neurons, one weight (simple cycle reservoir)",
        detailed_message = "the neurons and layers only: one ring through every neuron in a seeded order, every edge \
            the same weight (Rodan & Tiňo's simple cycle reservoir)"
    )]
    Cycle,
    #[strum(
        message = "reference: a seeded random orthogonal matrix",
        detailed_message = "the neurons and layers only: a seeded random orthogonal matrix (Haar), signs mixed"
    )]
    Orthogonal,
    #[strum(
        message = "reference: echo-state network, normal weights, 10 % connectivity",
        detailed_message = "the neurons and layers only: each entry drawn with probability 0.1, weight standard \
            normal, signs mixed (a classic echo-state network)"
    )]
    Esn,
    #[serde(rename = "dale-sparse")]
    #[strum(
        serialize = "dale-sparse",
        message = "reference: sparse random, the grown E/I signs, 10 % connectivity",
        detailed_message = "the neurons, layers and E/I signs (so the inhibitory gain): one synapse on each ordered \
            pair with probability 0.1"
    )]
    DaleSparse,
}

impl Topology {
    pub fn key(self) -> &'static str {
        self.into()
    }

    /// What the null model keeps besides the neurons, their E/I signs and the synapse total.
    pub fn keeps(self) -> &'static str {
        self.get_detailed_message().unwrap_or("")
    }

    pub fn parse(s: &str) -> Option<Topology> {
        s.trim().parse().ok()
    }

    /// A reference reservoir (designed or random wiring on the same neurons, not matched to the
    /// grown synapse total) rather than the grown circuit or a null model of it.
    pub fn is_reference(self) -> bool {
        matches!(
            self,
            Topology::Cycle | Topology::Orthogonal | Topology::Esn | Topology::DaleSparse
        )
    }
}

/// What the circuit is tested on: image classification or a reservoir task.
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
#[serde(rename_all = "kebab-case")]
pub enum Task {
    #[default]
    #[strum(
        serialize = "classify",
        message = "image classification on the chosen dataset (Burn, Adam)"
    )]
    Classify,
    #[strum(
        serialize = "memory-capacity",
        message = "Jaeger's memory capacity: Σ over delays 1…2N of r²(u(t−k), readout)"
    )]
    MemoryCapacity,
    #[strum(
        serialize = "narma10",
        message = "NARMA-10 one-step prediction, NRMSE on held-out steps"
    )]
    Narma10,
    #[strum(
        serialize = "delay",
        message = "delayed classification of a one-step pulse among 4 noisy channels"
    )]
    Delay,
}

impl Task {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Task> {
        s.trim().parse().ok()
    }

    /// The task's headline metric and whether larger is better.
    pub fn metric(self) -> (&'static str, bool) {
        match self {
            Task::Classify => ("test accuracy", true),
            Task::MemoryCapacity => ("memory capacity", true),
            Task::Narma10 => ("NRMSE", false),
            Task::Delay => ("accuracy at delay D", true),
        }
    }
}
