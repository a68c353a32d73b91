//! A plan's `[tuned]` table: read the committed pilot's runs.csv, choose each system's settings
//! by the stated rule, and put them into the plan's runs (no number copied by hand).

use crate::cli::runs_table;
use crate::experiment::sweep::{flag_of_key, key_of_flag, PlannedRun};
use crate::experiment::tuning::{best_mean, PilotRun, Tuning, BEST_MEAN};
use crate::experiment::Config;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// A link key for a name written as a key or a flag (`input_scale`, `input-scale`, `win`).
fn key_of(name: &str) -> String {
    key_of_flag(&name.replace('_', "-"))
}

/// The tuning a `[tuned]` table states, with the pilot's choices for every value the plan's
/// `per` axis takes. `higher`: the metric's better direction; `per_neuron`: rank MC/N.
pub fn tuning(
    t: &Value,
    axes: &BTreeMap<String, Vec<String>>,
    base: &Path,
    higher: bool,
    per_neuron: bool,
) -> Result<Tuning, String> {
    let t = t
        .as_object()
        .ok_or("a table: pilot = \"…/runs.csv\", choose = [\"input_scale\", \"rho\"], per = \"topology\"")?;
    if let Some(k) = t
        .keys()
        .find(|k| !["pilot", "choose", "per", "rule"].contains(&k.as_str()))
    {
        return Err(format!("unknown key `{k}`; expected pilot, choose, per, rule"));
    }
    let pilot = t
        .get("pilot")
        .and_then(Value::as_str)
        .ok_or("`pilot`: the path of the pilot's runs.csv (relative to the plan)")?;
    let choose: Vec<String> = match t.get("choose") {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|v| {
                v.as_str()
                    .map(key_of)
                    .ok_or(format!("`choose`: {v} is not a setting's name"))
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("`choose`: a non-empty list of settings, e.g. [\"input_scale\", \"rho\"]".into()),
    };
    let per = key_of(t.get("per").and_then(Value::as_str).unwrap_or("topology"));
    let per = if per == "topology" { "topo".to_string() } else { per };
    match t.get("rule").map(|r| r.as_str()) {
        None | Some(Some("best-mean")) => {}
        Some(r) => return Err(format!("`rule = {r:?}`: the one rule is \"best-mean\"")),
    }
    if let Some(k) = choose.iter().find(|k| axes.contains_key(&flag_of_key(k))) {
        return Err(format!("`{k}` is both an axis of the plan and chosen by the pilot"));
    }
    let runs = pilot_runs(&base.join(pilot), pilot, &choose, &per, per_neuron)?;
    let mut chosen = best_mean(&runs, &choose, &per, higher).map_err(|e| format!("{pilot}: {e}"))?;
    let default = Config::default().settings_json();
    let wanted = axes
        .get(&flag_of_key(&per))
        .cloned()
        .unwrap_or_else(|| vec![default[&per].as_str().unwrap_or("").to_string()]);
    if let Some(v) = wanted.iter().find(|v| !chosen.contains_key(*v)) {
        return Err(format!("the pilot {pilot} has no runs of `{per}={v}`"));
    }
    chosen.retain(|k, _| wanted.contains(k));
    Ok(Tuning {
        pilot: pilot.into(),
        choose,
        per,
        rule: format!("best-mean: {BEST_MEAN}{}", if per_neuron { ", per neuron" } else { "" }),
        chosen,
    })
}

/// The pilot's runs as the rule sees them: settings by link key (defaults where the table has no
/// column), the metric (per neuron when asked) and the echo state.
fn pilot_runs(
    file: &Path,
    name: &str,
    choose: &[String],
    per: &str,
    per_neuron: bool,
) -> Result<Vec<PilotRun>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("`pilot`: cannot read {name}: {e}"))?;
    let rows = runs_table::read(&text, name)?;
    let default = Config::default().settings_json();
    rows.iter()
        .map(|r| {
            let mut settings = r.run.settings.clone();
            for k in choose.iter().map(String::as_str).chain([per]) {
                if !settings.contains_key(k) {
                    let d = default.get(k).ok_or(format!("`{k}` is not a setting"))?;
                    settings.insert(k.into(), d.as_str().map_or(d.to_string(), str::to_string));
                }
            }
            let value = match (r.metric, per_neuron, r.neurons) {
                (Some(m), false, _) => Some(m),
                (Some(m), true, Some(n)) if n > 0 => Some(m / n as f64),
                (Some(_), true, _) => return Err(format!("{name}: line {}: no neuron count to divide by", r.at)),
                (None, ..) => None,
            };
            Ok(PilotRun {
                settings,
                value: value.filter(|_| r.status == "done"),
                echo_state: r.echo_state.unwrap_or(true),
            })
        })
        .collect()
}

/// The plan's runs with the chosen settings of their `per` value set (as flags).
pub fn apply(t: &Tuning, runs: Vec<PlannedRun>) -> Vec<PlannedRun> {
    let per_flag = flag_of_key(&t.per);
    runs.into_iter()
        .map(|mut r| {
            let value = r
                .settings
                .get(&per_flag)
                .cloned()
                .or_else(|| t.chosen.keys().next().cloned());
            if let Some(c) = value.and_then(|v| t.chosen.get(&v)) {
                for (k, v) in c {
                    r.settings.insert(flag_of_key(k), v.clone());
                }
            }
            PlannedRun::new(&r.command, &r.task, r.settings)
        })
        .collect()
}
