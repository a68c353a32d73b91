//! Intrinsic plasticity for tanh units (Schrauwen et al. 2008, after Triesch 2005): each
//! neuron's gain a and bias b move its output y = tanh(a·z + b) toward a Gaussian N(μ, σ²).

/// The target output distribution and the learning rate η.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub mean: f64,
    pub sd: f64,
    pub rate: f64,
}

/// One update of (gain, bias) from the net input `z` (before the gain) and the output `y`:
/// Δb = −η(−μ/σ² + y/σ²·(2σ² + 1 − y² + μy)), Δa = η/a + Δb·z.
pub fn update(t: &Target, z: f64, y: f64, gain: &mut f64, bias: &mut f64) {
    let var = t.sd * t.sd;
    let db = -t.rate * (-t.mean / var + y / var * (2.0 * var + 1.0 - y * y + t.mean * y));
    *gain += t.rate / *gain + db * z;
    *bias += db;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    /// On a stationary input (z ~ N(0, 1)), the output's mean and spread approach the target.
    #[test]
    fn the_output_moments_reach_the_target_on_a_stationary_input() {
        for (mean, sd) in [(0.0, 0.2), (0.1, 0.3), (-0.2, 0.15)] {
            let (mut a, mut b) = (1.0, 0.0);
            let mut rng = Stream::new(1, 0, 0, Purpose::Test);
            // η = 10⁻³ to get there, then 10⁻⁴ so the last steps' noise does not move it.
            for (rate, steps) in [(1e-3, 100_000), (1e-4, 200_000)] {
                let t = Target { mean, sd, rate };
                for _ in 0..steps {
                    let z = rng.normal();
                    update(&t, z, libm::tanh(a * z + b), &mut a, &mut b);
                }
            }
            let ys: Vec<f64> = (0..50_000).map(|_| libm::tanh(a * rng.normal() + b)).collect();
            let m = ys.iter().sum::<f64>() / ys.len() as f64;
            let s = (ys.iter().map(|y| (y - m) * (y - m)).sum::<f64>() / ys.len() as f64).sqrt();
            assert!(
                (m - mean).abs() < 0.01 && (s - sd).abs() < 0.02,
                "target ({mean}, {sd}): got ({m}, {s})"
            );
        }
    }
}
