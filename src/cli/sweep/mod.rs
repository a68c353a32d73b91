//! `devcircuit sweep`: plan a grid of runs and its preregistered analysis from a TOML or JSON
//! file, run one line (a Slurm array task) or every missing one, write results atomically,
//! print cluster scripts and collect.

mod cluster;
mod genome;
mod migrate;
mod origin;
pub(crate) mod plan;
mod result_file;
mod results;
mod run;
mod tune;

pub use cluster::*;
pub use migrate::migrate;
pub use plan::*;
pub use result_file::ResultFile;
pub use results::*;
pub use run::*;

use crate::cli::collect::{collect, Overrides};
use crate::cli::flags;

/// `devcircuit sweep plan|run|collect|slurm|parallel …`
pub fn sweep(a: &flags::Sweep) -> Result<(), String> {
    use flags::Sweep as S;
    match a {
        S::Plan { file, exploratory } => plan(file, *exploratory),
        S::Run { plan, line, out } => run(plan, *line, out),
        S::Collect {
            dir,
            plan,
            reference,
            margin,
            correction,
        } => collect(
            dir,
            plan.as_deref(),
            &Overrides {
                reference: reference.as_deref(),
                margin: *margin,
                correction: correction.as_deref(),
            },
        ),
        S::Slurm {
            plan,
            out,
            partition,
            time,
            cpus,
            max_parallel,
            runs_per_task,
        } => slurm(&SlurmArgs {
            plan,
            out,
            partition: partition.as_deref(),
            time: time.as_deref(),
            cpus: *cpus,
            max_parallel: *max_parallel,
            runs_per_task: *runs_per_task,
        }),
        S::Parallel { plan, out, jobs } => parallel(plan, out, *jobs),
        S::Migrate { dir } => migrate(dir),
    }
}
