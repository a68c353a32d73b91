//! A run's whole identity (`Config`, one field per entry of the settings table) with its JSON
//! settings form (by link key), its development parameters and what decides the grown tissue.

pub use super::choices::{Task, Topology};
pub use super::settings::Config;
pub use crate::model::{Encoding, TrainMode};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

use super::settings::{self as set, FieldNamed, Spec, FIELD_KEYS, SETTINGS};
use crate::development::params::{Params, DEFAULT as DEV};
use crate::plasticity::Plasticity;

/// A JSON number: whole values as integers (the parameters' u32 fields read them).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// `p` with the fields that are settings at their defaults; None when nothing else differs.
fn beyond_settings(p: &Params) -> Option<Params> {
    let rest = Params {
        sigma: DEV.sigma,
        synapses: DEV.synapses,
        similarity_exponent: DEV.similarity_exponent,
        inhibitory_fraction: DEV.inhibitory_fraction,
        scale: DEV.scale,
        ..p.clone()
    };
    (rest != DEV).then_some(rest)
}

impl Config {
    /// The development parameters this configuration grows with.
    pub fn params(&self) -> Params {
        Params {
            sigma: self.sigma,
            synapses: self.synapses,
            similarity_exponent: self.similarity,
            inhibitory_fraction: self.ei_fraction,
            scale: self.scale,
            ..self.development.clone().unwrap_or_default()
        }
    }

    /// Takes every development parameter of `p` (a parameter file's values).
    pub fn with_params(self, p: &Params) -> Config {
        Config {
            sigma: p.sigma,
            synapses: p.synapses,
            similarity: p.similarity_exponent,
            ei_fraction: p.inhibitory_fraction,
            scale: p.scale,
            development: beyond_settings(p),
            ..self
        }
    }

    /// Everything that decides the grown tissue (seed, rules, knock-outs, forced genes and
    /// every development parameter); equal keys grow identical tissues.
    pub fn growth_key(&self) -> String {
        format!(
            "{}|{:?}|{:?}|{:?}|{:?}",
            self.seed,
            self.rules,
            self.knockouts,
            self.forced,
            self.params()
        )
    }

    /// The development parameters beyond the settings as `name:value,…` (sorted by name; empty
    /// for the calibrated defaults): what a link and a condition carry.
    pub fn development_text(&self) -> String {
        if self.development.as_ref().is_none_or(|p| *p == DEV) {
            return String::new();
        }
        let (Some(p), Ok(Value::Object(dev))) = (&self.development, serde_json::to_value(DEV)) else {
            return String::new();
        };
        let Ok(Value::Object(mine)) = serde_json::to_value(p) else {
            return String::new();
        };
        mine.iter()
            .filter(|(k, v)| dev.get(*k) != Some(v))
            .map(|(k, v)| format!("{k}:{v}"))
            .collect::<Vec<_>>()
            .join(",")
    }

    /// Reads development parameters over the current ones: JSON (a parameter file) or
    /// `name:value,…` (a link). Fields that are settings set those settings; the whole is
    /// range-checked and an unknown name is refused.
    pub fn put_development(&mut self, text: &str) -> Result<(), set::Refused> {
        let bad = |why: String| set::Refused::Invalid {
            setting: "development parameters",
            why,
        };
        let t = text.trim();
        let given: serde_json::Map<String, Value> = if t.starts_with('{') {
            // Read as parameters first, so a wrong name or type is reported where it stands.
            serde_json::from_str::<Params>(t)
                .and_then(|_| serde_json::from_str(t))
                .map_err(|e| bad(crate::development::params::json_error(e)))?
        } else {
            t.split(',')
                .filter(|p| !p.trim().is_empty())
                .map(
                    |p| match p.split_once(':').map(|(k, v)| (k.trim(), v.trim().parse::<f64>())) {
                        Some((k, Ok(v))) if v.is_finite() => Ok((k.to_string(), number(v))),
                        _ => Err(bad(format!("`{p}` is not name:number"))),
                    },
                )
                .collect::<Result<_, _>>()?
        };
        let Ok(Value::Object(mut all)) = serde_json::to_value(self.params()) else {
            return Err(bad("cannot be represented".into()));
        };
        all.extend(given);
        let p: Params = serde_json::from_value(Value::Object(all)).map_err(|e| bad(e.to_string()))?;
        p.validate().map_err(bad)?;
        *self = std::mem::take(self).with_params(&p);
        Ok(())
    }

    /// Every setting by its link key, typed (numbers as numbers, lists as arrays, unset as
    /// null): what a record and a sweep result carry, and what `from_settings` reads back.
    pub fn settings_json(&self) -> Value {
        let map = SETTINGS
            .iter()
            .map(|s| {
                let text = (s.get)(self);
                let v = match s.spec {
                    _ if text.is_empty() && !matches!(s.spec, Spec::Text(t) if t.list) => Value::Null,
                    Spec::Num(n) if n.integer => json!(text.parse::<u64>().unwrap_or_default()),
                    Spec::Num(_) => json!(text.parse::<f64>().unwrap_or_default()),
                    Spec::Text(t) if t.list => json!(text.split(',').filter(|g| !g.is_empty()).collect::<Vec<_>>()),
                    _ => json!(text),
                };
                (s.key().to_string(), v)
            })
            .collect();
        Value::Object(map)
    }

    /// The configuration of a settings object (`settings_json`); a missing key keeps its
    /// default, an unknown key or a refused value is an error naming it.
    pub fn from_settings(v: &Value) -> Result<Config, String> {
        let obj = v.as_object().ok_or("settings: not a JSON object")?;
        let mut c = Config::default();
        for s in SETTINGS.iter() {
            let text = match obj.get(s.key()) {
                None => continue,
                Some(Value::Null) => String::new(),
                Some(Value::String(t)) => t.clone(),
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(","),
                Some(other) => other.to_string(),
            };
            (s.put)(&mut c, &text).map_err(|e| format!("settings `{}`: {e}", s.key()))?;
        }
        if let Some(k) = obj.keys().find(|k| set::by_key(k).is_none()) {
            return Err(format!("settings: unknown key `{k}`"));
        }
        c.check().map_err(|e| format!("settings: {e}"))?;
        Ok(c)
    }

    /// A stored or exchanged configuration: by link key, or in the field-named form of versions
    /// before 0.2 (the former `trainable` topology becomes developmental with train=all), each
    /// value checked as a typed setting; what fails is refused with its reason.
    pub fn read_value(v: &Value) -> Result<Config, String> {
        let obj = v.as_object().ok_or("settings: not a JSON object")?;
        if obj.keys().all(|k| set::by_key(k).is_some()) {
            return Config::from_settings(v);
        }
        if let Some(k) = obj.keys().find(|k| !FIELD_KEYS.iter().any(|(f, _)| f == k)) {
            return Err(format!("settings: unknown key `{k}`"));
        }
        let mut old = v.clone();
        if old["topology"] == "trainable" {
            old["topology"] = json!("developmental");
            old["train"] = json!("all");
        }
        let f: FieldNamed = serde_json::from_value(old).map_err(|e| format!("settings: {e}"))?;
        Config::from_settings(&Config::from(f).settings_json())
    }

    /// The plasticity phase this run applies after development (its noise follows the
    /// initialisation seed, its units the run's leak rate).
    pub fn plasticity_phase(&self) -> Plasticity {
        Plasticity {
            rule: self.plasticity,
            steps: self.plastic_steps,
            rate: self.plastic_rate,
            ip_mean: self.ip_mean,
            ip_sd: self.ip_sd,
            target_rate: self.target_rate,
            prune_fraction: self.prune_fraction,
            noise: self.plastic_noise,
            leak: self.leak,
            seed: self.init_seed,
        }
    }

    /// Combinations the single settings cannot refuse alone (synapses × scale, epoch order).
    pub fn check(&self) -> Result<(), String> {
        self.params().validate()
    }
}

impl Serialize for Config {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.settings_json().serialize(s)
    }
}

impl<'de> Deserialize<'de> for Config {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Config, D::Error> {
        let v = Value::deserialize(d)?;
        Config::read_value(&v).map_err(serde::de::Error::custom)
    }
}
