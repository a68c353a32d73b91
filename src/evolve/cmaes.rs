//! CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial"): a seeded (μ/μ_w, λ) strategy
//! with the tutorial's weights (negative ones in the rank-μ update), cumulative step-size
//! adaptation and rank-one plus rank-μ covariance updates; one eigendecomposition per generation.

use crate::rng::{Purpose, Stream};
use nalgebra::{DMatrix, DVector, SymmetricEigen};
use serde::{Deserialize, Serialize};

/// The whole state of a search: enough to resume it exactly (a checkpoint).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Cmaes {
    pub n: usize,
    pub lambda: usize,
    #[serde(with = "super::exact")]
    pub mean: Vec<f64>,
    #[serde(with = "super::exact::one")]
    pub sigma: f64,
    /// n×n covariance, row-major.
    #[serde(with = "super::exact")]
    pub cov: Vec<f64>,
    #[serde(with = "super::exact")]
    pub path_sigma: Vec<f64>,
    #[serde(with = "super::exact")]
    pub path_c: Vec<f64>,
    pub generation: u64,
    pub seed: u64,
    /// B·D and C^(−1/2) of `cov`, computed once per generation (not part of the state).
    #[serde(skip)]
    factors: Option<(DMatrix<f64>, DMatrix<f64>)>,
}

/// Equal states are equal searches; the cached factors follow from the covariance.
impl PartialEq for Cmaes {
    fn eq(&self, o: &Cmaes) -> bool {
        (self.n, self.lambda, &self.mean, self.sigma, &self.cov) == (o.n, o.lambda, &o.mean, o.sigma, &o.cov)
            && (&self.path_sigma, &self.path_c, self.generation, self.seed)
                == (&o.path_sigma, &o.path_c, o.generation, o.seed)
    }
}

/// The strategy's constants for n dimensions and λ offspring (the tutorial's defaults, its
/// equations 49-58): λ weights, the first μ positive and summing to 1, the rest negative.
struct Constants {
    mu: usize,
    weights: Vec<f64>,
    mu_eff: f64,
    c_sigma: f64,
    d_sigma: f64,
    c_c: f64,
    c1: f64,
    c_mu: f64,
    chi_n: f64,
}

fn constants(n: usize, lambda: usize) -> Constants {
    let nf = n as f64;
    let mu = lambda / 2;
    let raw: Vec<f64> = (1..=lambda)
        .map(|i| libm::log((lambda as f64 + 1.0) / 2.0) - libm::log(i as f64))
        .collect();
    let (pos, neg) = (&raw[..mu], &raw[mu..]);
    let sum_pos: f64 = pos.iter().sum();
    let mu_eff = sum_pos * sum_pos / pos.iter().map(|w| w * w).sum::<f64>();
    let sum_neg: f64 = neg.iter().map(|w| w.abs()).sum();
    let mu_eff_neg = if sum_neg > 0.0 {
        sum_neg * sum_neg / neg.iter().map(|w| w * w).sum::<f64>()
    } else {
        0.0
    };
    let alpha_cov = 2.0;
    let c_sigma = (mu_eff + 2.0) / (nf + mu_eff + 5.0);
    let c1 = alpha_cov / ((nf + 1.3) * (nf + 1.3) + mu_eff);
    let c_mu = (1.0 - c1)
        .min(alpha_cov * (0.25 + mu_eff + 1.0 / mu_eff - 2.0) / ((nf + 2.0) * (nf + 2.0) + alpha_cov * mu_eff / 2.0));
    let alpha_neg = (1.0 + c1 / c_mu)
        .min(1.0 + 2.0 * mu_eff_neg / (mu_eff + 2.0))
        .min((1.0 - c1 - c_mu) / (nf * c_mu));
    let weights = raw
        .iter()
        .map(|&w| if w >= 0.0 { w / sum_pos } else { alpha_neg * w / sum_neg })
        .collect();
    Constants {
        mu,
        mu_eff,
        c_sigma,
        d_sigma: 1.0 + 2.0 * (libm::sqrt((mu_eff - 1.0) / (nf + 1.0)) - 1.0).max(0.0) + c_sigma,
        c_c: (4.0 + mu_eff / nf) / (nf + 4.0 + 2.0 * mu_eff / nf),
        c1,
        c_mu,
        chi_n: libm::sqrt(nf) * (1.0 - 1.0 / (4.0 * nf) + 1.0 / (21.0 * nf * nf)),
        weights,
    }
}

/// Hansen's default population size for n dimensions, 4 + ⌊3 ln n⌋.
pub fn default_lambda(n: usize) -> usize {
    4 + (3.0 * libm::log(n.max(1) as f64)) as usize
}

/// B·D with C = B D² Bᵀ (columns: principal axes scaled by their standard deviations), and
/// C^(−1/2) = B D⁻¹ Bᵀ.
fn factors_of(cov: &[f64], n: usize) -> (DMatrix<f64>, DMatrix<f64>) {
    let e = SymmetricEigen::new(DMatrix::from_row_slice(n, n, cov));
    let d = e.eigenvalues.map(|v| libm::sqrt(v.max(1e-300)));
    let bd = &e.eigenvectors * DMatrix::from_diagonal(&d);
    let inv = &e.eigenvectors * DMatrix::from_diagonal(&d.map(|v| 1.0 / v)) * e.eigenvectors.transpose();
    (bd, inv)
}

impl Cmaes {
    /// A search around `mean` with step size `sigma`, λ offspring per generation (≥ 4).
    pub fn new(mean: Vec<f64>, sigma: f64, lambda: usize, seed: u64) -> Cmaes {
        let n = mean.len();
        let mut cov = vec![0.0; n * n];
        (0..n).for_each(|i| cov[i * n + i] = 1.0);
        Cmaes {
            n,
            lambda: lambda.max(4),
            mean,
            sigma,
            cov,
            path_sigma: vec![0.0; n],
            path_c: vec![0.0; n],
            generation: 0,
            seed,
            factors: None,
        }
    }

    /// The factors of this generation's covariance: decomposed on first use, then kept until
    /// `tell` changes the covariance.
    fn factors(&mut self) -> (DMatrix<f64>, DMatrix<f64>) {
        self.factors
            .get_or_insert_with(|| factors_of(&self.cov, self.n))
            .clone()
    }

    /// This generation's λ samples, m + σ·B·D·z with z standard normal from the seeded stream
    /// (unbounded: a caller maps them into its domain and tells them back as they are).
    pub fn ask(&mut self) -> Vec<Vec<f64>> {
        if self.n == 0 {
            return vec![vec![]; self.lambda];
        }
        let (bd, _) = self.factors();
        let mut rng = Stream::new(self.seed, self.generation, 0, Purpose::Evolve);
        (0..self.lambda)
            .map(|_| {
                let z = DVector::from_iterator(self.n, (0..self.n).map(|_| rng.normal()));
                let y = &bd * z;
                (0..self.n).map(|i| self.mean[i] + self.sigma * y[i]).collect()
            })
            .collect()
    }

    /// Updates the state from the samples `ask` gave (in order, unrepaired) and their values
    /// (lower is better; +∞ for a failed candidate).
    pub fn tell(&mut self, xs: &[Vec<f64>], values: &[f64]) {
        let (n, k) = (self.n, constants(self.n, self.lambda));
        let (_, inv_sqrt) = self.factors();
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
        let old = DVector::from_column_slice(&self.mean);
        let ys: Vec<DVector<f64>> = order
            .iter()
            .map(|&i| (DVector::from_column_slice(&xs[i]) - &old) / self.sigma)
            .collect();
        let y_w = ys[..k.mu]
            .iter()
            .zip(&k.weights)
            .fold(DVector::zeros(n), |acc, (y, w)| acc + y * *w);
        let mean = &old + &y_w * self.sigma;
        let ps = DVector::from_column_slice(&self.path_sigma) * (1.0 - k.c_sigma)
            + &inv_sqrt * &y_w * libm::sqrt(k.c_sigma * (2.0 - k.c_sigma) * k.mu_eff);
        let norm_ps = ps.norm();
        let decay = 1.0 - libm::pow(1.0 - k.c_sigma, 2.0 * (self.generation + 1) as f64);
        let h_sigma = norm_ps / libm::sqrt(decay) < (1.4 + 2.0 / (n as f64 + 1.0)) * k.chi_n;
        let h = if h_sigma { 1.0 } else { 0.0 };
        let pc = DVector::from_column_slice(&self.path_c) * (1.0 - k.c_c)
            + &y_w * (h * libm::sqrt(k.c_c * (2.0 - k.c_c) * k.mu_eff));
        let c = DMatrix::from_row_slice(n, n, &self.cov);
        // Rank-μ over all λ: a negative weight is rescaled by n / ‖C^(−1/2) y‖² (tutorial eq. 46).
        let rank_mu = ys.iter().zip(&k.weights).fold(DMatrix::zeros(n, n), |acc, (y, w)| {
            let w = if *w >= 0.0 {
                *w
            } else {
                *w * n as f64 / (&inv_sqrt * y).norm_squared().max(1e-300)
            };
            acc + y * y.transpose() * w
        });
        let sum_w: f64 = k.weights.iter().sum();
        let c = &c * (1.0 - k.c1 - k.c_mu * sum_w)
            + (&pc * pc.transpose() + &c * ((1.0 - h) * k.c_c * (2.0 - k.c_c))) * k.c1
            + rank_mu * k.c_mu;
        // Kept exactly symmetric, as the eigen-decomposition expects.
        let c = (&c + c.transpose()) * 0.5;
        self.sigma *= libm::exp((k.c_sigma / k.d_sigma) * (norm_ps / k.chi_n - 1.0));
        self.mean = mean.iter().copied().collect();
        self.path_sigma = ps.iter().copied().collect();
        self.path_c = pc.iter().copied().collect();
        self.cov = (0..n * n).map(|i| c[(i / n, i % n)]).collect();
        self.factors = None;
        self.generation += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimise(f: impl Fn(&[f64]) -> f64, start: Vec<f64>, generations: usize, seed: u64) -> (Vec<f64>, f64) {
        let lambda = default_lambda(start.len());
        let mut es = Cmaes::new(start, 0.5, lambda, seed);
        for _ in 0..generations {
            let xs = es.ask();
            let v: Vec<f64> = xs.iter().map(|x| f(x)).collect();
            es.tell(&xs, &v);
        }
        let v = f(&es.mean);
        (es.mean, v)
    }

    #[test]
    fn finds_the_minimum_of_a_shifted_ill_conditioned_quadratic() {
        // f(x) = Σ 10^(3·i/(n−1)) (x_i − i/4)²: condition number 1000, minimum 0 at (0, ¼, ½, ¾, 1).
        let f = |x: &[f64]| {
            x.iter()
                .enumerate()
                .map(|(i, v)| libm::pow(10.0, 3.0 * i as f64 / 4.0) * (v - i as f64 / 4.0) * (v - i as f64 / 4.0))
                .sum::<f64>()
        };
        let (x, v) = minimise(f, vec![2.0; 5], 300, 1);
        assert!(v < 1e-10, "f = {v} at {x:?}");
    }

    #[test]
    fn finds_the_minimum_of_the_rosenbrock_valley() {
        let f = |x: &[f64]| (1.0 - x[0]) * (1.0 - x[0]) + 100.0 * (x[1] - x[0] * x[0]) * (x[1] - x[0] * x[0]);
        let (x, v) = minimise(f, vec![-1.0, 2.0], 400, 2);
        assert!(v < 1e-8 && (x[0] - 1.0).abs() < 1e-3, "f = {v} at {x:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_search_and_a_failed_candidate_ranks_last() {
        let f = |x: &[f64]| {
            if x[0] > 1.5 {
                f64::INFINITY
            } else {
                x.iter().map(|v| v * v).sum()
            }
        };
        let run = |seed| minimise(f, vec![1.0, 1.0, 1.0], 60, seed);
        assert_eq!(run(7), run(7));
        assert_ne!(run(7).0, run(8).0);
        assert!(run(7).1 < 1e-6);
    }
}
