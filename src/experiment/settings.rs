//! Every setting of an experiment defined once: its name, URL key, CLI flag, range, default and
//! help. The link reader, the CLI, the config panel and the Methods text all read these.

use super::config::Notice;

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
    /// (value, what it means)
    pub options: &'static [(&'static str, &'static str)],
    pub default: &'static str,
    pub help: &'static str,
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
    pub fn range(&self) -> String {
        format!("{}-{}", show(self.min), show(self.max))
    }

    /// The value of `text`, or why it is refused (not a number, NaN, fractional, out of range).
    pub fn check(&self, text: &str) -> Result<f64, String> {
        let t = text.trim();
        let v: f64 = t
            .parse()
            .map_err(|_| format!("{}: `{t}` is not a number ({})", self.name, self.range()))?;
        if !v.is_finite() {
            return Err(format!("{}: `{t}` is not a finite number", self.name));
        }
        if self.integer && v.fract() != 0.0 {
            return Err(format!("{}: `{t}` is not a whole number", self.name));
        }
        if v < self.min || v > self.max {
            return Err(format!("{}: {t} is outside {}", self.name, self.range()));
        }
        Ok(v)
    }

    pub fn check_usize(&self, text: &str) -> Result<usize, String> {
        self.check(text).map(|v| v as usize)
    }

    pub fn check_u64(&self, text: &str) -> Result<u64, String> {
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
        self.options.iter().map(|o| o.0).collect()
    }

    /// The option named `text`, or why not.
    pub fn check(&self, text: &str) -> Result<&'static str, String> {
        let t = text.trim();
        self.options
            .iter()
            .map(|o| o.0)
            .find(|v| *v == t)
            .ok_or_else(|| format!("{}: `{t}` is not one of {}", self.name, self.values().join(", ")))
    }
}

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
    min: 1.0,
    max: 5000.0,
    default: 200.0,
    integer: false,
    help: "σ of the distance kernel exp(−d²/2σ²) of synapse formation; small σ gives a sparse, local circuit",
};
pub const SYNAPSES: Num = Num {
    name: "synapse total",
    key: "syn",
    flag: "synapses",
    min: 0.0,
    max: 5e6,
    default: 200_400.0,
    integer: true,
    help: "synapses formed among mature neurons at scale 1 (multiplied by the scale)",
};
pub const SIMILARITY: Num = Num {
    name: "similarity weight a",
    key: "sim",
    flag: "similarity-weight",
    min: 0.0,
    max: 10.0,
    default: 1.0,
    integer: false,
    help: "exponent a of expression similarity S^a in synapse formation (0: distance alone)",
};
pub const EI_FRACTION: Num = Num {
    name: "inhibitory fraction",
    key: "ei",
    flag: "ei-fraction",
    min: 0.0,
    max: 1.0,
    default: 0.2,
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
    min: 1.0,
    max: 20.0,
    default: 1.0,
    integer: true,
    help: "founder stem cells side by side: scale 1 grows ~5,000 cells and ~85 neurons, scale 10 about ten times that",
};

pub const TOPOLOGY: Choice = Choice {
    name: "topology",
    key: "topo",
    flag: "topology",
    default: "developmental",
    options: &[
        ("developmental", "the grown circuit"),
        ("block", "layer-to-layer block totals kept, uniform within blocks"),
        (
            "spatial",
            "distance kernel on the same positions, no expression similarity",
        ),
        ("shuffled", "every in- and out-degree kept, stubs rewired"),
        ("random", "synapse total only, placed uniformly over ordered pairs"),
        ("none", "W_rec = 0: no recurrence"),
    ],
    help: "the recurrent wiring: the grown circuit or a null model keeping its neurons, E/I signs and exact synapse \
            total",
};
pub const TRAIN: Choice = Choice {
    name: "what is trained",
    key: "train",
    flag: "train",
    default: "input+readout",
    options: &[
        (
            "readout",
            "W_in frozen (seeded, at the input scale): only the readout learns, a classic reservoir",
        ),
        ("input+readout", "W_in, b and the readout (the paper's protocol)"),
        ("all", "W_rec trained too"),
    ],
    help: "which weights learn; W_rec is fixed except with `all`",
};
pub const ENCODING: Choice = Choice {
    name: "input encoding",
    key: "enc",
    flag: "encoding",
    default: "whole",
    options: &[
        ("whole", "the whole image at each of T steps"),
        ("rows", "row t of every channel at step t"),
        (
            "permuted",
            "pixels in a fixed seeded order, then one row's worth per step",
        ),
    ],
    help: "how an image is fed over time",
};
pub const TASK: Choice = Choice {
    name: "task",
    key: "task",
    flag: "task",
    default: "classify",
    options: &[
        ("classify", "image classification on the chosen dataset (Burn, Adam)"),
        (
            "memory-capacity",
            "Jaeger's memory capacity: Σ over delays 1…2N of r²(u(t−k), readout)",
        ),
        ("narma10", "NARMA-10 one-step prediction, NRMSE on held-out steps"),
        (
            "delay",
            "delayed classification of a one-step pulse among 4 noisy channels",
        ),
    ],
    help: "what the circuit is tested on; the reservoir tasks need no download and use a ridge readout",
};
pub const INPUT_LAYERS: Choice = Choice {
    name: "input layers",
    key: "in",
    flag: "input-layers",
    default: "all",
    options: &[
        ("all", "every neuron"),
        ("l6", "L6"),
        ("l5", "L5"),
        ("l23", "L2/3 (upper)"),
        ("l6,l5", "L6 + L5 (deep)"),
        ("l5,l23", "L5 + L2/3"),
        ("l6,l23", "L6 + L2/3"),
    ],
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

/// Every numeric setting, for help texts and the malformed-value tests.
pub const NUMBERS: [Num; 21] = [
    SEED,
    INIT_SEED,
    DATA_SEED,
    EPOCHS,
    STEPS,
    BATCH,
    LR,
    RHO,
    LIMIT_BATCHES,
    TEST_LIMIT,
    LIMIT_TRAIN,
    INPUT_SCALE,
    LEAK,
    RIDGE,
    DELAY,
    SIGMA,
    SYNAPSES,
    SIMILARITY,
    EI_FRACTION,
    INHIBITORY_GAIN,
    SCALE,
];
/// The development parameters among them (flags of grow, export, train and task).
pub const DEVELOPMENT: [Num; 6] = [SIGMA, SYNAPSES, SIMILARITY, EI_FRACTION, INHIBITORY_GAIN, SCALE];
pub const CHOICES: [Choice; 6] = [TOPOLOGY, TRAIN, ENCODING, TASK, INPUT_LAYERS, READOUT_LAYERS];

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
            assert!(BATCH.check(bad).unwrap_err().contains(why), "{bad}");
        }
        assert!(LR.check("-5").unwrap_err().contains("outside"));
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
            .contains("readout, input+readout, all"));
        let keys: Vec<&str> = NUMBERS
            .iter()
            .map(|s| s.key)
            .chain(CHOICES.iter().map(|c| c.key))
            .collect();
        let flags: Vec<&str> = NUMBERS
            .iter()
            .map(|s| s.flag)
            .chain(CHOICES.iter().map(|c| c.flag))
            .collect();
        for list in [keys, flags] {
            let mut d = list.clone();
            d.sort();
            d.dedup();
            assert_eq!(d.len(), list.len(), "duplicate key or flag in {list:?}");
        }
    }
}
