//! A small real sweep (2 topologies × 3 seeds × 2 ρ of memory capacity) run three ways —
//! sequentially, through GNU parallel and through a real single-node Slurm job array — with
//! identical results; resumption after deleted results and a killed run; collect's summary;
//! one-line refusals of malformed plans, unknown axes, bad task ids and unreadable results.

mod common;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const CLI: &str = env!("CARGO_BIN_EXE_devcircuit");
const SWEEP: &str = "command = \"task\"\ntask = \"memory-capacity\"\ntopology = [\"developmental\", \"random\"]\nseed \
    = \"1-3\"\nrho = [0.5, 0.9]\n\n[preregistration]\nreference = \"developmental\"\ndirection = \"higher\"\n\
    margin = 0.3\nfamily = [\"rho\"]\n";

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("devcircuit-sweep-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn cli(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(CLI).args(args).output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

/// `git ARGS` in `d` (a throwaway repository: its own user, no global configuration read).
fn git(d: &Path, args: &[&str]) -> String {
    let o = Command::new("git")
        .current_dir(d)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .args(["-c", "user.name=devcircuit", "-c", "user.email=devcircuit@localhost"])
        .args(args)
        .output()
        .expect("git");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// The sweep file committed in a fresh repository at `d`, planned: a preregistered plan.
fn plan(d: &Path) -> PathBuf {
    std::fs::write(d.join("sweep.toml"), SWEEP).unwrap();
    git(d, &["init", "-q"]);
    git(d, &["add", "sweep.toml"]);
    git(d, &["commit", "-q", "-m", "plan"]);
    let (code, out, err) = cli(&["sweep", "plan", d.join("sweep.toml").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join("plan.jsonl"), out).unwrap();
    d.join("plan.jsonl")
}

/// Runs `d/plan.jsonl` into `d/r`, which it returns.
fn run_plan(d: &Path) -> PathBuf {
    run_into(d, "plan.jsonl", "r")
}

/// Runs the plan `d/plan` into `d/out`, which it returns.
fn run_into(d: &Path, plan: &str, out: &str) -> PathBuf {
    let r = d.join(out);
    let (code, _, err) = cli(&[
        "sweep",
        "run",
        d.join(plan).to_str().unwrap(),
        "--out",
        r.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    r
}

/// A preregistered plan is planned only when committed as it is: uncommitted or edited it is
/// refused in one line naming the file; `--exploratory` plans it and labels it so; committed,
/// the plan records the commit and blob, and collect opens with them and the first run's time.
#[test]
fn a_preregistered_plan_records_its_commit_and_an_uncommitted_one_is_refused() {
    let d = dir("origin");
    let file = d.join("sweep.toml");
    std::fs::write(&file, SWEEP).unwrap();
    let f = file.to_str().unwrap();
    let (code, _, err) = cli(&["sweep", "plan", f]);
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    assert!(
        err.contains("sweep.toml is not in a git repository") && err.contains("--exploratory"),
        "{err}"
    );
    git(&d, &["init", "-q"]);
    let (_, _, err) = cli(&["sweep", "plan", f]);
    assert!(err.contains("sweep.toml is not committed"), "{err}");
    let (code, out, err) = cli(&["sweep", "plan", "--exploratory", f]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().next().unwrap().contains("\"exploratory\":true"), "{out}");
    git(&d, &["add", "sweep.toml"]);
    git(&d, &["commit", "-q", "-m", "plan"]);
    std::fs::write(&file, SWEEP.replace("margin = 0.3", "margin = 0.5")).unwrap();
    let (_, _, err) = cli(&["sweep", "plan", f]);
    assert!(err.contains("sweep.toml is changed since its last commit"), "{err}");
    std::fs::write(&file, SWEEP).unwrap();
    let (code, out, err) = cli(&["sweep", "plan", f]);
    assert_eq!(code, 0, "{err}");
    let first: Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    let origin = &first["preregistration"]["origin"];
    assert_eq!(origin["commit"].as_str().unwrap(), git(&d, &["rev-parse", "HEAD"]));
    assert_eq!(
        origin["blob"].as_str().unwrap(),
        git(&d, &["rev-parse", "HEAD:sweep.toml"])
    );
    assert_eq!(origin["path"], "sweep.toml");
    std::fs::write(d.join("plan.jsonl"), &out).unwrap();
    let r = run_plan(&d);
    let (code, md, err) = cli(&["sweep", "collect", r.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let head = format!(
        "Preregistered in commit {} (",
        &origin["commit"].as_str().unwrap()[..12]
    );
    assert!(md.starts_with(&head) && md.contains("; first run at 20"), "{md}");
    let s: Value = serde_json::from_str(&std::fs::read_to_string(r.join("summary.json")).unwrap()).unwrap();
    assert_eq!(s["standing"], "preregistered");
    // From its runs.csv alone (as committed) the summary says the same.
    let table = d.join("table");
    std::fs::create_dir_all(&table).unwrap();
    for f in ["runs.csv", "preregistration.json"] {
        std::fs::copy(r.join(f), table.join(f)).unwrap();
    }
    let (code, md2, err) = cli(&["sweep", "collect", table.to_str().unwrap()]);
    assert_eq!((code, md2), (0, md), "{err}");
}

/// Result files by name, without the fields that must differ between runs (host and times).
fn results(d: &Path) -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && !p.file_name().unwrap().to_string_lossy().starts_with("summary")
        })
        .map(|p| {
            let mut j: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            for k in ["host", "started_unix", "finished_unix"] {
                j.as_object_mut().unwrap().remove(k);
            }
            (p.file_name().unwrap().to_string_lossy().into(), j)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The plan run through GNU parallel gives the sequential results.
fn through_parallel(d: &Path, ps: &str, reference: &[(String, Value)]) {
    // GNU parallel, two jobs, with the command line the CLI prints.
    let par = d.join("par");
    let (code, line, err) = cli(&["sweep", "parallel", ps, "--out", par.to_str().unwrap(), "--jobs", "2"]);
    assert_eq!(code, 0, "{err}");
    let o = Command::new("bash")
        .arg("-c")
        .arg(line.trim())
        .output()
        .expect("GNU parallel (installed by .ci/setup)");
    assert!(o.status.success(), "parallel: {}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(results(&par), reference, "GNU parallel results differ");
}

/// The plan run as a real Slurm job array gives the sequential results.
fn through_slurm(d: &Path, ps: &str, reference: &[(String, Value)]) {
    // A real Slurm: controller and node daemon on this machine, the generated array submitted.
    let slurm = common::LocalSlurm::start(&d.join("slurm-state"));
    let conf = slurm.conf.clone();
    let out = d.join("slurm");
    let (code, script, err) = cli(&[
        "sweep",
        "slurm",
        ps,
        "--out",
        out.to_str().unwrap(),
        "--runs-per-task",
        "5",
        "--max-parallel",
        "2",
        "--time",
        "00:10:00",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        script.contains("#SBATCH --array=0-2%2") && script.contains("--task $k"),
        "{script}"
    );
    std::fs::write(d.join("job.sh"), script).unwrap();
    let sb = Command::new("sbatch")
        .args(["--wait", "job.sh"])
        .current_dir(d)
        .env("SLURM_CONF", &conf)
        .output()
        .unwrap();
    drop(slurm);
    assert!(
        sb.status.success(),
        "sbatch: {} {}",
        String::from_utf8_lossy(&sb.stdout),
        String::from_utf8_lossy(&sb.stderr)
    );
    assert_eq!(results(&out), reference, "Slurm results differ");
}

#[test]
fn sequential_parallel_and_slurm_give_identical_results_and_resume_what_is_missing() {
    let d = dir("three-ways");
    let p = plan(&d);
    let ps = p.to_str().unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert_eq!(text.lines().count(), 13, "a preregistration line and 12 runs");
    let prereg: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(
        (
            &prereg["preregistration"]["margin"],
            &prereg["preregistration"]["correction"]
        ),
        (&serde_json::json!(0.3), &serde_json::json!("holm"))
    );
    let seq = d.join("seq");
    let (code, _, err) = cli(&["sweep", "run", ps, "--out", seq.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let reference = results(&seq);
    assert_eq!(reference.len(), 12);
    assert!(reference
        .iter()
        .all(|r| r.1["status"] == "done" && r.1["metrics"]["metric"].as_f64().unwrap() > 1.0));

    let test = "sequential_parallel_and_slurm_give_identical_results_and_resume_what_is_missing";
    if common::gnu_parallel(test) {
        through_parallel(&d, ps, &reference);
    }
    if common::slurm(test) {
        through_slurm(&d, ps, &reference);
    }

    // Resumption: two results deleted, a half-written temporary file left by a killed run.
    let gone: Vec<String> = reference.iter().take(2).map(|r| r.0.clone()).collect();
    for g in &gone {
        std::fs::remove_file(seq.join(g)).unwrap();
    }
    std::fs::write(
        seq.join(format!(".{}.999.tmp", gone[0].trim_end_matches(".json"))),
        "{\"id\": \"trunc",
    )
    .unwrap();
    let before: Vec<_> = reference
        .iter()
        .skip(2)
        .map(|r| std::fs::metadata(seq.join(&r.0)).unwrap().modified().unwrap())
        .collect();
    let (code, _, err) = cli(&["sweep", "run", ps, "--out", seq.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("2 of 12 runs to do (10 done already)"), "{err}");
    let after: Vec<_> = reference
        .iter()
        .skip(2)
        .map(|r| std::fs::metadata(seq.join(&r.0)).unwrap().modified().unwrap())
        .collect();
    assert_eq!(before, after, "a finished run was redone");
    assert_eq!(results(&seq), reference, "a redone run differs or a result is corrupt");

    // Collect: per-condition statistics and paired verdicts, from the plan's own runs.
    let (code, md, err) = cli(&["sweep", "collect", seq.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let s: Value = serde_json::from_str(&std::fs::read_to_string(seq.join("summary.json")).unwrap()).unwrap();
    assert_eq!(
        (
            s["runs"].as_u64(),
            s["conditions"].as_array().unwrap().len(),
            s["paired"].as_array().unwrap().len()
        ),
        (Some(12), 4, 2)
    );
    let dev05: Vec<f64> = reference
        .iter()
        .filter(|r| r.1["settings"]["topo"] == "developmental" && r.1["settings"]["rho"] == "0.5")
        .map(|r| r.1["metrics"]["metric"].as_f64().unwrap())
        .collect();
    let c = s["conditions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["condition"] == "developmental rho=0.5")
        .unwrap();
    assert!((c["mean"].as_f64().unwrap() - dev05.iter().sum::<f64>() / 3.0).abs() < 1e-12);
    assert!(md.contains("| random rho=0.5 | developmental rho=0.5 | 3 |"), "{md}");
    assert!(
        md.contains("margin ±0.3 (stated in the plan)") && md.contains("one family per value of rho"),
        "{md}"
    );
    // Two families of one comparison each, its two tests corrected together: Holm doubles the
    // smaller p-value and raises the larger to it if need be.
    for p in s["paired"].as_array().unwrap() {
        let (d, e) = (p["p"].as_f64().unwrap(), p["p_equivalence"].as_f64().unwrap());
        let (lo, hi) = ((2.0 * d.min(e)).min(1.0), d.max(e));
        let want = if d <= e { (lo, hi.max(lo)) } else { (hi.max(lo), lo) };
        let got = (
            p["p_adjusted"].as_f64().unwrap(),
            p["p_equivalence_adjusted"].as_f64().unwrap(),
        );
        assert!((got.0 - want.0).abs() < 1e-15 && (got.1 - want.1).abs() < 1e-15, "{p}");
        assert!(p["detectable"].as_f64().unwrap() > 0.0);
    }
    // The committed form: runs.csv (+ preregistration.json) alone gives the same summary.
    let table = d.join("table-only");
    std::fs::create_dir_all(&table).unwrap();
    for f in ["runs.csv", "preregistration.json"] {
        std::fs::copy(seq.join(f), table.join(f)).unwrap();
    }
    let (code, md_table, err) = cli(&["sweep", "collect", table.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        md_table, md,
        "collect from runs.csv differs from collect from the result files"
    );
    // Another margin than the plan's is exploratory, and says so.
    let (_, md_other, _) = cli(&["sweep", "collect", table.to_str().unwrap(), "--margin", "0.5"]);
    assert!(
        md_other.contains("**Exploratory**") && !md.contains("Exploratory"),
        "{md_other}"
    );
    assert!(s["missing"].as_array().unwrap().is_empty() && s["failed"].as_array().unwrap().is_empty());
    std::fs::remove_file(seq.join(&reference[5].0)).unwrap();
    let (_, _, err) = cli(&["sweep", "collect", seq.to_str().unwrap()]);
    assert!(
        err.contains("0 failed and 1 missing") && err.contains("devcircuit sweep run"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn malformed_plans_unknown_axes_bad_task_ids_and_unreadable_results_get_one_line() {
    let d = dir("errors");
    let cases = [
        ("broken.toml", "command = \"task\"\ntask = \n", "line 2"),
        (
            "axis.toml",
            "command = \"task\"\ntask = \"narma10\"\ncolour = [1]\n",
            "unknown axis `colour`",
        ),
        (
            "value.toml",
            "command = \"task\"\ntask = \"narma10\"\ntopology = [\"lattice\"]\n",
            "--topology lattice",
        ),
        (
            "rho.toml",
            "command = \"task\"\ntask = \"narma10\"\nrho = \"0:1:0.5\"\n",
            "axis `rho`",
        ),
        ("cmd.toml", "command = \"grow\"\n", "`task` or `train`"),
        (
            "nomargin.toml",
            "command = \"task\"\ntask = \"narma10\"\n\ntopology = [\"developmental\", \"none\"]\n",
            "line 4: the plan compares 2 topologies but preregisters no analysis",
        ),
        (
            "direction.toml",
            "command = \"task\"\ntask = \"narma10\"\ntopology = [\"developmental\", \"none\"]\n[preregistration]\n\
            reference = \"developmental\"\ndirection = \"higher\"\nmargin = 0.1\n",
            "line 4: [preregistration]: `direction = \"higher\"`: a lower NRMSE is better",
        ),
        (
            "margin.toml",
            "command = \"task\"\ntask = \"narma10\"\ntopology = [\"developmental\", \"none\"]\n[preregistration]\n\
            reference = \"developmental\"\ndirection = \"lower\"\n",
            "`margin` is missing",
        ),
        (
            "pilot.toml",
            "command = \"task\"\ntask = \"narma10\"\ntopology = [\"developmental\", \"none\"]\n[preregistration]\n\
            reference = \"developmental\"\ndirection = \"lower\"\nmargin = { fraction = 0.1, gap = [\"none\", \
            \"developmental\"], pilot = \"nowhere/runs.csv\" }\n",
            "cannot read the pilot nowhere/runs.csv",
        ),
        (
            "family.toml",
            "command = \"task\"\ntask = \"narma10\"\ntopology = [\"developmental\", \"none\"]\n[preregistration]\n\
            reference = \"developmental\"\ndirection = \"lower\"\nmargin = 0.1\nfamily = [\"colour\"]\n",
            "`colour` is not a condition field",
        ),
    ];
    for (name, text, bit) in cases {
        std::fs::write(d.join(name), text).unwrap();
        let (code, _, err) = cli(&["sweep", "plan", d.join(name).to_str().unwrap()]);
        assert_eq!((code, err.lines().count()), (1, 1), "{name}: {err}");
        assert!(err.contains(name) && err.contains(bit), "{name}: {err}");
    }
    let p = plan(&d);
    let (code, _, err) = cli(&[
        "sweep",
        "run",
        p.to_str().unwrap(),
        "--task",
        "12",
        "--out",
        d.join("r").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("--task 12") && err.contains("lines 0-11"), "{err}");
    let (code, _, _) = cli(&[
        "sweep",
        "run",
        p.to_str().unwrap(),
        "--task",
        "0",
        "--out",
        d.join("r").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    std::fs::write(d.join("r").join("0123456789abcdef.json"), "{ not json").unwrap();
    let (code, _, err) = cli(&["sweep", "collect", d.join("r").to_str().unwrap()]);
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    assert!(
        err.contains("0123456789abcdef.json") && err.contains("not JSON"),
        "{err}"
    );
    std::fs::write(d.join("bad.jsonl"), "{\"id\": 3}\n").unwrap();
    let (code, _, err) = cli(&[
        "sweep",
        "run",
        d.join("bad.jsonl").to_str().unwrap(),
        "--out",
        d.join("r").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("bad.jsonl: line 1"), "{err}");
    let _ = std::fs::remove_dir_all(&d);
}

/// A tuned plan: a real pilot's runs.csv chooses each topology's input scale (the cycle's best is
/// the small one, where it holds nearly N), `sweep plan` puts the choice into the runs and the
/// preregistration, collect pairs each system with the reference across the tuned settings, and
/// a [tuned] table that names an axis or a missing system is refused in one line.
#[test]
fn a_tuned_plan_takes_each_systems_settings_from_its_pilot_and_pairs_across_them() {
    let d = dir("tuned");
    let pilot = "command = \"task\"\ntask = \"memory-capacity\"\ntopology = [\"developmental\", \"cycle\"]\nseed = \
        \"11-12\"\ninput_scale = [0.01, 1]\n\n[preregistration]\nreference = \"developmental\"\ndirection = \
        \"higher\"\npilot = true\n";
    std::fs::write(d.join("pilot.toml"), pilot).unwrap();
    let (code, out, err) = cli(&["sweep", "plan", d.join("pilot.toml").to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(d.join("plan.jsonl"), out).unwrap();
    let r = run_plan(&d);
    assert_eq!(cli(&["sweep", "collect", r.to_str().unwrap()]).0, 0);
    let tuned = "command = \"task\"\ntask = \"memory-capacity\"\ntopology = [\"developmental\", \"cycle\"]\nseed = \
        \"1-3\"\n\n[tuned]\npilot = \"r/runs.csv\"\nchoose = [\"input_scale\"]\n\n[preregistration]\nreference = \
        \"developmental\"\ndirection = \"higher\"\nmargin = 1\n";
    let file = d.join("tuned.toml");
    std::fs::write(&file, tuned).unwrap();
    let (code, out, err) = cli(&["sweep", "plan", "--exploratory", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let chosen = &lines[0]["preregistration"]["tuned"]["chosen"];
    assert_eq!(chosen["cycle"]["win"], "0.01", "{chosen}");
    for run in &lines[1..] {
        let s = &run["settings"];
        assert_eq!(s["win"], chosen[s["topo"].as_str().unwrap()]["win"], "{s}");
    }
    std::fs::write(d.join("tuned.jsonl"), &out).unwrap();
    let t = run_into(&d, "tuned.jsonl", "t");
    let (code, md, err) = cli(&["sweep", "collect", t.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.contains("Tuned: win chosen per topo by the pilot r/runs.csv"),
        "{md}"
    );
    let s: Value = serde_json::from_str(&std::fs::read_to_string(t.join("summary.json")).unwrap()).unwrap();
    let paired = s["paired"].as_array().unwrap();
    assert_eq!(
        paired.len(),
        1,
        "the cycle paired with the grown circuit: {}",
        s["paired"]
    );
    assert_eq!(paired[0]["verdict"], "better", "{}", paired[0]);

    for (bad, says) in [
        (
            tuned.replace("seed = \"1-3\"", "seed = \"1-3\"\ninput_scale = 0.1"),
            "both an axis of the plan and chosen",
        ),
        (tuned.replace("\"cycle\"]", "\"esn\"]"), "has no runs of `topo=esn`"),
        (
            tuned.replace("choose = [\"input_scale\"]", "choose = []"),
            "`choose`: a non-empty list",
        ),
        (
            tuned.replace("pilot = \"r/", "pilot = \"nowhere/"),
            "cannot read nowhere/runs.csv",
        ),
    ] {
        std::fs::write(&file, bad).unwrap();
        let (code, _, err) = cli(&["sweep", "plan", "--exploratory", file.to_str().unwrap()]);
        assert_eq!((code, err.lines().count()), (1, 1), "{err}");
        assert!(err.contains("[tuned]") && err.contains(says), "{err}");
    }
}

/// A held-out plan names a search's best genome: every run takes its settings (those that differ
/// from the defaults) and its rules from the search's best.json and best.bnet, the preregistration
/// says so, and a genome setting that is also an axis is refused in one line.
#[test]
fn a_plan_with_a_genome_runs_the_searchs_best_settings_and_rules() {
    let d = dir("genome");
    let search = "task = \"memory-capacity\"\ngenerations = 2\npopulation = 4\nseeds = \"1\"\nseed = 5\nmutate = \
        [\"synapses\", \"input-scale\", \"rules\"]\nrule_rate = 1\n[ranges]\nsynapses = [200, 2000]\n";
    std::fs::write(d.join("search.toml"), search).unwrap();
    let out = d.join("evolve");
    let (code, _, err) = cli(&[
        "evolve",
        d.join("search.toml").to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    let best: Value = serde_json::from_str(&std::fs::read_to_string(out.join("best.json")).unwrap()).unwrap();
    let plan = "command = \"task\"\ntask = \"memory-capacity\"\ngenome = \"evolve/best.json\"\ntopology = \
        [\"developmental\", \"random\"]\nseed = \"2-3\"\n\n[preregistration]\nreference = \"developmental\"\n\
        direction = \"higher\"\nmargin = 1\n";
    let file = d.join("held-out.toml");
    std::fs::write(&file, plan).unwrap();
    let (code, out_text, err) = cli(&["sweep", "plan", "--exploratory", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<Value> = out_text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let said = lines[0]["preregistration"]["genome"].as_str().unwrap();
    assert!(
        said.starts_with("every run takes the best genome of evolve/best.json (numbers to 15 significant digits): "),
        "{said}"
    );
    let syn = best["best"]["settings"]["syn"].as_f64().unwrap().to_string();
    let runs: Vec<&Value> = lines.iter().filter(|l| l.get("id").is_some()).collect();
    assert_eq!(runs.len(), 4);
    for r in &runs {
        assert_eq!(r["config"]["syn"].to_string(), syn, "{r}");
        let (got, want) = (
            r["config"]["win"].as_f64().unwrap(),
            best["best"]["settings"]["win"].as_f64().unwrap(),
        );
        assert!((got - want).abs() <= 1e-14 * want, "{r}");
    }
    if best["best"]["settings"]["rules"].is_string() {
        let rules = std::fs::read_to_string(out.join("best.bnet")).unwrap();
        assert!(runs
            .iter()
            .all(|r| r["settings"]["rules"].as_str().unwrap().ends_with("evolve/best.bnet")));
        let texts = &lines.iter().find(|l| l.get("texts").is_some()).unwrap()["texts"];
        assert!(texts
            .as_object()
            .unwrap()
            .values()
            .any(|t| t == &Value::String(rules.clone())));
    }
    std::fs::write(&file, plan.replace("seed = \"2-3\"", "seed = \"2-3\"\nsynapses = 500")).unwrap();
    let (code, _, err) = cli(&["sweep", "plan", "--exploratory", file.to_str().unwrap()]);
    assert_eq!((code, err.lines().count()), (1, 1), "{err}");
    assert!(
        err.contains("`genome`: `syn` is both an axis of the plan and set by the genome"),
        "{err}"
    );
}
