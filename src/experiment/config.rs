//! Experiment configuration and its URL-fragment form (`#v=1&seed=7&data=mnist&…`): unknown
//! keys are ignored and out-of-range values clamped, each with a notice naming it.

use crate::model::Encoding;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topology {
    Developmental,
    Random,
    Shuffled,
    None,
    Trainable,
}

impl Topology {
    pub const ALL: [Topology; 5] = [Topology::Developmental, Topology::Random, Topology::Shuffled, Topology::None, Topology::Trainable];

    pub fn key(self) -> &'static str {
        match self {
            Topology::Developmental => "developmental",
            Topology::Random => "random",
            Topology::Shuffled => "shuffled",
            Topology::None => "none",
            Topology::Trainable => "trainable",
        }
    }

    pub fn parse(s: &str) -> Option<Topology> {
        Topology::ALL.into_iter().find(|t| t.key() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Development seed (the circuit).
    pub seed: u64,
    pub dataset: String,
    pub topology: Topology,
    pub epochs: usize,
    /// Recurrent steps T (whole-image encoding; rows use the image height).
    pub steps: usize,
    pub encoding: Encoding,
    /// Spectral radius of W_rec; 0 means raw counts, negative means row normalisation.
    pub radius: f64,
    pub learning_rate: f64,
    pub batch_size: usize,
    /// Batches per epoch (None = the whole training set).
    pub limit: Option<usize>,
    pub init_seed: u64,
    pub data_seed: u64,
    /// Evaluate on the first N test images only (quick checks; reported with the result).
    pub test_limit: Option<usize>,
    /// Train on the CPU even where WebGPU is available (the page only).
    pub force_cpu: bool,
    /// BoolNet rules replacing the default cortex15 network (None = default).
    #[serde(default)]
    pub rules: Option<String>,
    /// Genes knocked out (held off) during development.
    #[serde(default)]
    pub knockouts: Vec<String>,
    /// Genes forced on during development.
    #[serde(default)]
    pub forced: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config { seed: 1, dataset: "mnist".into(), topology: Topology::Developmental, epochs: 1, steps: 5, encoding: Encoding::Whole, radius: 0.9, learning_rate: 1e-3, batch_size: 64, limit: None, init_seed: 1, data_seed: 1, test_limit: None, force_cpu: false, rules: None, knockouts: vec![], forced: vec![] }
    }
}

/// Something the reader of a link should know: an ignored key or a clamped value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice(pub String);

fn clamp_num<T: PartialOrd + Copy + std::fmt::Display + std::str::FromStr>(key: &str, raw: &str, lo: T, hi: T, notes: &mut Vec<Notice>) -> Option<T> {
    match raw.parse::<T>() {
        Ok(v) if v < lo => { notes.push(Notice(format!("`{key}={raw}` is below {lo}; using {lo}"))); Some(lo) }
        Ok(v) if v > hi => { notes.push(Notice(format!("`{key}={raw}` is above {hi}; using {hi}"))); Some(hi) }
        Ok(v) => Some(v),
        Err(_) => { notes.push(Notice(format!("`{key}={raw}` is not a valid number; keeping the default"))); None }
    }
}

/// Percent-encodes everything but letters, digits and `-._~`.
pub fn encode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() || b"-._~".contains(&b) { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
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
            Some(("hide", v)) => o.hide = decode(v).split(',').map(str::trim).filter(|h| !h.is_empty()).map(String::from).collect(),
            _ => {}
        }
    }
    o
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => { out.push(b); i += 3; }
                    Err(_) => { out.push(b'%'); i += 1; }
                }
            }
            b'+' => { out.push(b' '); i += 1; }
            b => { out.push(b); i += 1; }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Config {
    /// Reads a URL fragment (with or without `#`). Never fails: problems become notices.
    pub fn from_fragment(fragment: &str) -> (Config, Vec<Notice>) {
        let mut c = Config::default();
        let mut notes = Vec::new();
        let n = &mut notes;
        for part in fragment.trim_start_matches('#').split('&').filter(|p| !p.is_empty()) {
            let (key, raw) = part.split_once('=').unwrap_or((part, ""));
            let (key, raw) = (decode(key), decode(raw));
            let raw = raw.as_str();
            match key.as_str() {
                "v" => { if raw != "1" { n.push(Notice(format!("link version `v={raw}` is not 1; reading it as version 1"))); } }
                "seed" => if let Some(v) = clamp_num(&key, raw, 0u64, u32::MAX as u64, n) { c.seed = v },
                "iseed" => if let Some(v) = clamp_num(&key, raw, 0u64, u32::MAX as u64, n) { c.init_seed = v },
                "dseed" => if let Some(v) = clamp_num(&key, raw, 0u64, u32::MAX as u64, n) { c.data_seed = v },
                "epochs" => if let Some(v) = clamp_num(&key, raw, 1usize, 50, n) { c.epochs = v },
                "T" | "steps" => if let Some(v) = clamp_num(&key, raw, 1usize, 64, n) { c.steps = v },
                "batch" => if let Some(v) = clamp_num(&key, raw, 1usize, 4096, n) { c.batch_size = v },
                "limit" => if let Some(v) = clamp_num(&key, raw, 1usize, 1_000_000, n) { c.limit = Some(v) },
                "lr" => if let Some(v) = clamp_num(&key, raw, 1e-6f64, 1.0, n) { c.learning_rate = v },
                "rho" => if let Some(v) = clamp_num(&key, raw, -1.0f64, 10.0, n) { c.radius = v },
                "data" => match raw {
                    d if crate::data::is_dataset_name(d) => c.dataset = d.to_string(),
                    d => n.push(Notice(format!("`data={d}` is not a dataset name (letters, digits, - and _); using {}", c.dataset))),
                },
                "topo" => match Topology::parse(raw) {
                    Some(t) => c.topology = t,
                    None => n.push(Notice(format!("unknown topology `topo={raw}`; using {}", c.topology.key()))),
                },
                "enc" => match raw {
                    "whole" => c.encoding = Encoding::Whole,
                    "rows" => c.encoding = Encoding::Rows,
                    e => n.push(Notice(format!("unknown encoding `enc={e}`; using whole"))),
                },
                "test" => if let Some(v) = clamp_num(&key, raw, 1usize, 1_000_000, n) { c.test_limit = Some(v) },
                "cpu" => c.force_cpu = raw == "1",
                "rules" => c.rules = Some(raw.to_string()).filter(|r| !r.trim().is_empty()),
                "ko" | "on" => {
                    let genes: Vec<String> = raw.split(',').map(str::trim).filter(|g| !g.is_empty()).map(String::from).collect();
                    match genes.iter().find(|g| !g.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.')) {
                        Some(bad) => n.push(Notice(format!("`{key}=…{bad}…` is not a gene name; ignored"))),
                        None if key == "ko" => c.knockouts = genes,
                        None => c.forced = genes,
                    }
                }
                "mode" | "hide" => {} // page options, read by `page_options`
                "ver" | "backend" | "fp" | "rec" => {} // recorded provenance and results, read by `provenance`
                other => n.push(Notice(format!("unknown key `{other}` ignored"))),
            }
        }
        (c, notes)
    }

    /// The fragment (without `#`); provenance (version, backend, fingerprint) appended by callers.
    pub fn to_fragment(&self) -> String {
        let mut s = format!("v=1&seed={}&data={}&topo={}&epochs={}&T={}&enc={}&rho={}&lr={}&batch={}&iseed={}&dseed={}",
            self.seed, self.dataset, self.topology.key(), self.epochs, self.steps,
            if self.encoding == Encoding::Whole { "whole" } else { "rows" }, self.radius, self.learning_rate, self.batch_size, self.init_seed, self.data_seed);
        if let Some(l) = self.limit {
            let _ = write!(s, "&limit={l}");
        }
        if let Some(t) = self.test_limit {
            let _ = write!(s, "&test={t}");
        }
        if self.force_cpu {
            s.push_str("&cpu=1");
        }
        if !self.knockouts.is_empty() {
            let _ = write!(s, "&ko={}", self.knockouts.join(","));
        }
        if !self.forced.is_empty() {
            let _ = write!(s, "&on={}", self.forced.join(","));
        }
        if let Some(r) = &self.rules {
            let _ = write!(s, "&rules={}", encode(r));
        }
        s
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
        for (what, rec, now) in [("fingerprint", &self.fingerprint, fingerprint), ("version", &self.version, version), ("backend", &self.backend, backend)] {
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

    #[test]
    fn fragment_round_trip_and_notices() {
        let c = Config { seed: 7, topology: Topology::Random, limit: Some(20), epochs: 2, test_limit: Some(500), force_cpu: true,
            rules: Some("targets, factors\nA, !B & C\n# x=1&y\n".into()), knockouts: vec!["Hes1".into(), "Dll1".into()], forced: vec!["Gfap".into()], ..Config::default() };
        let (back, notes) = Config::from_fragment(&format!("#{}", c.to_fragment()));
        assert_eq!(back, c);
        assert!(notes.is_empty(), "{notes:?}");
        let (bad, notes) = Config::from_fragment("#v=1&seed=abc&epochs=999&topo=lattice&zzz=1&lr=5&%zz");
        assert_eq!((bad.seed, bad.epochs, bad.topology, bad.learning_rate), (1, 50, Topology::Developmental, 1.0));
        let text: Vec<&str> = notes.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(text.len(), 6, "{text:?}");
        assert!(text[0].contains("seed=abc") && text[1].contains("above 50") && text[2].contains("lattice") && text[3].contains("`zzz`"));
        assert_eq!(page_options("#v=1&mode=class&hide=rules,%20compare"), PageOptions { classroom: true, hide: vec!["rules".into(), "compare".into()] });
        assert_eq!(Config::from_fragment("ko=Hes1;x").1.len(), 1);
    }
}
