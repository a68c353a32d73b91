//! Running a plan here: one line (a Slurm array task) or every run without a result, each
//! written atomically; a seed's runs share one growth.

use super::result_file::{Finished, Metrics, ResultFile};
use super::*;
use crate::cli::commands::run_training;
use crate::cli::flags;
use crate::experiment::identity::{config_from, differences, Texts};
use crate::experiment::pipeline::BuildError;
use crate::experiment::sweep::PlannedRun;
use crate::experiment::task::run_task;
use crate::experiment::{build, built_from, Built, Config, Task};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

fn host() -> String {
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "unknown".into())
}

/// Tissues grown by this process, by everything that decides them: the runs of one seed
/// (every topology, ρ and task) grow it once. Growth is deterministic, so this changes no result.
#[derive(Default)]
pub struct GrowthCache {
    /// `Config::growth_key` → the grown tissue.
    grown: BTreeMap<String, crate::development::Grown>,
}

impl GrowthCache {
    /// The circuit of `cfg` (grown, or taken from the cache) with its topology and W_rec.
    fn build(&mut self, cfg: &Config) -> Result<Built, BuildError> {
        let key = cfg.growth_key();
        if let Some(g) = self.grown.get(&key) {
            return built_from(cfg, g.clone(), 0.0);
        }
        if self.grown.len() >= 8 {
            self.grown.clear();
        }
        let built = build(cfg, || 0.0)?;
        self.grown.insert(key, built.grown.clone());
        Ok(built)
    }
}

/// The configuration a planned run fixed (never re-read from the files it named).
pub fn planned_config(r: &PlannedRun, texts: &Texts) -> Result<Config, String> {
    if r.config.is_null() {
        return Err(
            "the plan was written before runs carried their whole configuration; plan it again with \
            `devcircuit sweep plan`"
                .into(),
        );
    }
    config_from(&r.config, texts)
}

/// Runs one planned run in this process; the metrics part of its result.
fn execute(cfg: &Config, cache: &mut GrowthCache) -> Result<Metrics, String> {
    let built = cache.build(cfg)?;
    let measured = Metrics {
        fingerprint: built.fingerprint.clone(),
        topology_fingerprint: built.used_fingerprint.clone(),
        metric_name: cfg.task.metric().0.to_string(),
        metric: None,
        outcome: None,
        iteration0_accuracy: None,
        test_accuracy: None,
        seconds: None,
        backend: None,
    };
    if cfg.task != Task::Classify {
        let out = run_task(cfg, &built.circuit, cfg.radius)?;
        return Ok(Metrics {
            metric: Some(out.metric),
            outcome: Some(out),
            ..measured
        });
    }
    let data = crate::data::fs::load(&cfg.dataset)?;
    let (out, backend) = run_training(cfg, &data, &built, false, flags::Backend::Ndarray)?;
    Ok(Metrics {
        metric_name: "test accuracy".into(),
        metric: out.test_accuracy.last().copied(),
        iteration0_accuracy: Some(out.iteration0_accuracy),
        test_accuracy: Some(out.test_accuracy),
        seconds: Some(out.seconds),
        backend: Some(backend.to_string()),
        ..measured
    })
}

fn result_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

/// True when `dir` holds a finished result of `r` with its whole configuration; one that ran
/// another configuration under the same id is said (field by field) and done again.
fn done(dir: &Path, r: &PlannedRun) -> bool {
    let Some(v) = std::fs::read_to_string(result_path(dir, &r.id))
        .ok()
        .and_then(|t| ResultFile::read(&t).ok())
    else {
        return false;
    };
    if v.status != Finished::Done {
        return false;
    }
    if v.config != r.config {
        eprintln!(
            "run {}: its result ran another configuration ({}); running it again",
            r.id,
            differences(&v.config, &r.config)
        );
        return false;
    }
    true
}

/// Keeps each rules text once in the results folder (`texts/HASH.bnet`), where `collect` reads it.
pub(super) fn keep_texts(dir: &Path, texts: &Texts) -> Result<(), String> {
    for (h, text) in texts {
        let path = dir.join("texts").join(format!("{h}.bnet"));
        if !path.exists() {
            std::fs::create_dir_all(dir.join("texts")).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            crate::cli::files::write_atomic(&path, text)?;
        }
    }
    Ok(())
}

/// The plan's path as results record it: relative to the results folder (`../../delay.jsonl`),
/// so no machine's absolute path ends up in a committed file; its file name when unrelated.
fn plan_ref(plan_path: &str, dir: &Path) -> String {
    let (Ok(plan), Ok(dir)) = (std::fs::canonicalize(plan_path), std::fs::canonicalize(dir)) else {
        return plan_path.into();
    };
    let common = plan
        .components()
        .zip(dir.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return plan
            .file_name()
            .map_or(plan_path.into(), |n| n.to_string_lossy().into());
    }
    let up = dir.components().count() - common;
    let rest: PathBuf = plan.components().skip(common).collect();
    let mut rel = PathBuf::new();
    (0..up).for_each(|_| rel.push(".."));
    rel.join(rest).display().to_string()
}

/// Runs line `k` of the plan unless its result exists; writes the result atomically.
fn run_line(plan_path: &str, plan: &SweepPlan, k: usize, dir: &Path, cache: &mut GrowthCache) -> Result<bool, String> {
    let r = &plan.runs[k];
    if done(dir, r) {
        return Ok(false);
    }
    let started = unix_now();
    let outcome = planned_config(r, &plan.texts).and_then(|cfg| execute(&cfg, cache));
    let (metrics, error) = match outcome {
        Ok(m) => (Some(m), None),
        Err(e) => (None, Some(e)),
    };
    let v = ResultFile {
        id: r.id.clone(),
        line: k as u64,
        plan: plan_ref(plan_path, dir),
        preregistration: plan.prereg.clone(),
        command: r.command.clone(),
        task: r.task.clone(),
        settings: r.settings.clone(),
        config: r.config.clone(),
        version: crate::experiment::APP_VERSION.into(),
        host: host(),
        started_unix: started,
        finished_unix: unix_now(),
        status: if metrics.is_some() {
            Finished::Done
        } else {
            Finished::Failed
        },
        metrics,
        error,
    };
    let text = serde_json::to_string(&v).map_err(|e| e.to_string())?;
    crate::cli::files::write_atomic(&result_path(dir, &r.id), &format!("{text}\n"))?;
    match v.error {
        None => Ok(true),
        Some(e) => Err(format!("run {k} ({}) failed: {e}", r.id)),
    }
}

pub fn run(plan_path: &str, line: Option<u64>, out: &str) -> Result<(), String> {
    let dir = PathBuf::from(out);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let plan = read_plan_file(plan_path)?;
    let runs = &plan.runs;
    keep_texts(&dir, &plan.texts)?;
    if let Some(k) = line.map(|k| k as usize) {
        if k >= runs.len() {
            return Err(format!(
                "flag `--task {k}`: {plan_path} has lines 0-{} ({} runs)",
                runs.len().saturating_sub(1),
                runs.len()
            ));
        }
        let ran = run_line(plan_path, &plan, k, &dir, &mut GrowthCache::default())?;
        println!(
            "{} {} {}",
            if ran { "done" } else { "skipped (result exists)" },
            k,
            runs[k].id
        );
        return Ok(());
    }
    let mut missing: Vec<usize> = (0..runs.len()).filter(|&k| !done(&dir, &runs[k])).collect();
    // One seed's runs together, so its tissue grows once (results do not depend on the order).
    let seed_of = |k: &usize| {
        runs[*k]
            .settings
            .get("seed")
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
    };
    missing.sort_by_key(seed_of);
    let (t0, tty, mut failed) = (Instant::now(), std::io::stderr().is_terminal(), vec![]);
    eprintln!(
        "{} of {} runs to do ({} done already)",
        missing.len(),
        runs.len(),
        runs.len() - missing.len()
    );
    let mut cache = GrowthCache::default();
    for (i, &k) in missing.iter().enumerate() {
        if let Err(e) = run_line(plan_path, &plan, k, &dir, &mut cache) {
            eprintln!("{e}");
            failed.push(k);
        }
        let eta = t0.elapsed().as_secs_f64() / (i + 1) as f64 * (missing.len() - i - 1) as f64;
        let line = format!(
            "[{}/{}] run {k} {} · about {:.0} s left",
            i + 1,
            missing.len(),
            runs[k].id,
            eta
        );
        if tty {
            eprint!("\r{line}   ")
        } else {
            eprintln!("{line}")
        }
    }
    if tty {
        eprintln!()
    }
    match failed.len() {
        0 => Ok(()),
        n => Err(format!(
            "{n} run(s) failed (lines {:?}); their result files say why; rerun with `devcircuit sweep run {plan_path} \
            --out {}`",
            failed,
            dir.display()
        )),
    }
}
