//! A sweep run is its whole configuration: rules files are read once, when planned, and kept by
//! content; editing one redoes exactly the runs that used it, which collect as another
//! condition; a result that ran another configuration under a run's id is said and redone.

mod common;

use common::cli;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("devcircuit-identity-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Plans `d/rules.toml` into `d/NAME` and runs it into `d/r`: the run's stderr.
fn plan_and_run(d: &Path, name: &str) -> String {
    let (code, out, err) = cli(&["sweep", "plan", d.join("rules.toml").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join(name), out).unwrap();
    run(d, name)
}

fn run(d: &Path, plan: &str) -> String {
    let (code, _, err) = cli(&[
        "sweep",
        "run",
        d.join(plan).to_str().unwrap(),
        "--out",
        d.join("r").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    err
}

/// The conditions collect finds in `d/r`, with their run counts.
fn conditions(d: &Path) -> Vec<(String, u64)> {
    let (code, md, err) = cli(&["sweep", "collect", d.join("r").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}\n{md}");
    let s: Value = serde_json::from_str(&std::fs::read_to_string(d.join("r/summary.json")).unwrap()).unwrap();
    s["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["condition"].as_str().unwrap().to_string(), c["n"].as_u64().unwrap()))
        .collect()
}

/// The issue's case: plan with `rules = "b.bnet"`, run, edit one rule, plan and run again. The
/// edited file's runs are done again (not "0 of 4 to do"), the default network's runs are not,
/// and collect keeps the two rule sets apart; the first plan still names what it ran.
#[test]
fn editing_a_rules_file_redoes_exactly_its_runs_and_collects_them_as_another_condition() {
    let d = dir("edit");
    let edit = |from: &str, to: &str| {
        let text = devcircuit::grn::CORTEX15.replace(from, to);
        assert_ne!(text, devcircuit::grn::CORTEX15);
        std::fs::write(d.join("b.bnet"), text).unwrap();
    };
    edit(
        "Neurod1 & (Satb2 | tUL) & !Tbr1 & !Bcl11b",
        "Neurod1 & (Satb2 | tUL) & !Tbr1",
    );
    std::fs::write(d.join("a.bnet"), devcircuit::grn::CORTEX15).unwrap();
    let sweep = format!(
        "command = \"task\"\ntask = \"memory-capacity\"\nseed = \"1-2\"\nrules = [\"{}\", \"{}\"]\n",
        d.join("a.bnet").display(),
        d.join("b.bnet").display()
    );
    std::fs::write(d.join("rules.toml"), sweep).unwrap();
    assert!(plan_and_run(&d, "first.jsonl").contains("4 of 4 runs to do"));
    let first = conditions(&d);
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first[0] == ("developmental rules=cortex15".into(), 2) && first[1].0.contains("rules=custom#"));
    edit("Sox2 & nbDll1", "Sox2 & !nbDll1");
    let again = plan_and_run(&d, "second.jsonl");
    assert!(again.contains("2 of 4 runs to do (2 done already)"), "{again}");
    let both = conditions(&d);
    assert_eq!(both.iter().map(|c| c.1).collect::<Vec<_>>(), vec![2, 2, 2], "{both:?}");
    assert!(
        both[1].0 != both[2].0 && both[2].0.contains("rules=custom#"),
        "{both:?}"
    );
    // The first plan carries its rules text: run again it has nothing to do, edit or not.
    assert!(run(&d, "first.jsonl").contains("0 of 4 runs to do"));
    // Each rules text is kept once, by content, beside the results; runs.csv names it.
    let texts: Vec<_> = std::fs::read_dir(d.join("r/texts")).unwrap().collect();
    assert_eq!(texts.len(), 2);
    let table = std::fs::read_to_string(d.join("r/runs.csv")).unwrap();
    assert!(
        table.lines().next().unwrap().contains(",rules_hash,params_hash,"),
        "{table}"
    );
}

/// A result file that says it ran another configuration than its run's (here: another ρ) is
/// not taken as done: the run names the field that differs and runs again.
#[test]
fn a_result_of_another_configuration_is_said_and_done_again() {
    let d = dir("other");
    std::fs::write(
        d.join("rules.toml"),
        "command = \"task\"\ntask = \"memory-capacity\"\nseed = \"1\"\n",
    )
    .unwrap();
    plan_and_run(&d, "plan.jsonl");
    let file = std::fs::read_dir(d.join("r"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["config"]["rho"] = 0.5.into();
    std::fs::write(&file, v.to_string()).unwrap();
    let err = run(&d, "plan.jsonl");
    assert!(
        err.contains("ran another configuration (rho: 0.5 → 0.9); running it again"),
        "{err}"
    );
    assert!(err.contains("1 of 1 runs to do"), "{err}");
    let back: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(back["config"]["rho"], 0.9);
}

/// A plan written before runs carried their configuration is refused with what to do.
#[test]
fn a_plan_without_configurations_is_refused_with_the_command_that_replans_it() {
    let d = dir("old");
    let old = r#"{"id":"ab","command":"task","task":"memory-capacity","settings":{"seed":"1"}}"#;
    std::fs::write(d.join("old.jsonl"), old).unwrap();
    let (code, _, err) = cli(&[
        "sweep",
        "run",
        d.join("old.jsonl").to_str().unwrap(),
        "--out",
        d.join("r").to_str().unwrap(),
    ]);
    assert_ne!(code, 0);
    assert!(err.contains("plan it again with `devcircuit sweep plan`"), "{err}");
}

/// One vocabulary: a plan may name its axes by link key or by flag; both give the same runs,
/// whose settings (and so `runs.csv`'s headers) are link keys.
#[test]
fn axes_by_link_key_or_flag_plan_the_same_runs_under_link_keys() {
    let d = dir("keys");
    let plan = |name: &str, text: &str| {
        std::fs::write(d.join(name), text).unwrap();
        let (code, out, err) = cli(&["sweep", "plan", d.join(name).to_str().unwrap()]);
        assert_eq!(code, 0, "{err}");
        out
    };
    let by_flag = plan(
        "flags.toml",
        "command = \"task\"\ntask = \"delay\"\ntopology = \"random\"\ninput_layers = \"deep\"\n\
        seed = \"1-2\"\n",
    );
    let by_key = plan(
        "keys.toml",
        "command = \"task\"\ntask = \"delay\"\ntopo = \"random\"\nin = \"deep\"\nseed = \"1-2\"\n",
    );
    assert_eq!(by_flag, by_key);
    let first: Value = serde_json::from_str(by_key.lines().next().unwrap()).unwrap();
    let keys: Vec<&String> = first["settings"].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["in", "seed", "topo"]);
}
