//! Gives every flag that is an experiment setting its range check, named values and help from
//! `experiment::settings`, so the CLI, the page and the links refuse the same values.

use crate::circuit::layers::LayerSet;
use crate::experiment::settings::{choices, numbers, Choice, Num};
use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::ErrorKind;
use clap::{Arg, Command};
use std::ffi::OsStr;

/// The refusal of `--flag value`, one line naming both.
fn refuse(arg: Option<&Arg>, value: &str, reason: impl std::fmt::Display) -> clap::Error {
    let flag = arg.and_then(Arg::get_long).unwrap_or("?");
    clap::Error::raw(ErrorKind::ValueValidation, format!("flag `--{flag} {value}`: {reason}"))
}

/// A numeric setting, checked against its range (finite, whole where it must be).
#[derive(Clone)]
pub struct NumParser(pub &'static Num);

impl TypedValueParser for NumParser {
    type Value = f64;

    fn parse_ref(&self, _: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<f64, clap::Error> {
        let text = value.to_string_lossy();
        self.0.check(&text).map_err(|e| refuse(arg, &text, e))
    }
}

/// A setting with named values; layer sets also take other comma lists of layers.
#[derive(Clone)]
pub struct ChoiceParser(pub &'static Choice);

impl ChoiceParser {
    /// Layer sets: the options are the common ones; `LayerSet::parse` takes any comma list.
    pub fn layers(&self) -> bool {
        self.0.flag.ends_with("-layers")
    }
}

impl TypedValueParser for ChoiceParser {
    type Value = String;

    fn parse_ref(&self, _: &Command, arg: Option<&Arg>, value: &OsStr) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        let checked = if self.layers() {
            LayerSet::parse(&text).map(|_| text.to_string())
        } else {
            self.0.check(&text).map(str::to_string).map_err(String::from)
        };
        checked.map_err(|e| refuse(arg, &text, e))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            (self.0.options)()
                .into_iter()
                .map(|(v, what)| PossibleValue::new(v).help(what)),
        ))
    }
}

/// A whole-number flag that is not an experiment setting (`--at`, `--cpus`), within `min..=max`.
pub fn whole(min: u64, max: u64) -> impl Fn(&str) -> Result<u64, String> + Clone + Send + Sync + 'static {
    move |text: &str| match text.trim().parse::<u64>() {
        Ok(v) if (min..=max).contains(&v) => Ok(v),
        Ok(v) => Err(format!("{v} is outside {min}-{max}")),
        Err(_) => Err(format!("`{text}` is not a whole number ({min}-{max})")),
    }
}

/// The help line of a numeric setting: what it means, its range and default.
pub fn num_help(s: &Num) -> String {
    let default = match s.default {
        0.0 => "off by default".to_string(),
        d => format!("default {d}"),
    };
    format!("{} ({}; {default})", s.help, s.range())
}

/// The setting a derived argument without help stands for (`bench --topology`): its id is the
/// setting's flag (`limit_batches` for `--limit-batches`).
fn setting_arg(a: Arg) -> Arg {
    if a.get_help().is_some() {
        return a; // complete already (the settings table's own flags, or not a setting)
    }
    let id = a.get_id().as_str().replace('_', "-");
    if let Some(s) = numbers().find(|s| s.flag == id) {
        return a
            .value_parser(NumParser(s))
            .help(num_help(s))
            .allow_negative_numbers(true)
            .value_name(if s.integer { "N" } else { "X" });
    }
    if let Some(c) = choices().find(|c| c.flag == id) {
        let a = a
            .value_parser(ChoiceParser(c))
            .help(format!("{} (default {})", c.help, c.default))
            .value_name("NAME");
        return if ChoiceParser(c).layers() {
            a.hide_possible_values(true).value_name("LAYER[,LAYER]")
        } else {
            a
        };
    }
    a
}

/// The command line with every setting's check and help filled in from the registry.
pub fn with_settings(cmd: Command) -> Command {
    cmd.mut_args(setting_arg).mut_subcommands(with_settings)
}

/// Every setting an argument of `cmd` (or of its subcommands) stands for, by flag.
pub fn settings_used(cmd: &Command) -> Vec<String> {
    let mut out: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_string))
        .filter(|id| numbers().any(|s| s.flag == id) || choices().any(|c| c.flag == id))
        .collect();
    for sub in cmd.get_subcommands() {
        out.extend(settings_used(sub));
    }
    out
}
