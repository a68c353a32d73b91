//! Eigenvalues of a real square matrix (the circuit viewer's spectrum), from nalgebra's real
//! Schur decomposition: Hessenberg reduction, then Francis double-shift QR (Apache-2.0).

use nalgebra::{DMatrix, Schur};

/// Complex eigenvalue (re, im).
pub type Eigen = (f64, f64);

/// All eigenvalues of the row-major n×n matrix, sorted by decreasing modulus; None when the
/// QR iteration does not converge within 100·n sweeps.
pub fn eigenvalues(a: &[f64], n: usize) -> Option<Vec<Eigen>> {
    if n == 0 {
        return Some(vec![]);
    }
    let schur = Schur::try_new(DMatrix::from_row_slice(n, n, &a[..n * n]), f64::EPSILON, 100 * n)?;
    let mut ev: Vec<Eigen> = schur.complex_eigenvalues().iter().map(|c| (c.re, c.im)).collect();
    ev.sort_by(|a, b| b.0.hypot(b.1).total_cmp(&a.0.hypot(a.1)).then(b.1.total_cmp(&a.1)));
    Some(ev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    #[test]
    fn eigenvalues_of_known_matrices() {
        // Companion matrix of (x-1)(x-2)(x-3)(x^2+1): roots 3, 2, 1, ±i.
        // x^5 - 6x^4 + 12x^3 - 12x^2 + 11x - 6
        let c = [6.0, -12.0, 12.0, -11.0, 6.0];
        let n = 5;
        let mut a = vec![0.0; n * n];
        a[..n].copy_from_slice(&c[..n]);
        for i in 1..n {
            a[i * n + i - 1] = 1.0;
        }
        let ev = eigenvalues(&a, n).unwrap();
        // Sorted by modulus: 3, 2, then the three of modulus 1 in an order rounding decides.
        assert!((ev[0].0 - 3.0).abs() < 1e-8 && (ev[1].0 - 2.0).abs() < 1e-8, "{ev:?}");
        for w in [(0.0, 1.0), (0.0, -1.0), (1.0, 0.0)] {
            assert!(
                ev[2..]
                    .iter()
                    .any(|g| (g.0 - w.0).abs() < 1e-8 && (g.1 - w.1).abs() < 1e-8),
                "{w:?} missing in {ev:?}"
            );
        }
    }

    #[test]
    fn largest_modulus_equals_the_spectral_radius_estimate() {
        let n = 40;
        let mut r = Stream::new(5, 0, 0, Purpose::Test);
        let a: Vec<f64> = (0..n * n).map(|_| r.normal()).collect();
        let ev = eigenvalues(&a, n).unwrap();
        let trace: f64 = (0..n).map(|i| a[i * n + i]).sum();
        assert!((ev.iter().map(|e| e.0).sum::<f64>() - trace).abs() < 1e-8);
        let rho = crate::circuit::recurrent::spectral_radius(&a, n);
        assert!(
            (ev[0].0.hypot(ev[0].1) - rho).abs() < 1e-3 * rho,
            "{:?} vs {rho}",
            ev[0]
        );
    }
}
