//! Running a plan elsewhere: the sbatch script of a Slurm job array and the GNU parallel
//! command line.

use super::*;

/// The settings of `sweep slurm`.
pub struct SlurmArgs<'a> {
    pub plan: &'a str,
    pub out: &'a str,
    pub partition: Option<&'a str>,
    pub time: Option<&'a str>,
    pub cpus: u64,
    pub max_parallel: u64,
    pub runs_per_task: u64,
}

/// Prints an sbatch script for a job array over the plan, R runs per array task.
pub fn slurm(s: &SlurmArgs) -> Result<(), String> {
    let (plan_path, out, per, max, cpus) = (s.plan, s.out, s.runs_per_task as usize, s.max_parallel, s.cpus);
    let n = read_plan(plan_path)?.len();
    if let Some(t) = s.time {
        let ok = t.split(':').count() == 3
            && t.split(':')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return Err(format!("flag `--time {t}`: expected HH:MM:SS"));
        }
    }
    let abs = |p: &str| {
        std::fs::canonicalize(p)
            .map(|p| p.display().to_string())
            .unwrap_or(p.to_string())
    };
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or("devcircuit".into());
    let tasks = n.div_ceil(per);
    println!(
        "#!/bin/bash\n# devcircuit sweep over {plan} ({n} runs, {per} per array task); submit with: sbatch THIS_FILE",
        plan = abs(plan_path)
    );
    println!(
        "#SBATCH --job-name=devcircuit-sweep\n#SBATCH --array=0-{}%{max}\n#SBATCH \
        --output=devcircuit-sweep-%A_%a.out\n#SBATCH --cpus-per-task={cpus}",
        tasks.saturating_sub(1)
    );
    if let Some(p) = s.partition {
        println!("#SBATCH --partition={p}")
    }
    if let Some(t) = s.time {
        println!("#SBATCH --time={t}")
    }
    println!(
        "set -u\nmkdir -p '{out}'\nfirst=$((SLURM_ARRAY_TASK_ID * {per}))\nlast=$((first + {per} - 1)); [ $last -ge \
        {n} ] && last=$(({n} - 1))",
        out = abs(out)
    );
    println!(
        "status=0\nfor k in $(seq $first $last); do\n  '{exe}' sweep run '{plan}' --task $k --out '{out}' || \
        status=1\ndone\nexit $status",
        plan = abs(plan_path),
        out = abs(out)
    );
    Ok(())
}

/// Prints the GNU parallel command line that runs the plan on this machine's cores.
pub fn parallel(plan_path: &str, out: &str, jobs: Option<u64>) -> Result<(), String> {
    let n = read_plan(plan_path)?.len();
    let jobs = jobs
        .map(|j| j as usize)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |p| p.get()));
    let exe = std::env::current_exe()
        .map(|p| p.display().to_string())
        .unwrap_or("devcircuit".into());
    let abs = |p: &str| {
        std::fs::canonicalize(p)
            .map(|p| p.display().to_string())
            .unwrap_or(p.to_string())
    };
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {out}: {e}"))?;
    println!(
        "seq 0 {} | parallel -j {jobs} --halt never '{exe}' sweep run '{}' --task {{}} --out '{}'",
        n.saturating_sub(1),
        abs(plan_path),
        abs(out)
    );
    Ok(())
}
