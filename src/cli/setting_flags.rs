//! The experiment settings as CLI flags, made by walking the settings table: a command takes
//! the settings whose `commands` name it, each checked and explained by its definition.

use super::registry::{num_help, ChoiceParser, NumParser};
use crate::experiment::settings::{self as set, Setting, Spec, SETTINGS};
use crate::experiment::Config;
use clap::builder::TypedValueParser;
use clap::{Arg, ArgMatches, Command};

/// The settings given on the command line of a command (`CMD`: its bit in `Setting::commands`),
/// as (setting, text), in table order.
#[derive(Clone, Debug, Default)]
pub struct SettingFlags<const CMD: u8> {
    pub given: Vec<(&'static str, String)>,
}

/// The settings a command takes as flags.
fn of_command(cmd: u8) -> impl Iterator<Item = &'static Setting> {
    SETTINGS
        .iter()
        .filter(move |s| s.commands & cmd != 0 && !s.spec.flag().is_empty())
}

/// The flag of a setting with its check, named values and help.
fn arg_of(s: &'static Setting) -> Arg {
    let a = Arg::new(s.spec.flag()).long(s.spec.flag()).allow_negative_numbers(true);
    match &s.spec {
        Spec::Num(n) => a
            .value_parser(NumParser(n).map(|v| v.to_string()))
            .help(num_help(n))
            .value_name(if n.integer { "N" } else { "X" }),
        Spec::Choice(c) => {
            let a = a
                .value_parser(ChoiceParser(c))
                .help(format!("{} (default {})", c.help, c.default));
            if ChoiceParser(c).layers() {
                a.hide_possible_values(true).value_name("LAYER[,LAYER]")
            } else {
                a.value_name("NAME")
            }
        }
        Spec::Text(t) if t.from_file => a.help(t.help).value_name("FILE"),
        Spec::Text(t) => a.help(t.help).value_name("NAME"),
    }
}

impl<const CMD: u8> clap::FromArgMatches for SettingFlags<CMD> {
    fn from_arg_matches(m: &ArgMatches) -> Result<Self, clap::Error> {
        let given = of_command(CMD)
            .filter_map(|s| m.get_one::<String>(s.spec.flag()).map(|v| (s.key(), v.clone())))
            .collect();
        Ok(SettingFlags { given })
    }

    fn update_from_arg_matches(&mut self, m: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

impl<const CMD: u8> clap::Args for SettingFlags<CMD> {
    fn augment_args(cmd: Command) -> Command {
        of_command(CMD).fold(cmd, |c, s| c.arg(arg_of(s)))
    }

    fn augment_args_for_update(cmd: Command) -> Command {
        Self::augment_args(cmd)
    }
}

impl<const CMD: u8> SettingFlags<CMD> {
    /// True when `--flag` of the setting with link key `key` was given.
    pub fn has(&self, key: &str) -> bool {
        self.given.iter().any(|(k, _)| *k == key)
    }

    /// The configuration these flags describe: the defaults with every given setting put
    /// in table order (a `--rules`/`--params` file read first); the refusal names the flag.
    pub fn config(&self) -> Result<Config, String> {
        let mut c = Config::default();
        for (key, v) in &self.given {
            let s = set::by_key(key).expect("flags are settings");
            let text = match s.spec {
                Spec::Text(t) if t.from_file => {
                    std::fs::read_to_string(v).map_err(|e| format!("flag `--{} {v}`: cannot read {v}: {e}", t.flag))?
                }
                _ => v.clone(),
            };
            (s.put)(&mut c, &text).map_err(|e| format!("flag `--{} {v}`: {e}", s.spec.flag()))?;
        }
        Ok(c)
    }

    /// The text given for the setting with link key `key` (a path for a from-file setting).
    pub fn value_of(&self, key: &str) -> Option<&str> {
        self.given.iter().find(|(k, _)| *k == key).map(|(_, v)| v.as_str())
    }
}

/// The command line that gives `c` to `command` (`train`, `task` or `grow`): every setting the
/// command takes whose value differs from the default, and `--fix` for the genes. From-file
/// settings are written by `file(key, text)`, which returns the path to pass.
pub fn args_for(c: &Config, cmd: u8, mut file: impl FnMut(&str, &str) -> String) -> Vec<String> {
    let mut args = vec![];
    for s in of_command(cmd) {
        let v = (s.get)(c);
        // The CLI needs a dataset, and its seeds default to the development seed, not to 1.
        if v == s.default_text() && !matches!(s.key(), "iseed" | "dseed" | "data") {
            continue;
        }
        let v = match s.spec {
            Spec::Text(t) if t.from_file => file(s.key(), &v),
            _ => v,
        };
        args.extend([format!("--{}", s.spec.flag()), v]);
    }
    for (genes, on) in [(&c.knockouts, 0), (&c.forced, 1)] {
        for g in genes {
            args.extend(["--fix".to_string(), format!("{g}={on}")]);
        }
    }
    args
}
