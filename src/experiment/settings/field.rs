//! A setting's value type and its text form: how each type of `Config` field starts (from its
//! definition's default), is shown in links, labels and the panel, and is read back or refused.

use super::{Choice, Num, Refused, Text};
use crate::circuit::layers::LayerSet;
use crate::development::params::Params;
use crate::experiment::choices::{Task, Topology};
use crate::model::{Encoding, TrainMode};
use crate::plasticity::Rule;

/// The value a field starts from: its definition's default.
pub trait Initial<S> {
    fn initial(spec: &S) -> Self;
}

/// A field read from and shown as text, refused with the reason its definition gives.
pub trait Field<S>: Initial<S> + Sized {
    fn show(&self) -> String;
    fn read(spec: &S, text: &str) -> Result<Self, Refused>;
}

/// Numbers: `read` checks the range and whole-number rule.
macro_rules! number {
    ($($t:ty),*) => {$(
        impl Initial<Num> for $t {
            fn initial(spec: &Num) -> Self {
                spec.default as $t
            }
        }
        impl Field<Num> for $t {
            fn show(&self) -> String {
                self.to_string()
            }
            fn read(spec: &Num, text: &str) -> Result<Self, Refused> {
                spec.check(text).map(|v| v as $t)
            }
        }
    )*};
}
number!(f64, usize, u64, u32);

/// An optional count: blank or `all` is off (the default lies below the range).
impl Initial<Num> for Option<usize> {
    fn initial(_: &Num) -> Self {
        None
    }
}

impl Field<Num> for Option<usize> {
    fn show(&self) -> String {
        self.map_or(String::new(), |v| v.to_string())
    }
    fn read(spec: &Num, text: &str) -> Result<Self, Refused> {
        match text.trim() {
            "" | "all" => Ok(None),
            t => spec.check_usize(t).map(Some),
        }
    }
}

/// Named values with `key` and `parse`: refused with the list of names.
macro_rules! named {
    ($($t:ty),*) => {$(
        impl Initial<Choice> for $t {
            fn initial(spec: &Choice) -> Self {
                <$t>::parse(spec.default).unwrap_or_default()
            }
        }
        impl Field<Choice> for $t {
            fn show(&self) -> String {
                self.key().into()
            }
            fn read(spec: &Choice, text: &str) -> Result<Self, Refused> {
                <$t>::parse(text).ok_or_else(|| spec.refusal(text))
            }
        }
    )*};
}
named!(Topology, Task, TrainMode, Encoding);

impl Initial<Choice> for Rule {
    fn initial(spec: &Choice) -> Self {
        spec.default.parse().unwrap_or_default()
    }
}

impl Field<Choice> for Rule {
    fn show(&self) -> String {
        self.name().into()
    }
    fn read(spec: &Choice, text: &str) -> Result<Self, Refused> {
        text.trim().parse().map_err(|_| spec.refusal(text))
    }
}

/// A layer set: any comma list of layers, not only the offered names.
impl Initial<Choice> for LayerSet {
    fn initial(spec: &Choice) -> Self {
        LayerSet::parse(spec.default).unwrap_or_else(|_| LayerSet::all())
    }
}

impl Field<Choice> for LayerSet {
    fn show(&self) -> String {
        self.key()
    }
    fn read(spec: &Choice, text: &str) -> Result<Self, Refused> {
        LayerSet::parse(text).map_err(|why| Refused::Invalid {
            setting: spec.name,
            why,
        })
    }
}

/// A comma list of gene names.
impl Initial<Text> for Vec<String> {
    fn initial(spec: &Text) -> Self {
        Self::read(spec, spec.default).unwrap_or_default()
    }
}

impl Field<Text> for Vec<String> {
    fn show(&self) -> String {
        self.join(",")
    }
    fn read(spec: &Text, text: &str) -> Result<Self, Refused> {
        let genes: Vec<String> = text
            .split(',')
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(String::from)
            .collect();
        let gene = |g: &String| g.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.');
        match genes.iter().find(|g| !gene(g)) {
            Some(bad) => Err(Refused::Invalid {
                setting: spec.name,
                why: format!("`{bad}` is not a gene name"),
            }),
            None => Ok(genes),
        }
    }
}

/// A switch: `1` on, blank or `0` off.
impl Initial<Text> for bool {
    fn initial(spec: &Text) -> Self {
        spec.default == "1"
    }
}

impl Field<Text> for bool {
    fn show(&self) -> String {
        if *self {
            "1".into()
        } else {
            String::new()
        }
    }
    fn read(spec: &Text, text: &str) -> Result<Self, Refused> {
        match text.trim() {
            "1" => Ok(true),
            "" | "0" => Ok(false),
            t => Err(Refused::Invalid {
                setting: spec.name,
                why: format!("`{t}` is neither 1 nor 0"),
            }),
        }
    }
}

/// Free text read by the setting's own function (a dataset name, rules).
impl Initial<Text> for String {
    fn initial(spec: &Text) -> Self {
        spec.default.into()
    }
}

impl Initial<Text> for Option<String> {
    fn initial(spec: &Text) -> Self {
        Some(spec.default.to_string()).filter(|t| !t.is_empty())
    }
}

/// The development parameters beyond the settings start at the calibrated ones.
impl Initial<Text> for Option<Params> {
    fn initial(_: &Text) -> Self {
        None
    }
}
