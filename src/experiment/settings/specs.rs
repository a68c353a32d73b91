//! The definitions of the settings: name, link key, CLI flag, range or named values, default
//! and help. The development defaults are the calibrated `Params` ones.

use super::{Choice, Num, Text};
use crate::development::params::{self as dev, DEFAULT as DEV};
use crate::experiment::choices::{Task, Topology};
use crate::model::{Encoding, TrainMode};
use crate::plasticity::Rule;
use strum::{EnumMessage, IntoEnumIterator};

const SEED_MAX: f64 = u32::MAX as f64;

pub const SEED: Num = Num {
    name: "development seed",
    key: "seed",
    flag: "seed",
    min: 0.0,
    max: SEED_MAX,
    default: 1.0,
    integer: true,
    help: "seed of development (the circuit); also the default initialisation and data-order seed in the CLI",
};
pub const INIT_SEED: Num = Num {
    name: "initialisation seed",
    key: "iseed",
    flag: "init-seed",
    min: 0.0,
    max: SEED_MAX,
    default: 1.0,
    integer: true,
    help: "seed of W_in, b and the readout's initial weights, and of the task input weights",
};
pub const DATA_SEED: Num = Num {
    name: "data-order seed",
    key: "dseed",
    flag: "data-seed",
    min: 0.0,
    max: SEED_MAX,
    default: 1.0,
    integer: true,
    help: "seed of the batch order, the pixel permutation and the tasks' input signals",
};
pub const EPOCHS: Num = Num {
    name: "epochs",
    key: "epochs",
    flag: "epochs",
    min: 1.0,
    max: 200.0,
    default: 1.0,
    integer: true,
    help: "passes over the training set (the paper: 10 for MNIST, 100 for CIFAR-10)",
};
pub const STEPS: Num = Num {
    name: "T (steps)",
    key: "T",
    flag: "steps",
    min: 1.0,
    max: 64.0,
    default: 5.0,
    integer: true,
    help: "recurrent steps per image for the whole-image encoding (row encodings use one step per row)",
};
pub const BATCH: Num = Num {
    name: "batch size",
    key: "batch",
    flag: "batch",
    min: 1.0,
    max: 4096.0,
    default: 64.0,
    integer: true,
    help: "images per Adam step",
};
pub const LR: Num = Num {
    name: "learning rate",
    key: "lr",
    flag: "lr",
    min: 1e-6,
    max: 1.0,
    default: 1e-3,
    integer: false,
    help: "Adam learning rate",
};
pub const RHO: Num = Num {
    name: "spectral radius ρ",
    key: "rho",
    flag: "rho",
    min: 0.01,
    max: 10.0,
    default: 0.9,
    integer: false,
    help: "W_rec is scaled to this spectral radius (links: rho=0 keeps raw counts, rho<0 row-normalises)",
};
pub const LIMIT_BATCHES: Num = Num {
    name: "batches per epoch",
    key: "limit",
    flag: "limit-batches",
    min: 1.0,
    max: 1e6,
    default: 0.0,
    integer: true,
    help: "stop each epoch after this many batches (default: the whole training set)",
};
pub const TEST_LIMIT: Num = Num {
    name: "test images",
    key: "test",
    flag: "test-limit",
    min: 1.0,
    max: 1e6,
    default: 0.0,
    integer: true,
    help: "evaluate on the first N test images only (default: all)",
};
pub const LIMIT_TRAIN: Num = Num {
    name: "training images",
    key: "ntrain",
    flag: "limit-train",
    min: 1.0,
    max: 1e7,
    default: 0.0,
    integer: true,
    help: "use only the first N training images (default: all)",
};
pub const INPUT_SCALE: Num = Num {
    name: "input scale",
    key: "win",
    flag: "input-scale",
    min: 0.0,
    max: 10.0,
    default: 1.0,
    integer: false,
    help: "W_in entries are uniform in ±scale/√(inputs per step): 1 is the Kaiming bound of the paper's protocol; the \
        tasks use ±scale",
};
pub const LEAK: Num = Num {
    name: "leak rate α",
    key: "leak",
    flag: "leak",
    min: 0.01,
    max: 1.0,
    default: 1.0,
    integer: false,
    help: "leaky-integrator units, h ← (1 − α)·h + α·tanh(W_in·u + Wᵀh): 1 is the plain tanh layer, smaller α \
        integrates over more steps",
};
pub const RIDGE: Num = Num {
    name: "ridge regularisation λ",
    key: "ridge",
    flag: "ridge",
    min: 1e-12,
    max: 1e3,
    default: 1e-6,
    integer: false,
    help: "λ of the closed-form ridge readout of the reservoir tasks, (XᵀX + λI)β = XᵀY on centred states",
};
pub const DELAY: Num = Num {
    name: "delay D",
    key: "delay",
    flag: "delay",
    min: 0.0,
    max: 100.0,
    default: 5.0,
    integer: true,
    help: "noise-only steps between the class pulse and the readout in the delay task (accuracy is reported for 0…D)",
};

pub const SIGMA: Num = Num {
    name: "distance scale σ (µm)",
    key: "sigma",
    flag: "sigma",
    min: dev::SIGMA_RANGE.0,
    max: dev::SIGMA_RANGE.1,
    default: DEV.sigma,
    integer: false,
    help: "σ of the distance kernel exp(−d²/2σ²) of synapse formation; small σ gives a sparse, local circuit",
};
pub const SYNAPSES: Num = Num {
    name: "synapse total",
    key: "syn",
    flag: "synapses",
    min: dev::SYNAPSES_RANGE.0,
    max: dev::SYNAPSES_RANGE.1,
    default: DEV.synapses as f64,
    integer: true,
    help: "synapses formed among mature neurons at scale 1 (multiplied by the scale)",
};
pub const SIMILARITY: Num = Num {
    name: "similarity weight a",
    key: "sim",
    flag: "similarity-weight",
    min: dev::SIMILARITY_RANGE.0,
    max: dev::SIMILARITY_RANGE.1,
    default: DEV.similarity_exponent,
    integer: false,
    help: "exponent a of expression similarity S^a in synapse formation (0: distance alone)",
};
pub const EI_FRACTION: Num = Num {
    name: "inhibitory fraction",
    key: "ei",
    flag: "ei-fraction",
    min: dev::INHIBITORY_RANGE.0,
    max: dev::INHIBITORY_RANGE.1,
    default: DEV.inhibitory_fraction,
    integer: false,
    help: "fraction of mature neurons marked inhibitory, per layer (Dale's principle)",
};
pub const INHIBITORY_GAIN: Num = Num {
    name: "inhibitory gain",
    key: "gain",
    flag: "inhibitory-gain",
    min: 0.0,
    max: 20.0,
    default: 4.0,
    integer: false,
    help: "weight of an inhibitory synapse relative to an excitatory one in W_rec",
};
pub const SCALE: Num = Num {
    name: "tissue scale",
    key: "scale",
    flag: "scale",
    min: dev::SCALE_RANGE.0,
    max: dev::SCALE_RANGE.1,
    default: DEV.scale as f64,
    integer: true,
    help: "founder stem cells side by side: scale 1 grows ~5,000 cells and ~85 neurons, scale 10 about ten times that",
};

pub const TOPOLOGY: Choice = Choice {
    name: "topology",
    key: "topo",
    flag: "topology",
    default: "developmental",
    options: || {
        Topology::iter()
            .map(|t| (t.key(), t.get_message().unwrap_or("")))
            .collect()
    },
    help: "the recurrent wiring: the grown circuit or a null model keeping its neurons, E/I signs and exact synapse \
            total",
};
pub const TRAIN: Choice = Choice {
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
};
pub const ENCODING: Choice = Choice {
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
};
pub const TASK: Choice = Choice {
    name: "task",
    key: "task",
    flag: "task",
    default: "classify",
    options: || Task::iter().map(|t| (t.key(), t.get_message().unwrap_or(""))).collect(),
    help: "what the circuit is tested on; the reservoir tasks need no download and use a ridge readout",
};
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

pub const INPUT_LAYERS: Choice = Choice {
    name: "input layers",
    key: "in",
    flag: "input-layers",
    default: "all",
    options: || LAYER_SETS.to_vec(),
    help: "neurons that receive the input: all, or a comma list of l6, l5, l23 (deep = l6,l5; upper = l23)",
};
pub const READOUT_LAYERS: Choice = Choice {
    name: "readout layers",
    key: "out",
    flag: "readout-layers",
    default: "all",
    options: INPUT_LAYERS.options,
    help: "neurons the readout sees (a comma list of layers)",
};

pub const DATASET: Text = Text {
    name: "dataset",
    key: "data",
    flag: "dataset",
    from_file: false,
    list: false,
    empty: "mnist",
    help: "mnist | fashion-mnist | cifar10 | a name imported with `devcircuit data import`",
};
pub const RULES: Text = Text {
    name: "rules",
    key: "rules",
    flag: "rules",
    from_file: true,
    list: false,
    empty: "cortex15",
    help: "BoolNet rules replacing the default cortex15 network (the CLI reads them from FILE.bnet)",
};
pub const KNOCKOUTS: Text = Text {
    name: "knocked-out genes",
    key: "ko",
    flag: "",
    from_file: false,
    list: true,
    empty: "none",
    help: "genes held off during development (CLI: --fix GENE=0)",
};
pub const FORCED: Text = Text {
    name: "forced genes",
    key: "on",
    flag: "",
    from_file: false,
    list: true,
    empty: "none",
    help: "genes held on during development (CLI: --fix GENE=1)",
};
pub const DEVELOPMENT_PARAMS: Text = Text {
    name: "other development parameters",
    key: "dev",
    flag: "params",
    from_file: true,
    list: false,
    empty: "calibrated",
    help: "development parameters beyond the settings, as `name:value` pairs (the CLI reads them from a JSON file; \
        the settings' flags override it)",
};
pub const FORCE_CPU: Text = Text {
    name: "train on the CPU",
    key: "cpu",
    flag: "",
    from_file: false,
    list: false,
    empty: "no",
    help: "train on the CPU even where WebGPU is available (the page; the CLI chooses with --backend)",
};

pub const PLASTICITY: Choice = Choice {
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
};
pub const PLASTIC_STEPS: Num = Num {
    name: "plasticity steps P",
    key: "psteps",
    flag: "plastic-steps",
    min: 1.0,
    max: 100_000.0,
    default: 1000.0,
    integer: true,
    help: "steps of the plasticity phase",
};
pub const PLASTIC_RATE: Num = Num {
    name: "plasticity rate η",
    key: "prate",
    flag: "plastic-rate",
    min: 1e-6,
    max: 0.1,
    default: 0.001,
    integer: false,
    help: "learning rate of the plasticity rule",
};
pub const PLASTIC_NOISE: Num = Num {
    name: "plasticity noise",
    key: "pnoise",
    flag: "plastic-noise",
    min: 0.0,
    max: 10.0,
    default: 0.5,
    integer: false,
    help: "each neuron receives independent uniform noise in ±this every step of the phase (spontaneous activity)",
};
pub const IP_MEAN: Num = Num {
    name: "IP target mean μ",
    key: "ipmu",
    flag: "ip-mean",
    min: -0.9,
    max: 0.9,
    default: 0.0,
    integer: false,
    help: "intrinsic plasticity: the mean of the Gaussian each neuron's output moves toward",
};
pub const IP_SD: Num = Num {
    name: "IP target spread σ",
    key: "ipsd",
    flag: "ip-sd",
    min: 0.01,
    max: 0.9,
    default: 0.2,
    integer: false,
    help: "intrinsic plasticity: the standard deviation of the Gaussian each neuron's output moves toward",
};
pub const TARGET_RATE: Num = Num {
    name: "scaling target rate",
    key: "prate0",
    flag: "target-rate",
    min: 0.01,
    max: 0.99,
    default: 0.2,
    integer: false,
    help: "synaptic scaling: the mean |y| each neuron's incoming weights are scaled toward",
};
pub const PRUNE_FRACTION: Num = Num {
    name: "pruned fraction",
    key: "prune",
    flag: "prune-fraction",
    min: 0.0,
    max: 0.95,
    default: 0.2,
    integer: false,
    help: "pruning: the fraction of existing synapses (connected pairs) removed, least used first",
};
