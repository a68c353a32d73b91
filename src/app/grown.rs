//! The tissue the explorer shows: the latest grown circuit with its rules and matched
//! baselines, kept outside the signals (large) and announced by a generation counter.

use crate::circuit::baselines::{random_like, shuffled_like};
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
}

thread_local! {
    static CURRENT: RefCell<Option<Rc<Explored>>> = const { RefCell::new(None) };
}

/// Keeps a new growth (and derives its baselines); returns false when its rules do not parse.
pub fn set(config: &Config, grown: Grown) -> bool {
    let Ok(rules) = parse_bnet(config.rules.as_deref().unwrap_or(crate::grn::CORTEX15)) else { return false };
    let (random, shuffled) = (random_like(&grown.circuit, config.seed), shuffled_like(&grown.circuit, config.seed));
    CURRENT.with(|c| *c.borrow_mut() = Some(Rc::new(Explored { grown, rules, random, shuffled })));
    true
}

pub fn get() -> Option<Rc<Explored>> {
    CURRENT.with(|c| c.borrow().clone())
}
