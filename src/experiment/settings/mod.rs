//! Every setting of an experiment defined once, in one table (`table`): its `Config` field and
//! type, name, URL key, CLI flag, range, default and help; every surface iterates the table.

mod field;
mod refused;
#[macro_use]
mod setting;
mod table;

pub use field::{Field, Initial};
pub use refused::Refused;
pub use setting::{by_key, Group, Setting, CMD_EXPORT, CMD_GROW, CMD_TASK, CMD_TRAIN};
pub use table::*;

use super::link::Notice;

/// A numeric setting.
#[derive(Clone, Copy, Debug)]
pub struct Num {
    pub name: &'static str,
    /// Key in the URL fragment.
    pub key: &'static str,
    /// CLI flag without the dashes.
    pub flag: &'static str,
    pub min: f64,
    pub max: f64,
    pub default: f64,
    /// Whole numbers only.
    pub integer: bool,
    pub help: &'static str,
}

/// A setting with named values.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    pub name: &'static str,
    pub key: &'static str,
    pub flag: &'static str,
    /// (value, what it means), in the order they are offered.
    pub options: fn() -> Vec<(&'static str, &'static str)>,
    pub default: &'static str,
    pub help: &'static str,
}

/// A setting whose value is free text (a dataset name, rules, a gene list).
#[derive(Clone, Copy, Debug)]
pub struct Text {
    pub name: &'static str,
    pub key: &'static str,
    /// CLI flag without the dashes ("" = not a flag).
    pub flag: &'static str,
    /// The CLI flag names a file whose content is the value (`--rules FILE.bnet`).
    pub from_file: bool,
    /// A comma list (a JSON array in the settings).
    pub list: bool,
    /// What an empty value means, as a condition label shows it.
    pub empty: &'static str,
    /// The value of the default configuration.
    pub default: &'static str,
    pub help: &'static str,
}

/// Any setting's definition.
#[derive(Clone, Copy, Debug)]
pub enum Spec {
    Num(Num),
    Choice(Choice),
    Text(Text),
}

impl Spec {
    pub fn name(&self) -> &'static str {
        match self {
            Spec::Num(s) => s.name,
            Spec::Choice(s) => s.name,
            Spec::Text(s) => s.name,
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            Spec::Num(s) => s.key,
            Spec::Choice(s) => s.key,
            Spec::Text(s) => s.key,
        }
    }

    pub fn flag(&self) -> &'static str {
        match self {
            Spec::Num(s) => s.flag,
            Spec::Choice(s) => s.flag,
            Spec::Text(s) => s.flag,
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            Spec::Num(s) => s.help,
            Spec::Choice(s) => s.help,
            Spec::Text(s) => s.help,
        }
    }
}

/// Every numeric setting of the table.
pub fn numbers() -> impl Iterator<Item = &'static Num> {
    SETTINGS.iter().filter_map(|s| match &s.spec {
        Spec::Num(n) => Some(n),
        _ => None,
    })
}

/// Every setting with named values.
pub fn choices() -> impl Iterator<Item = &'static Choice> {
    SETTINGS.iter().filter_map(|s| match &s.spec {
        Spec::Choice(c) => Some(c),
        _ => None,
    })
}

/// A bound as people write it: 1e-12 rather than 0.000000000001.
fn show(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-3 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

impl Num {
    /// Off unless given (batches per epoch, test images): the default lies below the range.
    pub fn optional(&self) -> bool {
        self.default < self.min
    }

    pub fn range(&self) -> String {
        format!("{}-{}", show(self.min), show(self.max))
    }

    /// The value of `text`, or why it is refused (not a number, NaN, fractional, out of range).
    pub fn check(&self, text: &str) -> Result<f64, Refused> {
        let (setting, t) = (self.name, text.trim());
        let text = t.to_string();
        let v: f64 = t.parse().map_err(|_| Refused::NotANumber {
            setting,
            text: text.clone(),
            range: self.range(),
        })?;
        if !v.is_finite() {
            return Err(Refused::NotFinite { setting, text });
        }
        if self.integer && v.fract() != 0.0 {
            return Err(Refused::NotWhole { setting, text });
        }
        if v < self.min || v > self.max {
            let range = self.range();
            return Err(Refused::OutOfRange { setting, text, range });
        }
        Ok(v)
    }

    pub fn check_usize(&self, text: &str) -> Result<usize, Refused> {
        self.check(text).map(|v| v as usize)
    }

    pub fn check_u64(&self, text: &str) -> Result<u64, Refused> {
        self.check(text).map(|v| v as u64)
    }

    /// A link's value: clamped into range with a notice, or None (with a notice) when unreadable.
    pub fn from_link(&self, raw: &str, notes: &mut Vec<Notice>) -> Option<f64> {
        let key = self.key;
        match raw.trim().parse::<f64>() {
            Ok(v) if !v.is_finite() => {
                notes.push(Notice(format!(
                    "`{key}={raw}` is not a finite number; keeping the default"
                )));
                None
            }
            Ok(v) if v < self.min => {
                notes.push(Notice(format!("`{key}={raw}` is below {0}; using {0}", show(self.min))));
                Some(self.min)
            }
            Ok(v) if v > self.max => {
                notes.push(Notice(format!("`{key}={raw}` is above {0}; using {0}", show(self.max))));
                Some(self.max)
            }
            Ok(v) if self.integer && v.fract() != 0.0 => {
                notes.push(Notice(format!(
                    "`{key}={raw}` is not a whole number; using {}",
                    v.trunc()
                )));
                Some(v.trunc())
            }
            Ok(v) => Some(v),
            Err(_) => {
                notes.push(Notice(format!(
                    "`{key}={raw}` is not a valid number; keeping the default"
                )));
                None
            }
        }
    }
}

impl Choice {
    pub fn values(&self) -> Vec<&'static str> {
        (self.options)().into_iter().map(|o| o.0).collect()
    }

    /// The option named `text`, or why not.
    pub fn check(&self, text: &str) -> Result<&'static str, Refused> {
        let t = text.trim();
        self.values()
            .into_iter()
            .find(|v| *v == t)
            .ok_or_else(|| self.refusal(t))
    }

    /// Why `text` is not one of the options.
    pub fn refusal(&self, text: &str) -> Refused {
        Refused::NotAnOption {
            setting: self.name,
            text: text.trim().into(),
            options: self.values().join(", "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_refuse_with_the_reason_and_links_clamp_with_a_notice() {
        assert_eq!(BATCH.check("64"), Ok(64.0));
        for (bad, why) in [
            ("0", "outside"),
            ("nan", "finite"),
            ("2.5", "whole"),
            ("x", "not a number"),
            ("inf", "finite"),
        ] {
            assert!(BATCH.check(bad).unwrap_err().to_string().contains(why), "{bad}");
        }
        assert!(LR.check("-5").unwrap_err().to_string().contains("outside"));
        assert!(RHO.check("0").is_err() && RHO.check("NaN").is_err());
        let mut n = vec![];
        assert_eq!(EPOCHS.from_link("999", &mut n), Some(200.0));
        assert_eq!(RHO.from_link("nan", &mut n), None);
        assert_eq!(n.len(), 2);
        assert_eq!(RIDGE.from_link("0", &mut n), Some(1e-12));
        assert!(n[2].0.contains("below 1e-12") && RIDGE.range() == "1e-12-1000", "{n:?}");
        assert!(TRAIN
            .check("everything")
            .unwrap_err()
            .to_string()
            .contains("readout, input+readout, all"));
        let keys: Vec<&str> = SETTINGS.iter().map(|s| s.key()).collect();
        let flags: Vec<&str> = SETTINGS
            .iter()
            .map(|s| s.spec.flag())
            .filter(|f| !f.is_empty())
            .collect();
        for list in [keys.clone(), flags] {
            let mut d = list.clone();
            d.sort();
            d.dedup();
            assert_eq!(d.len(), list.len(), "duplicate key or flag in {list:?}");
        }
    }

    /// The table makes `Config`: one field per setting, each starting at its definition's default.
    #[test]
    fn every_config_field_is_a_setting_at_its_default() {
        let fields = serde_json::to_value(Config::default()).unwrap();
        assert_eq!(fields.as_object().unwrap().len(), SETTINGS.len());
        for s in SETTINGS.iter() {
            let shown = s.default_text();
            match s.spec {
                Spec::Num(n) if n.optional() => assert_eq!(shown, "", "{}", n.name),
                Spec::Num(n) => assert_eq!(shown.parse::<f64>().unwrap(), n.default, "{}", n.name),
                Spec::Choice(c) => assert_eq!(shown, c.default, "{}", c.name),
                Spec::Text(t) => assert_eq!(shown, t.default, "{}", t.name),
            }
            let mut c = Config::default();
            (s.put)(&mut c, &shown).unwrap();
            assert_eq!(c, Config::default(), "{}", s.key());
        }
    }
}
