//! Paired comparison of two conditions run on the same seeds: mean per-seed difference with a
//! Student-t 95 % CI, and a verdict — better, worse, equivalent within ±m (TOST), inconclusive.

use super::results::{t95, t_quantile};
use serde::Serialize;

/// Two-sided 90 % Student t quantile (one-sided 95 %: the two one-sided tests at α = 0.05).
pub fn t90(df: usize) -> f64 {
    const T: [f64; 30] = [
        6.314, 2.920, 2.353, 2.132, 2.015, 1.943, 1.895, 1.860, 1.833, 1.812, 1.796, 1.782, 1.771, 1.761, 1.753, 1.746,
        1.740, 1.734, 1.729, 1.725, 1.721, 1.717, 1.714, 1.711, 1.708, 1.706, 1.703, 1.701, 1.699, 1.697,
    ];
    t_quantile(df, &T, 1.671, 1.645)
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Better,
    Worse,
    Equivalent,
    Inconclusive,
}

impl Verdict {
    pub fn label(&self, margin: f64) -> String {
        match self {
            Verdict::Better => "better".into(),
            Verdict::Worse => "worse".into(),
            Verdict::Equivalent => format!("equivalent within ±{}", trim(margin)),
            Verdict::Inconclusive => "inconclusive".into(),
        }
    }
}

fn trim(x: f64) -> String {
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A condition against the reference over the seeds both ran.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Paired {
    pub n: usize,
    /// Mean of (condition − reference) per seed.
    pub mean: f64,
    pub sd: f64,
    /// 95 % CI of the mean difference.
    pub ci95: (f64, f64),
    /// 90 % CI (the two one-sided tests).
    pub ci90: (f64, f64),
    pub margin: f64,
    pub verdict: Verdict,
}

/// Pairs `(seed, value)` lists by seed and compares; `higher_is_better` orients the verdict.
/// Better/worse when the 95 % CI excludes 0; otherwise equivalent when the 90 % CI lies within
/// ±margin; otherwise inconclusive. None with fewer than two shared seeds.
pub fn paired(
    condition: &[(u64, f64)],
    reference: &[(u64, f64)],
    margin: f64,
    higher_is_better: bool,
) -> Option<Paired> {
    let d: Vec<f64> = condition
        .iter()
        .filter_map(|(s, x)| reference.iter().find(|(r, _)| r == s).map(|(_, y)| x - y))
        .collect();
    let n = d.len();
    if n < 2 {
        return None;
    }
    let mean = d.iter().sum::<f64>() / n as f64;
    let sd = (d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt();
    let se = sd / (n as f64).sqrt();
    let ci95 = (mean - t95(n - 1) * se, mean + t95(n - 1) * se);
    let ci90 = (mean - t90(n - 1) * se, mean + t90(n - 1) * se);
    let (up, down) = if higher_is_better {
        (ci95.0 > 0.0, ci95.1 < 0.0)
    } else {
        (ci95.1 < 0.0, ci95.0 > 0.0)
    };
    let verdict = if up {
        Verdict::Better
    } else if down {
        Verdict::Worse
    } else if ci90.0 > -margin && ci90.1 < margin {
        Verdict::Equivalent
    } else {
        Verdict::Inconclusive
    };
    Some(Paired {
        n,
        mean,
        sd,
        ci95,
        ci90,
        margin,
        verdict,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worked_example_by_hand() {
        // Differences 0.5, 1.5, 1.0, 2.0, 0.0: mean 1.0, sd = √(2.5/4) = 0.790569, se = 0.353553;
        // t95(4) = 2.776 → CI 1.0 ± 0.981464 = [0.018536, 1.981464]; t90(4) = 2.132 → ± 0.753776.
        let reference = [(1, 10.0), (2, 10.0), (3, 11.0), (4, 9.0), (5, 12.0)];
        let condition = [(1, 10.5), (2, 11.5), (3, 12.0), (4, 11.0), (5, 12.0), (6, 99.0)];
        let p = paired(&condition, &reference, 0.5, true).unwrap();
        assert_eq!(p.n, 5);
        assert!((p.mean - 1.0).abs() < 1e-12 && (p.sd - 0.790569).abs() < 1e-6);
        assert!(
            (p.ci95.0 - 0.018536).abs() < 1e-5 && (p.ci95.1 - 1.981464).abs() < 1e-5,
            "{:?}",
            p.ci95
        );
        assert!((p.ci90.1 - 1.753776).abs() < 1e-5, "{:?}", p.ci90);
        assert_eq!(p.verdict, Verdict::Better);
        assert_eq!(
            paired(&condition, &reference, 0.5, false).unwrap().verdict,
            Verdict::Worse
        );
        // Small, noisy differences: 0.1, −0.1, 0.05, −0.05 → mean 0, 90 % CI ± 0.114 within ±0.5.
        let same = paired(
            &[(1, 1.1), (2, 0.9), (3, 1.05), (4, 0.95)],
            &[(1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0)],
            0.5,
            true,
        )
        .unwrap();
        assert_eq!(same.verdict, Verdict::Equivalent);
        assert_eq!(same.verdict.label(0.5), "equivalent within ±0.5");
        let wide = paired(
            &[(1, 2.0), (2, 0.0), (3, 1.5), (4, 0.5)],
            &[(1, 1.0), (2, 1.0), (3, 1.0), (4, 1.0)],
            0.1,
            true,
        )
        .unwrap();
        assert_eq!(wide.verdict, Verdict::Inconclusive);
        assert!(paired(&[(1, 1.0)], &[(1, 2.0)], 0.1, true).is_none());
    }
}
