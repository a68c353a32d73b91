//! Parameters of the developmental simulation, their defaults (calibrated, see README) and
//! range checks that name the offending field.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    /// Step at which each epoch flag switches on (1 step ≈ 1 h).
    pub t_neuro: u32,
    pub t_l5: u32,
    pub t_ul: u32,
    pub t_glia: u32,
    /// Last step of the simulation; synaptogenesis happens after it.
    pub t_end: u32,
    /// Radial-glia cycle length at the start of neurogenesis and at its end (h).
    pub cycle_early: f64,
    pub cycle_late: f64,
    /// Cycle length of astrocytes, OPCs and glial-restricted progenitors (h).
    pub cycle_glia: f64,
    /// Probability that a radial-glia division after `t_neuro` is asymmetric.
    pub p_asym: f64,
    /// Per-step death hazard of immature neurons and of glial cells.
    pub hazard_neuron: f64,
    pub hazard_glia: f64,
    /// Steps after arrival before a neuron with a laminar gene is mature.
    pub t_mature: u32,
    /// Steps an apoptotic cell stays before it is cleared.
    pub t_clear: u32,
    /// Soma diameter and contact radius for Notch-Delta signalling (µm).
    pub diameter: f64,
    pub contact_radius: f64,
    /// A cell divides only while fewer than this many cells touch it (within `contact_radius`).
    pub density_max: u32,
    /// Radial migration speed of immature neurons (µm per step).
    pub migration_speed: f64,
    /// Reelin stop threshold: a neuron stops within this distance below the pial surface (µm).
    pub reelin_stop: f64,
    /// Synaptogenesis: synapse budget E (at scale 1; multiplied by `scale`), similarity
    /// exponent a, distance scale σ (µm).
    pub synapses: u32,
    pub similarity_exponent: f64,
    pub sigma: f64,
    /// Neurons with fewer synapses (in + out) than this die after synaptogenesis.
    pub min_synapses: u32,
    /// Fraction of mature neurons marked inhibitory (layer-stratified, seeded).
    pub inhibitory_fraction: f64,
    /// Store a timeline frame every this many steps (0 = no timeline).
    pub frame_stride: u32,
    /// Tissue scale: this many founder stem cells side by side (scale 1 = the paper's one).
    pub scale: u32,
}

/// The calibrated defaults (see README); the settings table takes its development defaults
/// from here.
pub const DEFAULT: Params = Params {
    t_neuro: 40,
    t_l5: 60,
    t_ul: 80,
    t_glia: 104,
    t_end: 144,
    cycle_early: 8.0,
    cycle_late: 18.0,
    cycle_glia: 7.0,
    p_asym: 0.5,
    hazard_neuron: 0.0205,
    hazard_glia: 0.002,
    t_mature: 24,
    t_clear: 6,
    diameter: 10.0,
    contact_radius: 12.0,
    density_max: 13,
    migration_speed: 8.0,
    reelin_stop: 15.0,
    synapses: 200_400,
    similarity_exponent: 1.0,
    sigma: 200.0,
    min_synapses: 100,
    inhibitory_fraction: 0.2,
    frame_stride: 2,
    scale: 1,
};

/// Ranges of the development parameters that are settings (the settings table reads them here,
/// so a link, a flag and a parameter file refuse the same values).
pub const SIGMA_RANGE: (f64, f64) = (1.0, 5000.0);
pub const SYNAPSES_RANGE: (f64, f64) = (0.0, 5e6);
pub const SIMILARITY_RANGE: (f64, f64) = (0.0, 10.0);
pub const INHIBITORY_RANGE: (f64, f64) = (0.0, 1.0);
pub const SCALE_RANGE: (f64, f64) = (1.0, 20.0);

impl Default for Params {
    fn default() -> Self {
        DEFAULT
    }
}

fn check(ok: bool, field: &str, value: impl std::fmt::Display, range: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("parameter `{field}` = {value} is out of range ({range})"))
    }
}

/// The most synapses a tissue may form in all (synapse total × scale).
pub const MAX_SYNAPSES_TOTAL: u64 = 20_000_000;

impl Params {
    /// Every field in its range, epochs in order.
    pub fn validate(&self) -> Result<(), String> {
        check(
            self.t_neuro >= 1 && self.t_neuro <= 400,
            "t_neuro",
            self.t_neuro,
            "1..=400",
        )?;
        check(self.t_l5 > self.t_neuro, "t_l5", self.t_l5, "must be after t_neuro")?;
        check(self.t_ul > self.t_l5, "t_ul", self.t_ul, "must be after t_l5")?;
        check(self.t_glia > self.t_ul, "t_glia", self.t_glia, "must be after t_ul")?;
        check(
            self.t_end > self.t_glia && self.t_end <= 1000,
            "t_end",
            self.t_end,
            "after t_glia, at most 1000",
        )?;
        for (f, v) in [
            ("cycle_early", self.cycle_early),
            ("cycle_late", self.cycle_late),
            ("cycle_glia", self.cycle_glia),
        ] {
            check(v.is_finite() && (1.0..=200.0).contains(&v), f, v, "1..=200 h")?;
        }
        for (f, v) in [
            ("p_asym", self.p_asym),
            ("hazard_neuron", self.hazard_neuron),
            ("hazard_glia", self.hazard_glia),
            ("inhibitory_fraction", self.inhibitory_fraction),
        ] {
            check(v.is_finite() && (0.0..=1.0).contains(&v), f, v, "0..=1")?;
        }
        for (f, v) in [
            ("diameter", self.diameter),
            ("contact_radius", self.contact_radius),
            ("migration_speed", self.migration_speed),
            ("reelin_stop", self.reelin_stop),
        ] {
            check(v.is_finite() && v > 0.0 && v <= 1000.0, f, v, "0 < value ≤ 1000 µm")?;
        }
        let within = |v: f64, (lo, hi): (f64, f64)| v.is_finite() && (lo..=hi).contains(&v);
        check(within(self.sigma, SIGMA_RANGE), "sigma", self.sigma, "1..=5000 µm")?;
        check(
            within(self.similarity_exponent, SIMILARITY_RANGE),
            "similarity_exponent",
            self.similarity_exponent,
            "0..=10",
        )?;
        check(
            within(self.synapses as f64, SYNAPSES_RANGE),
            "synapses",
            self.synapses,
            "0..=5,000,000",
        )?;
        // The null models place synapses one by one and rewire stubs: bound the total they handle.
        let total = self.synapses as u64 * self.scale.max(1) as u64;
        check(
            total <= MAX_SYNAPSES_TOTAL,
            "synapses × scale",
            total,
            "at most 20,000,000 synapses in all",
        )?;
        check(self.density_max >= 1, "density_max", self.density_max, "≥ 1")?;
        check(
            within(self.scale as f64, SCALE_RANGE),
            "scale",
            self.scale,
            "1..=20 founder stem cells",
        )?;
        Ok(())
    }

    /// Reads parameters from JSON; missing fields keep their defaults.
    pub fn from_json(text: &str) -> Result<Params, String> {
        let p: Params = serde_json::from_str(text).map_err(json_error)?;
        p.validate()?;
        Ok(p)
    }
}

/// A JSON error as one line that starts with its position: `line L, column C: what`.
pub fn json_error(e: serde_json::Error) -> String {
    let (line, column) = (e.line(), e.column());
    let text = e.to_string();
    let what = text.trim_end_matches(&format!(" at line {line} column {column}"));
    format!("line {line}, column {column}: {what}")
}
