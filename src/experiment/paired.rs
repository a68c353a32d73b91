//! Paired comparison of two conditions run on the same seeds: mean per-seed difference with a
//! Student-t 95 % CI, p-values for a difference and for equivalence (TOST), and a verdict.

use super::stats::{detectable_difference, t90, t95, upper_tail, Correction};
use serde::{Deserialize, Serialize};

/// Significance level of every test; the power of `detectable` is 80 %.
pub const ALPHA: f64 = 0.05;
pub const POWER: f64 = 0.8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The difference is significant (adjusted p < α) and favours the condition.
    Better,
    /// The difference is significant and favours the reference.
    Worse,
    /// Equivalence within ±margin is significant (TOST), a difference is not.
    Equivalent,
    /// Both significant: the CI excludes 0 and lies within ±margin.
    DifferentWithin,
    /// Neither.
    Inconclusive,
}

impl Verdict {
    pub fn label(&self, margin: f64) -> String {
        match self {
            Verdict::Better => "better".into(),
            Verdict::Worse => "worse".into(),
            Verdict::Equivalent => format!("equivalent within ±{}", trim(margin)),
            Verdict::DifferentWithin => format!("different but within ±{}", trim(margin)),
            Verdict::Inconclusive => "inconclusive".into(),
        }
    }

    /// The verdict from the (adjusted) p-values of a difference and of equivalence.
    pub fn decide(p_difference: f64, p_equivalence: f64, mean: f64, higher_is_better: bool) -> Verdict {
        let different = p_difference < ALPHA;
        let within = p_equivalence < ALPHA;
        match (different, within) {
            (true, true) => Verdict::DifferentWithin,
            (true, false) if (mean > 0.0) == higher_is_better => Verdict::Better,
            (true, false) => Verdict::Worse,
            (false, true) => Verdict::Equivalent,
            (false, false) => Verdict::Inconclusive,
        }
    }
}

/// A number as short as it reads: 0.3218, 0.01, 5; below 0.01 to three significant digits
/// (a margin per neuron: 0.00196).
pub fn trim(x: f64) -> String {
    let decimals = if x != 0.0 && x.abs() < 0.01 {
        (2.0 - x.abs().log10().floor()) as usize
    } else {
        4
    };
    let s = format!("{x:.decimals$}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A condition against the reference over the seeds both ran.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    pub n: usize,
    /// Mean of (condition − reference) per seed.
    pub mean: f64,
    pub sd: f64,
    /// 95 % CI of the mean difference (not adjusted for the family).
    pub ci95: (f64, f64),
    /// 90 % CI (the two one-sided tests).
    pub ci90: (f64, f64),
    pub margin: f64,
    /// Two-sided paired t-test of a zero difference, and the same after family correction.
    pub p: f64,
    pub p_adjusted: f64,
    /// Two one-sided tests of |difference| < margin (the larger p), and after correction.
    pub p_equivalence: f64,
    pub p_equivalence_adjusted: f64,
    /// The smallest true difference these runs detect with 80 % power at α = 0.05.
    pub detectable: f64,
    pub higher_is_better: bool,
    pub verdict: Verdict,
    /// Runs that repeated another's seeds (development, init and data) in either condition,
    /// averaged into it rather than counted as pairs of their own.
    #[serde(default)]
    pub averaged: usize,
}

impl Paired {
    /// Sets the adjusted p-values and the verdict that follows from them.
    pub fn adjust(&mut self, p_adjusted: f64, p_equivalence_adjusted: f64) {
        self.p_adjusted = p_adjusted;
        self.p_equivalence_adjusted = p_equivalence_adjusted;
        self.verdict = Verdict::decide(p_adjusted, p_equivalence_adjusted, self.mean, self.higher_is_better);
    }
}

/// Adjusts the p-values of one family of comparisons in one correction over both tests of
/// every comparison (the m differences and the m equivalences: 2m p-values), so a family
/// spends α once, and re-decides every verdict.
pub fn correct_family(family: &mut [&mut Paired], correction: Correction) {
    let m = family.len();
    let both: Vec<f64> = family
        .iter()
        .map(|x| x.p)
        .chain(family.iter().map(|x| x.p_equivalence))
        .collect();
    let adjusted = correction.adjust(&both);
    for (k, x) in family.iter_mut().enumerate() {
        x.adjust(adjusted[k], adjusted[m + k]);
    }
}

/// Values by pairing key in first-appearance order, repeated keys averaged; and how many runs
/// repeated a key.
fn by_key<K: Ord + Clone>(values: &[(K, f64)]) -> (Vec<(K, f64)>, usize) {
    let mut at: std::collections::BTreeMap<K, usize> = std::collections::BTreeMap::new();
    let mut sums: Vec<(K, f64, usize)> = vec![];
    for (k, v) in values {
        match at.get(k) {
            Some(&i) => (sums[i].1, sums[i].2) = (sums[i].1 + v, sums[i].2 + 1),
            None => {
                at.insert(k.clone(), sums.len());
                sums.push((k.clone(), *v, 1));
            }
        }
    }
    let repeated = values.len() - sums.len();
    (sums.into_iter().map(|(k, s, n)| (k, s / n as f64)).collect(), repeated)
}

/// The differences condition − reference on the keys both ran, in the condition's order (runs
/// repeating a key averaged first), and how many runs were averaged into another on either side.
fn differences<K: Ord + Clone>(condition: &[(K, f64)], reference: &[(K, f64)]) -> (Vec<f64>, usize) {
    let ((c, rc), (r, rr)) = (by_key(condition), by_key(reference));
    let r: std::collections::BTreeMap<K, f64> = r.into_iter().collect();
    let d = c.iter().filter_map(|(k, x)| r.get(k).map(|y| x - y)).collect();
    (d, rc + rr)
}

/// P-values of a zero difference (two-sided) and of equivalence within ±margin (TOST) for a
/// mean difference with standard error `se` on `df` degrees of freedom.
fn p_values(mean: f64, se: f64, df: usize, margin: f64) -> (f64, f64) {
    if se == 0.0 {
        let p = if mean == 0.0 { 1.0 } else { 0.0 };
        return (p, if mean.abs() < margin { 0.0 } else { 1.0 });
    }
    let p = (2.0 * upper_tail((mean / se).abs(), df)).min(1.0);
    let above_lower = upper_tail((mean + margin) / se, df);
    let below_upper = upper_tail((margin - mean) / se, df);
    (p, above_lower.max(below_upper))
}

/// Pairs `(key, value)` lists by key (a run's development, init and data seeds: what its
/// reference twin shares) and compares; runs repeating a key are averaged and counted in
/// `averaged`. `higher_is_better` orients the verdict, which stands uncorrected until
/// `correct_family` adjusts it. None with fewer than two pairs.
pub fn paired<K: Ord + Clone>(
    condition: &[(K, f64)],
    reference: &[(K, f64)],
    margin: f64,
    higher_is_better: bool,
) -> Option<Paired> {
    let (d, averaged) = differences(condition, reference);
    let n = d.len();
    if n < 2 {
        return None;
    }
    let mean = d.iter().sum::<f64>() / n as f64;
    let sd = (d.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1) as f64).sqrt();
    let se = sd / (n as f64).sqrt();
    let ci95 = (mean - t95(n - 1) * se, mean + t95(n - 1) * se);
    let ci90 = (mean - t90(n - 1) * se, mean + t90(n - 1) * se);
    let (p, p_equivalence) = p_values(mean, se, n - 1, margin);
    let mut out = Paired {
        n,
        mean,
        sd,
        ci95,
        ci90,
        margin,
        p,
        p_adjusted: p,
        p_equivalence,
        p_equivalence_adjusted: p_equivalence,
        detectable: detectable_difference(sd, n, ALPHA, POWER),
        higher_is_better,
        verdict: Verdict::Inconclusive,
        averaged,
    };
    out.adjust(p, p_equivalence);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_worked_example_by_hand() {
        // Differences 0.5, 1.5, 1.0, 2.0, 0.0: mean 1.0, sd = √(2.5/4) = 0.790569, se = 0.353553;
        // t95(4) = 2.776445 → CI 1.0 ± 0.981628; t90(4) = 2.131847 → ± 0.753730.
        // t = 2.828427 on 4 df: p = 0.047421 (R: 2 * pt(-2.828427, 4)).
        let reference = [(1, 10.0), (2, 10.0), (3, 11.0), (4, 9.0), (5, 12.0)];
        let condition = [(1, 10.5), (2, 11.5), (3, 12.0), (4, 11.0), (5, 12.0), (6, 99.0)];
        let p = paired(&condition, &reference, 0.5, true).unwrap();
        assert_eq!(p.n, 5);
        assert!((p.mean - 1.0).abs() < 1e-12 && (p.sd - 0.790569).abs() < 1e-6);
        assert!(
            (p.ci95.0 - 0.018372).abs() < 1e-5 && (p.ci95.1 - 1.981628).abs() < 1e-5,
            "{:?}",
            p.ci95
        );
        assert!((p.ci90.1 - 1.753730).abs() < 1e-5, "{:?}", p.ci90);
        assert!((p.p - 0.047421).abs() < 1e-5, "{}", p.p);
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
        assert_eq!(
            (trim(0.00196), trim(0.0365), trim(0.16666), trim(2.0)),
            ("0.00196".into(), "0.0365".into(), "0.1667".into(), "2".into())
        );
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

    /// Two runs of seed 1 are one pair (their mean), not two pairs matched to one reference run.
    #[test]
    fn repeated_seeds_are_averaged_and_counted_not_paired_twice() {
        let reference = [((1, 1, 1), 1.0), ((2, 2, 2), 2.0), ((3, 3, 3), 3.0)];
        let condition = [
            ((1, 1, 1), 1.5),
            ((1, 1, 1), 2.5),
            ((2, 2, 2), 2.5),
            ((3, 3, 3), 4.0),
            ((3, 4, 3), 9.0),
        ];
        let p = paired(&condition, &reference, 0.1, true).unwrap();
        assert_eq!((p.n, p.averaged), (3, 1), "(3, 4, 3) has no twin; (1, 1, 1) ran twice");
        assert!((p.mean - (1.0 + 0.5 + 1.0) / 3.0).abs() < 1e-12, "{}", p.mean);
        assert!(
            paired(&condition[..2], &reference, 0.1, true).is_none(),
            "one pair is no comparison"
        );
    }

    #[test]
    fn a_small_sure_difference_inside_the_margin_is_different_but_within() {
        // Differences 0.10, 0.11, 0.09, 0.10, 0.10: the CI excludes 0 and lies inside ±0.5.
        let reference: Vec<(u64, f64)> = (1..=5).map(|s| (s, 1.0)).collect();
        let condition = [(1, 1.10), (2, 1.11), (3, 1.09), (4, 1.10), (5, 1.10)];
        let p = paired(&condition, &reference, 0.5, true).unwrap();
        assert_eq!(p.verdict, Verdict::DifferentWithin);
        assert_eq!(p.verdict.label(0.5), "different but within ±0.5");
        // The same data with a margin the CI crosses: better.
        assert_eq!(
            paired(&condition, &reference, 0.1, true).unwrap().verdict,
            Verdict::Better
        );
    }

    #[test]
    fn a_family_correction_can_only_weaken_verdicts() {
        // p = 0.047 alone is "better"; among four comparisons Holm multiplies it by up to 4.
        let reference = [(1, 10.0), (2, 10.0), (3, 11.0), (4, 9.0), (5, 12.0)];
        let condition = [(1, 10.5), (2, 11.5), (3, 12.0), (4, 11.0), (5, 12.0)];
        let noise = [(1, 10.2), (2, 9.8), (3, 11.1), (4, 8.9), (5, 12.0)];
        let mut a = paired(&condition, &reference, 0.05, true).unwrap();
        let mut b = paired(&noise, &reference, 0.05, true).unwrap();
        assert_eq!(a.verdict, Verdict::Better);
        correct_family(&mut [&mut a, &mut b], Correction::Holm);
        // Four p-values in one correction (two differences, two equivalences): a's p is the
        // smallest, so Holm multiplies it by 4.
        assert!((a.p_adjusted - 4.0 * a.p).abs() < 1e-12, "{} vs {}", a.p_adjusted, a.p);
        assert_eq!(a.verdict, Verdict::Inconclusive);
        assert!(b.p_adjusted >= b.p);
    }

    #[test]
    fn constant_differences_are_decided_without_dividing_by_zero() {
        let reference = [(1, 7.0), (2, 8.0), (3, 7.5)];
        let none = [(1, 0.0), (2, 1.0), (3, 0.5)];
        let p = paired(&none, &reference, 0.3, true).unwrap();
        assert_eq!((p.p, p.p_equivalence, p.verdict), (0.0, 1.0, Verdict::Worse));
        let same = paired(&reference, &reference, 0.3, true).unwrap();
        assert_eq!(
            (same.p, same.p_equivalence, same.verdict),
            (1.0, 0.0, Verdict::Equivalent)
        );
    }
}
