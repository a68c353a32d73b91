//! The tissue the explorer shows: a grown circuit with its rules, matched baselines and reference
//! reservoirs, their statistics, spectra and diagnostics. Built once per growth (`Ui::tissue`).

use crate::circuit::diagnostics::Diagnostics;
use crate::circuit::eigen::Eigen;
use crate::circuit::stats::{stats_and_spectrum, Stats};
use crate::circuit::Circuit;
use crate::development::Grown;
use crate::experiment::pipeline::normalisation;
use crate::experiment::task::diagnose;
use crate::experiment::{topology_of, Config, Topology};
use crate::grn::{parse_bnet, Rules};

pub struct Explored {
    pub grown: Grown,
    pub rules: Rules,
    /// The null models and references beside the grown circuit, in `SHOWN` order after it.
    pub nulls: Vec<Circuit>,
    /// Per circuit (grown, then the others): statistics and the spectrum of W_rec as the
    /// configuration builds it, and the diagnostics of that layer (None where they failed).
    pub stats: Vec<Stats>,
    pub spectra: Vec<Vec<Eigen>>,
    pub diagnostics: Vec<Option<Diagnostics>>,
    /// Largest synapses-per-neuron and per-pair counts over the three (shared histogram axes).
    pub max_degree: u64,
    pub max_pair: u32,
}

/// The circuits the viewer shows side by side: the grown one, each null model, then each
/// reference reservoir (from `REFERENCES_FROM` on).
pub const SHOWN: [Topology; 9] = [
    Topology::Developmental,
    Topology::Block,
    Topology::Spatial,
    Topology::Shuffled,
    Topology::Random,
    Topology::Cycle,
    Topology::Orthogonal,
    Topology::Esn,
    Topology::DaleSparse,
];

/// Where the references start in `SHOWN`.
pub const REFERENCES_FROM: usize = 5;

impl Explored {
    pub fn circuits(&self) -> Vec<&Circuit> {
        std::iter::once(&self.grown.circuit).chain(&self.nulls).collect()
    }
}

/// A growth with its baselines, statistics and the spectra of W_rec as the configuration
/// builds it (its inhibitory gain and ρ); None when its rules do not parse.
pub fn explore(config: &Config, grown: Grown) -> Option<Explored> {
    let rules = parse_bnet(config.rules.as_deref().unwrap_or(crate::grn::CORTEX15)).ok()?;
    let nulls: Vec<Circuit> = SHOWN[1..]
        .iter()
        .map(|&t| {
            topology_of(
                &Config {
                    topology: t,
                    ..config.clone()
                },
                &grown.circuit,
            )
        })
        .collect();
    let norm = normalisation(config.radius);
    let (stats, spectra): (Vec<Stats>, Vec<Vec<Eigen>>) = std::iter::once(&grown.circuit)
        .chain(&nulls)
        .map(|k| stats_and_spectrum(k, config.inhibitory_gain, norm))
        .unzip();
    let diagnostics = std::iter::once(&grown.circuit)
        .chain(&nulls)
        .map(|k| diagnose(config, k, config.radius).ok())
        .collect();
    let max_degree = stats
        .iter()
        .flat_map(|s| s.in_degree.iter().chain(&s.out_degree))
        .copied()
        .max()
        .unwrap_or(1);
    let max_pair = stats.iter().map(|s| s.max_per_pair).max().unwrap_or(1);
    Some(Explored {
        grown,
        rules,
        nulls,
        stats,
        spectra,
        diagnostics,
        max_degree,
        max_pair,
    })
}
