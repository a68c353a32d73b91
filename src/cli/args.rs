//! A small argument parser with exact messages: every flag of every command is declared, so
//! an unknown or incomplete flag is named in one line.

use std::collections::BTreeMap;

pub struct Args {
    pub positional: Vec<String>,
    values: BTreeMap<String, Vec<String>>,
    switches: Vec<String>,
}

impl Args {
    /// `valued` flags take a value (`--seed 3` or `--seed=3`); `switches` take none.
    pub fn parse(cmd: &str, argv: &[String], valued: &[&str], switches: &[&str], max_positional: usize) -> Result<Args, String> {
        let mut a = Args { positional: vec![], values: BTreeMap::new(), switches: vec![] };
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
                            argv.get(i).cloned().ok_or_else(|| format!("flag `--{name}` needs a value"))?
                        }
                    };
                    a.values.entry(name.into()).or_default().push(v);
                } else {
                    let mut all: Vec<String> = valued.iter().chain(switches).map(|f| format!("--{f}")).collect();
                    all.sort();
                    return Err(format!("unknown flag `{arg}` for `devcircuit {cmd}`; expected one of {}", all.join(", ")));
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
        self.values.get(name).map(|v| v.iter().map(|s| s.as_str()).collect()).unwrap_or_default()
    }

    /// A parsed value, or the default; a bad value names the flag.
    pub fn get<T: std::str::FromStr>(&self, name: &str, default: T) -> Result<T, String> {
        match self.value(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| format!("flag `--{name}`: `{v}` is not a valid value")),
        }
    }

    pub fn positional(&self, k: usize, what: &str) -> Result<&str, String> {
        self.positional.get(k).map(|s| s.as_str()).ok_or_else(|| format!("missing {what}"))
    }
}
