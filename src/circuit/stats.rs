//! Circuit statistics: degrees with multiplicity, connected pairs, reciprocity, the spread of
//! synapses per pair, and the spectrum of the W_rec a run uses (its gain and normalisation).

use super::recurrent::{recurrent_matrix, scaled_to, signed, spectral_radius, Normalisation, INHIBITORY_GAIN};
use super::Circuit;
use serde::Serialize;

#[derive(Clone, Debug, Serialize)]
pub struct Stats {
    pub neurons: usize,
    pub synapses: u64,
    pub connected_pairs: usize,
    /// Fraction of ordered pairs (i ≠ j) with no synapse.
    pub zero_pair_fraction: f64,
    /// Fraction of connected ordered pairs whose reverse pair is connected too.
    pub reciprocity: f64,
    pub mean_per_pair: f64,
    pub sd_per_pair: f64,
    pub max_per_pair: u32,
    /// Per-pair counts at the 10th, 50th and 90th percentiles (pairs i ≠ j).
    pub per_pair_quantiles: [u32; 3],
    pub in_degree: Vec<u64>,
    pub out_degree: Vec<u64>,
    /// Mean of in + out degree (2E/N, the paper's "degree").
    pub mean_degree: f64,
    pub inhibitory: usize,
    /// Spectral radius of the signed counts at the chosen inhibitory gain (before scaling).
    pub spectral_radius_signed: f64,
    /// Spectral radius of W_rec as the run uses it, from its eigenvalues (ρ when scaled to ρ).
    pub spectral_radius: f64,
    /// The eight eigenvalues of largest modulus of W_rec, (re, im).
    pub leading_eigenvalues: Vec<(f64, f64)>,
}

/// The statistics at the default inhibitory gain, W_rec as signed counts.
pub fn stats(c: &Circuit) -> Stats {
    stats_and_spectrum(c, INHIBITORY_GAIN, Normalisation::Raw).0
}

/// The statistics and every eigenvalue of W_rec as a run with this inhibitory `gain` and
/// normalisation builds it (`recurrent_matrix`), largest modulus first.
pub fn stats_and_spectrum(c: &Circuit, gain: f64, norm: Normalisation) -> (Stats, Vec<(f64, f64)>) {
    let n = c.len();
    let mut per_pair: Vec<u32> = Vec::with_capacity(n * n);
    let mut recip = (0usize, 0usize);
    for i in 0..n {
        for j in 0..n {
            if i != j {
                per_pair.push(c.count(i, j));
                if c.count(i, j) > 0 {
                    recip.0 += 1;
                    recip.1 += (c.count(j, i) > 0) as usize;
                }
            }
        }
    }
    per_pair.sort_unstable();
    let pairs = per_pair.len().max(1) as f64;
    let mean = per_pair.iter().map(|&x| x as f64).sum::<f64>() / pairs;
    let var = per_pair
        .iter()
        .map(|&x| (x as f64 - mean) * (x as f64 - mean))
        .sum::<f64>()
        / pairs;
    let q = |f: f64| {
        per_pair
            .get(((per_pair.len() as f64 - 1.0) * f) as usize)
            .copied()
            .unwrap_or(0)
    };
    let in_degree: Vec<u64> = (0..n).map(|j| (0..n).map(|i| c.count(i, j) as u64).sum()).collect();
    let out_degree: Vec<u64> = (0..n).map(|i| (0..n).map(|j| c.count(i, j) as u64).sum()).collect();
    let synapses = c.synapses();
    // The signed counts' radius once: shown, and what a spectral normalisation divides by.
    let radius_signed = spectral_radius(&signed(c, gain), n);
    let w = match norm {
        Normalisation::Spectral(r) => scaled_to(signed(c, gain), radius_signed, r),
        _ => recurrent_matrix(c, norm, gain),
    };
    let all = super::eigen::eigenvalues(&w, n).unwrap_or_default();
    let radius = all.first().map_or_else(|| spectral_radius(&w, n), |e| e.0.hypot(e.1));
    let stats = Stats {
        neurons: n,
        synapses,
        connected_pairs: recip.0,
        zero_pair_fraction: per_pair.iter().filter(|&&x| x == 0).count() as f64 / pairs,
        reciprocity: if recip.0 > 0 {
            recip.1 as f64 / recip.0 as f64
        } else {
            0.0
        },
        mean_per_pair: mean,
        sd_per_pair: libm::sqrt(var),
        max_per_pair: per_pair.last().copied().unwrap_or(0),
        per_pair_quantiles: [q(0.1), q(0.5), q(0.9)],
        in_degree,
        out_degree,
        mean_degree: if n > 0 { 2.0 * synapses as f64 / n as f64 } else { 0.0 },
        inhibitory: c.inhibitory.iter().filter(|&&b| b).count(),
        spectral_radius_signed: radius_signed,
        spectral_radius: radius,
        leading_eigenvalues: all.iter().take(8).copied().collect(),
    };
    (stats, all)
}
