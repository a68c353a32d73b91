//! Synaptogenesis among mature neurons: per ordered pair a Poisson count with mean
//! λ·S^a·exp(−d²/2σ²) (S = Jaccard similarity of gene states), λ set by the synapse budget.

use super::params::Params;
use crate::rng::{Purpose, Stream};

/// Jaccard similarity of two gene states restricted to `mask`.
pub fn jaccard(a: u64, b: u64, mask: u64) -> f64 {
    let union = ((a | b) & mask).count_ones();
    if union == 0 {
        1.0
    } else {
        ((a & b) & mask).count_ones() as f64 / union as f64
    }
}

/// Pair weights w_ij (row = presynaptic i, column = postsynaptic j; diagonal 0).
pub fn weights(states: &[u64], pos: &[[f64; 3]], mask: u64, p: &Params) -> Vec<f64> {
    let n = states.len();
    let mut w = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if i != j {
                let d2: f64 = (0..3).map(|k| (pos[i][k] - pos[j][k]) * (pos[i][k] - pos[j][k])).sum();
                let s = libm::pow(jaccard(states[i], states[j], mask), p.similarity_exponent);
                w[i * n + j] = s * libm::exp(-d2 / (2.0 * p.sigma * p.sigma));
            }
        }
    }
    w
}

/// Neurons whose expected synapses (in + out) fall below `min_synapses` are pruned, then
/// counts are drawn on the survivors. Returns (kept neuron indices, n×n counts).
pub fn synaptogenesis(
    ids: &[u64],
    states: &[u64],
    pos: &[[f64; 3]],
    mask: u64,
    p: &Params,
    seed: u64,
) -> (Vec<usize>, Vec<u32>) {
    let mut keep: Vec<usize> = (0..states.len()).collect();
    loop {
        let s: Vec<u64> = keep.iter().map(|&k| states[k]).collect();
        let q: Vec<[f64; 3]> = keep.iter().map(|&k| pos[k]).collect();
        let w = weights(&s, &q, mask, p);
        let n = keep.len();
        let total: f64 = w.iter().sum();
        let budget = p.synapses as f64 * p.scale.max(1) as f64;
        let lambda = if total > 0.0 { budget / total } else { 0.0 };
        let degree = |i: usize| (0..n).map(|j| w[i * n + j] + w[j * n + i]).sum::<f64>() * lambda;
        let weak: Vec<usize> = (0..n).filter(|&i| degree(i) < p.min_synapses as f64).collect();
        if weak.is_empty() || weak.len() == n {
            let mut counts = vec![0u32; n * n];
            for i in 0..n {
                let mut rng = Stream::new(seed, ids[keep[i]], 0, Purpose::Synapse);
                for j in 0..n {
                    counts[i * n + j] = rng.poisson(lambda * w[i * n + j]) as u32;
                }
            }
            return (keep, counts);
        }
        let weak_set: Vec<usize> = weak.iter().map(|&i| keep[i]).collect();
        keep.retain(|k| !weak_set.contains(k));
    }
}
