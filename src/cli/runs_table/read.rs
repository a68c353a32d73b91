//! `runs.csv` read back: rows with the file line of each, the configuration a row ran (checked
//! against its id), and a row as a page record. Errors name the file, line and column.

use super::{Row, DIAGNOSTICS, HEAD, LATER, TAIL};
use crate::circuit::diagnostics::Diagnostics;
use crate::experiment::identity::{canonical, config_from, run_id, Texts};
use crate::experiment::results::{RunRecord, RunStatus};
use crate::experiment::sweep::{key_of_flag, PlannedRun};
use crate::experiment::task::TaskOutcome;
use crate::experiment::Config;
use serde_json::{Map, Value};

/// Reads a table written by `write` (or by an older version: flag names as headers).
pub fn read(text: &str, name: &str) -> Result<Vec<Row>, String> {
    let mut rd = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = rd.records();
    let header: Vec<String> = match records.next() {
        Some(Ok(h)) => h.iter().map(key_of_flag).collect(),
        Some(Err(e)) => return Err(format!("{name}: {e}")),
        None => return Err(format!("{name}: empty")),
    };
    let col = |k: &str| {
        header
            .iter()
            .position(|h| h == k)
            .ok_or(format!("{name}: line 1: no `{k}` column"))
    };
    let mut fixed: Vec<usize> = HEAD
        .iter()
        .chain(TAIL.iter())
        .map(|k| col(k))
        .collect::<Result<_, _>>()?;
    fixed.extend(LATER.iter().filter_map(|k| col(k).ok()));
    let settings: Vec<(usize, &String)> = header.iter().enumerate().filter(|(k, _)| !fixed.contains(k)).collect();
    let whole = col("rules_hash").is_ok();
    let mut out = vec![];
    for r in records {
        let r = r.map_err(|e| format!("{name}: {e}"))?;
        let line = r.position().map_or(0, |p| p.line());
        if r.len() != header.len() {
            return Err(format!(
                "{name}: line {line}: {} fields, the header has {}",
                r.len(),
                header.len()
            ));
        }
        let at = |k: &str| col(k).map(|c| &r[c]);
        let number = |k: &str| -> Result<Option<f64>, String> {
            match col(k) {
                Err(_) if LATER.contains(&k) => Ok(None),
                Err(e) => Err(e),
                Ok(c) if r[c].is_empty() => Ok(None),
                Ok(c) => r[c].parse().map(Some).map_err(|_| {
                    format!(
                        "{name}: line {line}, column {}: `{}` is not a number ({k})",
                        c + 1,
                        &r[c]
                    )
                }),
            }
        };
        let accuracy = at("accuracy")?
            .split_whitespace()
            .map(|t| {
                t.parse::<f64>()
                    .map_err(|_| format!("{name}: line {line}: accuracy `{t}` is not a number"))
            })
            .collect::<Result<Vec<f64>, String>>()?;
        let mut run = PlannedRun::new(
            at("command")?,
            at("task")?,
            settings
                .iter()
                .filter(|(c, _)| !r[*c].is_empty())
                .map(|(c, k)| (k.to_string(), r[*c].to_string()))
                .collect(),
        );
        run.id = at("id")?.into();
        out.push(Row {
            line: number("line")?.unwrap_or(0.0) as u64,
            run,
            at: line,
            whole,
            status: at("status")?.into(),
            fingerprint: at("fingerprint")?.into(),
            topology_fingerprint: at("topology_fingerprint")?.into(),
            metric: number("metric")?,
            floor: number("floor")?,
            echo_state: match at("echo_state")? {
                "" => None,
                t => Some(t == "true"),
            },
            echo_distance: number("echo_distance")?,
            iteration0: number("iteration0")?,
            accuracy,
            version: at("version")?.into(),
            error: at("error")?.into(),
            neurons: number("neurons")?.map(|n| n as usize),
            started: number("started")?,
            diagnostics: match DIAGNOSTICS.map(number) {
                [Ok(Some(p)), Ok(Some(s)), Ok(Some(b)), Ok(Some(x))] => Some(Diagnostics {
                    participation_ratio: p,
                    strong_eigenvalues: s as usize,
                    block_mean_share: b,
                    non_normality: x,
                }),
                [a, b, c, d] => {
                    a?;
                    b?;
                    c?;
                    d?;
                    None
                }
            },
        });
    }
    Ok(out)
}

/// The configuration a row ran: its settings over the defaults, rules from `texts` by hash,
/// checked against the row's id (which hashes the whole configuration). A table written before
/// 0.2 has no such id; one of its rows that named a rules or parameter file is refused (the file
/// may have changed since), the others read as the CLI reads their flags.
pub fn config_of_row(row: &Row, texts: &Texts, name: &str) -> Result<Config, String> {
    let here = format!("{name}: line {}: run {}", row.at, row.run.id);
    if !row.whole {
        if ["rules", "dev"].iter().any(|k| row.run.settings.contains_key(*k)) {
            return Err(format!(
                "{here}: written before tables kept the rules and parameters they grew with; migrate it once with \
                `devcircuit sweep migrate DIR`"
            ));
        }
        return crate::cli::sweep::config_of(&row.run).map_err(|e| format!("{here}: {e}"));
    }
    let mut settings: Map<String, Value> = row
        .run
        .settings
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    if !row.run.task.is_empty() {
        settings.insert("task".into(), Value::String(row.run.task.clone()));
    }
    let cfg = config_from(&Value::Object(settings), texts).map_err(|e| format!("{here}: {e}"))?;
    let id = run_id(&row.run.command, &canonical(&cfg, &mut Texts::new()));
    if id != row.run.id {
        return Err(format!(
            "{here}: its settings make the configuration {id}, not the one it ran (a default changed since, or the \
            row was edited)"
        ));
    }
    Ok(cfg)
}

/// A row as a page record: its configuration and what it measured (a task's metric and floor,
/// or the accuracies).
pub fn record(row: &Row, config: Config) -> RunRecord {
    let mut rec = RunRecord::new(row.line + 1, config, &row.version, "native");
    rec.fingerprint = row.fingerprint.clone();
    rec.status = if row.status == "done" {
        RunStatus::Done
    } else {
        RunStatus::Failed(if row.error.is_empty() {
            "failed".into()
        } else {
            row.error.clone()
        })
    };
    if rec.config.task != crate::experiment::Task::Classify {
        rec.task = row.metric.map(|metric| TaskOutcome {
            rho: rec.config.radius,
            metric,
            curve: vec![],
            floor: row.floor,
            echo_state: row.echo_state.unwrap_or(false),
            echo_distance: row.echo_distance.unwrap_or(0.0),
            input_neurons: 0,
            readout_neurons: 0,
            neurons: row.neurons.unwrap_or(0),
            plasticity: None,
            diagnostics: row.diagnostics.clone(),
        });
    }
    rec.acc0 = row.iteration0;
    rec.accuracy = row.accuracy.clone();
    rec.imported = true;
    rec
}

#[cfg(test)]
mod tests {
    use super::super::write;
    use super::*;
    use crate::experiment::identity::canonical;
    use serde_json::json;

    fn result(cfg: &Config, texts: &mut Texts, extra: Value) -> (String, Value) {
        let config = canonical(cfg, texts);
        let id = run_id("task", &config);
        let mut v = json!({"line": 0, "status": "done", "command": "task", "task": "memory-capacity",
            "settings": {"topo": cfg.topology.key()}, "config": config, "version": "0.2.0"});
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        (id, v)
    }

    #[test]
    fn a_table_reads_back_what_it_wrote_with_each_runs_whole_config_and_names_bad_fields() {
        let mut texts = Texts::new();
        let mut a = Config::from_settings(&json!({"task": "memory-capacity", "in": "l6,l5"})).unwrap();
        a.rules = Some(crate::grn::CORTEX15.replace("Sox2 & nbDll1", "Sox2 & !nbDll1"));
        let b = Config {
            topology: crate::experiment::Topology::Random,
            ..a.clone()
        };
        let results = vec![
            result(
                &a,
                &mut texts,
                json!({"metrics": {"fingerprint": "f", "metric": 0.1 + 0.2,
                "outcome": {"floor": 0.17, "echo_state": true}}}),
            ),
            result(
                &b,
                &mut texts,
                json!({"status": "failed", "error": "no \"neurons\", none"}),
            ),
        ];
        let text = write(&results);
        let back = read(&text, "runs.csv").unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[0].metric, Some(0.1 + 0.2), "bit for bit");
        assert_eq!(
            back[0].run.settings["in"], "l6,l5",
            "quoted by the csv writer, by link key"
        );
        assert_eq!((back[0].floor, back[0].echo_state), (Some(0.17), Some(true)));
        assert_eq!(back[1].error, "no \"neurons\", none");
        assert_eq!(config_of_row(&back[0], &texts, "runs.csv").unwrap(), a);
        assert_eq!(config_of_row(&back[1], &texts, "runs.csv").unwrap(), b);
        // An edited setting no longer makes the configuration the row's id names.
        let edited = text.replacen("l6,l5", "l6", 1);
        let e = config_of_row(&read(&edited, "runs.csv").unwrap()[0], &texts, "runs.csv").unwrap_err();
        assert!(
            e.starts_with("runs.csv: line 2: run ") && e.contains("not the one it ran"),
            "{e}"
        );
        let broken = text.replace("0.30000000000000004", "0.3x");
        let e = read(&broken, "runs.csv").err().unwrap();
        assert!(e.contains("runs.csv: line 2, column") && e.contains("`0.3x`"), "{e}");
        assert!(read("id,line\n", "t.csv").err().unwrap().contains("no `status` column"));
    }

    /// A table of 0.1 (flag names as headers, a rules file by path) reads where it named no file,
    /// and asks to be migrated where it did.
    #[test]
    fn an_older_table_reads_by_its_flags_and_one_that_named_a_rules_file_asks_for_migration() {
        let head = "id,line,status,command,task,input-layers,rho,seed,topology,fingerprint,topology_fingerprint,\
            metric,floor,echo_state,echo_distance,iteration0,accuracy,version,error";
        let plain = format!("{head}\nab,0,done,task,memory-capacity,deep,0.9,3,random,f,g,5.0,,true,0,,,0.1.0,\n");
        let rows = read(&plain, "old.csv").unwrap();
        let cfg = config_of_row(&rows[0], &Texts::new(), "old.csv").unwrap();
        assert_eq!(
            (cfg.seed, cfg.topology, cfg.radius),
            (3, crate::experiment::Topology::Random, 0.9)
        );
        assert_eq!(rows[0].run.settings["in"], "deep");
        let ruled = plain.replace("input-layers", "rules").replace(",deep,", ",r.bnet,");
        let e = config_of_row(&read(&ruled, "old.csv").unwrap()[0], &Texts::new(), "old.csv").unwrap_err();
        assert!(e.contains("devcircuit sweep migrate"), "{e}");
    }
}
