//! NARMA-10: the tenth-order nonlinear autoregressive moving-average system driven by
//! u(t) ~ U[0, 0.5]; the readout predicts y(t+1) from the state after u(t); NRMSE held out.

use super::{ridge, uniform_signal, Esn, TEST_STEPS, TRAIN_STEPS, WASHOUT};
use crate::reservoir::memory::Score;

/// y(t+1) = 0.3 y(t) + 0.05 y(t) Σ_{i=0}^{9} y(t−i) + 1.5 u(t−9) u(t) + 0.1, y = 0 before t = 10.
pub fn narma10(u: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; u.len() + 1];
    for t in 9..u.len() {
        let window: f64 = y[t - 9..=t].iter().sum();
        y[t + 1] = 0.3 * y[t] + 0.05 * y[t] * window + 1.5 * u[t - 9] * u[t] + 0.1;
    }
    y
}

/// √(mean squared error / variance of the target).
pub fn nrmse(predicted: &[f64], target: &[f64]) -> f64 {
    let n = target.len() as f64;
    let mean = target.iter().sum::<f64>() / n;
    let var = target.iter().map(|y| (y - mean) * (y - mean)).sum::<f64>() / n;
    let mse = predicted
        .iter()
        .zip(target)
        .map(|(p, y)| (p - y) * (p - y))
        .sum::<f64>()
        / n;
    libm::sqrt(mse / var)
}

/// Redraws of the input a seed may take when its NARMA-10 series diverges.
pub const REDRAWS: u64 = 10;

/// The input and NARMA-10 series of `seed`: signal stream 2, or where that series diverges
/// (NARMA-10 does for a few input draws), the first of streams 1000… whose series stays finite.
pub fn series(seed: u64, total: usize) -> Result<(Vec<f64>, Vec<f64>), super::TaskError> {
    for id in std::iter::once(2).chain(1000..1000 + REDRAWS) {
        let u = uniform_signal(total, 0.0, 0.5, seed, id);
        let y = narma10(&u);
        if y.iter().all(|v| v.is_finite()) {
            return Ok((u, y));
        }
    }
    Err(super::TaskError::Diverged {
        seed,
        draws: REDRAWS as usize + 1,
    })
}

/// NRMSE of the ridge readout on the held-out steps (curve: empty).
pub fn narma(esn: &Esn, seed: u64, lambda: f64) -> Result<Score, super::TaskError> {
    let (u, y) = series(seed, WASHOUT + TRAIN_STEPS + TEST_STEPS)?;
    let states = esn.states(&u);
    let k = esn.readout.len();
    let fit = ridge::fit(
        &states[WASHOUT * k..(WASHOUT + TRAIN_STEPS) * k],
        TRAIN_STEPS,
        k,
        &y[WASHOUT + 1..WASHOUT + TRAIN_STEPS + 1],
        1,
        lambda,
    )?;
    let test_from = WASHOUT + TRAIN_STEPS;
    let predicted = fit.predict(&states[test_from * k..]);
    Ok(Score {
        metric: nrmse(&predicted, &y[test_from + 1..]),
        curve: vec![],
        floor: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_follows_its_recurrence_and_a_mean_predictor_scores_one() {
        let u: Vec<f64> = (0..30).map(|t| 0.01 * t as f64).collect();
        let y = narma10(&u);
        assert_eq!(y[10], 1.5 * u[0] * u[9] + 0.1);
        assert!((y[11] - (0.3 * y[10] + 0.05 * y[10] * y[10] + 1.5 * u[1] * u[10] + 0.1)).abs() < 1e-15);
        let target = &y[12..];
        let mean = target.iter().sum::<f64>() / target.len() as f64;
        assert!((nrmse(&vec![mean; target.len()], target) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_reservoir_that_sees_nothing_scores_about_one() {
        let e = Esn::new(vec![0.0; 16], 4, &[0, 1], (0..4).collect(), 1, 0.0, 1);
        let s = narma(&e, 1, 1e-6).unwrap();
        assert!((s.metric - 1.0).abs() < 0.05, "{}", s.metric);
    }

    #[test]
    fn a_diverging_draw_is_replaced_by_the_first_finite_one() {
        // Signal seed 59's first draw diverges; its series is the next stream's, finite.
        let total = WASHOUT + TRAIN_STEPS + TEST_STEPS;
        assert!(narma10(&uniform_signal(total, 0.0, 0.5, 59, 2))
            .iter()
            .any(|v| !v.is_finite()));
        let (u, y) = series(59, total).unwrap();
        assert!(y.iter().all(|v| v.is_finite()) && u == uniform_signal(total, 0.0, 0.5, 59, 1000));
        // A finite first draw is kept as it was.
        assert_eq!(series(1, total).unwrap().0, uniform_signal(total, 0.0, 0.5, 1, 2));
    }
}
