//! The tissue the explorer shows: the latest grown circuit with its rules and matched
//! baselines, kept outside the signals (large) and announced by a generation counter.

use crate::circuit::baselines::{random_like, shuffled_like};
use crate::circuit::eigen::{eigenvalues, Eigen};
use crate::circuit::recurrent::{recurrent_matrix, Normalisation};
use crate::circuit::stats::{stats, Stats};
use crate::circuit::Circuit;
use crate::development::Grown;
use crate::experiment::Config;
use crate::grn::{parse_bnet, Rules};
use std::cell::RefCell;
use std::rc::Rc;

pub struct Explored {
    pub grown: Grown,
    pub rules: Rules,
    pub random: Circuit,
    pub shuffled: Circuit,
    /// Per circuit (grown, random, shuffled): statistics and the spectrum of W_rec at ρ = 0.9.
    pub stats: Vec<Stats>,
    pub spectra: Vec<Vec<Eigen>>,
}

impl Explored {
    pub fn circuits(&self) -> [&Circuit; 3] {
        [&self.grown.circuit, &self.random, &self.shuffled]
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Explored>>> = const { RefCell::new(None) };
}

/// Keeps a new growth (and derives its baselines); returns false when its rules do not parse.
pub fn set(config: &Config, grown: Grown) -> bool {
    let Ok(rules) = parse_bnet(config.rules.as_deref().unwrap_or(crate::grn::CORTEX15)) else { return false };
    let (random, shuffled) = (random_like(&grown.circuit, config.seed), shuffled_like(&grown.circuit, config.seed));
    let all = [&grown.circuit, &random, &shuffled];
    let stats = all.iter().map(|k| stats(k)).collect();
    let spectra = all.iter().map(|k| eigenvalues(&recurrent_matrix(k, Normalisation::Spectral(0.9)), k.len()).unwrap_or_default()).collect();
    CURRENT.with(|c| *c.borrow_mut() = Some(Rc::new(Explored { grown, rules, random, shuffled, stats, spectra })));
    true
}

/// The fingerprint of the tissue shown now (to skip regrowing the same one).
pub fn fingerprint() -> Option<String> {
    get().map(|e| e.grown.circuit.fingerprint())
}

pub fn get() -> Option<Rc<Explored>> {
    CURRENT.with(|c| c.borrow().clone())
}
