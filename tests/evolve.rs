//! `devcircuit evolve`: the same seed gives the same search whatever the number of jobs and
//! whatever runs a generation (threads, GNU parallel, a real Slurm job array), a search resumed
//! from a checkpoint equals an uninterrupted one, lethal genomes are recorded with their reason,
//! and a bad plan is refused naming its line.

mod common;
use common::cli;
use std::path::{Path, PathBuf};

fn dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("devcircuit-evolve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const PLAN: &str = "task = \"memory-capacity\"\ngenerations = 3\npopulation = 8\nseeds = \"1-2\"\nseed = 4\n\
    mutate = [\"sigma\", \"synapses\", \"ei-fraction\", \"inhibitory-gain\", \"rules\", \"genes\"]\nrule_rate = 0.6\n\n\
    [settings]\ninput_layers = \"deep\"\nreadout_layers = \"upper\"\n";

fn evolve(plan: &Path, out: &Path, jobs: &str) -> String {
    evolve_on(plan, out, jobs, "threads", &[])
}

/// The search run by `runner`, with extra environment for the driver (Slurm's configuration).
fn evolve_on(plan: &Path, out: &Path, jobs: &str, runner: &str, env: &[(&str, &str)]) -> String {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_devcircuit"))
        .args(["evolve", plan.to_str().unwrap(), "--out", out.to_str().unwrap()])
        .args(["--jobs", jobs, "--runner", runner])
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(o.status.success(), "{runner}: {}", String::from_utf8_lossy(&o.stderr));
    std::fs::read_to_string(out.join("genomes.jsonl")).unwrap()
}

/// A generation on GNU parallel and on a real Slurm job array (one process per genome) gives
/// the threads' search line for line; a driver killed during a generation keeps the answers
/// that came back and evaluates only the others.
#[test]
fn parallel_and_slurm_runners_give_the_threads_search_and_resume_only_missing_answers() {
    let test = "parallel_and_slurm_runners_give_the_threads_search_and_resume_only_missing_answers";
    let d = dir("runners");
    let plan = d.join("plan.toml");
    std::fs::write(&plan, PLAN.replace("generations = 3", "generations = 2")).unwrap();
    let whole = evolve(&plan, &d.join("threads"), "2");
    if common::gnu_parallel(test) {
        let p = d.join("parallel");
        assert_eq!(
            evolve_on(&plan, &p, "2", "parallel", &[]),
            whole,
            "GNU parallel changed the search"
        );
        // Killed after half of generation 1's answers came back: the checkpoint of generation 0.
        std::fs::copy(p.join("checkpoint-0.json"), p.join("checkpoint.json")).unwrap();
        for k in 0..4 {
            std::fs::remove_file(p.join(format!("answers/{k}.json"))).unwrap();
        }
        let kept = std::fs::read_to_string(p.join("answers/5.json")).unwrap();
        assert_eq!(
            evolve_on(&plan, &p, "2", "parallel", &[]),
            whole,
            "a resumed generation differs"
        );
        assert_eq!(std::fs::read_to_string(p.join("answers/5.json")).unwrap(), kept);
    }
    if common::slurm(test) {
        // Stopped when dropped, also when the search panics.
        let slurm = common::LocalSlurm::start(&d.join("slurm-state"));
        let s = d.join("slurm");
        let got = evolve_on(&plan, &s, "4", "slurm", &[("SLURM_CONF", &slurm.conf)]);
        drop(slurm);
        assert_eq!(got, whole, "the Slurm array changed the search");
        assert!(std::fs::read_to_string(s.join("generation-1.sbatch"))
            .unwrap()
            .contains("#SBATCH --array=0,1,2,3,4,5,6,7%4"));
    }
}

#[test]
fn the_same_seed_gives_the_same_search_on_any_jobs_and_a_resume_equals_a_whole_run() {
    let d = dir("same");
    let plan = d.join("plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    let whole = evolve(&plan, &d.join("a"), "1");
    assert_eq!(whole.lines().count(), 24);
    assert_eq!(evolve(&plan, &d.join("b"), "3"), whole, "jobs changed the search");
    // Killed after generation 1 (its checkpoint, a half-written line): resumed, the same file.
    let c = d.join("c");
    evolve(&plan, &c, "2");
    std::fs::copy(c.join("checkpoint-1.json"), c.join("checkpoint.json")).unwrap();
    let mut cut: String = whole.lines().take(20).map(|l| format!("{l}\n")).collect();
    cut.push_str("{\"generation\": 2, \"ind");
    std::fs::write(c.join("genomes.jsonl"), cut).unwrap();
    assert_eq!(evolve(&plan, &c, "2"), whole, "a resumed search differs");
    let other = d.join("other.toml");
    std::fs::write(&other, PLAN.replace("seed = 4", "seed = 5")).unwrap();
    assert_ne!(
        evolve(&other, &d.join("d"), "2"),
        whole,
        "another seed gave the same search"
    );
    let (code, _, err) = cli(&[
        "evolve",
        other.to_str().unwrap(),
        "--out",
        d.join("a").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("holds a search of another plan"), "{err}");
}

#[test]
fn lethal_genomes_are_recorded_with_their_reason_and_the_best_has_a_link_and_a_diff() {
    let d = dir("lethal");
    let plan = d.join("plan.toml");
    std::fs::write(
        &plan,
        PLAN.replace("rule_rate = 0.6", "rule_rate = 1")
            .replace("generations = 3", "generations = 4"),
    )
    .unwrap();
    let lines = evolve(&plan, &d.join("r"), "2");
    let rows: Vec<serde_json::Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let failed: Vec<_> = rows.iter().filter(|r| r["fitness"].is_null()).collect();
    assert!(!failed.is_empty(), "no lethal genome in {} edited genomes", rows.len());
    assert!(failed
        .iter()
        .all(|r| r["reason"].as_str().is_some_and(|s| s.starts_with("seed "))));
    let best: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("r/best.json")).unwrap()).unwrap();
    let top = rows
        .iter()
        .filter_map(|r| r["fitness"].as_f64())
        .fold(f64::MIN, f64::max);
    assert_eq!(best["best"]["fitness"].as_f64(), Some(top));
    assert!(best["best"]["link"].as_str().unwrap().starts_with("v=1&"));
    assert_eq!(best["history"].as_array().unwrap().len(), 4);
    // The best genome's link reproduces its first seed's score through `task`.
    let settings = &best["best"]["settings"];
    let seed1 = best["best"]["metrics"][0].as_f64().unwrap();
    let rules = d.join("best.bnet");
    let mut args: Vec<String> = [
        "task",
        "memory-capacity",
        "--input-layers",
        "deep",
        "--readout-layers",
        "upper",
    ]
    .map(String::from)
    .to_vec();
    for (flag, key) in [
        ("--sigma", "sigma"),
        ("--synapses", "syn"),
        ("--ei-fraction", "ei"),
        ("--inhibitory-gain", "gain"),
    ] {
        args.extend([flag.to_string(), settings[key].to_string()]);
    }
    if let Some(text) = settings["rules"].as_str().filter(|t| !t.is_empty()) {
        std::fs::write(&rules, text).unwrap();
        args.extend(["--rules".to_string(), rules.display().to_string()]);
    }
    for (list, v) in [("ko", "0"), ("on", "1")] {
        for g in settings[list].as_array().unwrap() {
            args.extend(["--fix".to_string(), format!("{}={v}", g.as_str().unwrap())]);
        }
    }
    args.push("--json".into());
    let (code, out, err) = cli(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(v["metric"].as_f64(), Some(seed1));
}

#[test]
fn a_bad_plan_is_refused_naming_its_line() {
    let d = dir("bad");
    let plan = d.join("plan.toml");
    for (text, want) in [
        (
            PLAN.replace("seed = 4", "seed = 4\nmutation = 0.5"),
            "line 6: unknown key `mutation`",
        ),
        (PLAN.replace("\"genes\"]", "\"colour\"]"), "`colour` cannot mutate"),
        (
            PLAN.replace("population = 8", "population = 2"),
            "`population = 2`: 4-1000",
        ),
        (
            PLAN.replace("rule_rate = 0.6", "rule_rate = 0.6\nstep = 0"),
            "line 8: `step = 0`: CMA-ES's first step",
        ),
        (
            PLAN.replace("rule_rate = 0.6", "rule_rate = 2"),
            "`rule_rate = 2`: a chance in 0-1",
        ),
        (
            PLAN.replace("generations = 3", "generations = 0"),
            "`generations = 0`: 1-1000",
        ),
        (
            PLAN.replace("memory-capacity", "classify"),
            "line 1: `task = \"classify\"`: the search scores reservoir",
        ),
        (
            PLAN.replace("input_layers = \"deep\"", "input_layers = \"l7\""),
            "line 9: [settings]: flag `--input-layers l7`",
        ),
        (
            PLAN.replace("rule_rate = 0.6", "rule_rate = 0.6\nfitness = \"wiring\""),
            "line 8: `fitness = \"wiring\"`: \"metric\", \"per-neuron\" or \"advantage\"",
        ),
        (
            PLAN.replace("rule_rate = 0.6", "rule_rate = 0.6\n[ranges]\nsynapses = [-5, 10]"),
            "range of `syn` = [-5, 10]: low < high, both within",
        ),
        (
            PLAN.replace("rule_rate = 0.6", "rule_rate = 0.6\n[ranges]\nrho = [0.5, 0.99]"),
            "`ranges`: `rho` is not a gene the plan mutates",
        ),
        (
            PLAN.replace("memory-capacity", "narma10")
                .replace("rule_rate = 0.6", "rule_rate = 0.6\nfitness = \"per-neuron\""),
            "memory capacity is the task whose bound is N",
        ),
    ] {
        std::fs::write(&plan, text).unwrap();
        let (code, _, err) = cli(&["evolve", plan.to_str().unwrap(), "--out", d.join("x").to_str().unwrap()]);
        assert_eq!(code, 1, "{want}");
        assert!(err.contains(want) && err.lines().count() == 1, "{want}: {err}");
    }
    // The runner's flags: refused where they do not apply, never ignored.
    std::fs::write(&plan, PLAN).unwrap();
    let out = d.join("y");
    for (flags, want) in [
        (
            &["--time", "01:00:00"][..],
            "flag `--time` is for --runner slurm, not --runner threads",
        ),
        (
            &["--runner", "parallel", "--partition", "gpu"],
            "flag `--partition` is for --runner slurm",
        ),
        (
            &["--runner", "slurm", "--time", "90"],
            "flag `--time 90`: expected HH:MM:SS",
        ),
        (&["--evaluate", "3"], "no generation is handed out"),
        (&["--jobs", "0"], "--jobs 0: at least one job evaluates the genomes"),
    ] {
        let mut args = vec!["evolve", plan.to_str().unwrap(), "--out", out.to_str().unwrap()];
        args.extend(flags);
        let (code, _, err) = cli(&args);
        assert_eq!(code, 1, "{want}");
        assert!(err.contains(want) && err.lines().count() == 1, "{want}: {err}");
    }
}

/// Per-neuron fitness is each seed's memory capacity over its N, and advantage is it minus the
/// same circuit's random null (both as `devcircuit task` measures them); a plan that moves the
/// input scale and ρ within stated ranges alternates real and rule generations, and CMA-ES
/// learns from its unrepaired samples (kept in the genome lines).
#[test]
fn fitness_per_neuron_and_advantage_are_what_the_task_measures() {
    let d = dir("fitness");
    let base = "task = \"memory-capacity\"\ngenerations = 2\npopulation = 4\nseeds = \"1\"\nseed = 2\n\
        mutate = [\"input-scale\", \"rho\", \"rules\"]\nrule_rate = 1\n";
    let task = |topology: &str, scale: &str, rho: &str| -> (f64, f64) {
        let (code, out, err) = cli(&[
            "task",
            "memory-capacity",
            "--topology",
            topology,
            "--seed",
            "1",
            "--input-scale",
            scale,
            "--rho",
            rho,
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        (v["metric"].as_f64().unwrap(), v["neurons"].as_f64().unwrap())
    };
    for fitness in ["per-neuron", "advantage"] {
        let plan = d.join(format!("{fitness}.toml"));
        std::fs::write(
            &plan,
            format!("{base}fitness = \"{fitness}\"\n[ranges]\ninput_scale = [0.001, 1]\nrho = [0.5, 0.99]\n"),
        )
        .unwrap();
        let lines = evolve(&plan, &d.join(fitness), "2");
        let genomes: Vec<serde_json::Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(genomes.len(), 8);
        // Generation 0 moves the real genes (one edit set, samples kept); generation 1 the rules.
        assert!(
            genomes[..4].iter().all(|g| g["edits"] == genomes[0]["edits"]),
            "one edit set in a real generation"
        );
        assert_ne!(genomes[0]["x"], genomes[1]["x"]);
        assert!(genomes[..4]
            .iter()
            .all(|g| g["sample"].as_array().is_some_and(|a| a.len() == 2)));
        assert!(
            genomes[4..].iter().all(|g| g["x"] == genomes[4]["x"]),
            "a rule generation keeps x at the mean"
        );
        let g = genomes
            .iter()
            .find(|g| g["fitness"].is_number() && g["edits"].as_array().unwrap().is_empty())
            .unwrap();
        let (scale, rho) = (
            g["values"]["win"].as_f64().unwrap(),
            g["values"]["rho"].as_f64().unwrap(),
        );
        let (mc, n) = task("developmental", &scale.to_string(), &rho.to_string());
        let want = match fitness {
            "per-neuron" => mc / n,
            _ => mc - task("random", &scale.to_string(), &rho.to_string()).0,
        };
        assert_eq!(g["fitness"].as_f64().unwrap(), want, "{fitness}: {g}");
    }
}
