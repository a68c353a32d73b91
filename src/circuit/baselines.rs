//! Null models matched to a grown circuit; each keeps the neurons, their E/I signs and the exact
//! synapse total, plus one stated thing: nothing (random), layer blocks, degrees, or distances.

use super::Layer;
use super::{Circuit, Neuron};
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
    Circuit {
        neurons: c.neurons.clone(),
        counts: random_counts(c.len(), c.synapses(), seed),
        inhibitory: c.inhibitory.clone(),
        weights: None,
    }
}

/// A stand-alone random circuit (no development): n neurons in three equal layers.
pub fn random_circuit(n: usize, total: u64, inhibitory_fraction: f64, seed: u64) -> Circuit {
    let layers = [Layer::L6, Layer::L5, Layer::L23];
    let neurons = (0..n)
        .map(|i| Neuron {
            id: i as u64 + 1,
            pos: [0.0; 3],
            state: 0,
            layer: layers[i * 3 / n.max(1)],
            birth_step: 0,
        })
        .collect();
    Circuit::new(neurons, random_counts(n, total, seed), inhibitory_fraction, seed)
}

/// The `shuffled` null: every neuron's in- and out-degree (with multiplicity) kept exactly;
/// synapse stubs rewired as a configuration model, self-synapses repaired by swaps.
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
    // Repair self-synapses by swapping post-synaptic ends with a partner that keeps both sides
    // valid: random partners first, then a scan, so no synapse is ever dropped.
    for k in 0..pre.len() {
        let ok = |m: usize, pre: &[u32], post: &[u32]| pre[m] != post[k] && pre[k] != post[m];
        for _ in 0..100 {
            if pre[k] != post[k] {
                break;
            }
            let m = rng.below(pre.len() as u64) as usize;
            if ok(m, &pre, &post) {
                post.swap(k, m);
            }
        }
        if pre[k] == post[k] {
            if let Some(m) = (0..pre.len()).find(|&m| ok(m, &pre, &post)) {
                post.swap(k, m);
            }
        }
    }
    let mut counts = vec![0u32; n * n];
    for (a, b) in pre.iter().zip(&post) {
        counts[*a as usize * n + *b as usize] += 1;
    }
    Circuit {
        neurons: c.neurons.clone(),
        counts,
        inhibitory: c.inhibitory.clone(),
        weights: None,
    }
}

/// `total` synapses over `pairs` (flat indices i·n + j): uniformly, or in proportion to
/// `weights` (one per pair) by inverse-CDF draws.
fn place(n: usize, pairs: &[usize], weights: Option<&[f64]>, total: u64, rng: &mut Stream) -> Vec<u32> {
    let mut counts = vec![0u32; n * n];
    if pairs.is_empty() {
        return counts;
    }
    let cumulative: Option<Vec<f64>> = weights.map(|w| {
        w.iter()
            .scan(0.0, |acc, x| {
                *acc += x;
                Some(*acc)
            })
            .collect()
    });
    for _ in 0..total {
        let k = match &cumulative {
            Some(cum) => {
                let u = rng.uniform() * cum[cum.len() - 1];
                cum.partition_point(|&c| c <= u).min(pairs.len() - 1)
            }
            None => rng.below(pairs.len() as u64) as usize,
        };
        counts[pairs[k]] += 1;
    }
    counts
}

/// The `block` null: the synapse total of every (presynaptic layer, postsynaptic layer)
/// block kept exactly, synapses placed uniformly over the block's ordered pairs.
pub fn block_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut counts = vec![0u32; n * n];
    let layers = [Layer::L6, Layer::L5, Layer::L23];
    for (a, la) in layers.iter().enumerate() {
        for (b, lb) in layers.iter().enumerate() {
            let pairs: Vec<usize> = (0..n)
                .filter(|&i| c.neurons[i].layer == *la)
                .flat_map(|i| {
                    (0..n)
                        .filter(move |&j| j != i && c.neurons[j].layer == *lb)
                        .map(move |j| i * n + j)
                })
                .collect();
            let total: u64 = (0..n)
                .filter(|&i| c.neurons[i].layer == *la)
                .flat_map(|i| {
                    (0..n)
                        .filter(|&j| c.neurons[j].layer == *lb)
                        .map(move |j| c.count(i, j) as u64)
                })
                .sum();
            let mut rng = Stream::new(seed, 10 + (a * 3 + b) as u64, 0, Purpose::Baseline);
            for (k, v) in place(n, &pairs, None, total, &mut rng).into_iter().enumerate() {
                counts[k] += v;
            }
        }
    }
    Circuit {
        neurons: c.neurons.clone(),
        counts,
        inhibitory: c.inhibitory.clone(),
        weights: None,
    }
}

/// The `spatial` null: the development's distance kernel exp(−d²/2σ²) on the same neuron
/// positions, without expression similarity; exactly the grown synapse total.
pub fn spatial_like(c: &Circuit, sigma: f64, seed: u64) -> Circuit {
    let n = c.len();
    let pairs: Vec<usize> = (0..n * n).filter(|k| k / n != k % n).collect();
    let kernel: Vec<f64> = pairs
        .iter()
        .map(|&k| {
            let (p, q) = (c.neurons[k / n].pos, c.neurons[k % n].pos);
            let d2: f64 = (0..3).map(|x| (p[x] - q[x]) * (p[x] - q[x])).sum();
            libm::exp(-d2 / (2.0 * sigma * sigma))
        })
        .collect();
    let mut rng = Stream::new(seed, 3, 0, Purpose::Baseline);
    // Neurons so far apart that every kernel value underflows get the uniform placement.
    let weights = (kernel.iter().sum::<f64>() > 0.0).then_some(&kernel[..]);
    Circuit {
        neurons: c.neurons.clone(),
        counts: place(n, &pairs, weights, c.synapses(), &mut rng),
        inhibitory: c.inhibitory.clone(),
        weights: None,
    }
}
