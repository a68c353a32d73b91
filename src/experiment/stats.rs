//! The statistics behind every verdict: exact Student-t quantiles and tail probabilities
//! (statrs), multiplicity correction within a family (Holm, Benjamini–Hochberg) and power.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The Student t distribution with `df` degrees of freedom (df ≥ 1).
fn student(df: usize) -> Option<StudentsT> {
    StudentsT::new(0.0, 1.0, df as f64).ok()
}

/// The `p` quantile of Student's t with `df` degrees of freedom (NaN for df = 0).
pub fn t_quantile(p: f64, df: usize) -> f64 {
    student(df).map_or(f64::NAN, |t| t.inverse_cdf(p))
}

/// Two-sided 95 % quantile: t such that P(|T| ≤ t) = 0.95.
pub fn t95(df: usize) -> f64 {
    t_quantile(0.975, df)
}

/// Two-sided 90 % quantile (one-sided 95 %: the two one-sided tests at α = 0.05).
pub fn t90(df: usize) -> f64 {
    t_quantile(0.95, df)
}

/// P(T ≥ x) for Student's t with `df` degrees of freedom (x may be ±∞).
pub fn upper_tail(x: f64, df: usize) -> f64 {
    if x == f64::INFINITY {
        return 0.0;
    }
    if x == f64::NEG_INFINITY {
        return 1.0;
    }
    student(df).map_or(f64::NAN, |t| t.sf(x))
}

/// The smallest true mean difference a paired t-test over `n` runs with difference sd `sd`
/// detects with probability `power` at two-sided level `alpha` (noncentral-t approximation).
pub fn detectable_difference(sd: f64, n: usize, alpha: f64, power: f64) -> f64 {
    if n < 2 {
        return f64::NAN;
    }
    let df = n - 1;
    (t_quantile(1.0 - alpha / 2.0, df) + t_quantile(power, df)) * sd / (n as f64).sqrt()
}

/// Runs a paired test needs to detect `delta` with `power` at level `alpha`, given difference
/// sd `sd` (the smallest n whose detectable difference is ≤ delta; None beyond 100,000).
pub fn runs_needed(delta: f64, sd: f64, alpha: f64, power: f64) -> Option<usize> {
    if delta.is_nan() || delta <= 0.0 || !sd.is_finite() {
        return None;
    }
    if sd == 0.0 {
        return Some(2);
    }
    let (mut lo, mut hi) = (2usize, 100_000usize);
    if detectable_difference(sd, hi, alpha, power) > delta {
        return None;
    }
    while lo < hi {
        let mid = (lo + hi) / 2;
        if detectable_difference(sd, mid, alpha, power) <= delta {
            hi = mid
        } else {
            lo = mid + 1
        }
    }
    Some(lo)
}

/// How p-values of one family are adjusted for the number of comparisons in it.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumIter,
    strum::IntoStaticStr,
    strum::EnumString,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Correction {
    /// Holm's step-down procedure: controls the family-wise error rate.
    #[default]
    Holm,
    /// Benjamini–Hochberg: controls the false discovery rate.
    Bh,
    /// No correction (exploratory use only).
    None,
}

impl Correction {
    pub fn key(&self) -> &'static str {
        (*self).into()
    }

    pub fn parse(text: &str) -> Option<Correction> {
        text.parse().ok()
    }

    /// What the adjusted p-values control, for captions.
    pub fn describe(&self) -> &'static str {
        match self {
            Correction::Holm => "Holm-adjusted (family-wise error)",
            Correction::Bh => "Benjamini–Hochberg-adjusted (false discovery rate)",
            Correction::None => "not adjusted",
        }
    }

    /// The adjusted p-values, in the order given (NaN stays NaN and is not counted).
    pub fn adjust(&self, p: &[f64]) -> Vec<f64> {
        let mut order: Vec<usize> = (0..p.len()).filter(|&i| !p[i].is_nan()).collect();
        order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
        let m = order.len();
        let mut out = p.to_vec();
        match self {
            Correction::None => {}
            Correction::Holm => {
                let mut running: f64 = 0.0;
                for (rank, &i) in order.iter().enumerate() {
                    running = running.max(((m - rank) as f64 * p[i]).min(1.0));
                    out[i] = running;
                }
            }
            Correction::Bh => {
                let mut running: f64 = 1.0;
                for (rank, &i) in order.iter().enumerate().rev() {
                    running = running.min((m as f64 / (rank + 1) as f64 * p[i]).min(1.0));
                    out[i] = running;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_published_tables_beyond_their_third_decimal() {
        // R: qt(0.975, c(1, 4, 9, 29, 99)); qt(0.95, 9)
        let want = [
            (1, 12.706204736),
            (4, 2.776445105),
            (9, 2.262157163),
            (29, 2.045229642),
            (99, 1.984216952),
        ];
        for (df, q) in want {
            assert!((t95(df) - q).abs() < 1e-6, "df {df}: {}", t95(df));
        }
        assert!((t90(9) - 1.833112933).abs() < 1e-6);
        assert!(t95(0).is_nan());
        // R: pt(2.5, 9, lower.tail = FALSE); scipy.stats.t.sf(2.5, 9)
        assert!((upper_tail(2.5, 9) - 0.016930914).abs() < 1e-8);
        assert_eq!(
            (upper_tail(f64::INFINITY, 3), upper_tail(f64::NEG_INFINITY, 3)),
            (0.0, 1.0)
        );
    }

    #[test]
    fn holm_and_bh_agree_with_r_p_adjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm") and "BH"
        let p = [0.01, 0.04, 0.03, 0.005];
        let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12);
        assert!(close(&Correction::Holm.adjust(&p), &[0.03, 0.06, 0.06, 0.02]));
        assert!(close(&Correction::Bh.adjust(&p), &[0.02, 0.04, 0.04, 0.02]));
        assert_eq!(Correction::None.adjust(&p), p.to_vec());
        let with_nan = Correction::Holm.adjust(&[0.02, f64::NAN, 0.5]);
        assert!(with_nan[1].is_nan() && (with_nan[0] - 0.04).abs() < 1e-12 && with_nan[2] == 0.5);
        assert_eq!(Correction::parse("bh"), Some(Correction::Bh));
        assert_eq!(Correction::parse("bonferroni"), None);
    }

    #[test]
    fn power_grows_with_runs() {
        // Paired sd 1, n = 10: (t_0.975,9 + t_0.8,9)/√10 = (2.262157 + 0.883404)/3.162278 (scipy).
        let d = detectable_difference(1.0, 10, 0.05, 0.8);
        assert!((d - 0.994714).abs() < 1e-6, "{d}");
        assert!(detectable_difference(1.0, 100, 0.05, 0.8) < 0.29);
        let n = runs_needed(0.5, 1.0, 0.05, 0.8).unwrap();
        assert!(detectable_difference(1.0, n, 0.05, 0.8) <= 0.5);
        assert!(detectable_difference(1.0, n - 1, 0.05, 0.8) > 0.5);
        assert_eq!(runs_needed(0.0, 1.0, 0.05, 0.8), None);
    }
}
