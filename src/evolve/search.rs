//! The search: CMA-ES over the real genes combined with (μ + λ) selection of rule edits. Each
//! generation's genomes follow from the seed and the state alone, so a resumed search and an
//! uninterrupted one are the same; evaluation order does not matter.

use super::cmaes::Cmaes;
use super::edit::{apply, mutate, Kinds, RuleEdit};
use super::genome::{default_position, Genome};
use super::plan::{Fitness, Plan};
use crate::experiment::task::search_score;
use crate::experiment::{build, Config};
use crate::grn::{parse_bnet, Rules};
use crate::rng::{Purpose, Stream};
use serde::{Deserialize, Serialize};

/// What one genome scored on the training seeds. `fitness` is the mean metric oriented so that
/// higher is better (NARMA-10's NRMSE negated); None for a lethal or degenerate genome, with why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    #[serde(with = "exact_option")]
    pub fitness: Option<f64>,
    /// The plan's fitness value per training seed, as many as ran (the task's metric, per
    /// neuron, or the advantage over its random null).
    pub metrics: Vec<f64>,
    pub reason: Option<String>,
}

/// An optional float as its bits (the ranks of a resumed search compare exactly these).
mod exact_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        v.map(f64::to_bits).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?.map(f64::from_bits))
    }
}

/// A genome with its score, where it was born.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    pub generation: usize,
    pub index: usize,
    pub genome: Genome,
    pub evaluation: Evaluation,
}

/// Best and mean fitness of a generation and how many genomes failed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GenerationSummary {
    pub generation: usize,
    pub best: Option<f64>,
    pub mean: Option<f64>,
    pub failed: usize,
}

/// The whole state between generations: what a checkpoint holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Search {
    pub plan: Plan,
    /// Fingerprint of the plan as written when the search began (a resume checks it).
    pub plan_id: String,
    pub es: Cmaes,
    /// The μ best genomes so far (their rule edits seed the next generation).
    pub parents: Vec<Scored>,
    pub generation: usize,
    pub best: Option<Scored>,
    pub history: Vec<GenerationSummary>,
}

/// Scores a genome on every training seed of the plan; never panics on a lethal genome.
pub fn evaluate(plan: &Plan, real: &[String], g: &Genome) -> Evaluation {
    let fail = |metrics: Vec<f64>, reason: String| Evaluation {
        fitness: None,
        metrics,
        reason: Some(reason),
    };
    let cfg = match g.config(&plan.base, real, &plan.ranges) {
        Ok(c) => c,
        Err(e) => return fail(vec![], e),
    };
    let higher = cfg.task.metric().1;
    let mut metrics = vec![];
    for &seed in &plan.seeds {
        let c = Plan::at_seed(&cfg, seed);
        match score_at(&c, plan.fitness) {
            Err(e) => return fail(metrics, format!("seed {seed}: {e}")),
            Ok((v, _)) if !v.is_finite() => return fail(metrics, format!("seed {seed}: no finite score")),
            Ok((v, echo_state)) => {
                metrics.push(v);
                if !echo_state {
                    return fail(metrics, format!("seed {seed}: not echo-state"));
                }
            }
        }
    }
    let mean = metrics.iter().sum::<f64>() / metrics.len() as f64;
    Evaluation {
        fitness: Some(if higher { mean } else { -mean }),
        metrics,
        reason: None,
    }
}

/// A position mapped into [0, 1] by reflection at the bounds (the identity inside): CMA-ES
/// samples freely and learns from its own samples, not from repaired ones.
pub fn reflect(x: &[f64]) -> Vec<f64> {
    x.iter()
        .map(|v| {
            let u = v.rem_euclid(2.0);
            if u > 1.0 {
                2.0 - u
            } else {
                u
            }
        })
        .collect()
}

/// A genome's value on one seed by `fitness` (oriented as the task's metric), and whether its
/// reservoir (and its random null's, for `advantage`) is echo-state.
fn score_at(c: &Config, fitness: Fitness) -> Result<(f64, bool), String> {
    let built = build(c, || 0.0).map_err(|e| e.to_string())?;
    let o = search_score(c, &built.circuit, c.radius)?;
    match fitness {
        Fitness::Metric => Ok((o.metric, o.echo_state)),
        Fitness::PerNeuron => Ok((o.metric / o.neurons.max(1) as f64, o.echo_state)),
        Fitness::Advantage => {
            let null = Config {
                topology: crate::experiment::Topology::Random,
                ..c.clone()
            };
            let circuit = crate::experiment::topology_of(&null, &built.grown.circuit);
            let r = search_score(&null, &circuit, c.radius)?;
            Ok((o.metric - r.metric, o.echo_state && r.echo_state))
        }
    }
}

/// Best first; failed genomes last; ties by birth (generation, then index).
fn rank(a: &Scored, b: &Scored) -> std::cmp::Ordering {
    let f = |s: &Scored| s.evaluation.fitness.unwrap_or(f64::NEG_INFINITY);
    f(b).total_cmp(&f(a))
        .then(a.generation.cmp(&b.generation))
        .then(a.index.cmp(&b.index))
}

fn base_rules(plan: &Plan) -> Result<Rules, String> {
    parse_bnet(plan.base.rules.as_deref().unwrap_or(crate::grn::CORTEX15)).map_err(|e| e.to_string())
}

impl Search {
    pub fn new(plan: Plan) -> Search {
        let mean: Vec<f64> = plan
            .real
            .iter()
            .map(|k| default_position(k, &plan.ranges).unwrap_or(0.5))
            .collect();
        Search {
            es: Cmaes::new(mean, plan.step, plan.population, plan.seed),
            plan_id: plan.id(),
            plan,
            parents: vec![],
            generation: 0,
            best: None,
            history: vec![],
        }
    }

    pub fn done(&self) -> bool {
        self.generation >= self.plan.generations
    }

    /// Rule edits of offspring `k`: a parent's (cycling over the μ best), plus with chance
    /// `rule_rate` one new edit that fits.
    fn edits(&self, k: usize, rules: &Rules) -> Vec<RuleEdit> {
        let mut edits = match self.parents.len() {
            0 => vec![],
            m => self.parents[k % m].genome.edits.clone(),
        };
        let mut rng = Stream::new(self.plan.seed, self.generation as u64, 1 + k as u64, Purpose::Evolve);
        let kinds = Kinds {
            text: self.plan.rules,
            genes: self.plan.genes,
        };
        if (kinds.text || kinds.genes) && rng.chance(self.plan.rule_rate) {
            let mut r = rules.clone();
            if edits.iter().all(|e| apply(&mut r, e).is_ok()) {
                edits.push(mutate(&r, &mut rng, kinds));
            }
        }
        edits
    }

    /// Whether this generation varies rule edits (all genomes at CMA-ES's mean) rather than the
    /// real genes (all genomes with the best parent's edits): when a plan has both, they
    /// alternate, so CMA-ES ranks real vectors that share one edit set.
    pub fn edit_generation(&self) -> bool {
        (self.plan.rules || self.plan.genes) && (self.plan.real.is_empty() || self.generation % 2 == 1)
    }

    /// This generation's genomes, in order: CMA-ES's samples (kept as drawn) mapped into [0, 1]
    /// by reflection at the bounds, or rule edits around the mean (`edit_generation`).
    pub fn candidates(&mut self) -> Result<Vec<Genome>, String> {
        let rules = base_rules(&self.plan)?;
        if self.edit_generation() {
            let x = reflect(&self.es.mean);
            return Ok((0..self.plan.population)
                .map(|k| Genome {
                    x: x.clone(),
                    sample: vec![],
                    edits: self.edits(k, &rules),
                })
                .collect());
        }
        let edits = self.parents.first().map_or(vec![], |p| p.genome.edits.clone());
        Ok(self
            .es
            .ask()
            .into_iter()
            .map(|sample| Genome {
                x: reflect(&sample),
                sample,
                edits: edits.clone(),
            })
            .collect())
    }

    /// Takes the generation's evaluations (in `candidates` order): updates CMA-ES, keeps the μ
    /// best of parents and offspring, the best so far and the summary; returns the scored genomes.
    pub fn advance(&mut self, genomes: Vec<Genome>, evaluations: Vec<Evaluation>) -> Vec<Scored> {
        let scored: Vec<Scored> = genomes
            .into_iter()
            .zip(evaluations)
            .enumerate()
            .map(|(index, (genome, evaluation))| Scored {
                generation: self.generation,
                index,
                genome,
                evaluation,
            })
            .collect();
        if !self.edit_generation() {
            let xs: Vec<Vec<f64>> = scored.iter().map(|s| s.genome.sample.clone()).collect();
            let values: Vec<f64> = scored
                .iter()
                .map(|s| s.evaluation.fitness.map_or(f64::INFINITY, |f| -f))
                .collect();
            self.es.tell(&xs, &values);
        } else {
            self.es.generation += 1;
        }
        let fits: Vec<f64> = scored.iter().filter_map(|s| s.evaluation.fitness).collect();
        self.history.push(GenerationSummary {
            generation: self.generation,
            best: fits.iter().copied().reduce(f64::max),
            mean: (!fits.is_empty()).then(|| fits.iter().sum::<f64>() / fits.len() as f64),
            failed: scored.len() - fits.len(),
        });
        let mut pool: Vec<Scored> = self.parents.drain(..).chain(scored.iter().cloned()).collect();
        pool.sort_by(rank);
        pool.truncate((self.plan.population / 2).max(1));
        self.best = pool.first().cloned().filter(|s| s.evaluation.fitness.is_some());
        self.parents = pool;
        self.generation += 1;
        scored
    }

    /// The default genome of this plan: every gene at its default, no edits (the reference a
    /// search is compared with).
    pub fn default_genome(&self) -> Genome {
        Genome {
            x: self
                .plan
                .real
                .iter()
                .map(|k| default_position(k, &self.plan.ranges).unwrap_or(0.5))
                .collect(),
            sample: vec![],
            edits: vec![],
        }
    }

    /// The configuration of a genome under this plan.
    pub fn config_of(&self, g: &Genome) -> Result<Config, String> {
        g.config(&self.plan.base, &self.plan.real, &self.plan.ranges)
    }

    /// What genome `g` changed against the plan's rules: each rule that differs, then the
    /// genes it knocks out or forces on.
    pub fn diff(&self, g: &Genome) -> Vec<String> {
        let base = self.plan.base.rules.as_deref().unwrap_or(crate::grn::CORTEX15);
        let rules = self.config_of(g).ok().and_then(|c| c.rules);
        super::genome::genome_diff(base, rules.as_deref().unwrap_or(base), g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grn::Expr;

    /// Genes whose truth table differs from the target's, over every state (4 genes: 16).
    fn distance(rules: &Rules, target: &Rules) -> usize {
        let differs = |a: &Expr, b: &Expr| (0..16u64).any(|s| a.eval(s) != b.eval(s));
        rules
            .exprs
            .iter()
            .zip(&target.exprs)
            .filter(|(a, b)| differs(a, b))
            .count()
    }

    /// A rules toy problem: two rules of a 4-gene network are wrong (a sign, an operator); the
    /// search, by rule edits alone, finds a network with the target's behaviour.
    #[test]
    fn rule_edits_alone_recover_a_target_network() {
        let target = parse_bnet("targets, factors\nA, A\nB, A & !C\nC, A | B\nD, B & C\n").unwrap();
        let start = "targets, factors\nA, A\nB, A & C\nC, A | B\nD, B | C\n";
        let plan = Plan {
            base: Config {
                rules: Some(start.into()),
                ..Config::default()
            },
            generations: 40,
            population: 16,
            seeds: vec![1],
            seed: 3,
            real: vec![],
            rules: true,
            genes: true,
            rule_rate: 1.0,
            step: 0.2,
            ranges: Default::default(),
            fitness: Default::default(),
        };
        let mut search = Search::new(plan);
        let score = |g: &Genome| {
            let mut r = parse_bnet(start).unwrap();
            g.edits.iter().for_each(|e| apply(&mut r, e).unwrap());
            let knocked = g
                .edits
                .iter()
                .any(|e| matches!(e, RuleEdit::KnockOut { .. } | RuleEdit::ForceOn { .. }));
            Evaluation {
                fitness: Some(-(distance(&r, &target) as f64) - if knocked { 0.5 } else { 0.0 }),
                metrics: vec![],
                reason: None,
            }
        };
        assert_eq!(score(&search.default_genome()).fitness, Some(-2.0));
        while !search.done() && search.best.as_ref().and_then(|b| b.evaluation.fitness) != Some(0.0) {
            let genomes = search.candidates().unwrap();
            let evals = genomes.iter().map(score).collect();
            search.advance(genomes, evals);
        }
        let best = search.best.unwrap();
        assert_eq!(
            best.evaluation.fitness,
            Some(0.0),
            "after {} generations: {:?}",
            search.generation,
            best.genome.edits
        );
    }
}
