//! Preregistration shown from git: every committed sweep whose plan records a commit was
//! planned from a commit that is a strict ancestor of the one that added its runs, with the
//! plan's blob as recorded, and no run started before that commit; the others say so.

use devcircuit::cli::collect::{summarise_dir, Overrides};
use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let o = Command::new("git").args(args).output().ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).trim().to_string())
}

/// True when this checkout has its whole history; otherwise why not (a missing history is
/// a failure where DEVCIRCUIT_REQUIRE_ALL is set, as in CI).
fn full_history() -> bool {
    let why = match git(&["rev-parse", "--is-shallow-repository"]).as_deref() {
        Some("false") => return true,
        Some(_) => "a shallow clone",
        None => "not a git checkout",
    };
    assert!(
        std::env::var_os("DEVCIRCUIT_REQUIRE_ALL").is_none(),
        "the order of plans and runs needs the whole git history: this is {why}"
    );
    eprintln!("skipped: the order of plans and runs needs the whole git history; this is {why}");
    false
}

#[test]
fn every_preregistered_sweep_was_planned_in_a_commit_before_its_runs() {
    if !full_history() {
        return;
    }
    let mut checked = vec![];
    for e in fs::read_dir("sweeps/results").unwrap() {
        let dir = e.unwrap().path();
        let Ok(text) = fs::read_to_string(dir.join("preregistration.json")) else {
            continue;
        };
        let p: Value = serde_json::from_str(&text).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let (md_head, summary) = {
            let (s, md) = summarise_dir(&dir, &Overrides::default()).unwrap();
            (md.lines().next().unwrap_or("").to_string(), s)
        };
        let origin = &p["origin"];
        if origin.is_null() || p["exploratory"] == true || p["pilot"] == true {
            if p["pilot"] != true && p["exploratory"] != true {
                assert!(md_head.starts_with("**Order not shown**"), "{name}: {md_head}");
            }
            continue;
        }
        let table = format!("sweeps/results/{name}/runs.csv");
        let added = git(&["log", "--diff-filter=A", "--format=%H", "--", &table])
            .and_then(|l| l.lines().last().map(str::to_string))
            .unwrap_or_else(|| panic!("{table} is not committed"));
        let commit = origin["commit"].as_str().unwrap();
        assert_ne!(commit, added, "{name}: the plan and its runs arrived in one commit");
        assert!(
            git(&["merge-base", "--is-ancestor", commit, &added]).is_some(),
            "{name}: the plan's commit {commit} is not an ancestor of {added}, which added its runs"
        );
        let path = origin["path"].as_str().unwrap();
        assert_eq!(
            git(&["rev-parse", &format!("{commit}:{path}")]).as_deref(),
            origin["blob"].as_str(),
            "{name}: {path} at {commit} is not the planned text"
        );
        let committed: f64 = git(&["show", "-s", "--format=%ct", commit]).unwrap().parse().unwrap();
        let first = first_started(&dir.join("runs.csv"));
        assert!(
            first >= committed,
            "{name}: a run started before the plan was committed"
        );
        assert!(
            md_head.starts_with(&format!("Preregistered in commit {}", &commit[..12])),
            "{name}: {md_head}"
        );
        assert!(
            summary["paired"].as_array().is_some_and(|p| !p.is_empty()),
            "{name}: no verdicts"
        );
        checked.push(name);
    }
    assert!(checked.len() >= 3, "only {checked:?} show their order");
}

/// The earliest `started` of a runs.csv (the column is written since plans record commits).
fn first_started(table: &Path) -> f64 {
    let rows = devcircuit::cli::runs_table::read(&fs::read_to_string(table).unwrap(), "runs.csv").unwrap();
    rows.iter()
        .map(|r| r.started.expect("every run's start time"))
        .fold(f64::INFINITY, f64::min)
}
