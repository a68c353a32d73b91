//! Conditions: what defines one (every setting of the table but the seeds), its label (the
//! topology plus what varies) and per-condition headline values.

use super::*;
use crate::experiment::config::Config;
use crate::experiment::settings::{Setting, Spec, SETTINGS};
use std::collections::BTreeMap;

/// The settings that define a condition (every setting of the table that is part of one, so
/// not the seeds), as (field, value): `-` where the setting does not act on the run, the rules
/// by their content hash, empty values by what they mean.
pub(super) fn condition_fields(c: &Config) -> Vec<(&'static str, String)> {
    let mut fields = vec![("topology", c.topology.key().to_string())];
    for s in SETTINGS.iter().filter(|s| s.condition && s.key() != "topo") {
        fields.push((s.key(), condition_value(s, c)));
    }
    fields
}

/// A setting's value as conditions, labels and the Methods show it: `-` where it does not act
/// on the run, rules by their content hash, an empty value by what it means.
pub fn condition_value(s: &Setting, c: &Config) -> String {
    let text = (s.get)(c);
    match s.spec {
        _ if !(s.acts)(c) => "-".into(),
        Spec::Text(t) if text.is_empty() => t.empty.into(),
        Spec::Num(n) if text.is_empty() && n.optional() => "all".into(),
        Spec::Text(t) if t.key == "rules" => {
            format!("custom#{:08x}", crate::rng::fingerprint_bytes(text.as_bytes()) as u32)
        }
        Spec::Text(t) if t.list => text.replace(',', "+"),
        _ => text,
    }
}

/// A label per record naming its condition: the topology plus every field that takes two or
/// more values between the records (so two conditions that differ only in lr read
/// "developmental lr=…"); a field that does not act on a record (`-`) is left out of its label,
/// since the fields that switch it off say so.
pub fn condition_labels(records: &[RunRecord]) -> Vec<String> {
    config_labels(&records.iter().map(|r| &r.config).collect::<Vec<_>>())
}

/// `condition_labels` over configurations.
pub fn config_labels(configs: &[&Config]) -> Vec<String> {
    let fields: Vec<_> = configs.iter().map(|c| condition_fields(c)).collect();
    let varies = |k: usize| {
        let mut acting = fields.iter().map(|f| &f[k].1).filter(|v| v.as_str() != "-");
        acting.next().is_some_and(|first| acting.any(|v| v != first))
    };
    let shown: Vec<usize> = (1..fields.first().map_or(0, |f| f.len()))
        .filter(|&k| varies(k))
        .collect();
    fields
        .iter()
        .map(|f| {
            let mut label = f[0].1.clone();
            for &k in shown.iter().filter(|&&k| f[k].1 != "-") {
                label.push_str(&format!(" {}={}", f[k].0, f[k].1));
            }
            label
        })
        .collect()
}

/// The condition fields a family can be split by (the names in `condition_fields`).
pub fn family_fields() -> Vec<&'static str> {
    condition_fields(&Config::default()).iter().map(|f| f.0).collect()
}

/// Each condition's headline value across its finished runs (first appearance order).
pub fn metric_summaries(records: &[RunRecord]) -> Vec<(String, Summary)> {
    let labels = condition_labels(records);
    let mut order: Vec<String> = vec![];
    let mut groups: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for (r, l) in records.iter().zip(&labels) {
        if let Some(m) = record_metric(r) {
            if !order.contains(l) {
                order.push(l.clone());
            }
            groups.entry(l.clone()).or_default().push(m);
        }
    }
    order
        .into_iter()
        .filter_map(|l| summarise(&groups[&l]).map(|s| (l, s)))
        .collect()
}

/// Each condition's mean memory-capacity floor over its finished runs that have one.
pub fn floor_means(records: &[RunRecord]) -> Vec<(String, f64)> {
    task_means(records, |t| t.floor)
}

/// Each condition's mean metric per neuron (MC/N) over its finished runs that know N.
pub fn per_neuron_means(records: &[RunRecord]) -> Vec<(String, f64)> {
    task_means(records, super::super::task::TaskOutcome::per_neuron)
}

/// Each condition's mean of `value` over its finished task runs that have one.
fn task_means(
    records: &[RunRecord],
    value: impl Fn(&super::super::task::TaskOutcome) -> Option<f64>,
) -> Vec<(String, f64)> {
    let labels = condition_labels(records);
    let mut sums: Vec<(String, f64, usize)> = vec![];
    for (r, l) in records.iter().zip(labels) {
        let Some(f) = r.task.as_ref().and_then(&value).filter(|_| r.status == RunStatus::Done) else {
            continue;
        };
        match sums.iter_mut().find(|s| s.0 == l) {
            Some(s) => {
                s.1 += f;
                s.2 += 1
            }
            None => sums.push((l, f, 1)),
        }
    }
    sums.into_iter().map(|(l, s, n)| (l, s / n as f64)).collect()
}
