//! What a search is asked to do: the task and its fixed settings, the budget (generations ×
//! population × training seeds), the search's own seed, and which genes may mutate.

use super::genome::REAL;
use crate::experiment::{Config, Task};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The run every genome starts from: the task and the plan's fixed settings.
    pub base: Config,
    pub generations: usize,
    /// λ: genomes per generation.
    pub population: usize,
    /// The training development seeds each genome is evaluated on (fitness = the mean).
    pub seeds: Vec<u64>,
    /// The search's own seed (samples and mutations).
    pub seed: u64,
    /// Setting keys of the real genes that mutate (a subset of `genome::REAL`, in its order).
    pub real: Vec<String>,
    /// Whether rule text mutates (add/drop a regulator, flip a sign, swap ∧/∨).
    pub rules: bool,
    /// Whether genes are knocked out or forced on.
    pub genes: bool,
    /// Chance that an offspring adds one edit (rule text or a fixed gene) to its parent's.
    pub rule_rate: f64,
    /// CMA-ES's initial step size in the genes' [0, 1] positions.
    pub step: f64,
}

/// Names a plan's `mutate` list accepts: the genes' CLI flags and `rules`.
pub fn mutable_names() -> Vec<&'static str> {
    REAL.iter()
        .filter_map(|k| crate::experiment::settings::by_key(k))
        .map(|s| s.spec.flag())
        .chain(["rules", "genes"])
        .collect()
}

impl Plan {
    /// Checks what the settings alone cannot: a task to search on, a budget, something to mutate.
    pub fn check(&self) -> Result<(), String> {
        if self.base.task == Task::Classify {
            return Err("`task`: the search scores reservoir tasks (memory-capacity, narma10, delay)".into());
        }
        if !(1..=1000).contains(&self.generations) {
            return Err(format!("`generations = {}`: 1-1000", self.generations));
        }
        if !(4..=1000).contains(&self.population) {
            return Err(format!(
                "`population = {}`: 4-1000 genomes per generation",
                self.population
            ));
        }
        if self.seeds.is_empty() || self.seeds.len() > 100 {
            return Err(format!("`seeds`: 1-100 training seeds, not {}", self.seeds.len()));
        }
        if self.real.is_empty() && !self.rules && !self.genes {
            return Err(format!("`mutate`: name at least one of {}", mutable_names().join(", ")));
        }
        if !(self.step > 0.0 && self.step <= 1.0) {
            return Err(format!(
                "`step = {}`: CMA-ES's first step, in (0, 1] of a gene's range",
                self.step
            ));
        }
        if !(0.0..=1.0).contains(&self.rule_rate) {
            return Err(format!("`rule_rate = {}`: a chance in 0-1", self.rule_rate));
        }
        Ok(())
    }

    /// A fingerprint of the whole plan (its JSON text), the same for the same plan everywhere.
    pub fn id(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_default();
        format!("{:016x}", crate::rng::fingerprint_bytes(text.as_bytes()))
    }

    /// The configuration one training seed evaluates a genome's `Config` with.
    pub fn at_seed(c: &Config, seed: u64) -> Config {
        Config {
            seed,
            init_seed: seed,
            data_seed: seed,
            ..c.clone()
        }
    }
}
