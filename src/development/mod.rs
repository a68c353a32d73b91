//! Development: one radial-glia stem cell grows into a tissue under Boolean gene rules, and
//! its mature neurons wire up. `grow` runs the whole thing and returns plain values.

pub mod cell;
mod error;
pub mod grid;
pub mod grow;
pub mod params;
pub mod synapse;
pub mod timeline;

use crate::circuit::{Circuit, Neuron};
use crate::grn::{parse_bnet, Network};
pub use cell::GeneIds;
use cell::{layer_of, CellType};
pub use error::DevError;
pub use params::Params;
use timeline::Timeline;

/// What development produced: the final cells, the timeline and the wired circuit.
#[derive(Clone)]
pub struct Grown {
    pub seed: u64,
    pub cells: usize,
    pub cell_types: [u32; 8],
    pub timeline: Timeline,
    pub circuit: Circuit,
    pub steps: u32,
}

/// Compiles BoolNet text for the simulator, checking the genes it needs.
pub fn network_from_text(text: &str) -> Result<(Network, GeneIds), DevError> {
    let rules = parse_bnet(text)?;
    if rules.genes.len() > MAX_GROWTH_GENES {
        return Err(DevError::TooManyGenes(rules.genes.len()));
    }
    let net = Network::compile(&rules)?;
    let ids = GeneIds::find(&net.genes)?;
    Ok((net, ids))
}

/// Genes a growing cell can carry (timeline frames keep 32-bit states).
pub const MAX_GROWTH_GENES: usize = 32;

/// Grows a tissue from one stem cell and wires its mature neurons.
pub fn grow(net: &Network, genes: GeneIds, params: &Params, seed: u64) -> Result<Grown, DevError> {
    params.validate().map_err(DevError::Params)?;
    let mut tissue = grow::Tissue::new(net, genes, params, seed);
    while tissue.step < params.t_end {
        tissue.advance();
    }
    for c in tissue.cells.iter_mut() {
        c.kind = cell::type_of(c, &genes, params.t_mature, tissue.step);
    }
    let mut cell_types = [0u32; 8];
    for c in &tissue.cells {
        cell_types[c.kind as usize] += 1;
    }
    let mut mature: Vec<&cell::Cell> = tissue
        .cells
        .iter()
        .filter(|c| c.kind == CellType::MatureNeuron)
        .collect();
    mature.sort_by_key(|c| (layer_of(c.state, &genes), c.birth_step, c.id));
    let gene_mask = !genes.input_mask() & ((1u64 << net.len().min(63)) - 1);
    let ids: Vec<u64> = mature.iter().map(|c| c.id).collect();
    let states: Vec<u64> = mature.iter().map(|c| c.state).collect();
    let pos: Vec<[f64; 3]> = mature.iter().map(|c| c.pos).collect();
    let (keep, counts) = synapse::synaptogenesis(&ids, &states, &pos, gene_mask, params, seed);
    let pruned = mature.len() - keep.len();
    cell_types[CellType::MatureNeuron as usize] -= pruned as u32;
    cell_types[CellType::Apoptotic as usize] += pruned as u32;
    let neurons: Vec<Neuron> = keep
        .iter()
        .map(|&k| {
            let c = mature[k];
            Neuron {
                id: c.id,
                pos: c.pos,
                state: c.state,
                layer: layer_of(c.state, &genes).expect("mature neurons have a laminar gene"),
                birth_step: c.birth_step,
            }
        })
        .collect();
    let circuit = Circuit::new(neurons, counts, params.inhibitory_fraction, seed);
    let cells = tissue.cells.len();
    Ok(Grown {
        seed,
        cells,
        cell_types,
        steps: tissue.step,
        timeline: tissue.timeline,
        circuit,
    })
}

/// Grows with the default rules.
pub fn grow_default(params: &Params, seed: u64) -> Result<Grown, DevError> {
    let (net, ids) = network_from_text(crate::grn::CORTEX15)?;
    grow(&net, ids, params, seed)
}
