//! The settings table: every setting of a run — its `Config` field and type, name, link key,
//! CLI flag, range or named values, default and help — in one list that every surface reads.

use super::setting::{Group, Setting, CMD_EXPORT, CMD_GROW, CMD_TASK, CMD_TRAIN};
use super::{Choice, Field, Initial, Num, Refused, Spec, Text};
use crate::circuit::layers::LayerSet;
use crate::development::params::{self as dev, Params, DEFAULT as DEV};
use crate::experiment::choices::{Task, Topology};
use crate::model::{Encoding, TrainMode};
use crate::plasticity::Rule;
use strum::{EnumMessage, IntoEnumIterator};

const CIRCUIT: u8 = CMD_GROW | CMD_EXPORT | CMD_TRAIN | CMD_TASK;
const RUN: u8 = CMD_TRAIN | CMD_TASK;
const SEED_MAX: f64 = u32::MAX as f64;

fn classify(c: &Config) -> bool {
    c.task == Task::Classify
}

fn plastic(c: &Config) -> bool {
    c.plasticity != Rule::None
}

fn reservoir_task(c: &Config) -> bool {
    c.task != Task::Classify
}

/// A dataset name (what `devcircuit data import` accepts), else the reason.
fn put_dataset(c: &mut Config, t: &str) -> Result<(), Refused> {
    if !crate::data::is_dataset_name(t) {
        let why = format!("`{t}` is not a dataset name (letters, digits, - and _)");
        return Err(Refused::Invalid {
            setting: DATASET.name,
            why,
        });
    }
    c.dataset = t.to_string();
    Ok(())
}

/// Rules text; blank or the default network itself is the default (None).
fn put_rules(c: &mut Config, t: &str) -> Result<(), Refused> {
    c.rules = Some(t.to_string()).filter(|r| !r.trim().is_empty() && r != crate::grn::CORTEX15);
    Ok(())
}

/// ρ: a spectral radius in its range, or the normalisations a link may name (0 raw, < 0 row).
fn put_rho(c: &mut Config, t: &str) -> Result<(), Refused> {
    match t.trim().parse::<f64>() {
        Ok(v) if v == 0.0 || (-1.0..0.0).contains(&v) => c.radius = v,
        _ => c.radius = RHO.check(t)?,
    }
    Ok(())
}

/// The layer sets offered by name (any other comma list of l6, l5, l23 is accepted too).
const LAYER_SETS: [(&str, &str); 7] = [
    ("all", "every neuron"),
    ("l6", "L6"),
    ("l5", "L5"),
    ("l23", "L2/3 (upper)"),
    ("l6,l5", "L6 + L5 (deep)"),
    ("l5,l23", "L5 + L2/3"),
    ("l6,l23", "L6 + L2/3"),
];

settings! {
    topology: Topology = Choice TOPOLOGY {
        name: "topology",
        key: "topo",
        flag: "topology",
        default: "developmental",
        options: || {
            Topology::iter()
                .map(|t| (t.key(), t.get_message().unwrap_or("")))
                .collect()
        },
        help: "the recurrent wiring: the grown circuit, a null model keeping its neurons, E/I signs and \
            exact synapse total, or a reference reservoir on its neurons (cycle, orthogonal, esn, dale-sparse)",
    } => Task, CMD_EXPORT | RUN, [in_every_link];

    task: Task = Choice TASK {
        name: "task",
        key: "task",
        flag: "task",
        default: "classify",
        options: || Task::iter().map(|t| (t.key(), t.get_message().unwrap_or(""))).collect(),
        help: "what the circuit is tested on; the reservoir tasks need no download and use a ridge readout",
    } => Task, 0;

    dataset: String = Text DATASET {
        name: "dataset",
        key: "data",
        flag: "dataset",
        from_file: false,
        list: false,
        empty: "mnist",
        help: "mnist | fashion-mnist | cifar10 | a name imported with `devcircuit data import`",
        default: "mnist",
    } => Task, CMD_TRAIN, via(|c| c.dataset.clone(), put_dataset), [in_every_link, acting(classify)];

    train: TrainMode = Choice TRAIN {
        name: "what is trained",
        key: "train",
        flag: "train",
        default: "input+readout",
        options: || {
            TrainMode::iter()
                .map(|t| (t.key(), t.get_message().unwrap_or("")))
                .collect()
        },
        help: "which weights learn; W_rec is fixed except with `all`",
    } => Training, CMD_TRAIN, [in_every_link, acting(classify)];

    /// Neurons that receive input (all when empty).
    input_layers: LayerSet = Choice INPUT_LAYERS {
        name: "input layers",
        key: "in",
        flag: "input-layers",
        default: "all",
        options: || LAYER_SETS.to_vec(),
        help: "neurons that receive the input: all, or a comma list of l6, l5, l23 (deep = l6,l5; upper = l23)",
    } => Reservoir, CMD_EXPORT | RUN, [in_every_link];

    /// Neurons the readout sees (all when empty).
    readout_layers: LayerSet = Choice READOUT_LAYERS {
        name: "readout layers",
        key: "out",
        flag: "readout-layers",
        default: "all",
        options: INPUT_LAYERS.options,
        help: "neurons the readout sees (a comma list of layers)",
    } => Reservoir, CMD_EXPORT | RUN, [in_every_link];

    input_scale: f64 = Num INPUT_SCALE {
        name: "input scale",
        key: "win",
        flag: "input-scale",
        min: 0.0,
        max: 10.0,
        default: 1.0,
        integer: false,
        help: "W_in entries are uniform in ±scale/√(inputs per step): 1 is the Kaiming bound of the paper's \
            protocol; the tasks use ±scale",
    } => Reservoir, CMD_EXPORT | RUN, [in_every_link];

    /// Leak rate α of the recurrent units (1: plain tanh units).
    leak: f64 = Num LEAK {
        name: "leak rate α",
        key: "leak",
        flag: "leak",
        min: 0.01,
        max: 1.0,
        default: 1.0,
        integer: false,
        help: "leaky-integrator units, h ← (1 − α)·h + α·tanh(W_in·u + Wᵀh): 1 is the plain tanh layer, smaller α \
            integrates over more steps",
    } => Reservoir, CMD_EXPORT | RUN;

    ridge: f64 = Num RIDGE {
        name: "ridge regularisation λ",
        key: "ridge",
        flag: "ridge",
        min: 1e-12,
        max: 1e3,
        default: 1e-6,
        integer: false,
        help: "λ of the closed-form ridge readout of the reservoir tasks, (XᵀX + λI)β = XᵀY on centred states",
    } => Task, CMD_TASK, [acting(reservoir_task)];

    delay: usize = Num DELAY {
        name: "delay D",
        key: "delay",
        flag: "delay",
        min: 0.0,
        max: 100.0,
        default: 5.0,
        integer: true,
        help: "noise-only steps between the class pulse and the readout in the delay task (accuracy is reported \
            for 0…D)",
    } => Task, CMD_TASK, [acting(|c| c.task == Task::Delay)];

    /// BoolNet rules replacing the default cortex15 network (None = default).
    rules: Option<String> = Text RULES {
        name: "rules",
        key: "rules",
        flag: "rules",
        from_file: true,
        list: false,
        empty: "cortex15",
        help: "BoolNet rules replacing the default cortex15 network (the CLI reads them from FILE.bnet)",
        default: "",
    } => Elsewhere, CIRCUIT, via(|c| c.rules.clone().unwrap_or_default(), put_rules);

    /// Genes knocked out (held off) during development.
    knockouts: Vec<String> = Text KNOCKOUTS {
        name: "knocked-out genes",
        key: "ko",
        flag: "",
        from_file: false,
        list: true,
        empty: "none",
        help: "genes held off during development (CLI: --fix GENE=0)",
        default: "",
    } => Elsewhere, 0;

    /// The development parameters that are not settings (a parameter file's timings, hazards,
    /// …), with the settings' fields at their defaults; None = the calibrated defaults.
    development: Option<Params> = Text DEVELOPMENT_PARAMS {
        name: "other development parameters",
        key: "dev",
        flag: "params",
        from_file: true,
        list: false,
        empty: "calibrated",
        help: "development parameters beyond the settings, as `name:value` pairs (the CLI reads them from a JSON file; \
            the settings' flags override it)",
        default: "",
    } => Elsewhere, CIRCUIT, via(Config::development_text, Config::put_development);

    sigma: f64 = Num SIGMA {
        name: "distance scale σ (µm)",
        key: "sigma",
        flag: "sigma",
        min: dev::SIGMA_RANGE.0,
        max: dev::SIGMA_RANGE.1,
        default: DEV.sigma,
        integer: false,
        help: "σ of the distance kernel exp(−d²/2σ²) of synapse formation; small σ gives a sparse, local circuit",
    } => Development, CIRCUIT;

    synapses: u32 = Num SYNAPSES {
        name: "synapse total",
        key: "syn",
        flag: "synapses",
        min: dev::SYNAPSES_RANGE.0,
        max: dev::SYNAPSES_RANGE.1,
        default: DEV.synapses as f64,
        integer: true,
        help: "synapses formed among mature neurons at scale 1 (multiplied by the scale)",
    } => Development, CIRCUIT;

    similarity: f64 = Num SIMILARITY {
        name: "similarity weight a",
        key: "sim",
        flag: "similarity-weight",
        min: dev::SIMILARITY_RANGE.0,
        max: dev::SIMILARITY_RANGE.1,
        default: DEV.similarity_exponent,
        integer: false,
        help: "exponent a of expression similarity S^a in synapse formation (0: distance alone)",
    } => Development, CIRCUIT;

    ei_fraction: f64 = Num EI_FRACTION {
        name: "inhibitory fraction",
        key: "ei",
        flag: "ei-fraction",
        min: dev::INHIBITORY_RANGE.0,
        max: dev::INHIBITORY_RANGE.1,
        default: DEV.inhibitory_fraction,
        integer: false,
        help: "fraction of mature neurons marked inhibitory, per layer (Dale's principle)",
    } => Development, CIRCUIT;

    inhibitory_gain: f64 = Num INHIBITORY_GAIN {
        name: "inhibitory gain",
        key: "gain",
        flag: "inhibitory-gain",
        min: 0.0,
        max: 20.0,
        default: 4.0,
        integer: false,
        help: "weight of an inhibitory synapse relative to an excitatory one in W_rec",
    } => Reservoir, CMD_EXPORT | RUN;

    scale: u32 = Num SCALE {
        name: "tissue scale",
        key: "scale",
        flag: "scale",
        min: dev::SCALE_RANGE.0,
        max: dev::SCALE_RANGE.1,
        default: DEV.scale as f64,
        integer: true,
        help: "founder stem cells side by side: scale 1 grows ~5,000 cells and ~85 neurons, scale 10 about ten \
            times that",
    } => Development, CIRCUIT;

    /// Genes forced on during development.
    forced: Vec<String> = Text FORCED {
        name: "forced genes",
        key: "on",
        flag: "",
        from_file: false,
        list: true,
        empty: "none",
        help: "genes held on during development (CLI: --fix GENE=1)",
        default: "",
    } => Elsewhere, 0;

    /// Recurrent steps T (whole-image encoding; rows use the image height).
    steps: usize = Num STEPS {
        name: "T (steps)",
        key: "T",
        flag: "steps",
        min: 1.0,
        max: 64.0,
        default: 5.0,
        integer: true,
        help: "recurrent steps per image for the whole-image encoding (row encodings use one step per row)",
    } => Reservoir, CMD_TRAIN, [in_every_link, acting(|c| classify(c) && c.encoding == Encoding::Whole)];

    encoding: Encoding = Choice ENCODING {
        name: "input encoding",
        key: "enc",
        flag: "encoding",
        default: "whole",
        options: || {
            Encoding::iter()
                .map(|t| (t.key(), t.get_message().unwrap_or("")))
                .collect()
        },
        help: "how an image is fed over time",
    } => Task, CMD_TRAIN, [in_every_link, acting(classify)];

    /// Spectral radius of W_rec; 0 means raw counts, negative means row normalisation.
    radius: f64 = Num RHO {
        name: "spectral radius ρ",
        key: "rho",
        flag: "rho",
        min: 0.01,
        max: 10.0,
        default: 0.9,
        integer: false,
        help: "W_rec is scaled to this spectral radius (links: rho=0 keeps raw counts, rho<0 row-normalises)",
    } => Reservoir, CMD_EXPORT | CMD_TRAIN, via(|c| c.radius.to_string(), put_rho), [in_every_link];

    learning_rate: f64 = Num LR {
        name: "learning rate",
        key: "lr",
        flag: "lr",
        min: 1e-6,
        max: 1.0,
        default: 1e-3,
        integer: false,
        help: "Adam learning rate",
    } => Training, CMD_TRAIN, [in_every_link, acting(classify)];

    batch_size: usize = Num BATCH {
        name: "batch size",
        key: "batch",
        flag: "batch",
        min: 1.0,
        max: 4096.0,
        default: 64.0,
        integer: true,
        help: "images per Adam step",
    } => Training, CMD_TRAIN, [in_every_link, acting(classify)];

    epochs: usize = Num EPOCHS {
        name: "epochs",
        key: "epochs",
        flag: "epochs",
        min: 1.0,
        max: 200.0,
        default: 1.0,
        integer: true,
        help: "passes over the training set (the paper: 10 for MNIST, 100 for CIFAR-10)",
    } => Training, CMD_TRAIN, [in_every_link, acting(classify)];

    /// Batches per epoch (None = the whole training set).
    limit: Option<usize> = Num LIMIT_BATCHES {
        name: "batches per epoch",
        key: "limit",
        flag: "limit-batches",
        min: 1.0,
        max: 1e6,
        default: 0.0,
        integer: true,
        help: "stop each epoch after this many batches (default: the whole training set)",
    } => Training, CMD_TRAIN, [acting(classify)];

    /// Evaluate on the first N test images only (quick checks; reported with the result).
    test_limit: Option<usize> = Num TEST_LIMIT {
        name: "test images",
        key: "test",
        flag: "test-limit",
        min: 1.0,
        max: 1e6,
        default: 0.0,
        integer: true,
        help: "evaluate on the first N test images only (default: all)",
    } => Training, CMD_TRAIN, [acting(classify)];

    /// Train on the first N training images only (None = all).
    limit_train: Option<usize> = Num LIMIT_TRAIN {
        name: "training images",
        key: "ntrain",
        flag: "limit-train",
        min: 1.0,
        max: 1e7,
        default: 0.0,
        integer: true,
        help: "use only the first N training images (default: all)",
    } => Training, CMD_TRAIN, [acting(classify)];

    /// Development seed (the circuit).
    seed: u64 = Num SEED {
        name: "development seed",
        key: "seed",
        flag: "seed",
        min: 0.0,
        max: SEED_MAX,
        default: 1.0,
        integer: true,
        help: "seed of development (the circuit); also the default initialisation and data-order seed in the CLI",
    } => Seeds, CIRCUIT, [in_every_link, not_condition];

    init_seed: u64 = Num INIT_SEED {
        name: "initialisation seed",
        key: "iseed",
        flag: "init-seed",
        min: 0.0,
        max: SEED_MAX,
        default: 1.0,
        integer: true,
        help: "seed of W_in, b and the readout's initial weights, and of the task input weights",
    } => Seeds, CMD_EXPORT | RUN, [in_every_link, not_condition];

    data_seed: u64 = Num DATA_SEED {
        name: "data-order seed",
        key: "dseed",
        flag: "data-seed",
        min: 0.0,
        max: SEED_MAX,
        default: 1.0,
        integer: true,
        help: "seed of the batch order, the pixel permutation and the tasks' input signals",
    } => Seeds, CMD_EXPORT | RUN, [in_every_link, not_condition];

    /// Train on the CPU even where WebGPU is available (the page only).
    force_cpu: bool = Text FORCE_CPU {
        name: "train on the CPU",
        key: "cpu",
        flag: "",
        from_file: false,
        list: false,
        empty: "no",
        help: "train on the CPU even where WebGPU is available (the page; the CLI chooses with --backend)",
        default: "",
    } => Elsewhere, 0, [not_condition];

    /// Experience after development: the rule and its parameters (`plasticity::Plasticity`).
    plasticity: Rule = Choice PLASTICITY {
        name: "plasticity",
        key: "plast",
        flag: "plasticity",
        default: "none",
        options: || {
            Rule::iter()
                .map(|r| (r.name(), r.get_message().unwrap_or("")))
                .collect()
        },
        help: "experience after development: the layer is driven by noise for P steps while this rule changes it, then \
            frozen (none: W as development built it)",
    } => Plasticity, CMD_EXPORT | RUN;

    plastic_steps: usize = Num PLASTIC_STEPS {
        name: "plasticity steps P",
        key: "psteps",
        flag: "plastic-steps",
        min: 1.0,
        max: 100_000.0,
        default: 1000.0,
        integer: true,
        help: "steps of the plasticity phase",
    } => Plasticity, CMD_EXPORT | RUN, [acting(plastic)];

    plastic_rate: f64 = Num PLASTIC_RATE {
        name: "plasticity rate η",
        key: "prate",
        flag: "plastic-rate",
        min: 1e-6,
        max: 0.1,
        default: 0.001,
        integer: false,
        help: "learning rate of the plasticity rule",
    } => Plasticity, CMD_EXPORT | RUN, [acting(|c| plastic(c) && c.plasticity != Rule::Prune)];

    plastic_noise: f64 = Num PLASTIC_NOISE {
        name: "plasticity noise",
        key: "pnoise",
        flag: "plastic-noise",
        min: 0.0,
        max: 10.0,
        default: 0.5,
        integer: false,
        help: "each neuron receives independent uniform noise in ±this every step of the phase (spontaneous activity)",
    } => Plasticity, CMD_EXPORT | RUN, [acting(plastic)];

    ip_mean: f64 = Num IP_MEAN {
        name: "IP target mean μ",
        key: "ipmu",
        flag: "ip-mean",
        min: -0.9,
        max: 0.9,
        default: 0.0,
        integer: false,
        help: "intrinsic plasticity: the mean of the Gaussian each neuron's output moves toward",
    } => Plasticity, CMD_EXPORT | RUN, [acting(|c| c.plasticity == Rule::Ip)];

    ip_sd: f64 = Num IP_SD {
        name: "IP target spread σ",
        key: "ipsd",
        flag: "ip-sd",
        min: 0.01,
        max: 0.9,
        default: 0.2,
        integer: false,
        help: "intrinsic plasticity: the standard deviation of the Gaussian each neuron's output moves toward",
    } => Plasticity, CMD_EXPORT | RUN, [acting(|c| c.plasticity == Rule::Ip)];

    target_rate: f64 = Num TARGET_RATE {
        name: "scaling target rate",
        key: "prate0",
        flag: "target-rate",
        min: 0.01,
        max: 0.99,
        default: 0.2,
        integer: false,
        help: "synaptic scaling: the mean |y| each neuron's incoming weights are scaled toward",
    } => Plasticity, CMD_EXPORT | RUN, [acting(|c| c.plasticity == Rule::Scaling)];

    prune_fraction: f64 = Num PRUNE_FRACTION {
        name: "pruned fraction",
        key: "prune",
        flag: "prune-fraction",
        min: 0.0,
        max: 0.95,
        default: 0.2,
        integer: false,
        help: "pruning: the fraction of existing synapses (connected pairs) removed, least used first",
    } => Plasticity, CMD_EXPORT | RUN, [acting(|c| c.plasticity == Rule::Prune)];
}
