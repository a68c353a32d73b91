//! Reference reservoirs on a grown circuit's neurons: designed or random recurrent matrices that
//! keep N, the layers (so the input and readout neurons) and nothing else of the wiring.

use super::Circuit;
use crate::rng::{Purpose, Stream};
use nalgebra::DMatrix;

/// Connectivity of the `esn` and `dale-sparse` references: the fraction of entries drawn.
pub const REFERENCE_CONNECTIVITY: f64 = 0.1;

/// The circuit's neurons with new wiring: `counts` (1 per nonzero entry where `weights` are
/// given), every neuron excitatory unless `inhibitory` says otherwise.
fn rewired(c: &Circuit, counts: Vec<u32>, inhibitory: Option<Vec<bool>>, weights: Option<Vec<f64>>) -> Circuit {
    Circuit {
        neurons: c.neurons.clone(),
        counts,
        inhibitory: inhibitory.unwrap_or_else(|| vec![false; c.len()]),
        weights,
    }
}

/// 1 where a weight is nonzero.
fn marks(w: &[f64]) -> Vec<u32> {
    w.iter().map(|&x| (x != 0.0) as u32).collect()
}

/// The simple cycle reservoir (Rodan & Tiňo 2011): one ring through every neuron in a seeded
/// order, every edge the same positive weight (one synapse each, all excitatory).
pub fn cycle_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut order: Vec<usize> = (0..n).collect();
    Stream::new(seed, 20, 0, Purpose::Reference).shuffle(&mut order);
    let mut counts = vec![0u32; n * n];
    if n >= 2 {
        for k in 0..n {
            counts[order[k] * n + order[(k + 1) % n]] = 1;
        }
    }
    rewired(c, counts, None, None)
}

/// A seeded random orthogonal matrix (Haar): the Q of a QR decomposition of a matrix of
/// standard normals, columns signed by R's diagonal. Its eigenvalues all have modulus 1.
pub fn orthogonal_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut rng = Stream::new(seed, 21, 0, Purpose::Reference);
    let g = DMatrix::from_fn(n, n, |_, _| rng.normal());
    let qr = g.qr();
    let (mut q, r) = (qr.q(), qr.r());
    for j in 0..n {
        if r[(j, j)] < 0.0 {
            q.column_mut(j).neg_mut();
        }
    }
    let w: Vec<f64> = (0..n * n).map(|k| q[(k / n, k % n)]).collect();
    rewired(c, marks(&w), None, Some(w))
}

/// A classic echo-state network: each of the n² entries drawn with probability 0.1, weight
/// standard normal (signs mixed, no Dale's principle).
pub fn esn_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut rng = Stream::new(seed, 22, 0, Purpose::Reference);
    let w: Vec<f64> = (0..n * n)
        .map(|_| {
            let keep = rng.chance(REFERENCE_CONNECTIVITY);
            let x = rng.normal();
            if keep {
                x
            } else {
                0.0
            }
        })
        .collect();
    rewired(c, marks(&w), None, Some(w))
}

/// A sparse Dale's-law network: the grown circuit's excitatory and inhibitory neurons (and so
/// its inhibitory gain), one synapse on each ordered pair i ≠ j with probability 0.1.
pub fn dale_sparse_like(c: &Circuit, seed: u64) -> Circuit {
    let n = c.len();
    let mut rng = Stream::new(seed, 23, 0, Purpose::Reference);
    let counts = (0..n * n)
        .map(|k| (rng.chance(REFERENCE_CONNECTIVITY) && k / n != k % n) as u32)
        .collect();
    rewired(c, counts, Some(c.inhibitory.clone()), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::baselines::random_circuit;
    use crate::circuit::recurrent::signed;

    fn base() -> Circuit {
        random_circuit(60, 3000, 0.2, 4)
    }

    #[test]
    fn the_cycle_is_one_ring_of_equal_weights() {
        let c = cycle_like(&base(), 7);
        let n = c.len();
        assert_eq!(c.synapses(), n as u64);
        for i in 0..n {
            assert_eq!((0..n).map(|j| c.count(i, j)).sum::<u32>(), 1, "out-degree of {i}");
            assert_eq!((0..n).map(|j| c.count(j, i)).sum::<u32>(), 1, "in-degree of {i}");
        }
        // One ring, not several: following the edges from 0 returns after exactly n steps.
        let next = |i: usize| (0..n).find(|&j| c.count(i, j) == 1).unwrap();
        let mut at = next(0);
        let mut steps = 1;
        while at != 0 {
            at = next(at);
            steps += 1;
        }
        assert_eq!(steps, n);
        assert!(signed(&c, 4.0).iter().all(|&x| x == 0.0 || x == 1.0));
        assert_ne!(cycle_like(&base(), 8).counts, c.counts, "the order is seeded");
    }

    #[test]
    fn the_orthogonal_matrix_is_orthogonal_before_scaling() {
        let c = orthogonal_like(&base(), 3);
        let n = c.len();
        let w = c.weights.as_ref().unwrap();
        for i in 0..n {
            for j in 0..n {
                let dot: f64 = (0..n).map(|k| w[i * n + k] * w[j * n + k]).sum();
                let want = if i == j { 1.0 } else { 0.0 };
                assert!((dot - want).abs() < 1e-12, "row {i}·row {j} = {dot}");
            }
        }
        let ev = crate::circuit::eigen::eigenvalues(w, n).unwrap();
        assert!(ev.iter().all(|e| (e.0.hypot(e.1) - 1.0).abs() < 1e-9));
    }

    #[test]
    fn esn_and_dale_sparse_have_the_stated_connectivity_and_signs() {
        let b = base();
        let n = b.len() as f64;
        let e = esn_like(&b, 5);
        let share = e.synapses() as f64 / (n * n);
        assert!((share - 0.1).abs() < 0.015, "{share}");
        let w = e.weights.as_ref().unwrap();
        let neg = w.iter().filter(|&&x| x < 0.0).count() as f64 / e.synapses() as f64;
        assert!((neg - 0.5).abs() < 0.08, "normal weights: half negative, got {neg}");
        assert!(e.inhibitory.iter().all(|&i| !i));

        let d = dale_sparse_like(&b, 5);
        let share = d.synapses() as f64 / (n * (n - 1.0));
        assert!((share - 0.1).abs() < 0.015, "{share}");
        assert_eq!(d.inhibitory, b.inhibitory, "the grown E/I assignment");
        assert!((0..b.len()).all(|i| d.count(i, i) == 0));
        let w = signed(&d, 4.0);
        for i in 0..b.len() {
            let want = if b.inhibitory[i] { -4.0 } else { 1.0 };
            assert!((0..b.len()).all(|j| w[i * b.len() + j] == 0.0 || w[i * b.len() + j] == want));
        }
    }
}
