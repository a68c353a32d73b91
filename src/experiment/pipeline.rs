//! From a configuration to the circuit it trains on: grow (development seed), then the
//! requested topology, then the normalised recurrent matrix and its fingerprint.

use super::config::{Config, Topology};
use crate::circuit::baselines::{random_like, shuffled_like};
use crate::circuit::recurrent::{recurrent_matrix, Normalisation};
use crate::circuit::Circuit;
use crate::development::{grow, network_from_text, GeneIds, Grown, Params};
use crate::grn::network::Fix;
use crate::grn::Network;

/// What the model is built from.
pub struct Built {
    pub grown: Grown,
    /// The circuit whose topology is used (the grown one or a matched baseline).
    pub circuit: Circuit,
    pub w_rec: Vec<f64>,
    /// Fingerprint of the grown circuit (same seed + rules → same value everywhere).
    pub fingerprint: String,
    /// Fingerprint of the circuit actually used (differs for baselines).
    pub used_fingerprint: String,
    pub grow_ms: f64,
}

pub fn normalisation(radius: f64) -> Normalisation {
    if radius > 0.0 {
        Normalisation::Spectral(radius)
    } else if radius == 0.0 {
        Normalisation::Raw
    } else {
        Normalisation::Row
    }
}

/// Grows the circuit for `cfg.seed` and derives the topology the run asks for.
pub fn build_circuit(cfg: &Config, net: &Network, genes: GeneIds, params: &Params, now_ms: impl Fn() -> f64) -> Result<Built, String> {
    let t0 = now_ms();
    let grown = grow(net, genes, params, cfg.seed)?;
    let grow_ms = now_ms() - t0;
    if grown.circuit.len() < 2 {
        return Err(format!("seed {} grew only {} mature neuron(s); no circuit to train", cfg.seed, grown.circuit.len()));
    }
    let base = &grown.circuit;
    let circuit = match cfg.topology {
        Topology::Developmental | Topology::Trainable => base.clone(),
        Topology::Random => random_like(base, cfg.seed),
        Topology::Shuffled => shuffled_like(base, cfg.seed),
        Topology::None => Circuit { counts: vec![0; base.counts.len()], ..base.clone() },
    };
    let w_rec = recurrent_matrix(&circuit, normalisation(cfg.radius));
    Ok(Built { fingerprint: base.fingerprint(), used_fingerprint: circuit.fingerprint(), circuit, w_rec, grown, grow_ms })
}

/// The gene network a configuration grows with: its rules (default cortex15) with the
/// knock-outs and forced genes applied.
pub fn network_for(cfg: &Config) -> Result<(Network, GeneIds), String> {
    let (mut net, ids) = network_from_text(cfg.rules.as_deref().unwrap_or(crate::grn::CORTEX15))?;
    for (genes, fix, what) in [(&cfg.knockouts, Fix::KnockOut, "knock-out"), (&cfg.forced, Fix::ForceOn, "force-on")] {
        for g in genes {
            let i = net.index(g).map_err(|e| format!("{what}: {e}"))?;
            net.fix(i, Some(fix));
        }
    }
    Ok((net, ids))
}
