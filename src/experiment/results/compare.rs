//! Paired comparisons: each condition against its twin with the reference topology on shared
//! seeds, with p-values corrected within families.

use super::conditions::condition_fields;
use super::*;
use crate::experiment::config::{Config, Task, Topology};
use crate::experiment::paired::{correct_family, paired, Paired};
use crate::experiment::prereg::EchoHandling;
use crate::experiment::stats::Correction;
use serde::{Deserialize, Serialize};

/// What pairs a run with its reference twin: its development, init and data seeds.
type Seeds = (u64, u64, u64);

/// A condition against the reference topology with every other setting the same.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PairedRow {
    pub label: String,
    pub reference: String,
    /// The family this comparison is corrected with (values of the family's fields; "" = all).
    pub family: String,
    pub paired: Paired,
}

/// What each condition is paired with: its twin at the reference value of one condition field,
/// every other field equal — a topology (`developmental`) or any field (`plast=none`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub field: String,
    pub value: String,
}

impl Reference {
    pub fn topology(t: Topology) -> Reference {
        Reference {
            field: "topology".into(),
            value: t.key().into(),
        }
    }

    /// `developmental` (a topology) or `FIELD=VALUE` with FIELD a condition field (the topology
    /// by its link key `topo` too).
    pub fn parse(text: &str) -> Result<Reference, String> {
        let split = text
            .split_once('=')
            .map(|(f, v)| (if f.trim() == "topo" { "topology" } else { f }, v));
        match split {
            Some((f, v)) if super::family_fields().contains(&f.trim()) => Ok(Reference {
                field: f.trim().into(),
                value: v.trim().into(),
            }),
            Some((f, _)) => Err(format!(
                "`{f}` is not a condition field ({})",
                super::family_fields().join(", ")
            )),
            None => Topology::parse(text).map(Reference::topology).ok_or(format!(
                "`{text}` is not a topology (or FIELD=VALUE of a condition field)"
            )),
        }
    }
}

impl std::fmt::Display for Reference {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        if self.field == "topology" {
            f.write_str(&self.value)
        } else {
            write!(f, "{}={}", self.field, self.value)
        }
    }
}

/// How conditions are compared: against which reference, within which margin, corrected how
/// and over which families.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub reference: Reference,
    /// Further references each condition is also paired with (`plast=none` beside the topology),
    /// corrected together with the first.
    pub also: Vec<Reference>,
    /// Equivalence margin in the metric's unit; None = `default_margin` (exploratory).
    pub margin: Option<f64>,
    pub correction: Correction,
    /// Condition fields (`rho`, `in`, …) whose values split the comparisons into families;
    /// empty = every comparison in one family.
    pub family_by: Vec<String>,
    /// Whether runs that are not echo-state enter the verdicts.
    #[serde(default)]
    pub echo_state: EchoHandling,
    /// Verdicts on the metric over the circuit's neuron count.
    #[serde(default)]
    pub per_neuron: bool,
    /// Condition fields tuned per system (by a pilot): a condition's twin may differ in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tuned: Vec<String>,
}

impl Analysis {
    /// Against `reference`, Holm over every comparison, the default margin.
    pub fn against(reference: Topology) -> Analysis {
        Analysis {
            reference: Reference::topology(reference),
            also: vec![],
            margin: None,
            correction: Correction::Holm,
            family_by: vec![],
            echo_state: EchoHandling::Unstated,
            per_neuron: false,
            tuned: vec![],
        }
    }
}

/// The default equivalence margin: 1 accuracy point for classification, 5 % of the
/// reference mean for a task metric. Chosen from the data, so only for exploring in the page;
/// sweeps state theirs in the plan.
pub fn default_margin(task: Task, reference_mean: f64) -> f64 {
    if task == Task::Classify {
        0.01
    } else {
        0.05 * reference_mean.abs()
    }
}

/// Every condition whose twin at a reference value (all other settings equal) ran on shared
/// seeds, paired against that twin — for the reference, then each further one — with p-values
/// corrected within each family over all of them.
pub fn paired_rows(records: &[RunRecord], a: &Analysis) -> Vec<PairedRow> {
    let mut rows: Vec<PairedRow> = std::iter::once(&a.reference)
        .chain(&a.also)
        .flat_map(|r| rows_against(records, a, r))
        .collect();
    let families: Vec<String> = rows.iter().map(|r| r.family.clone()).collect();
    for f in families.iter().collect::<std::collections::BTreeSet<_>>() {
        let mut members: Vec<&mut Paired> = rows
            .iter_mut()
            .filter(|r| &r.family == f)
            .map(|r| &mut r.paired)
            .collect();
        correct_family(&mut members, a.correction);
    }
    rows
}

/// The value a run enters the verdicts with: its metric (per neuron where the analysis says),
/// or None when it failed, lacks a neuron count, or is not echo-state and the plan excludes it.
fn analysed_metric(r: &RunRecord, a: &Analysis) -> Option<f64> {
    let v = record_metric(r)?;
    if r.task.as_ref().is_some_and(|t| !a.echo_state.admits(t.echo_state)) {
        return None;
    }
    match (a.per_neuron, r.task.as_ref().map(|t| t.neurons)) {
        (false, _) => Some(v),
        (true, Some(n)) if n > 0 => Some(v / n as f64),
        (true, _) => None,
    }
}

/// The uncorrected comparisons of every condition with its twin at `reference`.
fn rows_against(records: &[RunRecord], a: &Analysis, reference: &Reference) -> Vec<PairedRow> {
    let labels = condition_labels(records);
    let key_of = |c: &Config, keep: &dyn Fn(&str) -> bool| {
        condition_fields(c)
            .into_iter()
            .filter(|f| keep(f.0))
            .map(|f| format!("{}={}", f.0, f.1))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let field = reference.field.as_str();
    let value_of = |c: &Config| condition_fields(c).into_iter().find(|f| f.0 == field).map(|f| f.1);
    // A run's twin is the run with the reference value and every other field equal, where
    // "other fields" are read with the reference value put in (so the parameters of a rule that
    // the reference `plast=none` switches off do not keep the twins apart).
    let setting = crate::experiment::settings::by_key(if field == "topology" { "topo" } else { field });
    let with_reference = |c: &Config| {
        let mut twin = c.clone();
        if let Some(s) = setting {
            // A value the setting cannot take as text (a rules hash, say) changes nothing that
            // matters: the key leaves the reference field out in any case.
            let _ = (s.put)(&mut twin, &reference.value);
        }
        twin
    };
    // (twin key, family, value of the reference field, label, task, (seeds, value) per run)
    type Group = (String, String, Option<String>, String, Task, Vec<(Seeds, f64)>);
    let seeds = |c: &Config| (c.seed, c.init_seed, c.data_seed);
    let mut groups: Vec<Group> = vec![];
    for (r, l) in records.iter().zip(labels) {
        let Some(v) = analysed_metric(r, a) else { continue };
        match groups.iter_mut().find(|g| g.3 == l) {
            Some(g) => g.5.push((seeds(&r.config), v)),
            None => groups.push((
                key_of(&with_reference(&r.config), &|f| {
                    f != field && !a.tuned.iter().any(|t| t == f)
                }),
                key_of(&r.config, &|f| a.family_by.iter().any(|x| x == f)),
                value_of(&r.config),
                l,
                r.config.task,
                vec![(seeds(&r.config), v)],
            )),
        }
    }
    let is_reference = |g: &Group| g.2.as_deref() == Some(reference.value.as_str());
    groups
        .iter()
        .filter(|g| !is_reference(g))
        .filter_map(|(key, family, _, label, task, values)| {
            let twin = groups.iter().find(|g| is_reference(g) && &g.0 == key)?;
            let ref_mean = twin.5.iter().map(|v| v.1).sum::<f64>() / twin.5.len() as f64;
            let m = a.margin.unwrap_or_else(|| default_margin(*task, ref_mean));
            Some(PairedRow {
                label: label.clone(),
                reference: twin.3.clone(),
                family: family.clone(),
                paired: paired(values, &twin.5, m, task.metric().1)?,
            })
        })
        .collect()
}
