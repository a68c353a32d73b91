//! What a search is asked to do: the task and its fixed settings, the budget (generations ×
//! population × training seeds), the search's own seed, and which genes may mutate.

use super::genome::{Ranges, REAL};
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
    /// Search ranges stated per gene (others: half to twice the default).
    #[serde(default, skip_serializing_if = "Ranges::is_empty")]
    pub ranges: Ranges,
    /// What a genome is scored by.
    #[serde(default, skip_serializing_if = "Fitness::is_metric")]
    pub fitness: Fitness,
}

/// What a genome is scored by on each training seed (the fitness is the mean over them).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fitness {
    /// The task's metric.
    #[default]
    Metric,
    /// The metric over the circuit's neuron count N (memory capacity per neuron: growing more
    /// neurons is no gain by itself).
    PerNeuron,
    /// The metric minus that of the same circuit's `random` null (same neurons, signs, synapse
    /// total, seed and input draw): what the wiring adds.
    Advantage,
}

impl Fitness {
    pub const ALL: [Fitness; 3] = [Fitness::Metric, Fitness::PerNeuron, Fitness::Advantage];

    pub fn is_metric(&self) -> bool {
        *self == Fitness::Metric
    }

    pub fn key(self) -> &'static str {
        match self {
            Fitness::Metric => "metric",
            Fitness::PerNeuron => "per-neuron",
            Fitness::Advantage => "advantage",
        }
    }

    pub fn parse(s: &str) -> Option<Fitness> {
        Fitness::ALL.into_iter().find(|f| f.key() == s)
    }

    /// In words, for forms and summaries.
    pub fn describe(self) -> &'static str {
        match self {
            Fitness::Metric => "the task's metric",
            Fitness::PerNeuron => "the metric per neuron (over the circuit's N)",
            Fitness::Advantage => "the metric minus its own random null's (what the wiring adds)",
        }
    }
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
        for (key, &(lo, hi)) in &self.ranges {
            if !self.real.contains(key) {
                return Err(format!("`ranges`: `{key}` is not a gene the plan mutates"));
            }
            super::genome::check_range(key, lo, hi).map_err(|e| format!("`ranges`: {e}"))?;
        }
        if self.fitness == Fitness::PerNeuron && self.base.task != Task::MemoryCapacity {
            return Err("`fitness = \"per-neuron\"`: memory capacity is the task whose bound is N".into());
        }
        Ok(())
    }

    /// A fingerprint of the whole plan (its JSON text), the same for the same plan everywhere.
    pub fn id(&self) -> String {
        let text = serde_json::to_string(self).unwrap_or_default();
        format!("{:016x}", crate::rng::fingerprint_bytes(text.as_bytes()))
    }

    /// What the fitness is, in words with the task's metric (negated where lower is better).
    pub fn fitness_label(&self) -> String {
        let (name, higher) = self.base.task.metric();
        let sign = if higher { "" } else { "−" };
        match self.fitness {
            Fitness::Metric => format!("{sign}{name}"),
            Fitness::PerNeuron => format!("{sign}{name} per neuron"),
            Fitness::Advantage => format!("{sign}({name} − its random null's)"),
        }
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
