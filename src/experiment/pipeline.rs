//! From a configuration to the circuit it trains on: grow (development seed), then the
//! requested topology, then the normalised recurrent matrix and its fingerprint.

use super::config::{Config, Topology};
use crate::circuit::baselines::{block_like, random_like, shuffled_like, spatial_like};
use crate::circuit::layers::LayerSet;
use crate::circuit::recurrent::{recurrent_matrix, Normalisation};
use crate::circuit::references::{cycle_like, dale_sparse_like, esn_like, orthogonal_like};
use crate::circuit::Circuit;
use crate::development::{grow, network_from_text, DevError, GeneIds, Grown};
use crate::grn::network::Fix;
use crate::grn::{GrnError, Network};
use crate::model::run::TrainConfig;
use crate::model::{Feed, Shape, Spec};
use crate::plasticity::{self, Layer, Report, Rule};

/// Why a configuration has no circuit: its rules or parameters cannot grow, a fixed gene is not
/// in its rules, or the tissue grew fewer than two mature neurons.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Development(#[from] DevError),
    #[error("{what}: {source}")]
    Fix { what: &'static str, source: GrnError },
    #[error("seed {seed} grew only {neurons} mature neuron(s); no circuit to train")]
    NoCircuit { seed: u64, neurons: usize },
}

/// Callers that report in one line of text take the message as it is.
impl From<BuildError> for String {
    fn from(e: BuildError) -> String {
        e.to_string()
    }
}

/// What the model is built from.
pub struct Built {
    pub grown: Grown,
    /// The circuit whose topology is used (the grown one or a matched baseline).
    pub circuit: Circuit,
    /// W_rec as the run uses it: after the plasticity phase when there is one.
    pub w_rec: Vec<f64>,
    /// Per-neuron gain and bias from intrinsic plasticity (None: plain units).
    pub units: Option<(Vec<f64>, Vec<f64>)>,
    /// What the plasticity phase did (None: no plasticity).
    pub plasticity: Option<Report>,
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

/// Grows the circuit of `cfg` (its rules, genes, parameters and seed) and derives the
/// topology and W_rec the run asks for: the one way the CLI, the page and the sweeps build.
pub fn build(cfg: &Config, now_ms: impl Fn() -> f64) -> Result<Built, BuildError> {
    let (net, genes) = network_for(cfg)?;
    let t0 = now_ms();
    let grown = grow(&net, genes, &cfg.params(), cfg.seed)?;
    let grow_ms = now_ms() - t0;
    built_from(cfg, grown, grow_ms)
}

/// The topology and W_rec a configuration asks for, from a circuit already grown for it.
pub fn built_from(cfg: &Config, grown: Grown, grow_ms: f64) -> Result<Built, BuildError> {
    if grown.circuit.len() < 2 {
        return Err(BuildError::NoCircuit {
            seed: cfg.seed,
            neurons: grown.circuit.len(),
        });
    }
    let circuit = topology_of(cfg, &grown.circuit);
    let (layer, plasticity) = layer_at(cfg, &circuit, cfg.radius);
    let (w_rec, units) = layer.into_parts();
    Ok(Built {
        fingerprint: grown.circuit.fingerprint(),
        used_fingerprint: circuit.fingerprint(),
        circuit,
        units,
        w_rec,
        plasticity,
        grown,
        grow_ms,
    })
}

/// The frozen layer of `circuit` at spectral radius `rho` (its normalisation rule as for ρ):
/// W_rec from the synapse counts, then the configuration's plasticity phase, if any.
pub fn layer_at(cfg: &Config, circuit: &Circuit, rho: f64) -> (Layer, Option<Report>) {
    let w = recurrent_matrix(circuit, normalisation(rho), cfg.inhibitory_gain);
    if cfg.plasticity == Rule::None {
        return (Layer::fixed(w, circuit.len()), None);
    }
    let phase = plasticity::apply(&cfg.plasticity_phase(), w, circuit.len(), (rho > 0.0).then_some(rho));
    (phase.layer, Some(phase.report))
}

/// The circuit a topology asks for: the grown one, its matched null model (`spatial` uses
/// the configuration's distance scale σ) or a reference reservoir on its neurons.
pub fn topology_of(cfg: &Config, base: &Circuit) -> Circuit {
    match cfg.topology {
        Topology::Developmental => base.clone(),
        Topology::Block => block_like(base, cfg.seed),
        Topology::Spatial => spatial_like(base, cfg.sigma, cfg.seed),
        Topology::Random => random_like(base, cfg.seed),
        Topology::Shuffled => shuffled_like(base, cfg.seed),
        Topology::None => Circuit {
            counts: vec![0; base.counts.len()],
            weights: None,
            ..base.clone()
        },
        Topology::Cycle => cycle_like(base, cfg.seed),
        Topology::Orthogonal => orthogonal_like(base, cfg.seed),
        Topology::Esn => esn_like(base, cfg.seed),
        Topology::DaleSparse => dale_sparse_like(base, cfg.seed),
    }
}

/// Neuron indices of a layer set; None = every neuron.
pub type NeuronSet = Option<Vec<usize>>;

/// Input and readout neurons of a configuration (None = all), refused when a set is empty.
pub fn neuron_sets(cfg: &Config, c: &Circuit) -> Result<(NeuronSet, NeuronSet), String> {
    let pick = |set: &LayerSet, role: &str| {
        if set.is_all() {
            Ok(None)
        } else {
            set.neurons(c, role).map(Some)
        }
    };
    Ok((pick(&cfg.input_layers, "input")?, pick(&cfg.readout_layers, "readout")?))
}

/// The training loop's settings for a configuration.
pub fn train_config(cfg: &Config) -> TrainConfig {
    TrainConfig {
        epochs: cfg.epochs,
        batch_size: cfg.batch_size,
        learning_rate: cfg.learning_rate,
        limit_train: cfg.limit_train,
        limit_batches: cfg.limit,
        log_every: 5,
        data_seed: cfg.data_seed,
    }
}

/// The model a classification run trains (shape, what learns, neuron sets) and how images
/// are fed to it; `image` = [channels, height, width].
pub fn model_plan(cfg: &Config, c: &Circuit, image: [usize; 3], classes: usize) -> Result<(Spec, Feed), String> {
    let feed = Feed::new(cfg.encoding, image, cfg.steps, cfg.data_seed);
    let (inputs, readout) = neuron_sets(cfg, c)?;
    let shape = Shape {
        input: feed.input,
        hidden: c.len(),
        classes,
        steps: feed.steps,
    };
    Ok((
        Spec {
            shape,
            train: cfg.train,
            input_scale: cfg.input_scale,
            leak: cfg.leak,
            inputs,
            readout,
            seed: cfg.init_seed,
            units: None,
        },
        feed,
    ))
}

/// The gene network a configuration grows with: its rules (default cortex15) with the
/// knock-outs and forced genes applied.
pub fn network_for(cfg: &Config) -> Result<(Network, GeneIds), BuildError> {
    let (mut net, ids) = network_from_text(cfg.rules.as_deref().unwrap_or(crate::grn::CORTEX15))?;
    for (genes, fix, what) in [
        (&cfg.knockouts, Fix::KnockOut, "knock-out"),
        (&cfg.forced, Fix::ForceOn, "force-on"),
    ] {
        for g in genes {
            let i = net.index(g).map_err(|source| BuildError::Fix { what, source })?;
            net.fix(i, Some(fix));
        }
    }
    Ok((net, ids))
}
