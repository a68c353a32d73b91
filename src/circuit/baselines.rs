//! Matched baselines: `random` (same neurons and synapse total, placed uniformly over ordered
//! pairs) and `shuffled` (same in- and out-degree sequences with multiplicity, rewired).

use super::{Circuit, Neuron};
use crate::development::cell::Layer;
use crate::rng::{Purpose, Stream};

/// Synapse counts: `total` synapses placed uniformly at random over the n(n−1) ordered pairs.
pub fn random_counts(n: usize, total: u64, seed: u64) -> Vec<u32> {
    let mut counts = vec![0u32; n * n];
    if n < 2 {
        return counts;
    }
    let mut rng = Stream::new(seed, 1, 0, Purpose::Baseline);
    let pairs = (n * (n - 1)) as u64;
    for _ in 0..total {
        let k = rng.below(pairs) as usize;
        let (i, r) = (k / (n - 1), k % (n - 1));
        let j = if r >= i { r + 1 } else { r };
        counts[i * n + j] += 1;
    }
    counts
}

/// The `random` baseline matched to a circuit: same neurons and signs, topology uniform.
pub fn random_like(c: &Circuit, seed: u64) -> Circuit {
    Circuit { neurons: c.neurons.clone(), counts: random_counts(c.len(), c.synapses(), seed), inhibitory: c.inhibitory.clone() }
}

/// A stand-alone random circuit (no development): n neurons in three equal layers.
pub fn random_circuit(n: usize, total: u64, inhibitory_fraction: f64, seed: u64) -> Circuit {
    let layers = [Layer::L6, Layer::L5, Layer::L23];
    let neurons = (0..n).map(|i| Neuron { id: i as u64 + 1, pos: [0.0; 3], state: 0, layer: layers[i * 3 / n.max(1)], birth_step: 0 }).collect();
    Circuit::new(neurons, random_counts(n, total, seed), inhibitory_fraction, seed)
}

/// The `shuffled` baseline: synapse stubs rewired (configuration model), no self-synapses.
pub fn shuffled_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut pre = Vec::new();
    let mut post = Vec::new();
    for i in 0..n {
        for j in 0..n {
            for _ in 0..c.count(i, j) {
                pre.push(i as u32);
                post.push(j as u32);
            }
        }
    }
    let mut rng = Stream::new(seed, 2, 0, Purpose::Baseline);
    rng.shuffle(&mut post);
    // Repair self-synapses by swapping with a random partner that keeps both sides valid.
    for k in 0..pre.len() {
        let mut tries = 0;
        while pre[k] == post[k] && tries < 1000 {
            let m = rng.below(pre.len() as u64) as usize;
            if pre[m] != post[k] && pre[k] != post[m] {
                post.swap(k, m);
            }
            tries += 1;
        }
    }
    let mut counts = vec![0u32; n * n];
    for (a, b) in pre.iter().zip(&post) {
        if a != b {
            counts[*a as usize * n + *b as usize] += 1;
        }
    }
    Circuit { neurons: c.neurons.clone(), counts, inhibitory: c.inhibitory.clone() }
}
