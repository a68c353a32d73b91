//! Experiment configuration and its URL-fragment form (`#v=1&seed=7&data=mnist&…`): unknown
//! keys are ignored and out-of-range values clamped, each with a notice naming it.

pub use crate::model::{Encoding, TrainMode};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

use super::settings::{self as set, Num};
use crate::circuit::layers::LayerSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topology {
    Developmental,
    Block,
    Spatial,
    Shuffled,
    Random,
    None,
}

impl Topology {
    pub const ALL: [Topology; 6] = [
        Topology::Developmental,
        Topology::Block,
        Topology::Spatial,
        Topology::Shuffled,
        Topology::Random,
        Topology::None,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Topology::Developmental => "developmental",
            Topology::Block => "block",
            Topology::Spatial => "spatial",
            Topology::Shuffled => "shuffled",
            Topology::Random => "random",
            Topology::None => "none",
        }
    }

    /// What the null model keeps besides the neurons, their E/I signs and the synapse total
    /// (the one description used by the circuit viewer, the Methods text and the help).
    pub fn keeps(self) -> &'static str {
        match self {
            Topology::Developmental => "the grown circuit itself",
            Topology::Block => {
                "the synapse total of every (presynaptic layer, postsynaptic layer) block; uniform within each block"
            }
            Topology::Spatial => {
                "the distance kernel exp(−d²/2σ²) of synapse formation on the same neuron positions, without \
                expression similarity"
            }
            Topology::Shuffled => "every neuron's in- and out-degree; synapse stubs rewired (configuration model)",
            Topology::Random => "nothing more: synapses placed uniformly over ordered pairs",
            Topology::None => "no synapses at all: W_rec = 0",
        }
    }

    pub fn parse(s: &str) -> Option<Topology> {
        Topology::ALL.into_iter().find(|t| t.key() == s.trim())
    }
}

/// What the circuit is tested on: image classification or a reservoir task.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    #[default]
    Classify,
    MemoryCapacity,
    Narma10,
    Delay,
}

impl Task {
    pub const ALL: [Task; 4] = [Task::Classify, Task::MemoryCapacity, Task::Narma10, Task::Delay];

    pub fn key(self) -> &'static str {
        match self {
            Task::Classify => "classify",
            Task::MemoryCapacity => "memory-capacity",
            Task::Narma10 => "narma10",
            Task::Delay => "delay",
        }
    }

    pub fn parse(s: &str) -> Option<Task> {
        Task::ALL.into_iter().find(|t| t.key() == s.trim())
    }

    /// The task's headline metric and whether larger is better.
    pub fn metric(self) -> (&'static str, bool) {
        match self {
            Task::Classify => ("test accuracy", true),
            Task::MemoryCapacity => ("memory capacity", true),
            Task::Narma10 => ("NRMSE", false),
            Task::Delay => ("accuracy at delay D", true),
        }
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
    #[serde(default)]
    pub train: TrainMode,
    /// Neurons that receive input (all when empty).
    #[serde(default)]
    pub input_layers: LayerSet,
    /// Neurons the readout sees (all when empty).
    #[serde(default)]
    pub readout_layers: LayerSet,
    #[serde(default)]
    pub task: Task,
    #[serde(default = "default_input_scale")]
    pub input_scale: f64,
    /// Leak rate α of the recurrent units (1: plain tanh units).
    #[serde(default = "default_leak")]
    pub leak: f64,
    #[serde(default = "default_ridge")]
    pub ridge: f64,
    #[serde(default = "default_delay")]
    pub delay: usize,
    /// Development parameters (see `settings::DEVELOPMENT`).
    #[serde(default = "default_sigma")]
    pub sigma: f64,
    #[serde(default = "default_synapses")]
    pub synapses: u32,
    #[serde(default = "default_similarity")]
    pub similarity: f64,
    #[serde(default = "default_ei")]
    pub ei_fraction: f64,
    #[serde(default = "default_gain")]
    pub inhibitory_gain: f64,
    #[serde(default = "default_scale")]
    pub scale: u32,
}

fn default_sigma() -> f64 {
    set::SIGMA.default
}

fn default_synapses() -> u32 {
    set::SYNAPSES.default as u32
}

fn default_similarity() -> f64 {
    set::SIMILARITY.default
}

fn default_ei() -> f64 {
    set::EI_FRACTION.default
}

fn default_gain() -> f64 {
    set::INHIBITORY_GAIN.default
}

fn default_scale() -> u32 {
    set::SCALE.default as u32
}

impl Config {
    /// `base` with this configuration's development parameters.
    pub fn params(&self, base: &crate::development::Params) -> crate::development::Params {
        crate::development::Params {
            sigma: self.sigma,
            synapses: self.synapses,
            similarity_exponent: self.similarity,
            inhibitory_fraction: self.ei_fraction,
            scale: self.scale,
            ..base.clone()
        }
    }

    /// Everything that decides the grown tissue (seed, rules, knock-outs, forced genes and the
    /// development parameters that act during growth); equal keys grow identical tissues.
    pub fn growth_key(&self) -> String {
        format!(
            "{}|{:?}|{:?}|{:?}|{}|{}|{}|{}|{}",
            self.seed,
            self.rules,
            self.knockouts,
            self.forced,
            self.sigma,
            self.synapses,
            self.similarity,
            self.ei_fraction,
            self.scale
        )
    }

    /// Takes the development parameters of `p` (a parameter file's values).
    pub fn with_params(self, p: &crate::development::Params) -> Config {
        Config {
            sigma: p.sigma,
            synapses: p.synapses,
            similarity: p.similarity_exponent,
            ei_fraction: p.inhibitory_fraction,
            scale: p.scale,
            ..self
        }
    }
}

fn default_input_scale() -> f64 {
    set::INPUT_SCALE.default
}

fn default_leak() -> f64 {
    set::LEAK.default
}

fn default_ridge() -> f64 {
    set::RIDGE.default
}

fn default_delay() -> usize {
    set::DELAY.default as usize
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            dataset: "mnist".into(),
            topology: Topology::Developmental,
            epochs: 1,
            steps: 5,
            encoding: Encoding::Whole,
            radius: 0.9,
            learning_rate: 1e-3,
            batch_size: 64,
            limit: None,
            init_seed: 1,
            data_seed: 1,
            test_limit: None,
            force_cpu: false,
            rules: None,
            knockouts: vec![],
            forced: vec![],
            train: TrainMode::default(),
            input_layers: LayerSet::all(),
            readout_layers: LayerSet::all(),
            task: Task::Classify,
            input_scale: default_input_scale(),
            leak: default_leak(),
            ridge: default_ridge(),
            delay: default_delay(),
            sigma: default_sigma(),
            synapses: default_synapses(),
            similarity: default_similarity(),
            ei_fraction: default_ei(),
            inhibitory_gain: default_gain(),
            scale: default_scale(),
        }
    }
}

/// ρ as a link carries it: 0 keeps raw counts and negative values row-normalise (older links).
const LEGACY_RHO: Num = Num { min: -1.0, ..set::RHO };

/// Something the reader of a link should know: an ignored key or a clamped value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Notice(pub String);

/// Percent-encodes everything but letters, digits and `-._~`.
pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
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

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                    }
                    Err(_) => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
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
                "v" => {
                    if raw != "1" {
                        n.push(Notice(format!(
                            "link version `v={raw}` is not 1; reading it as version 1"
                        )));
                    }
                }
                "seed" => {
                    if let Some(v) = set::SEED.from_link(raw, n) {
                        c.seed = v as u64
                    }
                }
                "iseed" => {
                    if let Some(v) = set::INIT_SEED.from_link(raw, n) {
                        c.init_seed = v as u64
                    }
                }
                "dseed" => {
                    if let Some(v) = set::DATA_SEED.from_link(raw, n) {
                        c.data_seed = v as u64
                    }
                }
                "epochs" => {
                    if let Some(v) = set::EPOCHS.from_link(raw, n) {
                        c.epochs = v as usize
                    }
                }
                "T" | "steps" => {
                    if let Some(v) = set::STEPS.from_link(raw, n) {
                        c.steps = v as usize
                    }
                }
                "batch" => {
                    if let Some(v) = set::BATCH.from_link(raw, n) {
                        c.batch_size = v as usize
                    }
                }
                "limit" => {
                    if let Some(v) = set::LIMIT_BATCHES.from_link(raw, n) {
                        c.limit = Some(v as usize)
                    }
                }
                "lr" => {
                    if let Some(v) = set::LR.from_link(raw, n) {
                        c.learning_rate = v
                    }
                }
                "rho" => {
                    if let Some(v) = LEGACY_RHO.from_link(raw, n) {
                        c.radius = v
                    }
                }
                "win" => {
                    if let Some(v) = set::INPUT_SCALE.from_link(raw, n) {
                        c.input_scale = v
                    }
                }
                "leak" => {
                    if let Some(v) = set::LEAK.from_link(raw, n) {
                        c.leak = v
                    }
                }
                "ridge" => {
                    if let Some(v) = set::RIDGE.from_link(raw, n) {
                        c.ridge = v
                    }
                }
                "delay" => {
                    if let Some(v) = set::DELAY.from_link(raw, n) {
                        c.delay = v as usize
                    }
                }
                "sigma" => {
                    if let Some(v) = set::SIGMA.from_link(raw, n) {
                        c.sigma = v
                    }
                }
                "syn" => {
                    if let Some(v) = set::SYNAPSES.from_link(raw, n) {
                        c.synapses = v as u32
                    }
                }
                "sim" => {
                    if let Some(v) = set::SIMILARITY.from_link(raw, n) {
                        c.similarity = v
                    }
                }
                "ei" => {
                    if let Some(v) = set::EI_FRACTION.from_link(raw, n) {
                        c.ei_fraction = v
                    }
                }
                "gain" => {
                    if let Some(v) = set::INHIBITORY_GAIN.from_link(raw, n) {
                        c.inhibitory_gain = v
                    }
                }
                "scale" => {
                    if let Some(v) = set::SCALE.from_link(raw, n) {
                        c.scale = v as u32
                    }
                }
                "data" => match raw {
                    d if crate::data::is_dataset_name(d) => c.dataset = d.to_string(),
                    d => n.push(Notice(format!(
                        "`data={d}` is not a dataset name (letters, digits, - and _); using {}",
                        c.dataset
                    ))),
                },
                "topo" if raw == "trainable" => {
                    c.train = TrainMode::All;
                    n.push(Notice(
                        "`topo=trainable` is now `topo=developmental&train=all` (W_rec trained on the grown circuit); \
                        opened as that"
                            .into(),
                    ));
                }
                "topo" => match Topology::parse(raw) {
                    Some(t) => c.topology = t,
                    None => n.push(Notice(format!(
                        "unknown topology `topo={raw}`; using {}",
                        c.topology.key()
                    ))),
                },
                "train" => match TrainMode::parse(raw) {
                    Some(t) => c.train = t,
                    None => n.push(Notice(format!(
                        "`train={raw}` is not one of readout, input+readout, all; using {}",
                        c.train.key()
                    ))),
                },
                "task" => match Task::parse(raw) {
                    Some(t) => c.task = t,
                    None => n.push(Notice(format!("unknown task `task={raw}`; using {}", c.task.key()))),
                },
                "in" | "out" => match LayerSet::parse(raw) {
                    Ok(l) if key == "in" => c.input_layers = l,
                    Ok(l) => c.readout_layers = l,
                    Err(e) => n.push(Notice(format!("`{key}={raw}`: {e}; using all neurons"))),
                },
                "enc" => match Encoding::parse(raw) {
                    Some(e) => c.encoding = e,
                    None => n.push(Notice(format!(
                        "unknown encoding `enc={raw}`; using {}",
                        c.encoding.key()
                    ))),
                },
                "test" => {
                    if let Some(v) = set::TEST_LIMIT.from_link(raw, n) {
                        c.test_limit = Some(v as usize)
                    }
                }
                "cpu" => c.force_cpu = raw == "1",
                "rules" => c.rules = Some(raw.to_string()).filter(|r| !r.trim().is_empty()),
                "ko" | "on" => {
                    let genes: Vec<String> = raw
                        .split(',')
                        .map(str::trim)
                        .filter(|g| !g.is_empty())
                        .map(String::from)
                        .collect();
                    match genes
                        .iter()
                        .find(|g| !g.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
                    {
                        Some(bad) => n.push(Notice(format!("`{key}=…{bad}…` is not a gene name; ignored"))),
                        None if key == "ko" => c.knockouts = genes,
                        None => c.forced = genes,
                    }
                }
                "mode" | "hide" => {}                  // page options, read by `page_options`
                "ver" | "backend" | "fp" | "rec" => {} // recorded provenance and results, read by `provenance`
                other => n.push(Notice(format!("unknown key `{other}` ignored"))),
            }
        }
        (c, notes)
    }

    /// The fragment (without `#`); provenance (version, backend, fingerprint) appended by callers.
    pub fn to_fragment(&self) -> String {
        let mut s = format!(
            "v=1&seed={}&data={}&topo={}&epochs={}&T={}&enc={}&rho={}&lr={}&batch={}\
             &iseed={}&dseed={}&train={}&in={}&out={}&win={}",
            self.seed,
            self.dataset,
            self.topology.key(),
            self.epochs,
            self.steps,
            self.encoding.key(),
            self.radius,
            self.learning_rate,
            self.batch_size,
            self.init_seed,
            self.data_seed,
            encode(self.train.key()),
            self.input_layers.key(),
            self.readout_layers.key(),
            self.input_scale
        );
        if self.task != Task::Classify {
            let _ = write!(s, "&task={}&ridge={}&delay={}", self.task.key(), self.ridge, self.delay);
        }
        // Development parameters only where they differ from the defaults (older links stay valid).
        let d = Config::default();
        for (key, v, dv) in [
            ("sigma", self.sigma, d.sigma),
            ("syn", self.synapses as f64, d.synapses as f64),
            ("sim", self.similarity, d.similarity),
            ("ei", self.ei_fraction, d.ei_fraction),
            ("gain", self.inhibitory_gain, d.inhibitory_gain),
            ("scale", self.scale as f64, d.scale as f64),
        ] {
            if v != dv {
                let _ = write!(s, "&{key}={v}");
            }
        }
        if self.leak != set::LEAK.default {
            let _ = write!(s, "&leak={}", self.leak);
        }
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
