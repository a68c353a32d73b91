//! `devcircuit sweep`: plan a grid of runs from a TOML or JSON file, run one line (a Slurm array
//! task) or every missing one, write results atomically, collect them into summaries.

use super::commands::{run_training, settings_json, setup, task_config, train_config};
use super::flags::{self, Cmd};
use crate::experiment::paired::Paired;
use crate::experiment::results::{metric_summaries, paired_rows, RunRecord, RunStatus};
use crate::experiment::sweep::{expand, expand_seeds, PlannedRun};
use crate::experiment::task::{run_task, TaskOutcome};
use crate::experiment::{build_circuit, Config, Task, Topology};
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

/// Plans the runs of a sweep file; every run is checked the way the CLI checks its flags.
pub fn plan_file(path: &str) -> Result<Vec<PlannedRun>, String> {
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
    let table = doc.as_object().ok_or(format!("{path}: expected a table of axes"))?;
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
    for (key, v) in table.iter().filter(|(k, _)| *k != "command" && *k != "task") {
        let flag = key.replace('_', "-");
        if !flags.contains(&flag) {
            return Err(format!(
                "{path}: unknown axis `{key}` for `devcircuit {command}`; expected one of {}",
                flags.join(", ")
            ));
        }
        let mut values = value_strings(v).map_err(|e| format!("{path}: axis `{key}`: {e}"))?;
        if flag == "seed" || flag == "rho" {
            values = values
                .iter()
                .map(|s| {
                    if flag == "seed" {
                        expand_seeds(s)
                    } else {
                        parse_rhos(s).map(|r| r.iter().map(f64::to_string).collect())
                    }
                })
                .collect::<Result<Vec<Vec<String>>, String>>()
                .map_err(|e| format!("{path}: axis `{key}`: {e}"))?
                .concat();
        }
        axes.insert(flag, values);
    }
    let runs = expand(command, &task, &axes);
    for (k, r) in runs.iter().enumerate() {
        config_of(r).map_err(|e| format!("{path}: run {k} ({}): {e}", r.args().join(" ")))?;
    }
    Ok(runs)
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
    for r in plan_file(path)? {
        println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
    }
    Ok(())
}

/// The runs of a plan file (JSON lines); a bad line is named.
pub fn read_plan(path: &str) -> Result<Vec<PlannedRun>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(k, l)| serde_json::from_str(l).map_err(|e| format!("{path}: line {}: not a planned run ({e})", k + 1)))
        .collect()
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

/// Runs one planned run in this process; the metrics part of its result.
fn execute(r: &PlannedRun) -> Result<Value, String> {
    let (circuit, limit_train) = match args_of(r)? {
        Cmd::Train(t) => (t.run.circuit, t.limit_train.map(|v| v as usize)),
        Cmd::Task(t) => (t.run.circuit, None),
        _ => return Err(format!("`{}`: a sweep runs `task` or `train`", r.command)),
    };
    let cfg = config_of(r)?;
    let (net, ids, params) = setup(&circuit)?;
    if cfg.task != Task::Classify {
        let built = build_circuit(&cfg, &net, ids, &params, || 0.0)?;
        let out = run_task(&cfg, &built.circuit, cfg.radius)?;
        return Ok(json!({
            "fingerprint": built.fingerprint, "topology_fingerprint": built.used_fingerprint,
            "metric_name": cfg.task.metric().0, "metric": out.metric, "outcome": out,
        }));
    }
    let data = crate::data::fs::load(&cfg.dataset)?;
    let built = build_circuit(&cfg, &net, ids, &params, || 0.0)?;
    let (out, backend) = run_training(&cfg, &data, &built, limit_train, false, flags::Backend::Ndarray)?;
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

/// Runs line `k` of the plan unless its result exists; writes the result atomically.
fn run_line(plan_path: &str, runs: &[PlannedRun], k: usize, dir: &Path) -> Result<bool, String> {
    let r = &runs[k];
    if done(dir, &r.id) {
        return Ok(false);
    }
    let started = unix_now();
    let outcome = execute(r);
    let mut v = json!({
        "id": r.id, "line": k,
        "plan": std::fs::canonicalize(plan_path).map(|p| p.display().to_string()).unwrap_or(plan_path.into()),
        "command": r.command, "task": r.task, "settings": r.settings, "version": crate::experiment::APP_VERSION,
        "host": host(), "started_unix": started, "finished_unix": unix_now(),
    });
    match outcome {
        Ok(m) => {
            v["status"] = json!("done");
            v["metrics"] = m;
            if let Ok(c) = config_of(r) {
                v["config"] = settings_json(&c)
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
    let runs = read_plan(plan_path)?;
    if let Some(k) = line.map(|k| k as usize) {
        if k >= runs.len() {
            return Err(format!(
                "flag `--task {k}`: {plan_path} has lines 0-{} ({} runs)",
                runs.len().saturating_sub(1),
                runs.len()
            ));
        }
        let ran = run_line(plan_path, &runs, k, &dir)?;
        println!(
            "{} {} {}",
            if ran { "done" } else { "skipped (result exists)" },
            k,
            runs[k].id
        );
        return Ok(());
    }
    let missing: Vec<usize> = (0..runs.len()).filter(|&k| !done(&dir, &runs[k].id)).collect();
    let (t0, tty, mut failed) = (Instant::now(), std::io::stderr().is_terminal(), vec![]);
    eprintln!(
        "{} of {} runs to do ({} done already)",
        missing.len(),
        runs.len(),
        runs.len() - missing.len()
    );
    for (i, &k) in missing.iter().enumerate() {
        if let Err(e) = run_line(plan_path, &runs, k, &dir) {
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
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("summary") || n.to_string_lossy().starts_with('.'))
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

/// The collected summary: per condition mean, sd and CI of the metric; paired verdicts.
pub fn summary(records: &[RunRecord], reference: Topology, margin: Option<f64>) -> Value {
    let conditions: Vec<Value> = metric_summaries(records)
        .into_iter()
        .map(|(l, s)| json!({ "condition": l, "n": s.n, "mean": s.mean, "sd": s.sd, "ci95": s.ci95 }))
        .collect();
    let paired: Vec<Value> = paired_rows(records, reference, margin)
        .into_iter()
        .map(|p| {
            let Paired {
                n,
                mean,
                ci95,
                margin,
                verdict,
                ..
            } = p.paired;
            json!({
                "condition": p.label, "reference": p.reference, "n": n, "mean_difference": mean,
                "ci95": [ci95.0, ci95.1], "margin": margin, "verdict": verdict.label(margin),
            })
        })
        .collect();
    json!({ "metric": records.first().map(|r| r.config.task.metric().0), "conditions": conditions, "paired": paired })
}

fn markdown(s: &Value) -> String {
    let f = |v: &Value| v.as_f64().map_or("—".into(), |x| format!("{x:.4}"));
    let mut md = format!(
        "| condition | runs | mean {} | sd | 95 % CI (±) |\n|---|---|---|---|---|\n",
        s["metric"].as_str().unwrap_or("")
    );
    for c in s["conditions"].as_array().into_iter().flatten() {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            c["condition"].as_str().unwrap_or(""),
            c["n"],
            f(&c["mean"]),
            f(&c["sd"]),
            f(&c["ci95"])
        ));
    }
    md.push_str(
        "\n| condition | reference | paired seeds | mean difference | 95 % CI | verdict |\n|---|---|---|---|---|---|\n",
    );
    for p in s["paired"].as_array().into_iter().flatten() {
        md.push_str(&format!(
            "| {} | {} | {} | {:+.4} | [{:+.4}, {:+.4}] | {} |\n",
            p["condition"].as_str().unwrap_or(""),
            p["reference"].as_str().unwrap_or(""),
            p["n"],
            p["mean_difference"].as_f64().unwrap_or(f64::NAN),
            p["ci95"][0].as_f64().unwrap_or(f64::NAN),
            p["ci95"][1].as_f64().unwrap_or(f64::NAN),
            p["verdict"].as_str().unwrap_or("")
        ));
    }
    md
}

pub fn collect(dir: &str, plan: Option<&str>, reference: &str, margin: Option<f64>) -> Result<(), String> {
    let dir = PathBuf::from(dir);
    let reference = Topology::parse(reference).ok_or(format!("flag `--reference {reference}`: not a topology"))?;
    if let Some(m) = margin.filter(|m| !(m.is_finite() && *m > 0.0)) {
        return Err(format!("flag `--margin {m}`: a positive number"));
    }
    let results = read_results(&dir)?;
    if results.is_empty() {
        return Err(format!("{}: no result files", dir.display()));
    }
    let records: Vec<RunRecord> = results.iter().map(|r| r.2.clone()).collect();
    let mut s = summary(&records, reference, margin);
    let failed: Vec<Value> = results
        .iter()
        .filter(|r| r.1["status"] != "done")
        .map(|r| json!({ "id": r.0, "line": r.1["line"], "error": r.1["error"] }))
        .collect();
    let plan_path = plan
        .map(str::to_string)
        .or_else(|| results[0].1["plan"].as_str().map(str::to_string));
    let missing: Vec<Value> = match &plan_path {
        Some(p) if Path::new(p).exists() => read_plan(p)?
            .iter()
            .enumerate()
            .filter(|(_, r)| !results.iter().any(|x| x.0 == r.id))
            .map(|(k, r)| json!({ "line": k, "id": r.id }))
            .collect(),
        _ => vec![],
    };
    s["runs"] = json!(records.len());
    s["failed"] = json!(failed);
    s["missing"] = json!(missing);
    s["records"] = serde_json::to_value(&records).map_err(|e| e.to_string())?;
    let rerun = plan_path
        .as_ref()
        .map(|p| format!("devcircuit sweep run {p} --out {}", dir.display()));
    s["rerun"] = json!(rerun);
    let md = markdown(&s);
    let csv = std::iter::once("condition,runs,mean,sd,ci95".to_string())
        .chain(s["conditions"].as_array().into_iter().flatten().map(|c| {
            format!(
                "\"{}\",{},{},{},{}",
                c["condition"].as_str().unwrap_or(""),
                c["n"],
                c["mean"],
                c["sd"],
                c["ci95"]
            )
        }))
        .chain(std::iter::once(
            "\ncondition,reference,paired_seeds,mean_difference,ci95_low,ci95_high,verdict".to_string(),
        ))
        .chain(s["paired"].as_array().into_iter().flatten().map(|p| {
            format!(
                "\"{}\",\"{}\",{},{},{},{},\"{}\"",
                p["condition"].as_str().unwrap_or(""),
                p["reference"].as_str().unwrap_or(""),
                p["n"],
                p["mean_difference"],
                p["ci95"][0],
                p["ci95"][1],
                p["verdict"].as_str().unwrap_or("")
            )
        }))
        .collect::<Vec<_>>()
        .join("\n");
    for (name, text) in [
        ("summary.json", s.to_string()),
        ("summary.md", md.clone()),
        ("summary.csv", csv + "\n"),
    ] {
        std::fs::write(dir.join(name), text).map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))?;
    }
    print!("{md}");
    if !failed.is_empty() || !missing.is_empty() {
        eprintln!(
            "{} failed and {} missing run(s) (listed in summary.json); rerun them with `{}`",
            failed.len(),
            missing.len(),
            rerun.unwrap_or_else(|| "devcircuit sweep run PLAN --out DIR".into())
        );
    }
    Ok(())
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
        } => collect(dir, plan.as_deref(), reference, *margin),
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
