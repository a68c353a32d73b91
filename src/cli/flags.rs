//! The command line as types (clap derive): every command, its flags and positional arguments.
//! Experiment settings come from the settings table (`SettingFlags`), one flag per setting.

use super::registry::whole;
pub use super::setting_flags::SettingFlags;
use crate::experiment::settings::{CMD_EXPORT, CMD_GROW, CMD_TASK, CMD_TRAIN};
use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(
    name = "devcircuit",
    version,
    about = "Grow neural circuits by simulated development and test what they can learn",
    arg_required_else_help = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Cmd,
}

#[derive(Subcommand, Debug)]
pub enum Cmd {
    /// grow one circuit and print its counts and fingerprint
    Grow(Grow),
    /// attractors of a BoolNet network (exhaustive up to 24 genes)
    Attractors(Attractors),
    /// infer BoolNet rules from a binary expression matrix
    Infer(Infer),
    /// train on MNIST, Fashion-MNIST, CIFAR-10 or an imported dataset (CPU, or --backend wgpu)
    Train(Train),
    /// a reservoir task with a ridge readout; --rho takes a value, a list (0.1,0.9) or a range (0.1:2.0:0.1)
    Task(TaskRun),
    /// plan a grid of runs, run it here, on GNU parallel or a Slurm array, and collect the results
    #[command(subcommand)]
    Sweep(Sweep),
    /// prepare datasets under public/data/
    #[command(subcommand)]
    Data(Data),
    /// the grown circuit as json, csv or graphml
    Export(Export),
    /// a completion script for every command, flag and named value (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// benchmarks that print numbers
    Bench(Bench),
    /// search development (settings and rule edits) for circuits that compute: CMA-ES with
    /// (μ + λ) rule edits, one JSON line per genome, a checkpoint per generation, resumable
    Evolve(Evolve),
}

#[derive(Args, Debug, Clone)]
pub struct Evolve {
    /// the search plan (TOML or JSON): task, generations, population, seeds, seed, mutate, [settings]
    #[arg(value_name = "PLAN")]
    pub plan: String,
    /// folder for genomes.jsonl, checkpoint.json and best.json (an existing search there resumes)
    #[arg(long, value_name = "DIR")]
    pub out: String,
    /// genomes evaluated at once: threads, GNU parallel jobs or Slurm array tasks (default: every core)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(usize))]
    pub jobs: Option<usize>,
    /// where each generation is evaluated: threads of this process, one process per genome through GNU parallel,
    /// or a Slurm job array (submitted with sbatch --wait from a login node)
    #[arg(long, value_name = "RUNNER", default_value = "threads", value_parser = ["threads", "parallel", "slurm"])]
    pub runner: String,
    /// Slurm partition of the job arrays (--runner slurm)
    #[arg(long, value_name = "NAME")]
    pub partition: Option<String>,
    /// Slurm time limit of each array task, HH:MM:SS (--runner slurm)
    #[arg(long, value_name = "HH:MM:SS")]
    pub time: Option<String>,
    /// worker: evaluate genome K of the generation handed out in --out (what parallel and Slurm run)
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(usize))]
    pub evaluate: Option<usize>,
}

/// The settings a circuit grows from (`--seed`, `--rules FILE`, `--params FILE`, σ, …) and
/// `--fix GENE=0|1`.
#[derive(Args, Debug, Clone, Default)]
pub struct Circuit {
    #[command(flatten)]
    pub settings: SettingFlags<{ CMD_GROW }>,
    /// GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)
    #[arg(long, value_name = "GENE=0|1")]
    pub fix: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct Grow {
    #[command(flatten)]
    pub circuit: Circuit,
    /// also print the cell-type counts at this development step
    #[arg(long, value_name = "STEP", value_parser = whole(1, u32::MAX as u64), allow_negative_numbers = true)]
    pub at: Option<u64>,
    /// one JSON object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct Attractors {
    #[arg(value_name = "FILE.bnet")]
    pub file: String,
    /// GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)
    #[arg(long, value_name = "GENE=0|1")]
    pub fix: Vec<String>,
    /// one JSON object
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct Infer {
    #[arg(value_name = "MATRIX.csv")]
    pub file: String,
    /// regulators per gene
    #[arg(long, default_value_t = 3, value_parser = whole(1, 6), allow_negative_numbers = true)]
    pub max_regulators: u64,
}

#[derive(Args, Debug, Clone, Default)]
pub struct Train {
    #[command(flatten)]
    pub settings: SettingFlags<{ CMD_TRAIN }>,
    /// GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)
    #[arg(long, value_name = "GENE=0|1")]
    pub fix: Vec<String>,
    /// ndarray: the CPU; wgpu: Vulkan/Metal/DX12 (a GPU, or lavapipe on the CPU)
    #[arg(long, value_enum, default_value_t)]
    pub backend: Backend,
    /// one JSON object per line
    #[arg(long)]
    pub json: bool,
}

/// Which Burn backend trains natively.
#[derive(clap::ValueEnum, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Backend {
    /// burn-ndarray on the CPU (what tests and sweeps use)
    #[default]
    Ndarray,
    /// burn-wgpu: the page's WebGPU kernels, here on Vulkan, Metal or DX12
    Wgpu,
}

#[derive(Args, Debug, Clone)]
pub struct TaskRun {
    #[arg(value_name = "TASK", value_parser = ["memory-capacity", "narma10", "delay"])]
    pub name: String,
    #[command(flatten)]
    pub settings: SettingFlags<{ CMD_TASK }>,
    /// GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)
    #[arg(long, value_name = "GENE=0|1")]
    pub fix: Vec<String>,
    /// spectral radius of W_rec: a value, a list (0.1,0.9) or a range (0.1:2.0:0.1)
    #[arg(long = "rho", value_name = "RHO[,RHO…]|FROM:TO:STEP", allow_hyphen_values = true)]
    pub rho_list: Option<String>,
    /// one JSON object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug, Clone)]
pub struct Export {
    #[command(flatten)]
    pub settings: SettingFlags<{ CMD_EXPORT }>,
    /// GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)
    #[arg(long, value_name = "GENE=0|1")]
    pub fix: Vec<String>,
    #[arg(long, value_parser = ["json", "csv", "graphml"], default_value = "json")]
    pub format: String,
}

#[derive(Args, Debug, Clone)]
pub struct Bench {
    #[arg(value_name = "BENCHMARK", value_parser = ["grow", "grn", "train", "task", "genome"])]
    pub what: String,
    #[arg(long)]
    pub limit_batches: Option<f64>,
    #[arg(long)]
    pub topology: Option<String>,
    /// ndarray: the CPU; wgpu: Vulkan/Metal/DX12 (a GPU, or lavapipe on the CPU)
    #[arg(long, value_enum, default_value_t)]
    pub backend: Backend,
    /// one JSON object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Subcommand, Debug, Clone)]
pub enum Sweep {
    /// expand a sweep file (TOML or JSON) into a plan: one run per line
    Plan {
        #[arg(value_name = "FILE.toml")]
        file: String,
        /// plan a preregistered sweep whose file is not committed: every result is labelled
        /// exploratory (a confirmatory plan must be committed, unmodified, before it runs)
        #[arg(long)]
        exploratory: bool,
    },
    /// run line K of a plan (a Slurm array task), or every run without a result
    Run {
        plan: String,
        /// run line K of the plan (0-based, as SLURM_ARRAY_TASK_ID gives it)
        #[arg(long = "task", value_name = "K", value_parser = whole(0, u32::MAX as u64), allow_negative_numbers = true)]
        line: Option<u64>,
        /// the folder of result files (one <run id>.json per run)
        #[arg(long, value_name = "DIR")]
        out: String,
    },
    /// summarise a results folder: per-condition statistics and paired differences
    Collect {
        dir: String,
        /// the plan, to name missing runs (default: the one the results name)
        #[arg(long)]
        plan: Option<String>,
        /// the reference topology of paired differences (default: the preregistered one, else
        /// developmental); another than the plan's makes the verdicts exploratory
        #[arg(long)]
        reference: Option<String>,
        /// equivalence margin in the metric's unit (default: the preregistered one, else 1
        /// accuracy point or 5 % of a task metric); another than the plan's makes the verdicts
        /// exploratory
        #[arg(long)]
        margin: Option<f64>,
        /// multiplicity correction within each family (default: the preregistered one, else holm)
        #[arg(long, value_parser = ["holm", "bh", "none"])]
        correction: Option<String>,
    },
    /// print an sbatch script for a Slurm job array over the plan
    Slurm {
        plan: String,
        #[arg(long, value_name = "DIR")]
        out: String,
        /// sbatch --partition
        #[arg(long)]
        partition: Option<String>,
        /// sbatch --time, HH:MM:SS
        #[arg(long)]
        time: Option<String>,
        /// sbatch --cpus-per-task
        #[arg(long, default_value_t = 1, value_parser = whole(1, 100_000), allow_negative_numbers = true)]
        cpus: u64,
        /// array tasks running at once
        #[arg(long, default_value_t = 16, value_parser = whole(1, 100_000), allow_negative_numbers = true)]
        max_parallel: u64,
        /// plan lines per array task
        #[arg(long, default_value_t = 1, value_parser = whole(1, 100_000), allow_negative_numbers = true)]
        runs_per_task: u64,
    },
    /// print the GNU parallel command line that runs the plan on this machine's cores
    Parallel {
        plan: String,
        #[arg(long, value_name = "DIR")]
        out: String,
        /// parallel jobs (default: the cores)
        #[arg(long, value_parser = whole(1, 100_000), allow_negative_numbers = true)]
        jobs: Option<u64>,
    },
    /// rewrite a runs.csv written before 0.2 once with each run's whole configuration (rules
    /// files read from the current directory, as when it ran), ids to match
    Migrate { dir: String },
}

#[derive(Subcommand, Debug, Clone)]
pub enum Data {
    /// download (or read --from) a dataset and prepare it
    Fetch {
        #[arg(value_name = "DATASET", default_value = "mnist", value_parser = ["mnist", "fashion-mnist", "cifar10",
            "all"])]
        name: String,
        /// a local archive to prepare from
        #[arg(long, value_name = "FILE")]
        from: Option<String>,
    },
    /// import a folder of class sub-folders of images
    Import {
        #[arg(long, value_name = "DIR")]
        image_folder: String,
        /// the dataset name to import as
        #[arg(long)]
        name: String,
    },
    /// check the sha256 of every prepared file (every dataset, or one)
    Verify { name: Option<String> },
}
