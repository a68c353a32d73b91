//! Growth for the page and the worker alike: the latest tissue is kept by its growth key,
//! so a ρ sweep or a change of topology or training settings grows each seed once.

use super::scope::now_ms;
use crate::development::Grown;
use crate::experiment::pipeline::BuildError;
use crate::experiment::{built_from, network_for, Built, Config};
use std::cell::RefCell;

thread_local! {
    /// The latest growth by `Config::growth_key`: (key, tissue, ms).
    static LAST_GROWTH: RefCell<Option<(String, Grown, f64)>> = const { RefCell::new(None) };
}

/// The configuration's circuit (its topology applied), grown or taken from the last growth.
pub fn grow(cfg: &Config) -> Result<Built, BuildError> {
    let (grown, ms) = tissue(cfg)?;
    built_from(cfg, grown, ms)
}

/// The configuration's grown tissue and its growth time, without W_rec (what the page's
/// views need while the worker builds the model).
pub fn tissue(cfg: &Config) -> Result<(Grown, f64), BuildError> {
    if let Some(hit) = last_growth(cfg) {
        return Ok(hit);
    }
    let (net, ids) = network_for(cfg)?;
    let t0 = now_ms();
    let grown = crate::development::grow(&net, ids, &cfg.params(), cfg.seed)?;
    let ms = now_ms() - t0;
    LAST_GROWTH.with(|g| *g.borrow_mut() = Some((cfg.growth_key(), grown.clone(), ms)));
    Ok((grown, ms))
}

/// The latest growth and its time when it was for this configuration's tissue.
pub fn last_growth(cfg: &Config) -> Option<(Grown, f64)> {
    let key = cfg.growth_key();
    LAST_GROWTH.with(|g| {
        g.borrow()
            .as_ref()
            .filter(|(k, _, _)| *k == key)
            .map(|(_, g, ms)| (g.clone(), *ms))
    })
}
