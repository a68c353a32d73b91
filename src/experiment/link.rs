//! The link form of a configuration (`#v=1&seed=7&data=mnist&…`), written and read by walking
//! the settings table: unknown keys are ignored and bad values clamped, each with a notice.

use super::config::{Config, TrainMode};
use super::settings::{self as set, Spec, SETTINGS};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

/// Something the reader of a link should know: an ignored key or a clamped value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice(pub String);

/// What a link value keeps as it is: letters, digits, `-._~` and the comma of lists.
const KEEP: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',');

/// Percent-encodes everything but letters, digits and `-._~,`.
pub fn encode(s: &str) -> String {
    utf8_percent_encode(s, KEEP).to_string()
}

/// A link value as text: `+` is a space, `%XX` a byte (a stray `%` stays).
pub fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// Options of the page itself (not of the experiment): classroom mode and hidden controls.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PageOptions {
    pub classroom: bool,
    /// Panel or control keys to hide for an embed (`hide=rules,compare`).
    pub hide: Vec<String>,
}

pub fn page_options(fragment: &str) -> PageOptions {
    let mut o = PageOptions::default();
    for part in fragment.trim_start_matches('#').split('&') {
        match part.split_once('=') {
            Some(("mode", v)) => o.classroom = decode(v) == "class",
            Some(("hide", v)) => {
                o.hide = decode(v)
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(String::from)
                    .collect()
            }
            _ => {}
        }
    }
    o
}

impl Config {
    /// Reads a URL fragment (with or without `#`). Never fails: problems become notices.
    pub fn from_fragment(fragment: &str) -> (Config, Vec<Notice>) {
        let mut c = Config::default();
        let mut notes = Vec::new();
        for part in fragment.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = part.split_once('=').unwrap_or((part, ""));
            let (key, raw) = (decode(key), decode(raw));
            if let Some(n) = read_pair(&mut c, &key, &raw) {
                notes.push(n);
            }
        }
        (c, notes)
    }

    /// The fragment (without `#`): the settings that every link carries, then those that
    /// differ from their defaults; provenance (version, backend, fingerprint) appended by callers.
    pub fn to_fragment(&self) -> String {
        let mut s = String::from("v=1");
        for setting in SETTINGS.iter() {
            let v = (setting.get)(self);
            if setting.always_in_link || v != setting.default_text() {
                s.push_str(&format!("&{}={}", setting.key(), encode(&v)));
            }
        }
        s
    }
}

/// One `key=value` of a link applied to `c`; what the reader should know, if anything.
fn read_pair(c: &mut Config, key: &str, raw: &str) -> Option<Notice> {
    let key = if key == "steps" { "T" } else { key };
    match key {
        "v" if raw == "1" => None,
        "v" => Some(Notice(format!(
            "link version `v={raw}` is not 1; reading it as version 1"
        ))),
        "topo" if raw == "trainable" => {
            c.train = TrainMode::All;
            Some(Notice(
                "`topo=trainable` is now `topo=developmental&train=all` (W_rec trained on the grown circuit); \
                opened as that"
                    .into(),
            ))
        }
        "mode" | "hide" => None,                  // page options, read by `page_options`
        "ver" | "backend" | "fp" | "rec" => None, // provenance and results, read by `provenance`
        _ => match set::by_key(key) {
            Some(s) => read_setting(c, s, raw),
            None => Some(Notice(format!("unknown key `{key}` ignored"))),
        },
    }
}

/// A setting's link value: taken as it is, else a number clamped into range, else the
/// default kept; the notice says which.
fn read_setting(c: &mut Config, s: &set::Setting, raw: &str) -> Option<Notice> {
    let Err(why) = (s.put)(c, raw) else { return None };
    let key = s.key();
    match s.spec {
        Spec::Num(n) => {
            let mut notes = vec![];
            if let Some(v) = n.from_link(raw, &mut notes) {
                if (s.put)(c, &v.to_string()).is_err() {
                    return Some(Notice(format!("`{key}={raw}`: {why}; keeping the default")));
                }
            }
            notes.pop()
        }
        _ => Some(Notice(format!(
            "`{key}={raw}`: {why}; using {}",
            Some((s.get)(c))
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "none".into())
        ))),
    }
}

/// What a link recorded besides the configuration: where it ran and what it measured.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Provenance {
    pub version: Option<String>,
    pub backend: Option<String>,
    pub fingerprint: Option<String>,
    /// The `rec=` results summary (see `report::ghosts_from_fragment`).
    pub recorded: Option<String>,
}

impl Provenance {
    /// How this page differs from what the link recorded (empty when nothing does).
    pub fn differences(&self, version: &str, backend: &str, fingerprint: &str) -> Vec<String> {
        let mut d = vec![];
        for (what, rec, now) in [
            ("fingerprint", &self.fingerprint, fingerprint),
            ("version", &self.version, version),
            ("backend", &self.backend, backend),
        ] {
            if let Some(r) = rec.as_deref().filter(|r| *r != now) {
                d.push(format!("{what}: the link recorded {r}, this page has {now}"));
            }
        }
        d
    }
}

pub fn provenance(fragment: &str) -> Provenance {
    let mut out = Provenance::default();
    for part in fragment.trim_start_matches('#').split('&') {
        if let Some((k, v)) = part.split_once('=') {
            match k {
                "ver" => out.version = Some(decode(v)),
                "backend" => out.backend = Some(decode(v)),
                "fp" => out.fingerprint = Some(decode(v)),
                "rec" => out.recorded = Some(decode(v)),
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circuit::layers::LayerSet;
    use crate::experiment::config::{Encoding, Task, Topology};

    #[test]
    fn fragment_round_trip_and_notices() {
        let c = Config {
            seed: 7,
            topology: Topology::Random,
            limit: Some(20),
            epochs: 2,
            test_limit: Some(500),
            force_cpu: true,
            rules: Some("targets, factors\nA, !B & C\n# x=1&y\n".into()),
            knockouts: vec!["Hes1".into(), "Dll1".into()],
            forced: vec!["Gfap".into()],
            ..Config::default()
        };
        let (back, notes) = Config::from_fragment(&format!("#{}", c.to_fragment()));
        assert_eq!(back, c);
        assert!(notes.is_empty(), "{notes:?}");
        let (bad, notes) = Config::from_fragment("#v=1&seed=abc&epochs=999&topo=lattice&zzz=1&lr=5&%zz");
        assert_eq!(
            (bad.seed, bad.epochs, bad.topology, bad.learning_rate),
            (1, 200, Topology::Developmental, 1.0)
        );
        let text: Vec<&str> = notes.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(text.len(), 6, "{text:?}");
        assert!(
            text[0].contains("seed=abc")
                && text[1].contains("above 200")
                && text[2].contains("lattice")
                && text[3].contains("`zzz`")
        );
        assert_eq!(
            page_options("#v=1&mode=class&hide=rules,%20compare"),
            PageOptions {
                classroom: true,
                hide: vec!["rules".into(), "compare".into()]
            }
        );
        assert_eq!(Config::from_fragment("ko=Hes1;x").1.len(), 1);
    }

    #[test]
    fn new_settings_travel_and_old_links_open_with_a_notice() {
        let c = Config {
            train: TrainMode::Readout,
            input_layers: LayerSet::parse("deep").unwrap(),
            readout_layers: LayerSet::parse("l23").unwrap(),
            task: Task::MemoryCapacity,
            input_scale: 0.25,
            leak: 0.3,
            ridge: 1e-4,
            delay: 7,
            encoding: Encoding::Permuted,
            radius: 1.3,
            sigma: 40.0,
            synapses: 5000,
            similarity: 0.0,
            ei_fraction: 0.3,
            inhibitory_gain: 2.5,
            scale: 3,
            ..Config::default()
        };
        let (back, notes) = Config::from_fragment(&c.to_fragment());
        assert_eq!((back, notes), (c, vec![]));
        let (plus, notes) = Config::from_fragment("train=input+readout&in=upper");
        assert_eq!(
            (plus.train, plus.input_layers.key().as_str(), notes.len()),
            (TrainMode::InputReadout, "l23", 0)
        );
        let (old, notes) = Config::from_fragment("v=1&topo=trainable&rho=0");
        assert_eq!(
            (old.topology, old.train, old.radius),
            (Topology::Developmental, TrainMode::All, 0.0)
        );
        assert!(notes[0].0.contains("train=all"), "{notes:?}");
        let (_, notes) = Config::from_fragment("in=l4&task=sing&rho=nan&train=some&enc=spiral");
        assert_eq!(notes.len(), 5, "{notes:?}");
    }
}
