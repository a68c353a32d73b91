//! What explains a reservoir's memory: how many dimensions its states use, how many strong
//! modes W has, how much of W is block structure, and how far W is from normal.

use super::recurrent::{matmul, spectral_radius};
use serde::{Deserialize, Serialize};

/// Four numbers of a W_rec and the states it produces under the memory-capacity input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// (Σλ)² / Σλ² over the eigenvalues λ of the state covariance: 1 when the states move
    /// along one direction, N when along all N equally.
    pub participation_ratio: f64,
    /// Eigenvalues of W_rec with |λ| > ρ/2 (ρ: its spectral radius).
    pub strong_eigenvalues: usize,
    /// Share of ‖W‖²_F held by the block means, blocks = (layer, E/I) of the presynaptic ×
    /// (layer, E/I) of the postsynaptic neuron: 1 when W is constant within every block.
    pub block_mean_share: f64,
    /// ‖W‖₂ / ρ, the largest singular value over the spectral radius: 1 for a normal matrix,
    /// large when transient amplification hides behind a small radius.
    pub non_normality: f64,
}

/// Participation ratio of the covariance of `states` (T rows × k columns, row-major):
/// (tr C)² / ‖C‖²_F, which equals (Σλ)² / Σλ² for the symmetric C. 0 for constant states.
pub fn participation_ratio(states: &[f64], k: usize) -> f64 {
    let t = states.len().checked_div(k).unwrap_or(0);
    if t < 2 {
        return 0.0;
    }
    let mean: Vec<f64> = (0..k)
        .map(|j| (0..t).map(|r| states[r * k + j]).sum::<f64>() / t as f64)
        .collect();
    let mut cov = vec![0.0; k * k];
    let mut centred = vec![0.0; k];
    for r in 0..t {
        for j in 0..k {
            centred[j] = states[r * k + j] - mean[j];
        }
        for a in 0..k {
            let x = centred[a];
            if x != 0.0 {
                for b in a..k {
                    cov[a * k + b] += x * centred[b];
                }
            }
        }
    }
    let trace: f64 = (0..k).map(|a| cov[a * k + a]).sum();
    let frobenius2: f64 = (0..k)
        .flat_map(|a| (a..k).map(move |b| (a, b)))
        .map(|(a, b)| cov[a * k + b] * cov[a * k + b] * if a == b { 1.0 } else { 2.0 })
        .sum();
    if frobenius2 == 0.0 {
        0.0
    } else {
        trace * trace / frobenius2
    }
}

/// Eigenvalues (re, im) with modulus above half of the largest.
pub fn strong_eigenvalues(eigenvalues: &[(f64, f64)]) -> usize {
    let radius = eigenvalues.iter().map(|e| libm::hypot(e.0, e.1)).fold(0.0, f64::max);
    eigenvalues
        .iter()
        .filter(|e| radius > 0.0 && libm::hypot(e.0, e.1) > radius / 2.0)
        .count()
}

/// Share of ‖W‖²_F in the matrix of block means, with `group[i]` neuron i's block.
pub fn block_mean_share(w: &[f64], n: usize, group: &[usize]) -> f64 {
    let groups = group.iter().copied().max().map_or(0, |g| g + 1);
    let mut sum = vec![0.0; groups * groups];
    let mut count = vec![0usize; groups * groups];
    for i in 0..n {
        for j in 0..n {
            let b = group[i] * groups + group[j];
            sum[b] += w[i * n + j];
            count[b] += 1;
        }
    }
    let total: f64 = w[..n * n].iter().map(|x| x * x).sum();
    // Each block contributes (its size) × (its mean)² = sum² / size.
    let held: f64 = sum
        .iter()
        .zip(&count)
        .filter(|(_, &c)| c > 0)
        .map(|(s, &c)| s * s / c as f64)
        .sum();
    if total == 0.0 {
        0.0
    } else {
        held / total
    }
}

/// ‖W‖₂ / ρ: the spectral norm as the square root of WᵀW's spectral radius, over `radius`
/// (1 for W = 0 or a nilpotent W with nothing to compare).
pub fn non_normality(w: &[f64], n: usize, radius: f64) -> f64 {
    let wt: Vec<f64> = (0..n * n).map(|k| w[(k % n) * n + k / n]).collect();
    let norm = libm::sqrt(spectral_radius(&matmul(&wt, w, n), n));
    if radius > 0.0 {
        norm / radius
    } else {
        1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn participation_ratio_counts_equally_used_directions() {
        // States alternating ±1 in 3 of 5 coordinates independently: covariance diag(1,1,1,0,0).
        let k = 5;
        let mut s = Vec::new();
        for t in 0..8usize {
            s.extend([
                if t & 1 == 0 { 1.0 } else { -1.0 },
                if t & 2 == 0 { 1.0 } else { -1.0 },
                if t & 4 == 0 { 1.0 } else { -1.0 },
                0.5,
                0.0,
            ]);
        }
        assert!((participation_ratio(&s, k) - 3.0).abs() < 1e-12);
        // One direction only (all coordinates move together): PR = 1.
        let line: Vec<f64> = (0..10).flat_map(|t| [t as f64, 2.0 * t as f64, -(t as f64)]).collect();
        assert!((participation_ratio(&line, 3) - 1.0).abs() < 1e-12);
        assert_eq!(participation_ratio(&[1.0; 12], 3), 0.0);
    }

    #[test]
    fn strong_eigenvalues_are_those_above_half_the_radius() {
        let ev = [(0.9, 0.0), (0.0, 0.5), (0.0, -0.5), (0.45, 0.0), (0.1, 0.1)];
        assert_eq!(strong_eigenvalues(&ev), 3);
        assert_eq!(strong_eigenvalues(&[]), 0);
    }

    #[test]
    fn block_means_hold_all_of_a_block_constant_matrix_and_none_of_a_balanced_one() {
        let group = [0, 0, 1, 1];
        let n = 4;
        let mut w = vec![0.0; 16];
        for i in 0..n {
            for j in 0..n {
                w[i * n + j] = [[1.0, -2.0], [0.5, 3.0]][group[i]][group[j]];
            }
        }
        assert!((block_mean_share(&w, n, &group) - 1.0).abs() < 1e-12);
        // Each block sums to zero: the means hold nothing.
        let checker: Vec<f64> = (0..16)
            .map(|k| if (k / 4 + k % 4) % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        assert!(block_mean_share(&checker, n, &group).abs() < 1e-12);
    }

    #[test]
    fn non_normality_is_one_for_normal_matrices_and_large_for_a_shear() {
        // A rotation by 90° (normal, ρ = 1) and a shear [[0.5, 10], [0, 0.5]] (ρ = 0.5).
        assert!((non_normality(&[0.0, -1.0, 1.0, 0.0], 2, 1.0) - 1.0).abs() < 1e-6);
        let shear = [0.5, 10.0, 0.0, 0.5];
        // σ_max² is the largest eigenvalue of WᵀW = [[0.25, 5], [5, 100.25]].
        let (a, b, d) = (0.25f64, 5.0f64, 100.25f64);
        let sigma = ((a + d) / 2.0 + (((a - d) / 2.0).powi(2) + b * b).sqrt()).sqrt();
        let got = non_normality(&shear, 2, 0.5);
        assert!((got - sigma / 0.5).abs() < 1e-6 && got > 20.0, "{got}");
    }
}
