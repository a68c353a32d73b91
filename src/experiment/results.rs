//! Finished and running runs as plain records, grouped into conditions (what differs apart
//! from the seeds) and summarised per epoch as mean ± sd with a 95 % confidence interval.

use super::config::{Config, Task, Topology};
use super::paired::{correct_family, paired, Paired};
use super::settings::{Setting, Spec, SETTINGS};
use super::stats::{t95, Correction};
use super::task::TaskOutcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", content = "why", rename_all = "lowercase")]
pub enum RunStatus {
    Running,
    Done,
    Stopped,
    /// The page was reloaded or closed while this run trained.
    Interrupted,
    Failed(String),
}

impl RunStatus {
    pub fn label(&self) -> String {
        match self {
            RunStatus::Running => "running".into(),
            RunStatus::Done => "done".into(),
            RunStatus::Stopped => "stopped".into(),
            RunStatus::Interrupted => "interrupted by a reload".into(),
            RunStatus::Failed(why) => format!("failed: {why}"),
        }
    }
}

/// One training run: its configuration, provenance and everything it measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub id: u64,
    pub config: Config,
    pub status: RunStatus,
    pub version: String,
    pub backend: String,
    pub fingerprint: String,
    /// Test accuracy before training (iteration 0).
    pub acc0: Option<f64>,
    /// Test accuracy after each epoch.
    pub accuracy: Vec<f64>,
    pub test_images: usize,
    /// (iteration, loss) at every logged batch.
    pub losses: Vec<(usize, f64)>,
    /// First iteration trained on the CPU after WebGPU was lost.
    pub fallback_at: Option<usize>,
    pub samples_per_second: f64,
    /// Training seconds (without loading and evaluation).
    pub seconds: f64,
    /// Of `seconds`, the time spent reading the loss back (on WebGPU: waiting for the GPU).
    #[serde(default)]
    pub readback_seconds: f64,
    /// Wall seconds from start to end, loading and evaluation included (for the ETA).
    pub wall_seconds: f64,
    pub classes: Vec<String>,
    /// Confusion counts of the last evaluation, [true][predicted].
    pub confusion: Vec<u32>,
    /// Predicted class of the first test images (the image grid).
    pub predictions: Vec<u8>,
    /// What a reservoir task measured (None for classification runs).
    #[serde(default)]
    pub task: Option<TaskOutcome>,
    /// Read from a collected sweep, not run in this page.
    #[serde(default)]
    pub imported: bool,
}

impl RunRecord {
    pub fn new(id: u64, config: Config, version: &str, backend: &str) -> RunRecord {
        RunRecord {
            id,
            config,
            status: RunStatus::Running,
            version: version.into(),
            backend: backend.into(),
            fingerprint: String::new(),
            acc0: None,
            accuracy: vec![],
            test_images: 0,
            losses: vec![],
            fallback_at: None,
            samples_per_second: 0.0,
            seconds: 0.0,
            readback_seconds: 0.0,
            wall_seconds: 0.0,
            classes: vec![],
            confusion: vec![],
            predictions: vec![],
            task: None,
            imported: false,
        }
    }

    /// Accuracy at iteration 0 followed by each epoch's.
    pub fn accuracy_curve(&self) -> Vec<f64> {
        self.acc0.into_iter().chain(self.accuracy.iter().copied()).collect()
    }

    /// Per-class accuracy from the confusion counts.
    pub fn per_class(&self) -> Vec<f64> {
        let k = self.classes.len();
        (0..k)
            .map(|c| {
                let row = &self.confusion[c * k..(c + 1) * k];
                let total: u32 = row.iter().sum();
                if total == 0 {
                    0.0
                } else {
                    row[c] as f64 / total as f64
                }
            })
            .collect()
    }
}

/// The settings that define a condition (every setting of the table that is part of one, so
/// not the seeds), as (field, value): `-` where the setting does not act on the run, the rules
/// by their content hash, empty values by what they mean.
fn condition_fields(c: &Config) -> Vec<(&'static str, String)> {
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

/// A label per record naming its condition: the topology plus every field that varies
/// between the records (so two conditions that differ only in lr read "developmental lr=…").
pub fn condition_labels(records: &[RunRecord]) -> Vec<String> {
    config_labels(&records.iter().map(|r| &r.config).collect::<Vec<_>>())
}

/// `condition_labels` over configurations.
pub fn config_labels(configs: &[&Config]) -> Vec<String> {
    let fields: Vec<_> = configs.iter().map(|c| condition_fields(c)).collect();
    let varies = |k: usize| fields.iter().any(|f| f[k].1 != fields[0][k].1);
    let shown: Vec<usize> = (1..fields.first().map_or(0, |f| f.len()))
        .filter(|&k| varies(k))
        .collect();
    fields
        .iter()
        .map(|f| {
            let mut label = f[0].1.clone();
            for &k in &shown {
                label.push_str(&format!(" {}={}", f[k].0, f[k].1));
            }
            label
        })
        .collect()
}

/// A finished run's headline value: the task metric, or the last epoch's test accuracy.
pub fn record_metric(r: &RunRecord) -> Option<f64> {
    if r.status != RunStatus::Done {
        return None;
    }
    match &r.task {
        Some(t) => Some(t.metric),
        None => r.accuracy.last().copied(),
    }
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
    let labels = condition_labels(records);
    let mut sums: Vec<(String, f64, usize)> = vec![];
    for (r, l) in records.iter().zip(labels) {
        let Some(f) = r
            .task
            .as_ref()
            .and_then(|t| t.floor)
            .filter(|_| r.status == RunStatus::Done)
        else {
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

/// The condition fields a family can be split by (the names in `condition_fields`).
pub fn family_fields() -> Vec<&'static str> {
    condition_fields(&Config::default()).iter().map(|f| f.0).collect()
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

/// Stored runs (localStorage, an older version's too): each record read on its own, a
/// record of the former `trainable` topology migrated to `developmental` + `train=all`;
/// returns the readable records and one notice per kind of problem.
pub fn read_stored(text: &str) -> (Vec<RunRecord>, Vec<String>) {
    let values: Vec<serde_json::Value> = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return (vec![], vec![format!("Stored results could not be read ({e})")]),
    };
    let (mut records, mut broken, mut migrated) = (vec![], 0, 0);
    for mut v in values {
        if v["config"]["topology"] == "trainable" {
            v["config"]["topology"] = "developmental".into();
            v["config"]["train"] = "all".into();
            migrated += 1;
        }
        match serde_json::from_value::<RunRecord>(v) {
            Ok(r) => records.push(r),
            Err(_) => broken += 1,
        }
    }
    let mut notices = vec![];
    if migrated > 0 {
        notices.push(format!(
            "{migrated} stored run(s) of the former `trainable` topology are now shown as developmental with train=all \
            (W_rec trained)"
        ));
    }
    if broken > 0 {
        notices.push(format!("{broken} stored run(s) could not be read and are not shown"));
    }
    (records, notices)
}

/// Mean, sample sd, n and the 95 % CI half-width (0 for a single value).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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

/// One line of a metric-vs-ρ chart: a condition (every setting but ρ and the seeds) and the
/// metric's summary across seeds at each ρ.
#[derive(Clone, Debug, PartialEq)]
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(topology: Topology, seed: u64, acc: &[f64], lr: f64) -> RunRecord {
        let config = Config {
            topology,
            seed,
            learning_rate: lr,
            ..Config::default()
        };
        let mut r = RunRecord::new(seed, config, "0", "cpu");
        r.acc0 = Some(acc[0]);
        r.accuracy = acc[1..].to_vec();
        r.losses = vec![(1, 2.3), (5, 1.0)];
        r.status = RunStatus::Done;
        r
    }

    #[test]
    fn conditions_pair_with_their_reference_twin_only() {
        // developmental and random at lr 0.001 (seeds 1-3), random at lr 0.01 without a twin.
        let rs = vec![
            rec(Topology::Developmental, 1, &[0.1, 0.90], 0.001),
            rec(Topology::Random, 1, &[0.1, 0.91], 0.001),
            rec(Topology::Developmental, 2, &[0.1, 0.92], 0.001),
            rec(Topology::Random, 2, &[0.1, 0.92], 0.001),
            rec(Topology::Developmental, 3, &[0.1, 0.94], 0.001),
            rec(Topology::Random, 3, &[0.1, 0.935], 0.001),
            rec(Topology::Random, 1, &[0.1, 0.5], 0.01),
            rec(Topology::Random, 2, &[0.1, 0.6], 0.01),
        ];
        let rows = paired_rows(&rs, &Analysis::against(Topology::Developmental));
        assert_eq!(rows.len(), 1, "{rows:?}");
        let p = &rows[0].paired;
        // Differences +0.01, 0, −0.005: mean 0.001667, sd 0.007638, 90 % CI ± 2.920·0.00441 within ±0.01? 0.0145 → no.
        assert_eq!(
            (rows[0].label.as_str(), rows[0].reference.as_str(), p.n),
            ("random lr=0.001", "developmental lr=0.001", 3)
        );
        assert!(
            (p.mean - 0.005 / 3.0).abs() < 1e-12 && (p.sd - 0.0076376).abs() < 1e-6,
            "{p:?}"
        );
        assert_eq!(p.verdict, crate::experiment::paired::Verdict::Inconclusive);
        assert_eq!(
            paired_rows(
                &rs,
                &Analysis {
                    margin: Some(0.02),
                    ..Analysis::against(Topology::Developmental)
                }
            )[0]
            .paired
            .verdict,
            crate::experiment::paired::Verdict::Equivalent
        );
    }

    #[test]
    fn stored_runs_are_read_one_by_one_and_old_topologies_migrate_with_a_notice() {
        let good = serde_json::to_value(rec(Topology::Random, 1, &[0.1, 0.9], 0.001)).unwrap();
        let mut old = good.clone();
        old["config"]["topology"] = "trainable".into();
        let text = serde_json::to_string(&vec![good, old, serde_json::json!({"id": "x"})]).unwrap();
        let (records, notices) = read_stored(&text);
        assert_eq!(records.len(), 2);
        assert_eq!(
            (records[1].config.topology, records[1].config.train),
            (Topology::Developmental, crate::model::TrainMode::All)
        );
        assert!(
            notices.len() == 2
                && notices[0].contains("trainable")
                && notices[1].contains("1 stored run(s) could not be read"),
            "{notices:?}"
        );
        assert_eq!(read_stored("{oops").1.len(), 1);
    }

    #[test]
    fn summaries_match_hand_computed_values() {
        let s = summarise(&[0.90, 0.92, 0.94]).unwrap();
        assert!((s.mean - 0.92).abs() < 1e-12 && (s.sd - 0.02).abs() < 1e-12);
        // R: qt(0.975, 2) = 4.302653
        assert!((s.ci95 - 4.302653 * 0.02 / 3f64.sqrt()).abs() < 1e-7);
        assert_eq!(summarise(&[0.5]).unwrap().ci95, 0.0);
        assert!(summarise(&[]).is_none());
    }

    #[test]
    fn conditions_group_by_what_differs_apart_from_seeds() {
        let rs = vec![
            rec(Topology::Developmental, 1, &[0.1, 0.9], 1e-3),
            rec(Topology::Random, 1, &[0.1, 0.8], 1e-3),
            rec(Topology::Developmental, 2, &[0.1, 0.92], 1e-3),
            rec(Topology::Developmental, 3, &[0.1, 0.5], 1e-2),
        ];
        assert_eq!(
            condition_labels(&rs),
            [
                "developmental lr=0.001",
                "random lr=0.001",
                "developmental lr=0.001",
                "developmental lr=0.01"
            ]
        );
        let c = summarise_conditions(&rs);
        assert_eq!(
            c.iter().map(|c| (c.label.as_str(), c.runs)).collect::<Vec<_>>(),
            [
                ("developmental lr=0.001", 2),
                ("random lr=0.001", 1),
                ("developmental lr=0.01", 1)
            ]
        );
        assert!((c[0].accuracy[1].mean - 0.91).abs() < 1e-12);
        assert_eq!(c[0].loss.iter().map(|l| l.0).collect::<Vec<_>>(), [1, 5]);
        assert!((c[0].loss[1].1.mean - (2.3 + 0.2 * (1.0 - 2.3))).abs() < 1e-12);
    }

    #[test]
    fn seeds_topologies_and_plan() {
        assert_eq!(parse_seeds("1-3, 7").unwrap(), [1, 2, 3, 7]);
        assert!(parse_seeds("3-1").unwrap_err().contains("`3-1`"));
        assert!(parse_seeds("x").unwrap_err().contains("`x`"));
        assert!(parse_seeds("").is_err() && parse_seeds("1-200").is_err());
        assert!(parse_topologies("developmental, lattice")
            .unwrap_err()
            .contains("`lattice`"));
        let p = plan(
            &Config::default(),
            &parse_topologies("developmental,none").unwrap(),
            &[4, 5],
            &[0.9],
        );
        assert_eq!(
            p.iter()
                .map(|c| (c.topology, c.seed, c.init_seed, c.data_seed))
                .collect::<Vec<_>>(),
            [
                (Topology::Developmental, 4, 4, 4),
                (Topology::None, 4, 4, 4),
                (Topology::Developmental, 5, 5, 5),
                (Topology::None, 5, 5, 5)
            ]
        );
    }
}
