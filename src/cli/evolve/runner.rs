//! Evaluating one generation: on local threads, or one process per genome through GNU parallel
//! or a Slurm job array, each worker writing its answer into the search folder for the driver.

use crate::cli::files::write_atomic;
use crate::evolve::{evaluate, Evaluation, Genome, Plan};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where a generation is evaluated (`--runner`), with how many genomes at once.
pub enum Runner {
    Threads { jobs: usize },
    Parallel { jobs: usize },
    Slurm(Slurm),
}

/// The job array's settings: at most `jobs` tasks at once, the partition and time limit if given.
pub struct Slurm {
    pub jobs: usize,
    pub partition: Option<String>,
    pub time: Option<String>,
}

/// The generation out for evaluation, written before any worker starts.
#[derive(Serialize, Deserialize, PartialEq)]
struct Pending {
    plan_id: String,
    generation: usize,
    genomes: Vec<Genome>,
}

/// One worker's evaluation, floats as their bits so the driver reads exactly what was computed.
#[derive(Serialize, Deserialize)]
struct Answer {
    fitness: Option<u64>,
    metrics: Vec<u64>,
    reason: Option<String>,
}

impl From<&Evaluation> for Answer {
    fn from(e: &Evaluation) -> Answer {
        Answer {
            fitness: e.fitness.map(f64::to_bits),
            metrics: e.metrics.iter().map(|m| m.to_bits()).collect(),
            reason: e.reason.clone(),
        }
    }
}

impl From<Answer> for Evaluation {
    fn from(a: Answer) -> Evaluation {
        Evaluation {
            fitness: a.fitness.map(f64::from_bits),
            metrics: a.metrics.into_iter().map(f64::from_bits).collect(),
            reason: a.reason,
        }
    }
}

fn pending_path(dir: &Path) -> PathBuf {
    dir.join("pending.json")
}

fn answer_path(dir: &Path, index: usize) -> PathBuf {
    dir.join("answers").join(format!("{index}.json"))
}

/// Evaluates the genomes of generation `generation`; the results are in the genomes' order and
/// the same on every runner.
pub fn evaluate_generation(
    plan: &Plan,
    plan_path: &str,
    dir: &Path,
    generation: usize,
    genomes: &[Genome],
    runner: &Runner,
) -> Result<Vec<Evaluation>, String> {
    let jobs = match runner {
        Runner::Threads { jobs } => return Ok(on_threads(plan, genomes, *jobs)),
        Runner::Parallel { jobs } => *jobs,
        Runner::Slurm(s) => s.jobs,
    };
    let missing = hand_out(plan, dir, generation, genomes)?;
    if !missing.is_empty() {
        let exe = std::env::current_exe().map_err(|e| format!("cannot find this program's path: {e}"))?;
        let (plan_path, dir_abs) = (absolute(Path::new(plan_path))?, absolute(dir)?);
        let worker = |k: &str| -> Vec<String> {
            let (exe, plan, out) = (exe.display(), plan_path.display(), dir_abs.display());
            vec![
                exe.to_string(),
                "evolve".into(),
                plan.to_string(),
                "--out".into(),
                out.to_string(),
                "--evaluate".into(),
                k.into(),
            ]
        };
        match runner {
            Runner::Slurm(s) => through_slurm(s, &dir_abs, generation, &missing, &worker("$SLURM_ARRAY_TASK_ID"))?,
            _ => through_parallel(jobs, &missing, &worker("{}"))?,
        }
    }
    collect(dir, genomes.len())
}

/// Writes the generation for the workers; returns the genomes without an answer yet (answers
/// of the same generation already there, from before a kill, are kept).
fn hand_out(plan: &Plan, dir: &Path, generation: usize, genomes: &[Genome]) -> Result<Vec<usize>, String> {
    let pending = Pending {
        plan_id: plan.id(),
        generation,
        genomes: genomes.to_vec(),
    };
    let same = std::fs::read_to_string(pending_path(dir))
        .ok()
        .and_then(|t| serde_json::from_str::<Pending>(&t).ok())
        .is_some_and(|p| p == pending);
    let answers = dir.join("answers");
    if !same {
        let _ = std::fs::remove_dir_all(&answers);
        let text = serde_json::to_string(&pending).map_err(|e| e.to_string())?;
        write_atomic(&pending_path(dir), &text)?;
    }
    std::fs::create_dir_all(&answers).map_err(|e| format!("cannot create {}: {e}", answers.display()))?;
    Ok((0..genomes.len()).filter(|&k| !answer_path(dir, k).exists()).collect())
}

/// Every answer in the genomes' order, or which genomes did not answer.
fn collect(dir: &Path, n: usize) -> Result<Vec<Evaluation>, String> {
    let read = |k: usize| -> Option<Evaluation> {
        let text = std::fs::read_to_string(answer_path(dir, k)).ok()?;
        serde_json::from_str::<Answer>(&text).ok().map(Evaluation::from)
    };
    let all: Vec<Option<Evaluation>> = (0..n).map(read).collect();
    let lost: Vec<String> = (0..n).filter(|&k| all[k].is_none()).map(|k| k.to_string()).collect();
    if !lost.is_empty() {
        return Err(format!(
            "genome(s) {} of this generation gave no answer in {} (see the workers' output); run the same command \
            again to evaluate only those",
            lost.join(", "),
            dir.join("answers").display()
        ));
    }
    Ok(all.into_iter().flatten().collect())
}

/// The worker (`--evaluate K`): evaluates genome K of the generation handed out in `dir`.
pub fn answer(plan: &Plan, dir: &Path, index: usize) -> Result<(), String> {
    let path = pending_path(dir);
    let text =
        std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (no generation is handed out)", path.display()))?;
    let pending: Pending = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if pending.plan_id != plan.id() {
        return Err(format!("{} was handed out for another plan", path.display()));
    }
    let genome = pending.genomes.get(index).ok_or_else(|| {
        format!(
            "flag `--evaluate {index}`: generation {} has genomes 0-{}",
            pending.generation,
            pending.genomes.len() - 1
        )
    })?;
    let e = evaluate(plan, &plan.real, genome);
    let text = serde_json::to_string(&Answer::from(&e)).map_err(|e| e.to_string())?;
    write_atomic(&answer_path(dir, index), &text)
}

/// Evaluates genomes on `jobs` threads.
fn on_threads(plan: &Plan, genomes: &[Genome], jobs: usize) -> Vec<Evaluation> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let out: Vec<std::sync::Mutex<Option<Evaluation>>> = genomes.iter().map(|_| Default::default()).collect();
    std::thread::scope(|s| {
        for _ in 0..jobs.max(1).min(genomes.len()) {
            s.spawn(|| loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(g) = genomes.get(k) else { break };
                let e = evaluate(plan, &plan.real, g);
                *out[k].lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
            });
        }
    });
    out.into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every genome evaluated")
        })
        .collect()
}

fn absolute(p: &Path) -> Result<PathBuf, String> {
    std::fs::canonicalize(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// One worker process per genome through GNU parallel (its failures show in `collect`).
fn through_parallel(jobs: usize, missing: &[usize], worker: &[String]) -> Result<(), String> {
    let status = Command::new("parallel")
        .args(["-j", &jobs.max(1).to_string(), "--halt", "never"])
        .args(worker)
        .arg(":::")
        .args(missing.iter().map(usize::to_string))
        .status()
        .map_err(|e| {
            format!("cannot start GNU parallel ({e}); install it (apt-get install parallel) or use --runner threads")
        })?;
    if !status.success() {
        eprintln!("GNU parallel: {status}; reading the answers that were written");
    }
    Ok(())
}

/// A Slurm job array over the missing genomes, submitted with `sbatch --wait`.
fn through_slurm(s: &Slurm, dir: &Path, generation: usize, missing: &[usize], worker: &[String]) -> Result<(), String> {
    let list: Vec<String> = missing.iter().map(usize::to_string).collect();
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).map_err(|e| format!("cannot create {}: {e}", logs.display()))?;
    let mut script = format!(
        "#!/bin/bash\n#SBATCH --job-name=devcircuit-evolve-{generation}\n#SBATCH --array={}%{}\n\
        #SBATCH --output={}/generation-{generation}-%a.out\n#SBATCH --cpus-per-task=1\n",
        list.join(","),
        s.jobs.max(1),
        logs.display()
    );
    if let Some(p) = &s.partition {
        script.push_str(&format!("#SBATCH --partition={p}\n"));
    }
    if let Some(t) = &s.time {
        script.push_str(&format!("#SBATCH --time={t}\n"));
    }
    let quoted: Vec<String> = worker
        .iter()
        .map(|w| {
            if w.starts_with('$') {
                format!("\"{w}\"")
            } else {
                format!("'{w}'")
            }
        })
        .collect();
    script.push_str(&format!("exec {}\n", quoted.join(" ")));
    let file = dir.join(format!("generation-{generation}.sbatch"));
    write_atomic(&file, &script)?;
    let out = Command::new("sbatch")
        .arg("--wait")
        .arg(&file)
        .output()
        .map_err(|e| format!("cannot run sbatch ({e}); run on a Slurm login node or use --runner threads"))?;
    if !out.status.success() {
        eprintln!(
            "sbatch: {} {}; reading the answers that were written",
            String::from_utf8_lossy(&out.stdout).trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
