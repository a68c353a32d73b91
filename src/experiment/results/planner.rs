//! The page's comparison planner: topology and seed lists as people type them, and the
//! configurations of a comparison.

use crate::experiment::config::{Config, Topology};

/// Topologies in a comparison, from a comma list (`developmental,random,none`).
pub fn parse_topologies(text: &str) -> Result<Vec<Topology>, String> {
    let list: Result<Vec<_>, _> = text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            Topology::parse(s).ok_or(format!(
                "`{s}` is not a topology (developmental, random, shuffled, none)"
            ))
        })
        .collect();
    match list? {
        l if l.is_empty() => Err("choose at least one topology".into()),
        l => Ok(l),
    }
}

/// Seeds from a list of numbers and ranges (`1-5`, `1,4,9`, `2-3,7`), at most 100 of them.
pub fn parse_seeds(text: &str) -> Result<Vec<u64>, String> {
    let mut out = vec![];
    for part in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let num = |s: &str| {
            s.trim()
                .parse::<u64>()
                .ok()
                .filter(|&v| v <= u32::MAX as u64)
                .ok_or(format!("`{s}` is not a seed (0-4294967295)"))
        };
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (num(a)?, num(b)?);
                if b < a || b - a >= 100 {
                    return Err(format!("`{part}`: a range runs low-high over at most 100 seeds"));
                }
                out.extend(a..=b);
            }
            None => out.push(num(part)?),
        }
    }
    match out.len() {
        0 => Err("give at least one seed, e.g. 1-5".into()),
        n if n > 100 => Err(format!("{n} seeds; at most 100 per comparison")),
        _ => Ok(out),
    }
}

/// The runs of a comparison: every seed × topology × ρ (seed s sets the development,
/// initialisation and data-order seeds to s), in the order they will run.
pub fn plan(base: &Config, topologies: &[Topology], seeds: &[u64], rhos: &[f64]) -> Vec<Config> {
    seeds
        .iter()
        .flat_map(|&s| {
            topologies.iter().flat_map(move |&t| {
                rhos.iter().map(move |&radius| Config {
                    topology: t,
                    seed: s,
                    init_seed: s,
                    data_seed: s,
                    radius,
                    ..base.clone()
                })
            })
        })
        .collect()
}
