//! A small argument parser with exact messages: every flag of every command is declared, so
//! an unknown or incomplete flag is named in one line.

use crate::experiment::settings::{Choice, Num};
use std::collections::BTreeMap;

pub struct Args {
    pub positional: Vec<String>,
    values: BTreeMap<String, Vec<String>>,
    switches: Vec<String>,
}

impl Args {
    /// `valued` flags take a value (`--seed 3` or `--seed=3`); `switches` take none.
    pub fn parse(
        cmd: &str,
        argv: &[String],
        valued: &[&str],
        switches: &[&str],
        max_positional: usize,
    ) -> Result<Args, String> {
        let mut a = Args {
            positional: vec![],
            values: BTreeMap::new(),
            switches: vec![],
        };
        let mut i = 0;
        while i < argv.len() {
            let arg = &argv[i];
            if let Some(flag) = arg.strip_prefix("--") {
                let (name, inline) = match flag.split_once('=') {
                    Some((n, v)) => (n, Some(v.to_string())),
                    None => (flag, None),
                };
                if switches.contains(&name) {
                    a.switches.push(name.into());
                } else if valued.contains(&name) {
                    let v = match inline {
                        Some(v) => v,
                        None => {
                            i += 1;
                            argv.get(i)
                                .cloned()
                                .ok_or_else(|| format!("flag `--{name}` needs a value"))?
                        }
                    };
                    a.values.entry(name.into()).or_default().push(v);
                } else {
                    let mut all: Vec<String> = valued.iter().chain(switches).map(|f| format!("--{f}")).collect();
                    all.sort();
                    return Err(format!(
                        "unknown flag `{arg}` for `devcircuit {cmd}`; expected one of {}",
                        all.join(", ")
                    ));
                }
            } else {
                if a.positional.len() >= max_positional {
                    return Err(format!("unexpected argument `{arg}` for `devcircuit {cmd}`"));
                }
                a.positional.push(arg.clone());
            }
            i += 1;
        }
        Ok(a)
    }

    pub fn flag(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).and_then(|v| v.last()).map(|s| s.as_str())
    }

    pub fn all(&self, name: &str) -> Vec<&str> {
        self.values
            .get(name)
            .map(|v| v.iter().map(|s| s.as_str()).collect())
            .unwrap_or_default()
    }

    /// A numeric setting's value checked against its range (None when the flag is absent);
    /// a refusal names the flag, the value and the reason.
    pub fn num(&self, s: &Num) -> Result<Option<f64>, String> {
        self.value(s.flag)
            .map(|v| s.check(v).map_err(|e| format!("flag `--{} {v}`: {e}", s.flag)))
            .transpose()
    }

    /// A numeric setting's value, or its default.
    pub fn num_or(&self, s: &Num, default: f64) -> Result<f64, String> {
        Ok(self.num(s)?.unwrap_or(default))
    }

    /// A choice setting's value (None when absent), refused unless it is one of the options.
    pub fn choice(&self, s: &Choice) -> Result<Option<&'static str>, String> {
        self.value(s.flag)
            .map(|v| s.check(v).map_err(|e| format!("flag `--{} {v}`: {e}", s.flag)))
            .transpose()
    }

    pub fn positional(&self, k: usize, what: &str) -> Result<&str, String> {
        self.positional
            .get(k)
            .map(|s| s.as_str())
            .ok_or_else(|| format!("missing {what}"))
    }
}
