//! The circuit: mature neurons, synapse counts per ordered pair (with multiplicity) and
//! Dale's-principle signs; its fingerprint, statistics, baselines and recurrent matrix.

pub mod baselines;
pub mod diagnostics;
pub mod eigen;
pub mod export;
pub mod layers;
pub mod recurrent;
pub mod references;
pub mod stats;

use crate::rng::{fingerprint_bytes, Purpose, Stream};
use serde::Serialize;

/// Cortical layer of a neuron (development assigns it from the laminar gene).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub enum Layer {
    L6,
    L5,
    L23,
}

#[derive(Clone, Debug, Serialize)]
pub struct Neuron {
    pub id: u64,
    pub pos: [f64; 3],
    pub state: u64,
    pub layer: Layer,
    pub birth_step: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Circuit {
    pub neurons: Vec<Neuron>,
    /// counts[i * n + j]: synapses from neuron i (presynaptic) onto neuron j.
    pub counts: Vec<u32>,
    /// Dale's principle: all outgoing synapses of an inhibitory neuron are inhibitory.
    pub inhibitory: Vec<bool>,
    /// Real signed weights (row = presynaptic) that replace the signed counts: a reference
    /// reservoir's (`orthogonal`, `esn`); counts then mark the nonzero entries. None: counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<Vec<f64>>,
}

impl Circuit {
    /// Marks a layer-stratified, seeded fraction of neurons inhibitory.
    pub fn new(neurons: Vec<Neuron>, counts: Vec<u32>, inhibitory_fraction: f64, seed: u64) -> Circuit {
        let mut inhibitory = vec![false; neurons.len()];
        for (k, layer) in [Layer::L6, Layer::L5, Layer::L23].into_iter().enumerate() {
            let mut members: Vec<usize> = (0..neurons.len()).filter(|&i| neurons[i].layer == layer).collect();
            Stream::new(seed, k as u64, 0, Purpose::Inhibitory).shuffle(&mut members);
            let take = libm::round(inhibitory_fraction * members.len() as f64) as usize;
            for &i in &members[..take] {
                inhibitory[i] = true;
            }
        }
        Circuit {
            neurons,
            counts,
            inhibitory,
            weights: None,
        }
    }

    pub fn len(&self) -> usize {
        self.neurons.len()
    }

    pub fn is_empty(&self) -> bool {
        self.neurons.is_empty()
    }

    pub fn count(&self, i: usize, j: usize) -> u32 {
        self.counts[i * self.len() + j]
    }

    pub fn synapses(&self) -> u64 {
        self.counts.iter().map(|&c| c as u64).sum()
    }

    pub fn connected_pairs(&self) -> usize {
        self.counts.iter().filter(|&&c| c > 0).count()
    }

    /// Short hex hash of neuron order, synapse counts and signs.
    pub fn fingerprint(&self) -> String {
        let mut bytes = Vec::with_capacity(8 + self.counts.len() * 4 + self.len() * 9);
        bytes.extend((self.len() as u64).to_le_bytes());
        for (nrn, inh) in self.neurons.iter().zip(&self.inhibitory) {
            bytes.extend(nrn.id.to_le_bytes());
            bytes.push(*inh as u8);
        }
        for c in &self.counts {
            bytes.extend(c.to_le_bytes());
        }
        for w in self.weights.iter().flatten() {
            bytes.extend(w.to_bits().to_le_bytes());
        }
        format!("{:016x}", fingerprint_bytes(&bytes))
    }
}
