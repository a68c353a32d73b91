//! A genome: the development settings a search may move, as values in [0, 1] on each one's
//! search scale, plus rule edits; it becomes a complete `Config` with rules text like any run.

use super::edit::{apply, RuleEdit};
use crate::experiment::settings::{by_key, Spec};
use crate::experiment::Config;
use crate::grn::{parse_bnet, write::to_bnet};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The real-valued genes: setting keys (link keys) a search may move.
pub const REAL: [&str; 7] = ["sigma", "syn", "sim", "ei", "gain", "win", "rho"];

/// Search ranges a plan states per gene (link key → (low, high)); a gene without one searches
/// from half to twice its default.
pub type Ranges = BTreeMap<String, (f64, f64)>;

/// The range a gene searches: the plan's, or from half to twice its default, inside the
/// setting's own range.
pub fn bounds(key: &str, ranges: &Ranges) -> Option<(f64, f64)> {
    let Spec::Num(n) = by_key(key)?.spec else { return None };
    if let Some(&(lo, hi)) = ranges.get(key) {
        return Some((lo, hi));
    }
    Some(((n.default / 2.0).max(n.min), (n.default * 2.0).min(n.max)))
}

/// Checks a plan's range for `key`: inside the setting's own range, low below high.
pub fn check_range(key: &str, lo: f64, hi: f64) -> Result<(), String> {
    let Some(Spec::Num(n)) = by_key(key).map(|s| s.spec) else {
        return Err(format!("`{key}` is not a numeric setting"));
    };
    if !(lo.is_finite() && hi.is_finite() && lo < hi && lo >= n.min && hi <= n.max) {
        return Err(format!(
            "range of `{key}` = [{lo}, {hi}]: low < high, both within the setting's {}-{}",
            n.min, n.max
        ));
    }
    Ok(())
}

/// Position u ∈ [0, 1] ↔ value: on a log scale for a positive range, else linear.
fn scale(lo: f64) -> fn(f64) -> f64 {
    if lo > 0.0 {
        libm::log
    } else {
        |v| v
    }
}

/// A gene's value at position u ∈ [0, 1] of its range (integers rounded).
pub fn value(key: &str, u: f64, ranges: &Ranges) -> Option<f64> {
    let (lo, hi) = bounds(key, ranges)?;
    let Spec::Num(n) = by_key(key)?.spec else { return None };
    let u = u.clamp(0.0, 1.0);
    let v = match (u, lo > 0.0) {
        (0.0, _) => lo,
        (1.0, _) => hi,
        (_, true) => libm::exp(libm::log(lo) + u * (libm::log(hi) - libm::log(lo))),
        (_, false) => lo + u * (hi - lo),
    };
    // The default itself, not a value a rounding error away from it.
    let v = if (v - n.default).abs() <= 1e-9 * n.default.abs() {
        n.default
    } else {
        v
    };
    Some(if n.integer { libm::round(v) } else { v })
}

/// Where a gene's default sits in its range (0.5 for the half-to-twice range), clamped to it.
pub fn default_position(key: &str, ranges: &Ranges) -> Option<f64> {
    let (lo, hi) = bounds(key, ranges)?;
    let Spec::Num(n) = by_key(key)?.spec else { return None };
    let f = scale(lo);
    Some(((f(n.default) - f(lo)) / (f(hi) - f(lo))).clamp(0.0, 1.0))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Genome {
    /// Positions in [0, 1] of the genes the plan lets mutate (`Plan::real`, in that order).
    #[serde(with = "super::exact")]
    pub x: Vec<f64>,
    /// CMA-ES's sample as drawn (before reflection into [0, 1]): what it learns from. Empty for
    /// genomes that vary rule edits only.
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "super::exact")]
    pub sample: Vec<f64>,
    /// Rule edits in the order they were made.
    pub edits: Vec<RuleEdit>,
}

impl Genome {
    /// The run configuration of this genome on top of `base` (the plan's fixed settings):
    /// its gene values, its edited rules as text, its knock-outs and forced genes.
    pub fn config(&self, base: &Config, real: &[String], ranges: &Ranges) -> Result<Config, String> {
        let mut c = base.clone();
        for (key, u) in real.iter().zip(&self.x) {
            let s = by_key(key).ok_or(format!("`{key}` is not a setting"))?;
            let v = value(key, *u, ranges).ok_or(format!("`{key}` is not a numeric setting"))?;
            (s.put)(&mut c, &v.to_string())?;
        }
        let text = base.rules.as_deref().unwrap_or(crate::grn::CORTEX15);
        let mut rules = parse_bnet(text).map_err(|e| e.to_string())?;
        for e in &self.edits {
            apply(&mut rules, e)?;
            match e {
                RuleEdit::KnockOut { gene } if !c.knockouts.contains(gene) => c.knockouts.push(gene.clone()),
                RuleEdit::ForceOn { gene } if !c.forced.contains(gene) => c.forced.push(gene.clone()),
                _ => {}
            }
        }
        let edited = self
            .edits
            .iter()
            .any(|e| !matches!(e, RuleEdit::KnockOut { .. } | RuleEdit::ForceOn { .. }));
        if edited {
            c.rules = Some(to_bnet(&rules)).filter(|r| r != crate::grn::CORTEX15);
        }
        Ok(c)
    }
}

/// What the genome changed: each rule that differs (`gene: old → new`), then the genes it
/// knocks out or forces on.
pub fn genome_diff(base: &str, rules: &str, g: &Genome) -> Vec<String> {
    let fixed = g
        .edits
        .iter()
        .filter(|e| matches!(e, RuleEdit::KnockOut { .. } | RuleEdit::ForceOn { .. }));
    let mut out = rule_diff(base, rules);
    out.extend(fixed.map(RuleEdit::describe));
    out.dedup();
    out
}

/// The rules that changed, `gene: old → new`, between two BoolNet texts (gene order of `a`).
pub fn rule_diff(a: &str, b: &str) -> Vec<String> {
    let (Ok(ra), Ok(rb)) = (parse_bnet(a), parse_bnet(b)) else {
        return vec![];
    };
    let line = |r: &crate::grn::Rules, g: usize| {
        let mut s = String::new();
        crate::grn::write::expr_text(&r.exprs[g], &r.genes, &mut s);
        s
    };
    (0..ra.genes.len())
        .filter_map(|g| {
            let k = rb.index(&ra.genes[g])?;
            let (old, new) = (line(&ra, g), line(&rb, k));
            (old != new).then(|| format!("{}: {old} → {new}", ra.genes[g]))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn genes_map_their_range_and_the_default_sits_in_the_middle() {
        let none = Ranges::new();
        for key in REAL {
            let (lo, hi) = bounds(key, &none).unwrap();
            assert!(lo < hi, "{key}");
            let mid = value(key, default_position(key, &none).unwrap(), &none).unwrap();
            let Spec::Num(n) = by_key(key).unwrap().spec else {
                panic!()
            };
            assert!(
                (mid - n.default).abs() <= 0.5 + 1e-9 * n.default,
                "{key}: {mid} vs {}",
                n.default
            );
            assert_eq!(
                value(key, 0.0, &none),
                Some(if n.integer { libm::round(lo) } else { lo })
            );
        }
        // A stated range: log scale, the default clamped to it when outside.
        let syn: Ranges = [("syn".to_string(), (100.0, 10_000.0))].into_iter().collect();
        assert_eq!(value("syn", 0.5, &syn), Some(1000.0));
        assert_eq!(default_position("syn", &syn), Some(1.0));
        assert!(check_range("syn", -1.0, 10.0).is_err() && check_range("syn", 100.0, 10.0).is_err());
        assert!(check_range("rho", 0.5, 1.2).is_ok());
    }

    #[test]
    fn the_empty_genome_at_the_defaults_is_the_default_configuration() {
        let real: Vec<String> = REAL.iter().map(|s| s.to_string()).collect();
        let g = Genome {
            x: REAL
                .iter()
                .map(|k| default_position(k, &Ranges::new()).unwrap())
                .collect(),
            sample: vec![],
            edits: vec![],
        };
        let c = g.config(&Config::default(), &real, &Ranges::new()).unwrap();
        assert_eq!(c.settings_json(), Config::default().settings_json());
    }
}
