//! The settings table: every setting of a run bound to its field of `Config`. The link reader
//! and writer, the JSON settings, condition labels, the CLI flags and the config panel iterate it.

use super::specs::*;
use super::{Num, Spec};
use crate::circuit::layers::LayerSet;
use crate::experiment::choices::{Task, Topology};
use crate::experiment::config::Config;
use crate::model::{Encoding, TrainMode};
use crate::plasticity::Rule;

/// CLI commands whose flags a setting is (a bit set).
pub const CMD_GROW: u8 = 1;
pub const CMD_EXPORT: u8 = 2;
pub const CMD_TRAIN: u8 = 4;
pub const CMD_TASK: u8 = 8;
const CIRCUIT: u8 = CMD_GROW | CMD_EXPORT | CMD_TRAIN | CMD_TASK;
const RUN: u8 = CMD_TRAIN | CMD_TASK;

/// Where a setting sits in the config panel (in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    Task,
    Reservoir,
    Training,
    Development,
    Seeds,
    Plasticity,
    /// Not a panel field (rules, genes and the CPU switch have their own controls).
    Elsewhere,
}

impl Group {
    pub const PANEL: [Group; 6] = [
        Group::Task,
        Group::Reservoir,
        Group::Plasticity,
        Group::Training,
        Group::Development,
        Group::Seeds,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Group::Task => "Task and data",
            Group::Reservoir => "Recurrent layer",
            Group::Training => "Training",
            Group::Development => "Development",
            Group::Seeds => "Seeds",
            Group::Plasticity => "Experience (plasticity)",
            Group::Elsewhere => "",
        }
    }
}

type Get = fn(&Config) -> String;
type Put = fn(&mut Config, &str) -> Result<(), String>;

/// One setting: its definition and how it reads and writes a `Config`.
pub struct Setting {
    pub spec: Spec,
    pub group: Group,
    /// In every link, or only where it differs from the default.
    pub always_in_link: bool,
    /// CLI commands that take it as a flag (`CMD_GROW | CMD_TRAIN …`).
    pub commands: u8,
    /// Part of a condition's identity (the seeds and the CPU switch are not).
    pub condition: bool,
    /// The value as text: what a link, the JSON settings, a label and the panel show.
    pub get: Get,
    /// Sets the value from text, refusing what the definition refuses, with the reason.
    pub put: Put,
    /// Whether it acts on a run of this configuration (the panel disables it otherwise, and a
    /// condition label shows `-`).
    pub acts: fn(&Config) -> bool,
}

fn always(_: &Config) -> bool {
    true
}

fn classify(c: &Config) -> bool {
    c.task == Task::Classify
}

fn plastic(c: &Config) -> bool {
    c.plasticity != Rule::None
}

fn reservoir_task(c: &Config) -> bool {
    c.task != Task::Classify
}

const fn setting(spec: Spec, group: Group, commands: u8, get: Get, put: Put) -> Setting {
    Setting {
        spec,
        group,
        always_in_link: false,
        commands,
        condition: true,
        get,
        put,
        acts: always,
    }
}

impl Setting {
    const fn in_every_link(self) -> Setting {
        Setting {
            always_in_link: true,
            ..self
        }
    }

    const fn acting(self, acts: fn(&Config) -> bool) -> Setting {
        Setting { acts, ..self }
    }

    const fn not_condition(self) -> Setting {
        Setting {
            condition: false,
            ..self
        }
    }

    pub fn key(&self) -> &'static str {
        self.spec.key()
    }

    /// The setting's value in the default configuration.
    pub fn default_text(&self) -> String {
        (self.get)(&Config::default())
    }
}

/// An optional count: blank or `all` is off.
fn optional(s: &Num, t: &str) -> Result<Option<usize>, String> {
    match t.trim() {
        "" | "all" => Ok(None),
        t => s.check_usize(t).map(Some),
    }
}

fn show_optional(v: Option<usize>) -> String {
    v.map_or(String::new(), |v| v.to_string())
}

/// A comma list of gene names, or why not.
fn genes(t: &str) -> Result<Vec<String>, String> {
    let genes: Vec<String> = t
        .split(',')
        .map(str::trim)
        .filter(|g| !g.is_empty())
        .map(String::from)
        .collect();
    match genes
        .iter()
        .find(|g| !g.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
    {
        Some(bad) => Err(format!("`{bad}` is not a gene name")),
        None => Ok(genes),
    }
}

/// ρ: a spectral radius in its range, or the normalisations a link may name (0 raw, < 0 row).
fn put_rho(c: &mut Config, t: &str) -> Result<(), String> {
    match t.trim().parse::<f64>() {
        Ok(v) if v == 0.0 || (-1.0..0.0).contains(&v) => c.radius = v,
        _ => c.radius = RHO.check(t)?,
    }
    Ok(())
}

/// Every setting, in the order conditions are labelled and links are written.
pub static SETTINGS: [Setting; 41] = [
    setting(
        Spec::Choice(TOPOLOGY),
        Group::Task,
        CMD_EXPORT | RUN,
        |c| c.topology.key().into(),
        |c, t| {
            c.topology = Topology::parse(t).ok_or_else(|| TOPOLOGY.check(t).unwrap_err())?;
            Ok(())
        },
    )
    .in_every_link(),
    setting(
        Spec::Choice(TASK),
        Group::Task,
        0,
        |c| c.task.key().into(),
        |c, t| {
            c.task = Task::parse(t).ok_or_else(|| TASK.check(t).unwrap_err())?;
            Ok(())
        },
    ),
    setting(
        Spec::Text(DATASET),
        Group::Task,
        CMD_TRAIN,
        |c| c.dataset.clone(),
        |c, t| {
            if !crate::data::is_dataset_name(t) {
                return Err(format!(
                    "dataset: `{t}` is not a dataset name (letters, digits, - and _)"
                ));
            }
            c.dataset = t.to_string();
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Choice(TRAIN),
        Group::Training,
        CMD_TRAIN,
        |c| c.train.key().into(),
        |c, t| {
            c.train = TrainMode::parse(t).ok_or_else(|| TRAIN.check(t).unwrap_err())?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Choice(INPUT_LAYERS),
        Group::Reservoir,
        RUN,
        |c| c.input_layers.key(),
        |c, t| {
            c.input_layers = LayerSet::parse(t).map_err(|e| format!("{}: {e}", INPUT_LAYERS.name))?;
            Ok(())
        },
    )
    .in_every_link(),
    setting(
        Spec::Choice(READOUT_LAYERS),
        Group::Reservoir,
        RUN,
        |c| c.readout_layers.key(),
        |c, t| {
            c.readout_layers = LayerSet::parse(t).map_err(|e| format!("{}: {e}", READOUT_LAYERS.name))?;
            Ok(())
        },
    )
    .in_every_link(),
    setting(
        Spec::Num(INPUT_SCALE),
        Group::Reservoir,
        RUN,
        |c| c.input_scale.to_string(),
        |c, t| {
            c.input_scale = INPUT_SCALE.check(t)?;
            Ok(())
        },
    )
    .in_every_link(),
    setting(
        Spec::Num(LEAK),
        Group::Reservoir,
        RUN,
        |c| c.leak.to_string(),
        |c, t| {
            c.leak = LEAK.check(t)?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(RIDGE),
        Group::Task,
        CMD_TASK,
        |c| c.ridge.to_string(),
        |c, t| {
            c.ridge = RIDGE.check(t)?;
            Ok(())
        },
    )
    .acting(reservoir_task),
    setting(
        Spec::Num(DELAY),
        Group::Task,
        CMD_TASK,
        |c| c.delay.to_string(),
        |c, t| {
            c.delay = DELAY.check_usize(t)?;
            Ok(())
        },
    )
    .acting(|c| c.task == Task::Delay),
    setting(
        Spec::Text(RULES),
        Group::Elsewhere,
        CIRCUIT,
        |c| c.rules.clone().unwrap_or_default(),
        |c, t| {
            c.rules = Some(t.to_string()).filter(|r| !r.trim().is_empty() && r != crate::grn::CORTEX15);
            Ok(())
        },
    ),
    setting(
        Spec::Text(KNOCKOUTS),
        Group::Elsewhere,
        0,
        |c| c.knockouts.join(","),
        |c, t| {
            c.knockouts = genes(t).map_err(|e| format!("{}: {e}", KNOCKOUTS.name))?;
            Ok(())
        },
    ),
    setting(
        Spec::Text(DEVELOPMENT_PARAMS),
        Group::Elsewhere,
        CIRCUIT,
        |c| c.development_text(),
        |c, t| c.put_development(t),
    ),
    setting(
        Spec::Num(SIGMA),
        Group::Development,
        CIRCUIT,
        |c| c.sigma.to_string(),
        |c, t| {
            c.sigma = SIGMA.check(t)?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(SYNAPSES),
        Group::Development,
        CIRCUIT,
        |c| c.synapses.to_string(),
        |c, t| {
            c.synapses = SYNAPSES.check(t)? as u32;
            Ok(())
        },
    ),
    setting(
        Spec::Num(SIMILARITY),
        Group::Development,
        CIRCUIT,
        |c| c.similarity.to_string(),
        |c, t| {
            c.similarity = SIMILARITY.check(t)?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(EI_FRACTION),
        Group::Development,
        CIRCUIT,
        |c| c.ei_fraction.to_string(),
        |c, t| {
            c.ei_fraction = EI_FRACTION.check(t)?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(INHIBITORY_GAIN),
        Group::Reservoir,
        CMD_EXPORT | RUN,
        |c| c.inhibitory_gain.to_string(),
        |c, t| {
            c.inhibitory_gain = INHIBITORY_GAIN.check(t)?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(SCALE),
        Group::Development,
        CIRCUIT,
        |c| c.scale.to_string(),
        |c, t| {
            c.scale = SCALE.check(t)? as u32;
            Ok(())
        },
    ),
    setting(
        Spec::Text(FORCED),
        Group::Elsewhere,
        0,
        |c| c.forced.join(","),
        |c, t| {
            c.forced = genes(t).map_err(|e| format!("{}: {e}", FORCED.name))?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(STEPS),
        Group::Reservoir,
        CMD_TRAIN,
        |c| c.steps.to_string(),
        |c, t| {
            c.steps = STEPS.check_usize(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(|c| classify(c) && c.encoding == Encoding::Whole),
    setting(
        Spec::Choice(ENCODING),
        Group::Task,
        CMD_TRAIN,
        |c| c.encoding.key().into(),
        |c, t| {
            c.encoding = Encoding::parse(t).ok_or_else(|| ENCODING.check(t).unwrap_err())?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Num(RHO),
        Group::Reservoir,
        CMD_EXPORT | CMD_TRAIN,
        |c| c.radius.to_string(),
        put_rho,
    )
    .in_every_link(),
    setting(
        Spec::Num(LR),
        Group::Training,
        CMD_TRAIN,
        |c| c.learning_rate.to_string(),
        |c, t| {
            c.learning_rate = LR.check(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Num(BATCH),
        Group::Training,
        CMD_TRAIN,
        |c| c.batch_size.to_string(),
        |c, t| {
            c.batch_size = BATCH.check_usize(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Num(EPOCHS),
        Group::Training,
        CMD_TRAIN,
        |c| c.epochs.to_string(),
        |c, t| {
            c.epochs = EPOCHS.check_usize(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .acting(classify),
    setting(
        Spec::Num(LIMIT_BATCHES),
        Group::Training,
        CMD_TRAIN,
        |c| show_optional(c.limit),
        |c, t| {
            c.limit = optional(&LIMIT_BATCHES, t)?;
            Ok(())
        },
    )
    .acting(classify),
    setting(
        Spec::Num(TEST_LIMIT),
        Group::Training,
        CMD_TRAIN,
        |c| show_optional(c.test_limit),
        |c, t| {
            c.test_limit = optional(&TEST_LIMIT, t)?;
            Ok(())
        },
    )
    .acting(classify),
    setting(
        Spec::Num(LIMIT_TRAIN),
        Group::Training,
        CMD_TRAIN,
        |c| show_optional(c.limit_train),
        |c, t| {
            c.limit_train = optional(&LIMIT_TRAIN, t)?;
            Ok(())
        },
    )
    .acting(classify),
    setting(
        Spec::Num(SEED),
        Group::Seeds,
        CIRCUIT,
        |c| c.seed.to_string(),
        |c, t| {
            c.seed = SEED.check_u64(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .not_condition(),
    setting(
        Spec::Num(INIT_SEED),
        Group::Seeds,
        RUN,
        |c| c.init_seed.to_string(),
        |c, t| {
            c.init_seed = INIT_SEED.check_u64(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .not_condition(),
    setting(
        Spec::Num(DATA_SEED),
        Group::Seeds,
        RUN,
        |c| c.data_seed.to_string(),
        |c, t| {
            c.data_seed = DATA_SEED.check_u64(t)?;
            Ok(())
        },
    )
    .in_every_link()
    .not_condition(),
    setting(
        Spec::Text(FORCE_CPU),
        Group::Elsewhere,
        0,
        |c| if c.force_cpu { "1".into() } else { String::new() },
        |c, t| {
            c.force_cpu = match t.trim() {
                "1" => true,
                "" | "0" => false,
                t => return Err(format!("{}: `{t}` is neither 1 nor 0", FORCE_CPU.name)),
            };
            Ok(())
        },
    )
    .not_condition(),
    setting(
        Spec::Choice(PLASTICITY),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.plasticity.name().into(),
        |c, t| {
            c.plasticity = t.trim().parse().map_err(|_| PLASTICITY.check(t).unwrap_err())?;
            Ok(())
        },
    ),
    setting(
        Spec::Num(PLASTIC_STEPS),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.plastic_steps.to_string(),
        |c, t| {
            c.plastic_steps = PLASTIC_STEPS.check_usize(t)?;
            Ok(())
        },
    )
    .acting(plastic),
    setting(
        Spec::Num(PLASTIC_RATE),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.plastic_rate.to_string(),
        |c, t| {
            c.plastic_rate = PLASTIC_RATE.check(t)?;
            Ok(())
        },
    )
    .acting(|c| plastic(c) && c.plasticity != Rule::Prune),
    setting(
        Spec::Num(PLASTIC_NOISE),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.plastic_noise.to_string(),
        |c, t| {
            c.plastic_noise = PLASTIC_NOISE.check(t)?;
            Ok(())
        },
    )
    .acting(plastic),
    setting(
        Spec::Num(IP_MEAN),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.ip_mean.to_string(),
        |c, t| {
            c.ip_mean = IP_MEAN.check(t)?;
            Ok(())
        },
    )
    .acting(|c| c.plasticity == Rule::Ip),
    setting(
        Spec::Num(IP_SD),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.ip_sd.to_string(),
        |c, t| {
            c.ip_sd = IP_SD.check(t)?;
            Ok(())
        },
    )
    .acting(|c| c.plasticity == Rule::Ip),
    setting(
        Spec::Num(TARGET_RATE),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.target_rate.to_string(),
        |c, t| {
            c.target_rate = TARGET_RATE.check(t)?;
            Ok(())
        },
    )
    .acting(|c| c.plasticity == Rule::Scaling),
    setting(
        Spec::Num(PRUNE_FRACTION),
        Group::Plasticity,
        CMD_EXPORT | RUN,
        |c| c.prune_fraction.to_string(),
        |c, t| {
            c.prune_fraction = PRUNE_FRACTION.check(t)?;
            Ok(())
        },
    )
    .acting(|c| c.plasticity == Rule::Prune),
];

/// The setting a link key or CLI flag names.
pub fn by_key(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key() == key)
}
