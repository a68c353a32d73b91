//! `devcircuit sweep`: plan a grid of runs and its preregistered analysis from a TOML or JSON
//! file, run one line (a Slurm array task) or every missing one, write results atomically.

use super::collect::{collect, Overrides};
use super::commands::{run_training, task_config, train_config};
use super::flags::{self, Cmd};
use super::runs_table;
use crate::experiment::prereg::{self, MarginRule, Preregistration};
use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::sweep::{expand, expand_seeds, PlannedRun};
use crate::experiment::task::{run_task, TaskOutcome};
use crate::experiment::{build, built_from, Built, Config, Task};
use crate::reservoir::rho::parse_rhos;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// Flags a plan may set per command (the CLI's own flags that take a value).
fn plan_flags(command: &str) -> Result<Vec<String>, String> {
    let cli = super::command();
    let sub = cli
        .find_subcommand(command)
        .filter(|_| command == "task" || command == "train")
        .ok_or_else(|| format!("`command = \"{command}\"`: a sweep runs `task` or `train`"))?;
    Ok(sub
        .get_arguments()
        .filter(|a| a.get_action().takes_values() && !a.is_positional())
        .filter_map(|a| a.get_long().map(str::to_string))
        .collect())
}

fn value_strings(v: &Value) -> Result<Vec<String>, String> {
    match v {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Number(n) => Ok(vec![n.to_string()]),
        Value::Bool(b) => Ok(vec![b.to_string()]),
        Value::Array(a) if !a.is_empty() => a.iter().map(|x| value_strings(x).map(|mut v| v.remove(0))).collect(),
        _ => Err(format!("`{v}` is neither a value nor a non-empty list")),
    }
}

/// The sweep file as a table of keys (TOML or JSON), or its parse error with the position.
fn read_doc(path: &str) -> Result<(String, serde_json::Map<String, Value>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let doc: Value = if path.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| format!("{path}: line {}, column {}: {e}", e.line(), e.column()))?
    } else {
        toml::from_str(&text).map_err(|e| {
            format!(
                "{path}: {}",
                e.to_string()
                    .lines()
                    .next()
                    .unwrap_or("")
                    .replace("TOML parse error at ", "")
            )
        })?
    };
    let table = doc
        .as_object()
        .ok_or(format!("{path}: expected a table of axes"))?
        .clone();
    Ok((text, table))
}

/// The 1-based line where `key` is set in the file's text (0 when not found).
fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('"');
            l.starts_with(key)
                && l[key.len()..]
                    .trim_start()
                    .trim_start_matches('"')
                    .trim_start()
                    .starts_with(['=', ':', ']'])
        })
        .map_or(0, |k| k + 1)
}

/// An axis's values: seeds and ρ ranges expanded, the rest as written.
fn axis_values(flag: &str, v: &Value) -> Result<Vec<String>, String> {
    let values = value_strings(v)?;
    if flag != "seed" && flag != "rho" {
        return Ok(values);
    }
    Ok(values
        .iter()
        .map(|s| {
            if flag == "seed" {
                expand_seeds(s)
            } else {
                parse_rhos(s).map(|r| r.iter().map(f64::to_string).collect())
            }
        })
        .collect::<Result<Vec<Vec<String>>, String>>()?
        .concat())
}

/// `seed` or `seed+K`: an initialisation or data seed that follows the development seed.
fn relative_seed(text: &str) -> Option<u64> {
    let rest = text.trim().strip_prefix("seed")?.trim();
    match rest {
        "" => Some(0),
        r => r.strip_prefix('+')?.trim().parse().ok(),
    }
}

/// Resolves `seed`/`seed+K` init and data seeds per run (ids hash the resolved settings).
fn resolve_draws(runs: Vec<PlannedRun>) -> Vec<PlannedRun> {
    runs.into_iter()
        .map(|r| {
            let mut settings = r.settings.clone();
            for flag in ["init-seed", "data-seed"] {
                if let Some(k) = settings.get(flag).and_then(|v| relative_seed(v)) {
                    let seed: u64 = settings.get("seed").and_then(|s| s.parse().ok()).unwrap_or(1);
                    settings.insert(flag.into(), (seed + k).to_string());
                }
            }
            PlannedRun::new(&r.command, &r.task, settings)
        })
        .collect()
}

/// How the plan varies the input draw (W_in: init seed; the signal or data order: data seed).
fn input_draw(axes: &BTreeMap<String, Vec<String>>) -> String {
    let show = |flag: &str| match axes.get(flag).map(Vec::as_slice) {
        None => "the development seed".to_string(),
        Some([v]) => match relative_seed(v) {
            Some(0) => "the development seed".to_string(),
            Some(k) => format!("the development seed + {k}"),
            None => format!("{v} for every run"),
        },
        Some(vs) => format!("each of {}", vs.join(", ")),
    };
    let (init, data) = (show("init-seed"), show("data-seed"));
    let varies = init.starts_with("the development") && data.starts_with("the development");
    format!(
        "init seed = {init}, data seed = {data}: {}",
        if varies {
            "every circuit has its own draw, shared by its conditions"
        } else {
            "not a random factor of this plan"
        }
    )
}

/// The margin a rule gives: fraction × (mean of `high` − mean of `low`) in a pilot's runs.csv.
fn margin_from_pilot(rule: &MarginRule, base: &Path) -> Result<f64, String> {
    let file = base.join(&rule.pilot);
    let text =
        std::fs::read_to_string(&file).map_err(|e| format!("`margin`: cannot read the pilot {}: {e}", rule.pilot))?;
    let rows = runs_table::read(&text, &rule.pilot)?;
    let mean = |topo: &str| {
        let v: Vec<f64> = rows
            .iter()
            .filter(|r| r.status == "done" && r.run.settings.get("topology").map(String::as_str) == Some(topo))
            .filter_map(|r| r.metric)
            .collect();
        match v.len() {
            0 => Err(format!(
                "`margin`: the pilot {} has no finished `{topo}` runs",
                rule.pilot
            )),
            n => Ok(v.iter().sum::<f64>() / n as f64),
        }
    };
    Ok(rule.fraction * (mean(&rule.high)? - mean(&rule.low)?).abs())
}

/// Plans the runs of a sweep file and its preregistration; every run is checked the way the
/// CLI checks its flags, and a plan that compares topologies must state its analysis.
pub fn plan_file(path: &str) -> Result<(Option<Preregistration>, Vec<PlannedRun>), String> {
    let (text, table) = read_doc(path)?;
    let command = table
        .get("command")
        .and_then(Value::as_str)
        .ok_or(format!("{path}: missing `command = \"task\"` or `command = \"train\"`"))?;
    let flags = plan_flags(command).map_err(|e| format!("{path}: {e}"))?;
    let task = match (command, table.get("task")) {
        ("task", Some(Value::String(t))) => t.clone(),
        ("task", _) => {
            return Err(format!(
                "{path}: a task sweep needs `task = \"memory-capacity\"` (or narma10, delay)"
            ))
        }
        (_, Some(_)) => return Err(format!("{path}: `task` is only for `command = \"task\"`")),
        _ => String::new(),
    };
    let mut axes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, v) in table
        .iter()
        .filter(|(k, _)| !["command", "task", "preregistration"].contains(&k.as_str()))
    {
        let flag = key.replace('_', "-");
        if !flags.contains(&flag) {
            return Err(format!(
                "{path}: line {}: unknown axis `{key}` for `devcircuit {command}`; expected one of {}",
                line_of(&text, key),
                flags.join(", ")
            ));
        }
        let values =
            axis_values(&flag, v).map_err(|e| format!("{path}: line {}: axis `{key}`: {e}", line_of(&text, key)))?;
        axes.insert(flag, values);
    }
    let runs = resolve_draws(expand(command, &task, &axes));
    for (k, r) in runs.iter().enumerate() {
        config_of(r).map_err(|e| format!("{path}: run {k} ({}): {e}", r.args().join(" ")))?;
    }
    let topologies = axes
        .get("topology")
        .cloned()
        .unwrap_or_else(|| vec!["developmental".into()]);
    let prereg = match table.get("preregistration") {
        Some(Value::Object(t)) => {
            let metric_task = if command == "train" {
                Task::Classify
            } else {
                Task::parse(&task).unwrap_or_default()
            };
            let base = Path::new(path).parent().unwrap_or(Path::new("."));
            let p = prereg::from_table(t, metric_task, &topologies, input_draw(&axes), &|r| {
                margin_from_pilot(r, base)
            })
            .map_err(|e| {
                format!(
                    "{path}: line {}: [preregistration]: {e}",
                    line_of(&text, "[preregistration")
                )
            })?;
            Some(p)
        }
        Some(_) => {
            return Err(format!(
                "{path}: line {}: `preregistration` must be a table",
                line_of(&text, "preregistration")
            ))
        }
        None if topologies.len() > 1 => {
            return Err(format!(
                "{path}: line {}: the plan compares {} topologies but preregisters no analysis; add a \
                [preregistration] table with reference, direction, margin (in the metric's unit) and family",
                line_of(&text, "topology"),
                topologies.len()
            ))
        }
        None => None,
    };
    Ok((prereg, runs))
}

/// The CLI arguments of a planned run, parsed as the command would parse them.
fn args_of(r: &PlannedRun) -> Result<Cmd, String> {
    let argv: Vec<String> = std::iter::once(r.command.clone()).chain(r.args()).collect();
    super::parse(&argv).map_err(|e| super::one_line(&e, &argv))
}

/// A planned run's configuration, checked exactly as `devcircuit <command>` checks it.
pub fn config_of(r: &PlannedRun) -> Result<Config, String> {
    match args_of(r)? {
        Cmd::Task(t) => {
            let (cfg, rhos) = task_config(&t)?;
            if rhos.len() != 1 {
                return Err("a sweep run takes one ρ".into());
            }
            Ok(cfg)
        }
        Cmd::Train(t) => train_config(&t),
        _ => Err(format!("`{}`: a sweep runs `task` or `train`", r.command)),
    }
}

pub fn plan(path: &str) -> Result<(), String> {
    let (prereg, runs) = plan_file(path)?;
    if let Some(p) = prereg {
        println!("{}", json!({ "preregistration": p }));
    }
    for r in runs {
        println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
    }
    Ok(())
}

/// The preregistration and runs of a plan file (JSON lines); a bad line is named.
pub fn read_plan_file(path: &str) -> Result<(Option<Preregistration>, Vec<PlannedRun>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let (mut prereg, mut runs) = (None, vec![]);
    for (k, l) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |e: serde_json::Error| format!("{path}: line {}: not a planned run ({e})", k + 1);
        let v: Value = serde_json::from_str(l).map_err(bad)?;
        match v.get("preregistration") {
            Some(p) if k == 0 => prereg = Some(serde_json::from_value(p.clone()).map_err(bad)?),
            Some(_) => {
                return Err(format!(
                    "{path}: line {}: a preregistration belongs on the first line",
                    k + 1
                ))
            }
            None => runs.push(serde_json::from_value(v).map_err(bad)?),
        }
    }
    Ok((prereg, runs))
}

/// The runs of a plan file.
pub fn read_plan(path: &str) -> Result<Vec<PlannedRun>, String> {
    read_plan_file(path).map(|p| p.1)
}

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
    fn build(&mut self, cfg: &Config) -> Result<Built, String> {
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

/// Runs one planned run in this process; the metrics part of its result.
fn execute(r: &PlannedRun, cache: &mut GrowthCache) -> Result<Value, String> {
    let cfg = config_of(r)?;
    let built = cache.build(&cfg)?;
    if cfg.task != Task::Classify {
        let out = run_task(&cfg, &built.circuit, cfg.radius)?;
        return Ok(json!({
            "fingerprint": built.fingerprint, "topology_fingerprint": built.used_fingerprint,
            "metric_name": cfg.task.metric().0, "metric": out.metric, "outcome": out,
        }));
    }
    let data = crate::data::fs::load(&cfg.dataset)?;
    let (out, backend) = run_training(&cfg, &data, &built, false, flags::Backend::Ndarray)?;
    Ok(json!({
        "fingerprint": built.fingerprint, "topology_fingerprint": built.used_fingerprint,
        "metric_name": "test accuracy", "metric": out.test_accuracy.last(),
        "iteration0_accuracy": out.iteration0_accuracy, "test_accuracy": out.test_accuracy,
        "seconds": out.seconds, "backend": backend,
    }))
}

fn result_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.json"))
}

/// True when `dir` holds a finished result for `id`.
fn done(dir: &Path, id: &str) -> bool {
    std::fs::read_to_string(result_path(dir, id))
        .ok()
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .is_some_and(|v| v["status"] == "done")
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
fn run_line(
    plan_path: &str,
    prereg: &Option<Preregistration>,
    runs: &[PlannedRun],
    k: usize,
    dir: &Path,
    cache: &mut GrowthCache,
) -> Result<bool, String> {
    let r = &runs[k];
    if done(dir, &r.id) {
        return Ok(false);
    }
    let started = unix_now();
    let outcome = execute(r, cache);
    let mut v = json!({
        "id": r.id, "line": k,
        "plan": plan_ref(plan_path, dir), "preregistration": prereg,
        "command": r.command, "task": r.task, "settings": r.settings, "version": crate::experiment::APP_VERSION,
        "host": host(), "started_unix": started, "finished_unix": unix_now(),
    });
    match outcome {
        Ok(m) => {
            v["status"] = json!("done");
            v["metrics"] = m;
            if let Ok(c) = config_of(r) {
                v["config"] = c.settings_json()
            }
        }
        Err(e) => {
            v["status"] = json!("failed");
            v["error"] = json!(e);
        }
    }
    let tmp = dir.join(format!(".{}.{}.tmp", r.id, std::process::id()));
    std::fs::write(&tmp, format!("{v}\n")).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, result_path(dir, &r.id))
        .map_err(|e| format!("cannot move {} into place: {e}", tmp.display()))?;
    match v["status"].as_str() {
        Some("done") => Ok(true),
        _ => Err(format!(
            "run {k} ({}) failed: {}",
            r.id,
            v["error"].as_str().unwrap_or("?")
        )),
    }
}

pub fn run(plan_path: &str, line: Option<u64>, out: &str) -> Result<(), String> {
    let dir = PathBuf::from(out);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let (prereg, runs) = read_plan_file(plan_path)?;
    if let Some(k) = line.map(|k| k as usize) {
        if k >= runs.len() {
            return Err(format!(
                "flag `--task {k}`: {plan_path} has lines 0-{} ({} runs)",
                runs.len().saturating_sub(1),
                runs.len()
            ));
        }
        let ran = run_line(plan_path, &prereg, &runs, k, &dir, &mut GrowthCache::default())?;
        println!(
            "{} {} {}",
            if ran { "done" } else { "skipped (result exists)" },
            k,
            runs[k].id
        );
        return Ok(());
    }
    let mut missing: Vec<usize> = (0..runs.len()).filter(|&k| !done(&dir, &runs[k].id)).collect();
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
        if let Err(e) = run_line(plan_path, &prereg, &runs, k, &dir, &mut cache) {
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

/// Prints an sbatch script for a job array over the plan, R runs per array task.
pub fn slurm(s: &SlurmArgs) -> Result<(), String> {
    let (plan_path, out, per, max, cpus) = (s.plan, s.out, s.runs_per_task as usize, s.max_parallel, s.cpus);
    let n = read_plan(plan_path)?.len();
    if let Some(t) = s.time {
        let ok = t.split(':').count() == 3
            && t.split(':')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("flag `--time {t}`: expected HH:MM:SS"));
        }
    }
    let abs = |p: &str| {
        std::fs::canonicalize(p)
            .map(|p| p.display().to_string())
            .unwrap_or(p.to_string())
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or("devcircuit".into());
    let tasks = n.div_ceil(per);
    println!(
        "#!/bin/bash\n# devcircuit sweep over {plan} ({n} runs, {per} per array task); submit with: sbatch THIS_FILE",
        plan = abs(plan_path)
    );
    println!(
        "#SBATCH --job-name=devcircuit-sweep\n#SBATCH --array=0-{}%{max}\n#SBATCH \
        --output=devcircuit-sweep-%A_%a.out\n#SBATCH --cpus-per-task={cpus}",
        tasks.saturating_sub(1)
    );
    if let Some(p) = s.partition {
        println!("#SBATCH --partition={p}")
    }
    if let Some(t) = s.time {
        println!("#SBATCH --time={t}")
    }
    println!(
        "set -u\nmkdir -p '{out}'\nfirst=$((SLURM_ARRAY_TASK_ID * {per}))\nlast=$((first + {per} - 1)); [ $last -ge \
        {n} ] && last=$(({n} - 1))",
        out = abs(out)
    );
    println!(
        "status=0\nfor k in $(seq $first $last); do\n  '{exe}' sweep run '{plan}' --task $k --out '{out}' || \
        status=1\ndone\nexit $status",
        plan = abs(plan_path),
        out = abs(out)
    );
    Ok(())
}

/// Prints the GNU parallel command line that runs the plan on this machine's cores.
pub fn parallel(plan_path: &str, out: &str, jobs: Option<u64>) -> Result<(), String> {
    let n = read_plan(plan_path)?.len();
    let jobs = jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |p| p.get()));
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or("devcircuit".into());
    let abs = |p: &str| {
        std::fs::canonicalize(p)
            .map(|p| p.display().to_string())
            .unwrap_or(p.to_string())
    };
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {out}: {e}"))?;
    println!(
        "seq 0 {} | parallel -j {jobs} --halt never '{exe}' sweep run '{}' --task {{}} --out '{}'",
        n.saturating_sub(1),
        abs(plan_path),
        abs(out)
    );
    Ok(())
}

/// A result file as a page record (its configuration and what it measured).
fn record_of(k: u64, v: &Value, file: &Path) -> Result<RunRecord, String> {
    let r: PlannedRun = serde_json::from_value(
        json!({ "id": v["id"], "command": v["command"], "task": v["task"], "settings": v["settings"] }),
    )
    .map_err(|e| format!("{}: not a devcircuit result ({e})", file.display()))?;
    let cfg = config_of(&r).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut rec = RunRecord::new(
        k,
        cfg,
        v["version"].as_str().unwrap_or("?"),
        v["metrics"]["backend"].as_str().unwrap_or("native"),
    );
    rec.fingerprint = v["metrics"]["fingerprint"].as_str().unwrap_or("").into();
    rec.status = if v["status"] == "done" {
        RunStatus::Done
    } else {
        RunStatus::Failed(v["error"].as_str().unwrap_or("failed").into())
    };
    if let Some(o) = v["metrics"].get("outcome") {
        rec.task = Some(
            serde_json::from_value::<TaskOutcome>(o.clone())
                .map_err(|e| format!("{}: bad task outcome ({e})", file.display()))?,
        );
    }
    rec.acc0 = v["metrics"]["iteration0_accuracy"].as_f64();
    rec.accuracy = v["metrics"]["test_accuracy"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    Ok(rec)
}

/// Every result in `dir` (an unreadable one is an error naming it), with its run id.
pub fn read_results(dir: &Path) -> Result<Vec<(String, Value, RunRecord)>, String> {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().is_some_and(|n| {
                    let n = n.to_string_lossy();
                    n.starts_with("summary") || n.starts_with('.') || n == "preregistration.json"
                })
        })
        .collect();
    let mut out = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: unreadable ({e})", f.display()))?;
            let v: Value = serde_json::from_str(&text).map_err(|e| {
                format!(
                    "{}: not JSON ({e}); delete it and rerun the sweep to redo that run",
                    f.display()
                )
            })?;
            let rec = record_of(v["line"].as_u64().unwrap_or(0) + 1, &v, f)?;
            Ok((v["id"].as_str().unwrap_or("").to_string(), v, rec))
        })
        .collect::<Result<Vec<_>, String>>()?;
    // Plan order, so conditions appear as the plan lists them.
    out.sort_by_key(|r| (r.1["line"].as_u64().unwrap_or(u64::MAX), r.0.clone()));
    Ok(out)
}

/// The settings of `sweep slurm`.
pub struct SlurmArgs<'a> {
    pub plan: &'a str,
    pub out: &'a str,
    pub partition: Option<&'a str>,
    pub time: Option<&'a str>,
    pub cpus: u64,
    pub max_parallel: u64,
    pub runs_per_task: u64,
}

/// `devcircuit sweep plan|run|collect|slurm|parallel …`
pub fn sweep(a: &flags::Sweep) -> Result<(), String> {
    use flags::Sweep as S;
    match a {
        S::Plan { file } => plan(file),
        S::Run { plan, line, out } => run(plan, *line, out),
        S::Collect {
            dir,
            plan,
            reference,
            margin,
            correction,
        } => collect(
            dir,
            plan.as_deref(),
            &Overrides {
                reference: reference.as_deref(),
                margin: *margin,
                correction: correction.as_deref(),
            },
        ),
        S::Slurm {
            plan,
            out,
            partition,
            time,
            cpus,
            max_parallel,
            runs_per_task,
        } => slurm(&SlurmArgs {
            plan,
            out,
            partition: partition.as_deref(),
            time: time.as_deref(),
            cpus: *cpus,
            max_parallel: *max_parallel,
            runs_per_task: *runs_per_task,
        }),
        S::Parallel { plan, out, jobs } => parallel(plan, out, *jobs),
    }
}
