//! The fixed recurrent matrix W (row = presynaptic neuron, column = postsynaptic) built from
//! synapse counts and Dale's signs, normalised to a spectral radius, per row, or raw.

use super::Circuit;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Normalisation {
    /// Scale the whole matrix to this spectral radius.
    Spectral(f64),
    /// Signed counts as they are.
    Raw,
    /// Each presynaptic row divided by its total synapse count.
    Row,
}

/// Default inhibitory gain relative to excitatory (g_I / g_E, Brunel 2000).
pub const INHIBITORY_GAIN: f64 = 4.0;

/// Signed, weighted counts: W_ij = s_i · g_i · n_ij (g = `gain` for inhibitory neurons, else 1);
/// a circuit with real weights (a reference reservoir) gives them as they are.
pub fn signed(c: &Circuit, gain: f64) -> Vec<f64> {
    if let Some(w) = &c.weights {
        return w.clone();
    }
    let n = c.len();
    let mut w = vec![0.0; n * n];
    for i in 0..n {
        let g = if c.inhibitory[i] { -gain } else { 1.0 };
        for j in 0..n {
            w[i * n + j] = g * c.count(i, j) as f64;
        }
    }
    w
}

/// The product of two row-major n×n matrices.
pub(crate) fn matmul(a: &[f64], b: &[f64], n: usize) -> Vec<f64> {
    let mut out = vec![0.0; n * n];
    for i in 0..n {
        for k in 0..n {
            let x = a[i * n + k];
            if x != 0.0 {
                for j in 0..n {
                    out[i * n + j] += x * b[k * n + j];
                }
            }
        }
    }
    out
}

fn frobenius(a: &[f64]) -> f64 {
    libm::sqrt(a.iter().map(|x| x * x).sum())
}

/// Spectral radius as lim ‖A^k‖^(1/k) by 24 normalised squarings (k = 2^24).
pub fn spectral_radius(a: &[f64], n: usize) -> f64 {
    let norm = frobenius(a);
    if norm == 0.0 || n == 0 {
        return 0.0;
    }
    let mut b: Vec<f64> = a.iter().map(|x| x / norm).collect();
    let mut log_norm = libm::log(norm); // log ‖A^k‖ / k accumulates here
    let mut k = 1.0f64;
    for _ in 0..24 {
        b = matmul(&b, &b, n);
        k *= 2.0;
        let s = frobenius(&b);
        if s == 0.0 {
            return 0.0; // nilpotent
        }
        log_norm += libm::log(s) / k;
        for x in b.iter_mut() {
            *x /= s;
        }
    }
    libm::exp(log_norm)
}

/// W normalised as asked, inhibitory rows weighted by `gain`.
pub fn recurrent_matrix(c: &Circuit, norm: Normalisation, gain: f64) -> Vec<f64> {
    let n = c.len();
    let w = signed(c, gain);
    match norm {
        Normalisation::Raw => w,
        Normalisation::Row => {
            let mut w = w;
            for i in 0..n {
                let total: f64 = match &c.weights {
                    Some(v) => (0..n).map(|j| v[i * n + j].abs()).sum(),
                    None => (0..n).map(|j| c.count(i, j) as f64).sum(),
                };
                if total > 0.0 {
                    for j in 0..n {
                        w[i * n + j] /= total;
                    }
                }
            }
            w
        }
        Normalisation::Spectral(r) => {
            let rho = spectral_radius(&w, n);
            scaled_to(w, rho, r)
        }
    }
}

/// `w`, whose spectral radius is `rho`, scaled to radius `r` (a nilpotent `w` stays as it is).
pub fn scaled_to(w: Vec<f64>, rho: f64, r: f64) -> Vec<f64> {
    if rho == 0.0 {
        w
    } else {
        w.iter().map(|x| x * r / rho).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spectral_radius_of_known_matrices() {
        // Rotation-scaling (complex pair 0.5 ± 0.5i, |λ| = 0.7071) and a triangular one.
        let a = [0.5, -0.5, 0.5, 0.5];
        assert!((spectral_radius(&a, 2) - 0.5f64.sqrt()).abs() < 1e-6);
        let t = [2.0, 100.0, 0.0, -3.0];
        assert!(
            (spectral_radius(&t, 2) - 3.0).abs() < 1e-4,
            "{}",
            spectral_radius(&t, 2)
        );
        let nil = [0.0, 1.0, 0.0, 0.0];
        assert_eq!(spectral_radius(&nil, 2), 0.0);
    }
}
