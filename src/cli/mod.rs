//! The native command-line twin: the same core as the page, for tests, benchmarks and batch
//! runs. One JSON object per line with `--json`; bad input exits non-zero with one clear line.

pub mod args;
pub mod bench;
pub mod commands;
pub mod data;
pub mod host;
pub mod pack;
pub mod sweep;

use crate::experiment::settings::{CHOICES, NUMBERS};
use args::Args;

/// A command: name, positional arguments, flags with values, switches, summary.
pub(crate) struct Command {
    pub(crate) name: &'static str,
    positional: &'static str,
    pub(crate) max_positional: usize,
    pub(crate) valued: &'static [&'static str],
    pub(crate) switches: &'static [&'static str],
    about: &'static str,
}

#[cfg(test)]
const RUN_FLAGS: [&str; 17] = [
    "seed",
    "init-seed",
    "data-seed",
    "topology",
    "rho",
    "input-scale",
    "input-layers",
    "readout-layers",
    "rules",
    "params",
    "fix",
    "sigma",
    "synapses",
    "similarity-weight",
    "ei-fraction",
    "inhibitory-gain",
    "scale",
];

pub(crate) const COMMANDS: [Command; 10] = [
    Command { name: "grow", positional: "", max_positional: 0,
        valued: &["seed", "rules", "params", "fix", "at", "sigma", "synapses", "similarity-weight", "ei-fraction", "scale"], switches: &["json"],
        about: "grow one circuit and print its counts and fingerprint" },
    Command { name: "attractors", positional: "FILE.bnet", max_positional: 1, valued: &["fix"], switches: &["json"],
        about: "attractors of a BoolNet network (exhaustive up to 24 genes)" },
    Command { name: "infer", positional: "MATRIX.csv", max_positional: 1, valued: &["max-regulators"], switches: &[],
        about: "infer BoolNet rules from a binary expression matrix" },
    Command { name: "train", positional: "", max_positional: 0,
        valued: &["dataset", "seed", "init-seed", "data-seed", "topology", "rho", "input-scale", "input-layers", "readout-layers", "rules", "params",
            "fix", "sigma", "synapses", "similarity-weight", "ei-fraction", "inhibitory-gain", "scale",
            "train", "encoding", "steps", "epochs", "lr", "batch", "limit-batches", "limit-train", "test-limit", "backend"],
        switches: &["json"], about: "train on MNIST, Fashion-MNIST, CIFAR-10 or an imported dataset (CPU, or --backend wgpu)" },
    Command { name: "task", positional: "memory-capacity|narma10|delay", max_positional: 1,
        valued: &["seed", "init-seed", "data-seed", "topology", "rho", "input-scale", "input-layers", "readout-layers", "rules", "params",
            "fix", "sigma", "synapses", "similarity-weight", "ei-fraction", "inhibitory-gain", "scale", "ridge", "delay"],
        switches: &["json"], about: "a reservoir task with a ridge readout; --rho takes a value, a list (0.1,0.9) or a range (0.1:2.0:0.1)" },
    Command { name: "sweep", positional: "plan FILE.toml | run PLAN [--task K] --out DIR | collect DIR | slurm PLAN --out DIR | parallel PLAN --out DIR",
        max_positional: 2, valued: &["task", "out", "plan", "reference", "margin", "partition", "time", "cpus", "max-parallel", "runs-per-task", "jobs"], switches: &[],
        about: "plan a grid of runs, run it here, on GNU parallel or a Slurm array, and collect the results" },
    Command { name: "data", positional: "fetch [mnist|fashion-mnist|cifar10|all] | import | verify [NAME]", max_positional: 2,
        valued: &["image-folder", "name", "from"], switches: &[], about: "prepare datasets under public/data/" },
    Command { name: "export", positional: "", max_positional: 0,
        valued: &["seed", "format", "rules", "params", "fix", "topology", "sigma", "synapses", "similarity-weight", "ei-fraction", "scale"], switches: &[],
        about: "the grown circuit as json, csv or graphml" },
    Command { name: "completions", positional: "bash", max_positional: 1, valued: &[], switches: &[],
        about: "a bash completion script for every command, flag and named value (source it, or put it in bash-completion's folder)" },
    Command { name: "bench", positional: "grow|grn|train|task", max_positional: 1, valued: &["seed", "limit-batches", "topology", "backend"], switches: &["json"],
        about: "benchmarks that print numbers (train: --backend ndarray|wgpu)" },
];

/// What a flag means, from the settings registry where it is a setting.
fn flag_help(cmd: &str, flag: &str) -> String {
    if cmd == "sweep" {
        return sweep_flag_help(flag).into();
    }
    if let Some(s) = NUMBERS.iter().find(|s| s.flag == flag) {
        return format!(
            "{} ({}; {}{})",
            s.help,
            s.range(),
            if s.default != 0.0 { "default " } else { "" },
            if s.default != 0.0 {
                s.default.to_string()
            } else {
                "off by default".into()
            }
        );
    }
    if let Some(c) = CHOICES.iter().find(|c| c.flag == flag) {
        return format!("{}: {} (default {})", c.help, c.values().join(" | "), c.default);
    }
    match flag {
        "dataset" => "mnist | fashion-mnist | cifar10 | a name imported with `devcircuit data import`".into(),
        "rules" => "BoolNet rules replacing the default cortex15 network".into(),
        "params" => "development parameters as JSON".into(),
        "fix" => "GENE=0 knocks a gene out, GENE=1 forces it on (repeatable)".into(),
        "at" => "also print the cell-type counts at this development step".into(),
        "json" => "one JSON object per line".into(),
        "format" => "json | csv | graphml".into(),
        "max-regulators" => "regulators per gene, 1-6 (default 3)".into(),
        "image-folder" => "a folder of class sub-folders of images (import)".into(),
        "name" => "the dataset name to import as".into(),
        "from" => "a local archive to prepare from (fetch)".into(),
        "backend" => "ndarray (CPU, default) | wgpu (Vulkan/Metal/DX12: a GPU, or lavapipe on the CPU)".into(),
        _ => String::new(),
    }
}

fn sweep_flag_help(flag: &str) -> &'static str {
    match flag {
        "task" => "run line K of the plan (0-based, as SLURM_ARRAY_TASK_ID gives it); without it, every missing run",
        "out" => "the folder of result files (one <run id>.json per run)",
        "plan" => "the plan, to name missing runs (collect; default: the one the results name)",
        "reference" => "the reference topology of paired differences (collect; default developmental)",
        "margin" => "equivalence margin (collect; default 1 accuracy point or 5 % of a task metric)",
        "partition" | "time" | "cpus" | "max-parallel" | "runs-per-task" => "sbatch settings (slurm; --time HH:MM:SS)",
        "jobs" => "parallel jobs (parallel; default: the cores)",
        _ => "",
    }
}

fn help(c: &Command) -> String {
    let mut s = format!("devcircuit {} {}\n  {}\n", c.name, c.positional, c.about);
    for f in c.valued.iter().chain(c.switches) {
        s.push_str(&format!("  --{f:<16} {}\n", flag_help(c.name, f)));
    }
    s
}

fn usage() -> String {
    let mut s = String::from("usage: devcircuit <command> [options]   (devcircuit <command> --help for its flags)\n");
    for c in &COMMANDS {
        s.push_str(&format!("  {:<11} {}\n", c.name, c.about));
    }
    s
}

fn dispatch(c: &Command, a: &Args) -> Result<(), String> {
    match c.name {
        "grow" => commands::grow(a),
        "attractors" => commands::attractors(a),
        "infer" => commands::infer(a),
        "train" => commands::train(a),
        "task" => commands::task(a),
        "sweep" => sweep::sweep(a),
        "data" => data::run(a),
        "export" => commands::export(a),
        "completions" => completions(a),
        _ => commands::bench(a),
    }
}

/// Values a flag takes by name (for completion), from the settings registry.
fn flag_values(flag: &str) -> Vec<&'static str> {
    match flag {
        "dataset" => crate::data::KNOWN.to_vec(),
        "format" => vec!["json", "csv", "graphml"],
        "task" => vec![], // `sweep run --task K` takes a line number
        f => CHOICES
            .iter()
            .find(|c| c.flag == f)
            .map(|c| c.values())
            .unwrap_or_default(),
    }
}

/// `completions bash`: commands, their flags and the named values of choice flags.
fn completions(a: &Args) -> Result<(), String> {
    match a.positional(0, "the shell (bash)")? {
        "bash" => {
            print!("{}", bash_completion());
            Ok(())
        }
        other => Err(format!("no completions for `{other}`; only bash")),
    }
}

fn bash_completion() -> String {
    let mut s = String::from(
        "# bash completion for devcircuit (generated by `devcircuit completions bash`)\n_devcircuit() {\n",
    );
    s.push_str("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}\n");
    s.push_str(&format!(
        "  if [ \"$COMP_CWORD\" -eq 1 ]; then COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return; fi\n",
        COMMANDS.map(|c| c.name).join(" ")
    ));
    // The first argument after a command that takes a named action or task.
    s.push_str("  if [ \"$COMP_CWORD\" -eq 2 ]; then case \"$cmd\" in\n");
    for (cmd, words) in [
        ("task", "memory-capacity narma10 delay"),
        ("sweep", "plan run collect slurm parallel"),
        ("data", "fetch import verify"),
        ("bench", "grow grn train task"),
        ("completions", "bash"),
    ] {
        s.push_str(&format!(
            "    {cmd}) COMPREPLY=($(compgen -W \"{words}\" -- \"$cur\")); return;;\n"
        ));
    }
    s.push_str("  esac; fi\n");
    s.push_str("  case \"$prev\" in\n");
    let mut seen: Vec<&str> = vec![];
    for c in &COMMANDS {
        for f in c.valued {
            if flag_values(f).is_empty() || seen.contains(f) {
                continue;
            }
            seen.push(f);
            s.push_str(&format!(
                "    --{f}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\")); return;;\n",
                flag_values(f).join(" ")
            ));
        }
    }
    s.push_str("  esac\n  case \"$cmd\" in\n");
    for c in &COMMANDS {
        let flags: Vec<String> = c
            .valued
            .iter()
            .chain(c.switches)
            .map(|f| format!("--{f}"))
            .chain(["--help".to_string()])
            .collect();
        s.push_str(&format!(
            "    {}) COMPREPLY=($(compgen -W \"{}\" -- \"$cur\"));;\n",
            c.name,
            flags.join(" ")
        ));
    }
    s.push_str("  esac\n}\ncomplete -o default -F _devcircuit devcircuit\n");
    s
}

/// Runs the CLI; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = argv.first().cloned() else {
        eprint!("{}", usage());
        return 2;
    };
    if ["help", "--help", "-h"].contains(&cmd.as_str()) {
        print!("{}", usage());
        return 0;
    }
    let rest = &argv[1..];
    let Some(c) = COMMANDS.iter().find(|c| c.name == cmd) else {
        eprintln!(
            "devcircuit: unknown command `{cmd}`; expected one of {}",
            COMMANDS.map(|c| c.name).join(", ")
        );
        return 1;
    };
    if rest.iter().any(|a| a == "--help" || a == "-h") {
        print!("{}", help(c));
        return 0;
    }
    match Args::parse(c.name, rest, c.valued, c.switches, c.max_positional).and_then(|a| dispatch(c, &a)) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("devcircuit {cmd}: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_run_flag_has_help_from_the_registry_or_a_line_of_its_own() {
        for c in &COMMANDS {
            for f in c.valued.iter().chain(c.switches) {
                assert!(!flag_help(c.name, f).is_empty(), "--{f} of {} has no help", c.name);
            }
        }
        assert!(RUN_FLAGS
            .iter()
            .all(|f| COMMANDS[3].valued.contains(f) && COMMANDS[4].valued.contains(f)));
        assert_eq!((COMMANDS[3].name, COMMANDS[4].name), ("train", "task"));
    }
}
