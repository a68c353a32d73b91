//! A run's identity: its whole `Config` in canonical form (every setting by link key, the rules
//! by content hash with the text kept once beside), and the id that hashes it with its command.

use super::Config;
use crate::rng::fingerprint_bytes;
use serde_json::Value;
use std::collections::BTreeMap;

/// A text's content hash as identities write it (16 hex digits).
pub fn text_hash(text: &str) -> String {
    format!("{:016x}", fingerprint_bytes(text.as_bytes()))
}

/// Texts (rules) by content hash: what a plan, a results folder and runs.csv keep once.
pub type Texts = BTreeMap<String, String>;

/// The canonical form of `cfg`: `settings_json` with the rules text replaced by `#hash` (the
/// text added to `texts`). Equal forms are equal configurations.
pub fn canonical(cfg: &Config, texts: &mut Texts) -> Value {
    let mut v = cfg.settings_json();
    if let Some(rules) = &cfg.rules {
        let h = text_hash(rules);
        v["rules"] = Value::String(format!("#{h}"));
        texts.insert(h, rules.clone());
    }
    v
}

/// A run's id: the hash of its command and canonical configuration.
pub fn run_id(command: &str, canonical: &Value) -> String {
    text_hash(&format!("{command}\n{canonical}"))
}

/// The rules hash of a canonical form ("" for the default network) and its parameters' hash
/// ("" for the calibrated parameters): what runs.csv shows of the files a run grew with.
pub fn file_hashes(canonical: &Value) -> (String, String) {
    let rules = canonical["rules"].as_str().map_or("", |r| r.trim_start_matches('#'));
    let params = canonical["dev"]
        .as_str()
        .filter(|d| !d.is_empty())
        .map_or(String::new(), text_hash);
    (rules.into(), params)
}

/// The configuration of a canonical form, its rules text taken from `texts` (checked against
/// its hash); every value checked as a typed setting.
pub fn config_from(canonical: &Value, texts: &Texts) -> Result<Config, String> {
    let mut v = canonical.clone();
    if let Some(h) = canonical["rules"].as_str().and_then(|r| r.strip_prefix('#')) {
        let text = texts
            .get(h)
            .ok_or(format!("the rules #{h} are not among the stored texts"))?;
        if text_hash(text) != h {
            return Err(format!("the stored rules #{h} do not hash to their name (edited?)"));
        }
        v["rules"] = Value::String(text.clone());
    }
    Config::read_value(&v)
}

/// The settings in which two canonical forms differ, as `key: a → b; …` (empty when equal).
pub fn differences(was: &Value, now: &Value) -> String {
    let keys: std::collections::BTreeSet<&String> = was
        .as_object()
        .into_iter()
        .chain(now.as_object())
        .flat_map(|o| o.keys())
        .collect();
    keys.into_iter()
        .filter(|k| was.get(k.as_str()) != now.get(k.as_str()))
        .map(|k| {
            let show = |v: Option<&Value>| v.map_or("(none)".to_string(), |v| v.to_string());
            format!("{k}: {} → {}", show(was.get(k.as_str())), show(now.get(k.as_str())))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_id_follows_the_whole_config_and_the_rules_by_content() {
        let mut texts = Texts::new();
        let base = Config::default();
        let a = canonical(&base, &mut texts);
        assert!(texts.is_empty() && a["rules"].is_null());
        let mut edited = base.clone();
        edited.rules = Some(crate::grn::CORTEX15.replace("Sox2 & nbDll1", "Sox2 & !nbDll1"));
        let b = canonical(&edited, &mut texts);
        assert_eq!(texts.len(), 1);
        assert_ne!(run_id("task", &a), run_id("task", &b));
        assert_ne!(run_id("task", &a), run_id("train", &a));
        assert_eq!(config_from(&b, &texts).unwrap(), edited);
        assert!(
            differences(&a, &b).starts_with("rules: null → \"#"),
            "{}",
            differences(&a, &b)
        );
        let mut forged = texts.clone();
        forged.values_mut().for_each(|t| t.push(' '));
        assert!(config_from(&b, &forged).unwrap_err().contains("do not hash"));
        assert!(config_from(&b, &Texts::new())
            .unwrap_err()
            .contains("not among the stored texts"));
        assert_eq!(file_hashes(&b).0.len(), 16);
        let mut rho = base.clone();
        rho.radius = 0.95;
        assert_eq!(differences(&a, &canonical(&rho, &mut texts)), "rho: 0.9 → 0.95");
    }
}
