//! The native command-line twin: the same core as the page, for tests, benchmarks and batch
//! runs. One JSON object per line with `--json`; bad input exits non-zero with one clear line.

pub mod args;
pub mod bench;
pub mod commands;
pub mod data;
pub mod host;

use args::Args;

const USAGE: &str = "usage: devcircuit <grow|attractors|infer|train|data|export|bench> [options]
  grow        [--seed N] [--rules FILE.bnet] [--params FILE.json] [--json]
  attractors  FILE.bnet [--json] [--fix GENE=0|1]...
  infer       MATRIX.csv [--max-regulators K]
  train       --dataset mnist|fashion-mnist|cifar10 [--epochs E] [--seed N]
              [--topology developmental|random|shuffled|none|trainable] [--limit-train N]
              [--limit-batches N] [--steps T] [--encoding whole|rows] [--lr X] [--batch B] [--json]
  data        fetch [mnist|fashion-mnist|cifar10|all] | import --image-folder DIR --name NAME | verify [NAME]
  export      --seed N --format json|csv|graphml
  bench       grow | grn | train [--topology T] [--limit-batches N]";

/// Runs the CLI; returns the process exit code.
pub fn main() -> i32 {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = argv.first().cloned() else {
        eprintln!("{USAGE}");
        return 2;
    };
    let rest = &argv[1..];
    let result = match cmd.as_str() {
        "grow" => Args::parse("grow", rest, &["seed", "rules", "params", "fix", "at"], &["json"], 0).and_then(|a| commands::grow(&a)),
        "attractors" => Args::parse("attractors", rest, &["fix"], &["json"], 1).and_then(|a| commands::attractors(&a)),
        "infer" => Args::parse("infer", rest, &["max-regulators"], &[], 1).and_then(|a| commands::infer(&a)),
        "train" => Args::parse("train", rest, &["dataset", "epochs", "seed", "topology", "limit-train", "limit-batches", "steps", "encoding", "lr", "batch", "rules", "params", "rho", "init-seed", "data-seed"], &["json"], 0).and_then(|a| commands::train(&a)),
        "data" => Args::parse("data", rest, &["image-folder", "name", "from"], &[], 2).and_then(|a| data::run(&a)),
        "export" => Args::parse("export", rest, &["seed", "format", "rules", "params"], &[], 0).and_then(|a| commands::export(&a)),
        "bench" => Args::parse("bench", rest, &["seed", "limit-batches", "topology"], &["json"], 1).and_then(|a| commands::bench(&a)),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command `{other}`; expected one of grow, attractors, infer, train, data, export, bench")),
    };
    match result {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("devcircuit {cmd}: {e}");
            1
        }
    }
}
