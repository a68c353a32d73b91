//! A sweep file (TOML or JSON) into a plan: axes, seeds and input draws expanded into runs with
//! stable ids, the preregistration checked and its margin rule turned into a number.

use crate::cli::commands::{task_config, train_config};
use crate::cli::flags::Cmd;
use crate::cli::runs_table;
use crate::experiment::identity::{canonical, Texts};
use crate::experiment::prereg::{self, MarginRule, Preregistration};
use crate::experiment::sweep::{expand, expand_seeds, flag_of_key, key_of_flag, PlannedRun};
use crate::experiment::{Config, Task};
use crate::reservoir::rho::parse_rhos;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// Flags a plan may set per command (the CLI's own flags that take a value).
fn plan_flags(command: &str) -> Result<Vec<String>, String> {
    let cli = crate::cli::command();
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
pub(crate) fn read_doc(path: &str) -> Result<(String, serde_json::Map<String, Value>), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let doc: Value = if path.ends_with(".json") {
        serde_json::from_str(&text).map_err(|e| format!("{path}: {}", crate::development::params::json_error(e)))?
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
pub(crate) fn line_of(text: &str, key: &str) -> usize {
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
            .filter(|r| r.status == "done" && r.run.settings.get("topo").map(String::as_str) == Some(topo))
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
pub fn plan_file(path: &str) -> Result<SweepPlan, String> {
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
        .filter(|(k, _)| !["command", "task", "preregistration", "tuned", "genome"].contains(&k.as_str()))
    {
        let flag = match key.replace('_', "-") {
            f if flags.contains(&f) => f,
            f => flag_of_key(&f),
        };
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
    let tuning = match table.get("tuned") {
        None => None,
        Some(t) => {
            let higher = Task::parse(&task).unwrap_or_default().metric().1;
            let per_neuron = table.get("preregistration").and_then(|p| p.get("per_neuron")) == Some(&Value::Bool(true));
            let base = Path::new(path).parent().unwrap_or(Path::new("."));
            Some(
                super::tune::tuning(t, &axes, base, higher, per_neuron)
                    .map_err(|e| format!("{path}: line {}: [tuned]: {e}", line_of(&text, "[tuned")))?,
            )
        }
    };
    let expanded = expand(command, &task, &axes);
    let expanded = match &tuning {
        Some(t) => super::tune::apply(t, expanded),
        None => expanded,
    };
    let genome = match table.get("genome") {
        None => None,
        Some(Value::String(file)) => {
            let base = Path::new(path).parent().unwrap_or(Path::new("."));
            let flags = super::genome::genome_flags(file, base, &axes)
                .map_err(|e| format!("{path}: line {}: `genome`: {e}", line_of(&text, "genome")))?;
            Some((file.clone(), flags))
        }
        Some(v) => {
            return Err(format!(
                "{path}: line {}: `genome = {v}`: the path of a search's best.json",
                line_of(&text, "genome")
            ))
        }
    };
    let expanded = match &genome {
        Some((_, flags)) => super::genome::apply(flags, expanded),
        None => expanded,
    };
    let mut texts = Texts::new();
    let runs = identified(resolve_draws(expanded), &mut texts)
        .map_err(|(k, args, e)| format!("{path}: run {k} ({args}): {e}"))?;
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
            Some(Preregistration {
                tuned: tuning,
                genome: genome.map(|(file, flags)| {
                    let set: Vec<String> = flags.iter().map(|(k, v)| format!("--{k} {v}")).collect();
                    format!(
                        "every run takes the best genome of {file} (numbers to 15 significant digits): {}",
                        set.join(" ")
                    )
                }),
                ..p
            })
        }
        Some(_) => {
            return Err(format!(
                "{path}: line {}: `preregistration` must be a table",
                line_of(&text, "preregistration")
            ))
        }
        None if tuning.is_some() => {
            return Err(format!(
                "{path}: line {}: a tuned plan compares systems at their chosen settings; add a [preregistration]",
                line_of(&text, "[tuned")
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
    Ok(SweepPlan { prereg, texts, runs })
}

/// Runs by link key, each checked as its command checks its flags and identified by its whole
/// configuration; two runs of one configuration are refused (one would only repeat the other).
fn identified(runs: Vec<PlannedRun>, texts: &mut Texts) -> Result<Vec<PlannedRun>, (usize, String, String)> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = vec![];
    for (k, r) in runs.into_iter().enumerate() {
        let keyed = PlannedRun::new(
            &r.command,
            &r.task,
            r.settings.iter().map(|(f, v)| (key_of_flag(f), v.clone())).collect(),
        );
        let cfg = config_of(&keyed).map_err(|e| (k, keyed.args().join(" "), e))?;
        let run = keyed.identified(canonical(&cfg, texts));
        if let Some(j) = seen.insert(run.id.clone(), k) {
            return Err((k, run.args().join(" "), format!("the same configuration as run {j}")));
        }
        out.push(run);
    }
    Ok(out)
}

/// A plan: its preregistration, the texts (rules) its runs name by hash, and its runs.
#[derive(Default)]
pub struct SweepPlan {
    pub prereg: Option<Preregistration>,
    pub texts: Texts,
    pub runs: Vec<PlannedRun>,
}

/// The CLI arguments of a planned run, parsed as the command would parse them.
fn args_of(r: &PlannedRun) -> Result<Cmd, String> {
    let argv: Vec<String> = std::iter::once(r.command.clone()).chain(r.args()).collect();
    crate::cli::parse(&argv).map_err(|e| crate::cli::one_line(&e, &argv))
}

/// A planned run's configuration, checked exactly as `devcircuit <command>` checks it.
pub fn config_of(r: &PlannedRun) -> Result<Config, String> {
    match args_of(r)? {
        Cmd::Task(t) => {
            let (cfg, rhos) = task_config(&t)?;
            if rhos.len() != 1 {
                return Err("a run takes one ρ, not a list".into());
            }
            Ok(cfg)
        }
        Cmd::Train(t) => train_config(&t),
        _ => Err(format!("`{}`: a sweep runs `task` or `train`", r.command)),
    }
}

/// Prints the plan; a preregistered plan records its commit, and one that is not committed (or
/// changed since) is refused unless `exploratory`, which labels every result exploratory.
pub fn plan(path: &str, exploratory: bool) -> Result<(), String> {
    let SweepPlan {
        mut prereg,
        texts,
        runs,
    } = plan_file(path)?;
    if let Some(p) = prereg.as_mut().filter(|p| !p.pilot) {
        match super::origin::origin(path) {
            Ok(o) => p.origin = Some(o),
            Err(e) if !exploratory => {
                return Err(format!(
                    "{e}: a preregistered plan is committed before it runs, so its commit shows the order; commit \
                    it, or plan with --exploratory (every result then labelled exploratory)"
                ))
            }
            Err(_) => {}
        }
        p.exploratory = exploratory;
    }
    if let Some(p) = prereg {
        println!("{}", json!({ "preregistration": p }));
    }
    if !texts.is_empty() {
        println!("{}", json!({ "texts": texts }));
    }
    for r in runs {
        println!("{}", serde_json::to_string(&r).map_err(|e| e.to_string())?);
    }
    Ok(())
}

/// A plan file (JSON lines: the preregistration first, the texts, then one run a line); a bad
/// line is named.
pub fn read_plan_file(path: &str) -> Result<SweepPlan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let mut plan = SweepPlan::default();
    for (k, l) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let bad = |e: serde_json::Error| format!("{path}: line {}: not a planned run ({e})", k + 1);
        let v: Value = serde_json::from_str(l).map_err(bad)?;
        match (v.get("preregistration"), v.get("texts")) {
            (Some(p), _) if k == 0 => plan.prereg = Some(serde_json::from_value(p.clone()).map_err(bad)?),
            (Some(_), _) => {
                return Err(format!(
                    "{path}: line {}: a preregistration belongs on the first line",
                    k + 1
                ))
            }
            (_, Some(t)) => plan
                .texts
                .extend(serde_json::from_value::<Texts>(t.clone()).map_err(bad)?),
            _ => plan.runs.push(serde_json::from_value(v).map_err(bad)?),
        }
    }
    Ok(plan)
}

/// The runs of a plan file.
pub fn read_plan(path: &str) -> Result<Vec<PlannedRun>, String> {
    read_plan_file(path).map(|p| p.runs)
}
