//! `devcircuit sweep collect`: a results folder (result files, or only its committed runs.csv)
//! summarised per condition and paired against the reference with corrected verdicts.

use super::runs_table;
use super::standing;
use super::sweep::{read_plan, read_results, read_texts};
use crate::experiment::paired::{trim, Paired, ALPHA, POWER};
use crate::experiment::prereg::Preregistration;
use crate::experiment::results::{metric_summaries, paired_rows, Analysis, Reference, RunRecord};
use crate::experiment::stats::{runs_needed, Correction};
use crate::experiment::Topology;
use serde_json::{json, Value};
use std::path::Path;

/// What `collect` was asked to change from the preregistered analysis.
#[derive(Default)]
pub struct Overrides<'a> {
    pub reference: Option<&'a str>,
    pub margin: Option<f64>,
    pub correction: Option<&'a str>,
}

/// The records of a results folder, where they came from, its result files (empty when read
/// from runs.csv) and the preregistration they carry.
pub struct Collected {
    pub records: Vec<RunRecord>,
    pub results: Vec<(String, Value)>,
    pub preregistration: Option<Preregistration>,
    pub source: String,
    /// When the earliest run started (Unix seconds), where recorded.
    pub first_run: Option<f64>,
}

/// Reads the result files of `dir`, or its runs.csv and preregistration.json when it has none.
pub fn read(dir: &Path) -> Result<Collected, String> {
    let results = read_results(dir)?;
    if !results.is_empty() {
        let preregs: Vec<&Value> = results.iter().map(|r| &r.1["preregistration"]).collect();
        if preregs.iter().any(|p| *p != preregs[0]) {
            return Err(format!(
                "{}: the result files carry different preregistrations (runs of different plans in one folder)",
                dir.display()
            ));
        }
        let preregistration = match preregs[0] {
            Value::Null => None,
            p => Some(
                serde_json::from_value(p.clone()).map_err(|e| format!("{}: preregistration: {e}", dir.display()))?,
            ),
        };
        let first_run = results
            .iter()
            .filter_map(|r| r.1["started_unix"].as_f64())
            .reduce(f64::min);
        return Ok(Collected {
            first_run,
            records: results.iter().map(|r| r.2.clone()).collect(),
            results: results.into_iter().map(|r| (r.0, r.1)).collect(),
            preregistration,
            source: "result files".into(),
        });
    }
    let table = dir.join("runs.csv");
    let text =
        std::fs::read_to_string(&table).map_err(|_| format!("{}: no result files and no runs.csv", dir.display()))?;
    let name = table.display().to_string();
    let rows = runs_table::read(&text, &name)?;
    let first_run = rows.iter().filter_map(|r| r.started).reduce(f64::min);
    let texts = read_texts(dir)?;
    let records = rows
        .iter()
        .map(|row| Ok(runs_table::record(row, runs_table::config_of_row(row, &texts, &name)?)))
        .collect::<Result<Vec<_>, String>>()?;
    let prereg = dir.join("preregistration.json");
    let preregistration = match std::fs::read_to_string(&prereg) {
        Ok(t) => Some(serde_json::from_str(&t).map_err(|e| format!("{}: {e}", prereg.display()))?),
        Err(_) => None,
    };
    Ok(Collected {
        records,
        results: vec![],
        preregistration,
        source: "runs.csv".into(),
        first_run,
    })
}

/// The analysis to run: the preregistered one, with what the flags change (then exploratory).
pub fn analysis(prereg: Option<&Preregistration>, o: &Overrides) -> Result<(Analysis, bool), String> {
    let mut a = match prereg {
        Some(p) => p.analysis()?,
        None => Analysis::against(Topology::Developmental),
    };
    let mut changed = prereg.is_none();
    if let Some(r) = o.reference {
        let t = Reference::parse(r).map_err(|e| format!("flag `--reference {r}`: {e}"))?;
        changed |= t != a.reference;
        a.reference = t;
    }
    if let Some(m) = o.margin {
        if !(m.is_finite() && m > 0.0) {
            return Err(format!("flag `--margin {m}`: a positive number"));
        }
        changed |= Some(m) != a.margin;
        a.margin = Some(m);
    }
    if let Some(c) = o.correction {
        let c = Correction::parse(c).ok_or(format!("flag `--correction {c}`: holm, bh or none"))?;
        changed |= c != a.correction;
        a.correction = c;
    }
    Ok((a, changed))
}

fn paired_json(label: &str, reference: &str, family: &str, p: &Paired) -> Value {
    let needed = if p.detectable > p.margin {
        runs_needed(p.margin, p.sd, ALPHA, POWER)
    } else {
        None
    };
    json!({
        "condition": label, "reference": reference, "family": family, "n": p.n, "mean_difference": p.mean,
        "sd_difference": p.sd, "ci95": [p.ci95.0, p.ci95.1], "ci90": [p.ci90.0, p.ci90.1], "margin": p.margin,
        "p": p.p, "p_adjusted": p.p_adjusted, "p_equivalence": p.p_equivalence,
        "p_equivalence_adjusted": p.p_equivalence_adjusted, "detectable": p.detectable,
        "runs_for_margin": needed, "verdict": p.verdict.label(p.margin), "verdict_key": p.verdict,
        "averaged": p.averaged,
    })
}

/// True for a pilot's own analysis: conditions only, no paired verdicts.
fn pilot_only(c: &Collected, o: &Overrides) -> bool {
    c.preregistration.as_ref().is_some_and(|p| p.pilot) && o.margin.is_none()
}

/// The collected summary: per condition mean, sd, CI (and the memory-capacity floor); paired
/// comparisons with unadjusted and adjusted p-values, detectable differences and verdicts
/// (none for a pilot).
pub fn summary(records: &[RunRecord], a: &Analysis, pilot: bool) -> Value {
    let floors = crate::experiment::results::floor_means(records);
    let mut conditions: Vec<Value> = metric_summaries(records)
        .into_iter()
        .map(|(l, s)| {
            let floor = floors.iter().find(|f| f.0 == l).map(|f| f.1);
            json!({
                "condition": l, "n": s.n, "mean": s.mean, "floor": floor,
                // One run has no spread and no interval: shown as —, never as 0.
                "sd": (s.n > 1).then_some(s.sd), "ci95": (s.n > 1).then_some(s.ci95),
            })
        })
        .collect();
    standing::annotate(&mut conditions, records);
    let paired: Vec<Value> = paired_rows(records, a)
        .iter()
        .filter(|_| !pilot)
        .map(|r| paired_json(&r.label, &r.reference, &r.family, &r.paired))
        .collect();
    json!({
        "metric": records.first().map(|r| r.config.task.metric().0), "conditions": conditions, "paired": paired,
        "analysis": {
            "reference": a.reference.to_string(),
            "also": a.also.iter().map(|r| r.to_string()).collect::<Vec<_>>(),
            "margin": paired.first().map(|p| p["margin"].clone()),
            "correction": a.correction, "family": a.family_by,
            "echo_state": a.echo_state, "per_neuron": a.per_neuron,
        },
    })
}

fn f4(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |x| format!("{x:.4}"))
}

fn signed(v: &Value) -> String {
    v.as_f64().map_or("—".into(), |x| format!("{x:+.4}"))
}

/// A p-value in a table: four decimals, or scientific below 0.0001.
pub fn p_cell(v: &Value) -> String {
    match v.as_f64() {
        Some(p) if p < 1e-4 => format!("{p:.1e}"),
        Some(p) => format!("{p:.4}"),
        None => "—".into(),
    }
}

/// The two tables of a summary as Markdown.
pub fn markdown(s: &Value) -> String {
    let any = |p: &dyn Fn(&Value) -> bool| s["conditions"].as_array().into_iter().flatten().any(p);
    // Optional columns: (header, shown, cell).
    type Cell<'a> = &'a dyn Fn(&Value) -> String;
    let optional: [(&str, bool, Cell); 3] = [
        ("floor", any(&|c| c["floor"].is_number()), &|c| f4(&c["floor"])),
        ("per neuron", any(&|c| c["mean_per_neuron"].is_number()), &|c| {
            f4(&c["mean_per_neuron"])
        }),
        (
            "not echo-state",
            any(&|c| c["not_echo_state"].as_u64().is_some_and(|n| n > 0)),
            &|c| c["not_echo_state"].as_u64().map_or("—".into(), |n| n.to_string()),
        ),
    ];
    let shown: Vec<_> = optional.iter().filter(|o| o.1).collect();
    let mut md = format!(
        "| condition | runs | mean {} | sd | 95 % CI (±) |{}\n|---|---|---|---|---|{}\n",
        s["metric"].as_str().unwrap_or(""),
        shown.iter().map(|o| format!(" {} |", o.0)).collect::<String>(),
        "---|".repeat(shown.len())
    );
    for c in s["conditions"].as_array().into_iter().flatten() {
        md.push_str(&format!(
            "| {} | {} | {} | {} | {} |{}\n",
            c["condition"].as_str().unwrap_or(""),
            c["n"],
            f4(&c["mean"]),
            f4(&c["sd"]),
            f4(&c["ci95"]),
            shown.iter().map(|o| format!(" {} |", (o.2)(c))).collect::<String>()
        ));
    }
    if s["paired"].as_array().is_none_or(|p| p.is_empty()) {
        return md;
    }
    let correction = s["analysis"]["correction"].as_str().unwrap_or("holm");
    md.push_str(&format!(
        "\n| condition | reference | paired seeds | mean difference | 95 % CI | p | p ({correction}) \
        | detectable (80 %) | verdict |\n|---|---|---|---|---|---|---|---|---|\n"
    ));
    for p in s["paired"].as_array().into_iter().flatten() {
        md.push_str(&format!(
            "| {} | {} | {} | {} | [{}, {}] | {} | {} | {} | {} |\n",
            p["condition"].as_str().unwrap_or(""),
            p["reference"].as_str().unwrap_or(""),
            p["n"],
            signed(&p["mean_difference"]),
            signed(&p["ci95"][0]),
            signed(&p["ci95"][1]),
            p_cell(&p["p"]),
            p_cell(&p["p_adjusted"]),
            f4(&p["detectable"]),
            p["verdict"].as_str().unwrap_or("")
        ));
    }
    let averaged: u64 = s["paired"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["averaged"].as_u64())
        .sum();
    if averaged > 0 {
        md.push_str(&format!(
            "
{averaged} run(s) repeated the development, init and data seeds of another run of their condition; \
            each such set was averaged into one pair, not counted as pairs of its own.\n"
        ));
    }
    md
}

/// The analysis in one paragraph (above the tables of summary.md), opened by where its verdicts
/// stand (`standing::sentence`).
fn preamble(s: &Value, c: &Collected, exploratory: bool) -> String {
    let prereg = c.preregistration.as_ref();
    let standing = match standing::sentence(prereg, c.first_run) {
        t if t.is_empty() => t,
        t => t + " ",
    };
    standing + &analysis_text(s, prereg, exploratory)
}

fn analysis_text(s: &Value, prereg: Option<&Preregistration>, exploratory: bool) -> String {
    let a = &s["analysis"];
    if prereg.is_some_and(|p| p.pilot) && !exploratory {
        return format!(
            "Pilot: estimates only, no verdicts. Input draw: {}.\n\n",
            prereg.map_or("", |p| p.input_draw.as_str())
        );
    }
    let family = match a["family"].as_array().map(Vec::len) {
        Some(0) | None => "one family: every comparison of the sweep".to_string(),
        _ => format!(
            "one family per value of {}",
            a["family"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut t = format!(
        "Paired against `{}`{} on shared seeds; equivalence margin ±{}{}; p-values {} within {family} (the \
        difference and equivalence tests of every comparison in one correction); verdicts from the adjusted \
        p-values at α = 0.05.",
        a["reference"].as_str().unwrap_or(""),
        a["also"]
            .as_array()
            .filter(|v| !v.is_empty())
            .map_or(String::new(), |v| format!(
                " and `{}`",
                v.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("`, `")
            )),
        a["margin"].as_f64().map_or("—".into(), trim),
        prereg.map_or(String::new(), |p| format!(" ({})", p.margin_source)),
        serde_json::from_value::<Correction>(a["correction"].clone())
            .unwrap_or_default()
            .describe(),
    );
    if let Some(p) = prereg {
        if p.per_neuron {
            t.push_str(
                " Verdicts per neuron: each run's metric over its circuit's neuron count, the margin in that unit.",
            );
        }
        t.push_str(&format!(" Echo state: {}.", p.echo_state.describe()));
        t.push_str(&format!(" Input draw: {}.", p.input_draw));
        if let Some(genome) = &p.genome {
            t.push_str(&format!(" Genome: {genome}."));
        }
        if let Some(tuned) = &p.tuned {
            t.push_str(&format!(
                " Tuned: {}; each condition is paired with its twin at the reference across these settings.",
                tuned.describe()
            ));
        }
        if !p.hypothesis.is_empty() {
            t.push_str(&format!(" Hypothesis: {}", p.hypothesis));
        }
    }
    if exploratory {
        t.push_str(" **Exploratory**: this analysis is not the preregistered one.");
    }
    t + "\n\n"
}

/// A folder's records summarised under the analysis `o` leaves in force: the records, the
/// summary (with its standing, first run and records) and summary.md's text.
fn summarised(dir: &Path, o: &Overrides) -> Result<(Collected, Value, String), String> {
    let c = read(dir)?;
    let (a, exploratory) = analysis(c.preregistration.as_ref(), o)?;
    let mut s = summary(&c.records, &a, pilot_only(&c, o));
    let md = preamble(&s, &c, exploratory) + &markdown(&s);
    s["exploratory"] = json!(exploratory);
    s["standing"] = json!(standing::key(c.preregistration.as_ref()));
    s["first_run"] = json!(c.first_run.map(standing::iso_utc));
    s["records"] = serde_json::to_value(&c.records).map_err(|e| e.to_string())?;
    Ok((c, s, md))
}

/// The summary of a folder as collect computes it (no files written): for tests and the README.
pub fn summarise_dir(dir: &Path, o: &Overrides) -> Result<(Value, String), String> {
    summarised(dir, o).map(|(_, s, md)| (s, md))
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    std::fs::write(dir.join(name), text).map_err(|e| format!("cannot write {}: {e}", dir.join(name).display()))
}

pub fn collect(dir: &str, plan: Option<&str>, o: &Overrides) -> Result<(), String> {
    let dir = Path::new(dir);
    let (c, mut s, md) = summarised(dir, o)?;
    if c.records.is_empty() {
        return Err(format!("{}: no runs", dir.display()));
    }
    let failed: Vec<Value> = c
        .records
        .iter()
        .filter(|r| r.status.label() != "done")
        .map(|r| json!({ "line": r.id - 1, "error": r.status.label() }))
        .collect();
    let plan_path = plan.map(str::to_string).or_else(|| {
        c.results
            .first()
            .and_then(|r| r.1["plan"].as_str())
            .map(|p| dir.join(p).display().to_string())
    });
    let ids: std::collections::HashSet<&str> = c.results.iter().map(|r| r.0.as_str()).collect();
    let missing: Vec<Value> = match &plan_path {
        Some(p) if !ids.is_empty() && Path::new(p).exists() => read_plan(p)?
            .iter()
            .enumerate()
            .filter(|(_, r)| !ids.contains(r.id.as_str()))
            .map(|(k, r)| json!({ "line": k, "id": r.id }))
            .collect(),
        _ => vec![],
    };
    s["runs"] = json!(c.records.len());
    s["source"] = json!(c.source);
    s["preregistration"] = serde_json::to_value(&c.preregistration).unwrap_or(Value::Null);
    s["failed"] = json!(failed);
    s["missing"] = json!(missing);
    if !c.results.is_empty() {
        write(dir, "runs.csv", &runs_table::write(&c.results))?;
    }
    if let Some(p) = &c.preregistration {
        write(
            dir,
            "preregistration.json",
            &(serde_json::to_string_pretty(p).unwrap_or_default() + "\n"),
        )?;
    }
    write(dir, "summary.json", &s.to_string())?;
    write(dir, "summary.md", &md)?;
    write(dir, "summary.csv", &super::summary_csv::csv(&s))?;
    print!("{md}");
    if !failed.is_empty() || !missing.is_empty() {
        eprintln!(
            "{} failed and {} missing run(s) (listed in summary.json); rerun them with `devcircuit sweep run {} \
            --out {}`",
            failed.len(),
            missing.len(),
            plan_path.unwrap_or("PLAN".into()),
            dir.display()
        );
    }
    Ok(())
}
