//! Paired comparisons: each condition against its twin with the reference topology on shared
//! seeds, with p-values corrected within families.

use super::conditions::condition_fields;
use super::*;
use crate::experiment::config::{Config, Task, Topology};
use crate::experiment::paired::{correct_family, paired, Paired};
use crate::experiment::stats::Correction;
use serde::Serialize;

/// A condition against the reference topology with every other setting the same.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PairedRow {
    pub label: String,
    pub reference: String,
    /// The family this comparison is corrected with (values of the family's fields; "" = all).
    pub family: String,
    pub paired: Paired,
}

/// How conditions are compared: against which topology, within which margin, corrected how
/// and over which families.
#[derive(Clone, Debug, PartialEq)]
pub struct Analysis {
    pub reference: Topology,
    /// Equivalence margin in the metric's unit; None = `default_margin` (exploratory).
    pub margin: Option<f64>,
    pub correction: Correction,
    /// Condition fields (`rho`, `in`, …) whose values split the comparisons into families;
    /// empty = every comparison in one family.
    pub family_by: Vec<String>,
}

impl Analysis {
    /// Against `reference`, Holm over every comparison, the default margin.
    pub fn against(reference: Topology) -> Analysis {
        Analysis {
            reference,
            margin: None,
            correction: Correction::Holm,
            family_by: vec![],
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

/// Every condition whose twin with the reference topology (all other settings equal) ran on
/// shared seeds, paired against that twin, with p-values corrected within each family.
pub fn paired_rows(records: &[RunRecord], a: &Analysis) -> Vec<PairedRow> {
    let labels = condition_labels(records);
    let key_of = |c: &Config, keep: &dyn Fn(&str) -> bool| {
        condition_fields(c)
            .into_iter()
            .filter(|f| keep(f.0))
            .map(|f| format!("{}={}", f.0, f.1))
            .collect::<Vec<_>>()
            .join(" ")
    };
    // (twin key, family, topology, label, task, (seed, value) per run)
    type Group = (String, String, Topology, String, Task, Vec<(u64, f64)>);
    let mut groups: Vec<Group> = vec![];
    for (r, l) in records.iter().zip(labels) {
        let Some(v) = record_metric(r) else { continue };
        match groups.iter_mut().find(|g| g.3 == l) {
            Some(g) => g.5.push((r.config.seed, v)),
            None => groups.push((
                key_of(&r.config, &|f| f != "topology"),
                key_of(&r.config, &|f| a.family_by.iter().any(|x| x == f)),
                r.config.topology,
                l,
                r.config.task,
                vec![(r.config.seed, v)],
            )),
        }
    }
    let mut rows: Vec<PairedRow> = groups
        .iter()
        .filter(|g| g.2 != a.reference)
        .filter_map(|(key, family, _, label, task, values)| {
            let twin = groups.iter().find(|g| g.2 == a.reference && &g.0 == key)?;
            let ref_mean = twin.5.iter().map(|v| v.1).sum::<f64>() / twin.5.len() as f64;
            let m = a.margin.unwrap_or_else(|| default_margin(*task, ref_mean));
            Some(PairedRow {
                label: label.clone(),
                reference: twin.3.clone(),
                family: family.clone(),
                paired: paired(values, &twin.5, m, task.metric().1)?,
            })
        })
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
