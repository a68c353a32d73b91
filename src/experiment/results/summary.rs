//! Summaries: mean ± sd with a 95 % confidence interval per condition and epoch, smoothed
//! losses, and a task metric over ρ.

use super::*;
use crate::experiment::config::{Config, Task};
use crate::experiment::stats::t95;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Mean, sample sd, n and the 95 % CI half-width (0 for a single value).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub mean: f64,
    pub sd: f64,
    pub n: usize,
    pub ci95: f64,
}

pub fn summarise(values: &[f64]) -> Option<Summary> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (values.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let ci95 = if n > 1 {
        t95(n - 1) * sd / (n as f64).sqrt()
    } else {
        0.0
    };
    Some(Summary { mean, sd, n, ci95 })
}

/// One condition across its seeds: accuracy per epoch (0 = iteration 0) and the smoothed loss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConditionSummary {
    pub label: String,
    pub runs: usize,
    pub accuracy: Vec<Summary>,
    /// (iteration, summary of the seeds' smoothed losses there).
    pub loss: Vec<(usize, Summary)>,
    pub samples_per_second: Option<Summary>,
}

/// Exponential moving average of a loss series (the live chart's smoothing).
pub fn smooth(losses: &[(usize, f64)], alpha: f64) -> Vec<(usize, f64)> {
    let mut s = None;
    losses
        .iter()
        .map(|&(i, l)| {
            let v = s.map_or(l, |p: f64| p + alpha * (l - p));
            s = Some(v);
            (i, v)
        })
        .collect()
}

/// Groups records by condition label (first appearance order) and summarises each group.
/// Only classification runs count here (reservoir tasks are summarised by `metric_summaries`).
pub fn summarise_conditions(records: &[RunRecord]) -> Vec<ConditionSummary> {
    let records: Vec<&RunRecord> = records
        .iter()
        .filter(|r| r.task.is_none() && r.config.task == Task::Classify)
        .collect();
    let labels = config_labels(&records.iter().map(|r| &r.config).collect::<Vec<_>>());
    let mut order: Vec<String> = vec![];
    let mut groups: BTreeMap<String, Vec<&RunRecord>> = BTreeMap::new();
    for (&r, l) in records.iter().zip(labels) {
        if !groups.contains_key(&l) {
            order.push(l.clone());
        }
        groups.entry(l).or_default().push(r);
    }
    order
        .into_iter()
        .map(|label| {
            let rs = &groups[&label];
            let curves: Vec<Vec<f64>> = rs.iter().map(|r| r.accuracy_curve()).collect();
            let epochs = curves.iter().map(|c| c.len()).max().unwrap_or(0);
            let accuracy = (0..epochs)
                .filter_map(|e| summarise(&curves.iter().filter_map(|c| c.get(e).copied()).collect::<Vec<_>>()))
                .collect();
            let mut at: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
            for r in rs {
                for (i, l) in smooth(&r.losses, 0.2) {
                    at.entry(i).or_default().push(l);
                }
            }
            let loss = at
                .into_iter()
                .filter_map(|(i, v)| summarise(&v).map(|s| (i, s)))
                .collect();
            let speeds: Vec<f64> = rs
                .iter()
                .filter(|r| r.samples_per_second > 0.0)
                .map(|r| r.samples_per_second)
                .collect();
            ConditionSummary {
                runs: rs.len(),
                accuracy,
                loss,
                samples_per_second: summarise(&speeds),
                label,
            }
        })
        .collect()
}

/// One line of a metric-vs-ρ chart: a condition (every setting but ρ and the seeds) and the
/// metric's summary across seeds at each ρ.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RhoSeries {
    pub label: String,
    pub points: Vec<(f64, Summary)>,
}

/// Finished task runs grouped into ρ series (first appearance order), points sorted by ρ.
pub fn rho_series(records: &[RunRecord]) -> Vec<RhoSeries> {
    let tasks: Vec<&RunRecord> = records
        .iter()
        .filter(|r| r.task.is_some() && r.status == RunStatus::Done)
        .collect();
    let flat: Vec<RunRecord> = tasks
        .iter()
        .map(|r| RunRecord {
            config: Config {
                radius: 0.0,
                ..r.config.clone()
            },
            ..(*r).clone()
        })
        .collect();
    let labels = condition_labels(&flat);
    let mut order: Vec<String> = vec![];
    let mut groups: BTreeMap<String, BTreeMap<u64, Vec<f64>>> = BTreeMap::new();
    for (r, l) in tasks.iter().zip(labels) {
        if !order.contains(&l) {
            order.push(l.clone());
        }
        let Some(t) = &r.task else { continue };
        groups
            .entry(l)
            .or_default()
            .entry(t.rho.to_bits())
            .or_default()
            .push(t.metric);
    }
    order
        .into_iter()
        .map(|label| {
            let mut points: Vec<(f64, Summary)> = groups[&label]
                .iter()
                .filter_map(|(&rho, v)| Some((f64::from_bits(rho), summarise(v)?)))
                .collect();
            points.sort_by(|a, b| a.0.total_cmp(&b.0));
            RhoSeries { label, points }
        })
        .collect()
}
