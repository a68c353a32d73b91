//! The native command-line twin: the same core as the page, for tests, benchmarks and batch
//! runs. One JSON object per line with `--json`; bad input exits non-zero with one clear line.

pub mod bench;
pub mod collect;
pub mod commands;
pub mod data;
pub mod evolve;
pub mod files;
pub mod flags;
pub mod host;
pub mod pack;
pub mod registry;
pub mod runs_table;
pub mod setting_flags;
pub mod standing;
mod summary_csv;
pub mod sweep;

use clap::error::{ContextKind, ErrorKind};
use clap::{CommandFactory, FromArgMatches};
use flags::{Cli, Cmd};

/// The whole command line: the derived commands with the settings registry applied (built
/// once; a sweep parses every planned run with it).
pub fn command() -> clap::Command {
    static COMMAND: std::sync::OnceLock<clap::Command> = std::sync::OnceLock::new();
    COMMAND.get_or_init(|| registry::with_settings(Cli::command())).clone()
}

/// Parses `devcircuit ARGS…` (argv without the program name) into a command, or one line
/// saying what is wrong.
pub fn parse(args: &[String]) -> Result<Cmd, clap::Error> {
    let argv = std::iter::once("devcircuit".to_string()).chain(args.iter().cloned());
    let m = command().try_get_matches_from(argv)?;
    Cli::from_arg_matches(&m).map(|c| c.command)
}

/// The named value of a clap error's context, as text.
fn context(e: &clap::Error, k: ContextKind) -> Option<String> {
    e.get(k).map(|v| v.to_string())
}

/// The flag of `--name <VALUE>` as clap shows it.
fn flag_of(e: &clap::Error) -> String {
    context(e, ContextKind::InvalidArg)
        .map(|a| a.split(' ').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// The command path of `args` (`sweep run`), as far as it names commands.
fn path_of(args: &[String]) -> String {
    let mut cmd = command();
    let mut path = vec![];
    for a in args {
        match cmd.find_subcommand(a).cloned() {
            Some(sub) => {
                path.push(a.as_str());
                cmd = sub;
            }
            None => break,
        }
    }
    path.join(" ")
}

/// The names of the subcommands of `path`.
fn actions_of(path: &str) -> Vec<String> {
    let mut cmd = command();
    for p in path.split(' ').filter(|p| !p.is_empty()) {
        cmd = cmd.find_subcommand(p).cloned().unwrap_or(cmd);
    }
    cmd.get_subcommands().map(|c| c.get_name().to_string()).collect()
}

/// A clap refusal as one line: the flag or argument, the value and what would be accepted.
pub fn one_line(e: &clap::Error, args: &[String]) -> String {
    let path = path_of(args);
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let first = e
        .to_string()
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .to_string();
    let flag = flag_of(e);
    let what = flag.trim_matches(['<', '>', '[', ']']).to_lowercase();
    match e.kind() {
        ErrorKind::UnknownArgument => {
            let tip = context(e, ContextKind::SuggestedArg)
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            let bad = context(e, ContextKind::InvalidArg).unwrap_or_default();
            format!("unknown flag `{bad}` for `devcircuit {path}`; {tip}see `devcircuit {path} --help`")
        }
        ErrorKind::InvalidSubcommand => {
            let bad = context(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!(
                "unknown {path} action `{bad}`; expected {}",
                actions_of(&path).join(", ")
            )
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("flag `{flag}` needs a value"),
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue).unwrap_or_default();
            match flag.starts_with('-') {
                true => format!("flag `{flag} {value}`: expected one of {valid}"),
                false => format!("unknown {what} `{value}`; expected one of {valid}"),
            }
        }
        ErrorKind::ValueValidation if !value.is_empty() => {
            let why = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or(first);
            format!("flag `{flag} {value}`: {why}")
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = context(e, ContextKind::InvalidArg).unwrap_or(first);
            format!("missing {missing}; see `devcircuit {path} --help`")
        }
        _ => first,
    }
}

fn dispatch(c: Cmd) -> Result<(), String> {
    match c {
        Cmd::Grow(a) => commands::grow(&a),
        Cmd::Attractors(a) => commands::attractors(&a),
        Cmd::Infer(a) => commands::infer(&a),
        Cmd::Train(a) => commands::train(&a),
        Cmd::Task(a) => commands::task(&a),
        Cmd::Sweep(a) => sweep::sweep(&a),
        Cmd::Data(a) => data::run(&a),
        Cmd::Export(a) => commands::export(&a),
        Cmd::Completions { shell } => {
            clap_complete::generate(shell, &mut command(), "devcircuit", &mut std::io::stdout());
            Ok(())
        }
        Cmd::Bench(a) => commands::bench(&a),
        Cmd::Evolve(a) => evolve::evolve(&a),
    }
}

/// `devcircuit sweep plan p.toml | head` ends quietly when the reader closes the pipe, as Unix
/// tools do, instead of panicking on the next line printed (Rust ignores SIGPIPE by default).
fn quiet_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Runs the CLI; returns the process exit code.
pub fn main() -> i32 {
    quiet_on_closed_pipe();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cmd = match parse(&args) {
        Ok(c) => c,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            print!("{e}");
            return 0;
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprint!("{e}");
            return 2;
        }
        Err(e) => {
            eprintln!("devcircuit {}: {}", path_of(&args), one_line(&e, &args));
            return 1;
        }
    };
    let name = args.first().cloned().unwrap_or_default();
    match dispatch(cmd) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("devcircuit {name}: {e}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::settings::{choices, numbers};

    /// Every setting of the registry is a flag somewhere, and every flag that is a setting
    /// parses its default into the type its command reads (a mismatch would panic).
    #[test]
    fn every_setting_is_a_flag_checked_by_the_registry() {
        let used = registry::settings_used(&command());
        for f in numbers().map(|s| s.flag).chain(choices().map(|c| c.flag)) {
            assert!(f == "task" || used.iter().any(|u| u == f), "--{f} is no flag");
        }
        for (cmd, base) in [
            ("train", vec![]),
            ("task", vec!["delay"]),
            ("grow", vec![]),
            ("export", vec![]),
        ] {
            let sub = command().find_subcommand(cmd).cloned().unwrap();
            for f in registry::settings_used(&sub) {
                let value = numbers().find(|s| s.flag == f).map(|s| {
                    let v = [s.default, s.min, s.max]
                        .into_iter()
                        .find(|v| s.check(&v.to_string()).is_ok());
                    v.unwrap_or(s.min).to_string()
                });
                let value = value.unwrap_or_else(|| choices().find(|c| c.flag == f).unwrap().default.into());
                let mut args: Vec<String> = [cmd].iter().chain(&base).map(|s| s.to_string()).collect();
                args.extend([format!("--{f}"), value]);
                assert!(parse(&args).is_ok(), "{args:?}");
            }
        }
        command().debug_assert();
    }
}
