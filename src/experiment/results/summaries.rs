//! Everything the page's statistics show of a workspace, computed in one pass: conditions with
//! their accuracy and loss, each paired against its reference, reservoir tasks, series over ρ.

use super::*;
use serde::{Deserialize, Serialize};

/// The statistics of a set of runs under one analysis (reference, margin, correction).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Summaries {
    /// How many runs they summarise.
    pub runs: usize,
    /// Classification conditions: accuracy per epoch and the mean smoothed loss.
    pub conditions: Vec<ConditionSummary>,
    /// The same of the finished runs only (done or stopped): what a share link records.
    pub finished: Vec<ConditionSummary>,
    /// Each condition against its twin at the analysis' reference.
    pub paired: Vec<PairedRow>,
    /// Whether any run is a reservoir task (its values are the task's metric, not accuracy).
    pub tasks: bool,
    /// Reservoir-task conditions: the metric across seeds, and the mean floor where measured.
    pub metrics: Vec<(String, Summary)>,
    pub floors: Vec<(String, f64)>,
    /// Reservoir-task conditions: the mean metric per neuron (MC/N) where N is known.
    #[serde(default)]
    pub per_neuron: Vec<(String, f64)>,
    /// A task metric over ρ per condition.
    pub rho: Vec<RhoSeries>,
}

impl Summaries {
    pub fn of(records: &[RunRecord], analysis: &Analysis) -> Summaries {
        let tasks: Vec<RunRecord> = records.iter().filter(|r| r.task.is_some()).cloned().collect();
        let finished: Vec<RunRecord> = records
            .iter()
            .filter(|r| matches!(r.status, RunStatus::Done | RunStatus::Stopped))
            .cloned()
            .collect();
        Summaries {
            runs: records.len(),
            conditions: summarise_conditions(records),
            finished: summarise_conditions(&finished),
            paired: paired_rows(records, analysis),
            tasks: !tasks.is_empty(),
            metrics: metric_summaries(&tasks),
            floors: floor_means(&tasks),
            per_neuron: per_neuron_means(&tasks),
            rho: rho_series(records),
        }
    }

    /// The conditions without their loss curves (what changes when an accuracy does, not at
    /// every batch).
    pub fn accuracy_only(&self) -> Vec<ConditionSummary> {
        self.conditions
            .iter()
            .map(|c| ConditionSummary {
                loss: vec![],
                ..c.clone()
            })
            .collect()
    }
}
