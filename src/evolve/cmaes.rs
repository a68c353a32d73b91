//! CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial"): a seeded (μ/μ_w, λ) strategy
//! with cumulative step-size adaptation and rank-one plus rank-μ covariance updates; minimises.

use crate::rng::{Purpose, Stream};
use nalgebra::{DMatrix, DVector, SymmetricEigen};
use serde::{Deserialize, Serialize};

/// The whole state of a search: enough to resume it exactly (a checkpoint).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// The strategy's constants for n dimensions and λ offspring (Hansen's defaults).
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
    let raw: Vec<f64> = (1..=mu)
        .map(|i| libm::log(mu as f64 + 0.5) - libm::log(i as f64))
        .collect();
    let total: f64 = raw.iter().sum();
    let weights: Vec<f64> = raw.iter().map(|w| w / total).collect();
    let mu_eff = 1.0 / weights.iter().map(|w| w * w).sum::<f64>();
    let c_sigma = (mu_eff + 2.0) / (nf + mu_eff + 5.0);
    let c1 = 2.0 / ((nf + 1.3) * (nf + 1.3) + mu_eff);
    Constants {
        mu,
        mu_eff,
        c_sigma,
        d_sigma: 1.0 + 2.0 * (libm::sqrt((mu_eff - 1.0) / (nf + 1.0)) - 1.0).max(0.0) + c_sigma,
        c_c: (4.0 + mu_eff / nf) / (nf + 4.0 + 2.0 * mu_eff / nf),
        c1,
        c_mu: (1.0 - c1).min(2.0 * (mu_eff - 2.0 + 1.0 / mu_eff) / ((nf + 2.0) * (nf + 2.0) + mu_eff)),
        chi_n: libm::sqrt(nf) * (1.0 - 1.0 / (4.0 * nf) + 1.0 / (21.0 * nf * nf)),
        weights,
    }
}

/// Hansen's default population size for n dimensions, 4 + ⌊3 ln n⌋.
pub fn default_lambda(n: usize) -> usize {
    4 + (3.0 * libm::log(n.max(1) as f64)) as usize
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
        }
    }

    /// B·D with C = B D² Bᵀ (columns: principal axes scaled by their standard deviations), and
    /// C^(−1/2) = B D⁻¹ Bᵀ.
    fn factors(&self) -> (DMatrix<f64>, DMatrix<f64>) {
        let c = DMatrix::from_row_slice(self.n, self.n, &self.cov);
        let e = SymmetricEigen::new(c);
        let d = e.eigenvalues.map(|v| libm::sqrt(v.max(1e-300)));
        let bd = &e.eigenvectors * DMatrix::from_diagonal(&d);
        let inv = &e.eigenvectors * DMatrix::from_diagonal(&d.map(|v| 1.0 / v)) * e.eigenvectors.transpose();
        (bd, inv)
    }

    /// This generation's λ candidates, m + σ·B·D·z with z standard normal from the seeded stream.
    pub fn ask(&self) -> Vec<Vec<f64>> {
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

    /// Updates the state from the evaluated candidates (`ask`'s, in order, possibly repaired)
    /// and their values (lower is better; +∞ for a failed candidate).
    pub fn tell(&mut self, xs: &[Vec<f64>], values: &[f64]) {
        let (n, k) = (self.n, constants(self.n, self.lambda));
        let mut order: Vec<usize> = (0..xs.len()).collect();
        order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
        let old = DVector::from_column_slice(&self.mean);
        let ys: Vec<DVector<f64>> = order[..k.mu]
            .iter()
            .map(|&i| (DVector::from_column_slice(&xs[i]) - &old) / self.sigma)
            .collect();
        let y_w = ys
            .iter()
            .zip(&k.weights)
            .fold(DVector::zeros(n), |acc, (y, w)| acc + y * *w);
        let mean = &old + &y_w * self.sigma;
        let (_, inv_sqrt) = self.factors();
        let ps = DVector::from_column_slice(&self.path_sigma) * (1.0 - k.c_sigma)
            + inv_sqrt * &y_w * libm::sqrt(k.c_sigma * (2.0 - k.c_sigma) * k.mu_eff);
        let norm_ps = ps.norm();
        let decay = 1.0 - libm::pow(1.0 - k.c_sigma, 2.0 * (self.generation + 1) as f64);
        let h_sigma = norm_ps / libm::sqrt(decay) < (1.4 + 2.0 / (n as f64 + 1.0)) * k.chi_n;
        let h = if h_sigma { 1.0 } else { 0.0 };
        let pc = DVector::from_column_slice(&self.path_c) * (1.0 - k.c_c)
            + &y_w * (h * libm::sqrt(k.c_c * (2.0 - k.c_c) * k.mu_eff));
        let c = DMatrix::from_row_slice(n, n, &self.cov);
        let rank_mu = ys
            .iter()
            .zip(&k.weights)
            .fold(DMatrix::zeros(n, n), |acc, (y, w)| acc + y * y.transpose() * *w);
        let c = &c * (1.0 - k.c1 - k.c_mu)
            + (&pc * pc.transpose() + &c * ((1.0 - h) * k.c_c * (2.0 - k.c_c))) * k.c1
            + rank_mu * k.c_mu;
        // Kept exactly symmetric, as the eigen-decomposition expects.
        let c = (&c + c.transpose()) * 0.5;
        self.sigma *= libm::exp((k.c_sigma / k.d_sigma) * (norm_ps / k.chi_n - 1.0));
        self.mean = mean.iter().copied().collect();
        self.path_sigma = ps.iter().copied().collect();
        self.path_c = pc.iter().copied().collect();
        self.cov = (0..n * n).map(|i| c[(i / n, i % n)]).collect();
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
