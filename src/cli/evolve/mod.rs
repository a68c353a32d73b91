//! `devcircuit evolve PLAN.toml --out DIR`: a plan file into a search, each generation evaluated
//! by a runner (`runner.rs`), one JSON line per genome, a checkpoint per generation, resumed.

mod runner;

use super::files::write_atomic;
use super::flags::Evolve;
use super::sweep::plan::{config_of, line_of, read_doc};
use crate::evolve::genome::{value, Ranges};
use crate::evolve::plan::mutable_names;
use crate::evolve::plan::Fitness;
use crate::evolve::{evaluate, Plan, Scored, Search};
use crate::experiment::sweep::key_of_flag;
use crate::experiment::sweep::{expand_seeds, PlannedRun};
use crate::experiment::Config;
use runner::{Runner, Slurm};
use serde_json::{json, Map, Value};
use std::io::Write;
use std::path::Path;

const KEYS: [&str; 11] = [
    "task",
    "fitness",
    "ranges",
    "generations",
    "population",
    "seeds",
    "seed",
    "mutate",
    "rule_rate",
    "step",
    "settings",
];

fn number(t: &Map<String, Value>, key: &str, default: Option<f64>) -> Result<f64, String> {
    match t.get(key) {
        None => default.ok_or(format!("`{key}` is missing")),
        Some(v) => v.as_f64().ok_or(format!("`{key} = {v}`: a number")),
    }
}

/// The base configuration: `devcircuit task TASK` with the plan's `[settings]` as its flags,
/// checked as a sweep checks a planned run.
fn base_config(task: &str, settings: Option<&Value>) -> Result<Config, String> {
    let settings = settings.and_then(Value::as_object).into_iter().flatten();
    let run = PlannedRun::new(
        "task",
        task,
        settings
            .map(|(k, v)| {
                (
                    k.replace('_', "-"),
                    v.as_str().map_or_else(|| v.to_string(), str::to_string),
                )
            })
            .collect(),
    );
    config_of(&run).map_err(|e| format!("[settings]: {e}"))
}

/// A plan's `[ranges]` table (gene flag or key → [low, high]) by link key.
fn ranges(v: Option<&Value>) -> Result<Ranges, String> {
    let Some(v) = v else { return Ok(Ranges::new()) };
    let t = v
        .as_object()
        .ok_or("`ranges`: a table of gene = [low, high], e.g. synapses = [100, 400000]")?;
    t.iter()
        .map(|(name, r)| {
            let key = key_of_flag(&name.replace('_', "-"));
            match r
                .as_array()
                .map(|a| a.iter().map(Value::as_f64).collect::<Vec<_>>())
                .as_deref()
            {
                Some([Some(lo), Some(hi)]) => Ok((key, (*lo, *hi))),
                _ => Err(format!("`{name} = {r}`: a range [low, high]")),
            }
        })
        .collect()
}

/// Reads and checks an evolve plan; errors name the file and the line of the key.
pub fn read_plan(path: &str) -> Result<Plan, String> {
    let (text, t) = read_doc(path)?;
    let at = |key: &str, e: String| format!("{path}: line {}: {e}", line_of(&text, key));
    if let Some(k) = t.keys().find(|k| !KEYS.contains(&k.as_str())) {
        return Err(at(k, format!("unknown key `{k}`; expected one of {}", KEYS.join(", "))));
    }
    let task = t
        .get("task")
        .and_then(Value::as_str)
        .ok_or(format!("{path}: `task` is missing"))?;
    if !crate::experiment::Task::parse(task).is_some_and(|k| k != crate::experiment::Task::Classify) {
        return Err(at(
            "task",
            format!("`task = \"{task}\"`: the search scores reservoir tasks (memory-capacity, narma10, delay)"),
        ));
    }
    let settings_line = text.lines().position(|l| l.trim() == "[settings]").map_or(0, |k| k + 1);
    let base = base_config(task, t.get("settings")).map_err(|e| format!("{path}: line {settings_line}: {e}"))?;
    let whole = |key: &str, default: Option<f64>| -> Result<usize, String> {
        let v = number(&t, key, default).map_err(|e| at(key, e))?;
        (v >= 0.0 && v.fract() == 0.0)
            .then_some(v as usize)
            .ok_or(at(key, format!("`{key} = {v}`: a whole number")))
    };
    let seeds = match t.get("seeds") {
        Some(Value::String(s)) => expand_seeds(s).map_err(|e| at("seeds", e))?,
        Some(v) => return Err(at("seeds", format!("`seeds = {v}`: a seed list such as \"1-3\""))),
        None => {
            return Err(format!(
                "{path}: `seeds` (the training development seeds, e.g. \"1-3\") is missing"
            ))
        }
    };
    let names: Vec<String> = match t.get("mutate") {
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap_or("").to_string()).collect(),
        _ => {
            return Err(at(
                "mutate",
                format!("`mutate`: a list of {}", mutable_names().join(", ")),
            ))
        }
    };
    if let Some(bad) = names.iter().find(|n| !mutable_names().contains(&n.as_str())) {
        return Err(at(
            "mutate",
            format!("`{bad}` cannot mutate; expected {}", mutable_names().join(", ")),
        ));
    }
    let real = crate::evolve::genome::REAL
        .iter()
        .filter(|k| {
            names
                .iter()
                .any(|n| crate::experiment::settings::by_key(k).is_some_and(|s| s.spec.flag() == n))
        })
        .map(|k| k.to_string())
        .collect();
    let plan = Plan {
        base,
        generations: whole("generations", None)?,
        population: whole("population", None)?,
        seeds: seeds.iter().map(|s| s.parse().unwrap_or(0)).collect(),
        seed: whole("seed", Some(1.0))? as u64,
        real,
        rules: names.iter().any(|n| n == "rules"),
        genes: names.iter().any(|n| n == "genes"),
        rule_rate: number(&t, "rule_rate", Some(0.3)).map_err(|e| at("rule_rate", e))?,
        step: number(&t, "step", Some(0.2)).map_err(|e| at("step", e))?,
        ranges: ranges(t.get("ranges")).map_err(|e| at("[ranges]", e))?,
        fitness: match t.get("fitness") {
            None => Fitness::Metric,
            Some(v) => v.as_str().and_then(Fitness::parse).ok_or(at(
                "fitness",
                format!("`fitness = {v}`: \"metric\", \"per-neuron\" or \"advantage\""),
            ))?,
        },
    };
    // Each refusal starts with the key it is about (`` `step = 0`: … ``): name its line.
    plan.check().map_err(|e| {
        at(
            e.trim_start_matches('`').split([' ', '`']).next().unwrap_or(""),
            e.clone(),
        )
    })?;
    Ok(plan)
}

/// One JSON line of a scored genome: its score, genes, edits, rule diff, settings and link.
fn line(search: &Search, s: &Scored) -> Value {
    let cfg = search.config_of(&s.genome).ok();
    let values: Map<String, Value> = search
        .plan
        .real
        .iter()
        .zip(&s.genome.x)
        .map(|(k, u)| (k.clone(), json!(value(k, *u, &search.plan.ranges))))
        .collect();
    json!({
        "generation": s.generation, "index": s.index, "fitness": s.evaluation.fitness,
        "metrics": s.evaluation.metrics, "reason": s.evaluation.reason, "x": s.genome.x, "values": values,
        "sample": s.genome.sample,
        "edits": s.genome.edits, "diff": search.diff(&s.genome),
        "settings": cfg.as_ref().map(Config::settings_json), "link": cfg.as_ref().map(Config::to_fragment),
    })
}

/// The search in `dir`: resumed from its checkpoint (keeping the genome lines it covers), or new.
fn resume(plan: Plan, dir: &Path) -> Result<Search, String> {
    let checkpoint = dir.join("checkpoint.json");
    let genomes = dir.join("genomes.jsonl");
    let Ok(text) = std::fs::read_to_string(&checkpoint) else {
        write_atomic(&genomes, "")?;
        return Ok(Search::new(plan));
    };
    let mut search: Search = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", checkpoint.display()))?;
    if search.plan_id != plan.id() {
        return Err(format!(
            "{} holds a search of another plan; give a new --out folder (or the plan it ran)",
            dir.display()
        ));
    }
    let kept: String = std::fs::read_to_string(&genomes)
        .unwrap_or_default()
        .lines()
        .filter(|l| {
            serde_json::from_str::<Value>(l)
                .ok()
                .and_then(|v| v["generation"].as_u64())
                .is_some_and(|g| (g as usize) < search.generation)
        })
        .map(|l| format!("{l}\n"))
        .collect();
    write_atomic(&genomes, &kept)?;
    // The plan as read now, not as parsed back from decimal JSON: the same by its fingerprint.
    search.plan = plan;
    Ok(search)
}

/// The runner the flags ask for; Slurm's flags with another runner are refused, not ignored.
fn runner_of(a: &Evolve) -> Result<Runner, String> {
    if a.jobs == Some(0) {
        return Err("--jobs 0: at least one job evaluates the genomes".into());
    }
    let jobs = a
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    if a.runner != "slurm" {
        if let Some(flag) = [("--partition", &a.partition), ("--time", &a.time)]
            .iter()
            .find_map(|(f, v)| v.is_some().then_some(f))
        {
            return Err(format!(
                "flag `{flag}` is for --runner slurm, not --runner {}",
                a.runner
            ));
        }
    }
    if let Some(t) = &a.time {
        let parts: Vec<&str> = t.split(':').collect();
        if parts.len() != 3
            || parts
                .iter()
                .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(format!("flag `--time {t}`: expected HH:MM:SS"));
        }
    }
    Ok(match a.runner.as_str() {
        "parallel" => Runner::Parallel { jobs },
        "slurm" => Runner::Slurm(Slurm {
            jobs,
            partition: a.partition.clone(),
            time: a.time.clone(),
        }),
        _ => Runner::Threads { jobs },
    })
}

pub fn evolve(a: &Evolve) -> Result<(), String> {
    let plan = read_plan(&a.plan)?;
    let dir = Path::new(&a.out);
    if let Some(k) = a.evaluate {
        return runner::answer(&plan, dir, k);
    }
    let runner = runner_of(a)?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut search = resume(plan, dir)?;
    if search.generation > 0 {
        eprintln!(
            "resuming at generation {} of {}",
            search.generation, search.plan.generations
        );
    }
    while !search.done() {
        let t = std::time::Instant::now();
        let genomes = search.candidates()?;
        let evaluations =
            runner::evaluate_generation(&search.plan, &a.plan, dir, search.generation, &genomes, &runner)?;
        let scored = search.advance(genomes, evaluations);
        let mut out = std::fs::OpenOptions::new()
            .append(true)
            .open(dir.join("genomes.jsonl"))
            .map_err(|e| format!("cannot append to genomes.jsonl: {e}"))?;
        for s in &scored {
            writeln!(out, "{}", line(&search, s)).map_err(|e| e.to_string())?;
        }
        let state = serde_json::to_string(&search).map_err(|e| e.to_string())?;
        write_atomic(&dir.join(format!("checkpoint-{}.json", search.generation - 1)), &state)?;
        write_atomic(&dir.join("checkpoint.json"), &state)?;
        let h = search.history.last().expect("a generation was summarised");
        eprintln!(
            "generation {}: best {} mean {} failed {} ({:.1} s)",
            h.generation,
            h.best.map_or("—".into(), |v| format!("{v:.4}")),
            h.mean.map_or("—".into(), |v| format!("{v:.4}")),
            h.failed,
            t.elapsed().as_secs_f64()
        );
    }
    let best = search
        .best
        .clone()
        .ok_or("no genome survived: every one was lethal or degenerate")?;
    // The default genome on the same training seeds: what the search improved on.
    let default = Scored {
        generation: search.generation,
        index: 0,
        genome: search.default_genome(),
        evaluation: evaluate(&search.plan, &search.plan.real, &search.default_genome()),
    };
    let summary = json!({
        "best": line(&search, &best), "default": line(&search, &default), "history": search.history,
    });
    write_atomic(
        &dir.join("best.json"),
        &serde_json::to_string_pretty(&summary).map_err(|e| e.to_string())?,
    )?;
    let best_config = search.config_of(&best.genome)?;
    let rules = best_config.rules.as_deref().unwrap_or(crate::grn::CORTEX15);
    write_atomic(&dir.join("best.bnet"), rules)?;
    println!("{}", summary["best"]);
    Ok(())
}
