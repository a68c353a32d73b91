//! A cell of the tissue and its type, read from its gene state in the priority order of
//! cortex15.md §2 (the first matching signature wins).

use serde::Serialize;

/// Gene indices of the default network that the simulator reads (looked up by name).
#[derive(Clone, Copy, Debug)]
pub struct GeneIds {
    pub sox2: usize,
    pub pax6: usize,
    pub notch1: usize,
    pub hes1: usize,
    pub dll1: usize,
    pub neurog2: usize,
    pub eomes: usize,
    pub neurod1: usize,
    pub tbr1: usize,
    pub bcl11b: usize,
    pub satb2: usize,
    pub olig2: usize,
    pub gfap: usize,
    pub ccnd1: usize,
    pub nb_dll1: usize,
    pub t_neuro: usize,
    pub t_l5: usize,
    pub t_ul: usize,
    pub t_glia: usize,
}

/// Genes every rule set must define for the simulator to read it.
pub const REQUIRED_GENES: [&str; 19] = [
    "Sox2", "Pax6", "Notch1", "Hes1", "Dll1", "Neurog2", "Eomes", "Neurod1", "Tbr1", "Bcl11b", "Satb2", "Olig2",
    "Gfap", "Ccnd1", "nbDll1", "tNeuro", "tL5", "tUL", "tGlia",
];

impl GeneIds {
    pub fn find(genes: &[String]) -> Result<GeneIds, super::DevError> {
        let missing: Vec<&str> = REQUIRED_GENES
            .iter()
            .copied()
            .filter(|n| !genes.iter().any(|g| g == n))
            .collect();
        if !missing.is_empty() {
            return Err(super::DevError::MissingGenes(missing.join(", ")));
        }
        let ix = |n: &str| genes.iter().position(|g| g == n).unwrap_or(0);
        Ok(GeneIds {
            sox2: ix("Sox2"),
            pax6: ix("Pax6"),
            notch1: ix("Notch1"),
            hes1: ix("Hes1"),
            dll1: ix("Dll1"),
            neurog2: ix("Neurog2"),
            eomes: ix("Eomes"),
            neurod1: ix("Neurod1"),
            tbr1: ix("Tbr1"),
            bcl11b: ix("Bcl11b"),
            satb2: ix("Satb2"),
            olig2: ix("Olig2"),
            gfap: ix("Gfap"),
            ccnd1: ix("Ccnd1"),
            nb_dll1: ix("nbDll1"),
            t_neuro: ix("tNeuro"),
            t_l5: ix("tL5"),
            t_ul: ix("tUL"),
            t_glia: ix("tGlia"),
        })
    }

    /// The bits the simulator sets (neighbour signal and epoch flags), not the rules.
    pub fn input_mask(&self) -> u64 {
        [self.nb_dll1, self.t_neuro, self.t_l5, self.t_ul, self.t_glia]
            .iter()
            .fold(0, |m, &g| m | 1 << g)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[repr(u8)]
pub enum CellType {
    RadialGlia = 0,
    IntermediateProgenitor = 1,
    ImmatureNeuron = 2,
    MatureNeuron = 3,
    Astrocyte = 4,
    Opc = 5,
    GlialProgenitor = 6,
    Apoptotic = 7,
}

pub const ALL_TYPES: [CellType; 8] = [
    CellType::RadialGlia,
    CellType::IntermediateProgenitor,
    CellType::ImmatureNeuron,
    CellType::MatureNeuron,
    CellType::Astrocyte,
    CellType::Opc,
    CellType::GlialProgenitor,
    CellType::Apoptotic,
];

impl CellType {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn label(self) -> &'static str {
        match self {
            CellType::RadialGlia => "radial glia",
            CellType::IntermediateProgenitor => "intermediate progenitor",
            CellType::ImmatureNeuron => "immature neuron",
            CellType::MatureNeuron => "mature neuron",
            CellType::Astrocyte => "astrocyte",
            CellType::Opc => "OPC",
            CellType::GlialProgenitor => "glial-restricted progenitor",
            CellType::Apoptotic => "apoptotic",
        }
    }

    pub fn from_u8(v: u8) -> CellType {
        ALL_TYPES[(v as usize).min(7)]
    }
}

/// Cortical layers belong to the circuit (development depends on circuit, never the reverse).
pub use crate::circuit::Layer;

#[derive(Clone, Debug)]
pub struct Cell {
    pub id: u64,
    pub parent: u64,
    pub birth_step: u32,
    pub pos: [f64; 3],
    pub state: u64,
    pub kind: CellType,
    /// Steps since the last division (or birth).
    pub timer: u32,
    /// Step at which a migrating neuron stopped; None while it migrates.
    pub arrived: Option<u32>,
    /// Step at which it became apoptotic.
    pub dying_since: Option<u32>,
    /// Number of daughters born so far (for deterministic daughter ids).
    pub births: u32,
    /// An intermediate progenitor divides once.
    pub divided_as_ip: bool,
}

impl Cell {
    pub fn on(&self, gene: usize) -> bool {
        self.state >> gene & 1 == 1
    }
}

/// Type from genes, first match wins (Apoptotic is set by the simulator, not here).
pub fn type_of(cell: &Cell, g: &GeneIds, t_mature: u32, step: u32) -> CellType {
    if cell.dying_since.is_some() {
        return CellType::Apoptotic;
    }
    let on = |x: usize| cell.on(x);
    if !(on(g.sox2) || on(g.eomes) || on(g.neurod1) || on(g.olig2) || on(g.gfap)) {
        return CellType::Apoptotic;
    }
    if on(g.neurod1) {
        let laminar = on(g.tbr1) || on(g.bcl11b) || on(g.satb2);
        return match cell.arrived {
            Some(a) if laminar && step >= a + t_mature => CellType::MatureNeuron,
            _ => CellType::ImmatureNeuron,
        };
    }
    if on(g.eomes) {
        CellType::IntermediateProgenitor
    } else if on(g.sox2) && on(g.pax6) {
        CellType::RadialGlia
    } else if on(g.gfap) {
        CellType::Astrocyte
    } else if on(g.olig2) {
        CellType::Opc
    } else {
        CellType::GlialProgenitor
    }
}

/// Layer of a neuron from its laminar gene (Tbr1 → L6, Bcl11b → L5, Satb2 → L2/3).
pub fn layer_of(state: u64, g: &GeneIds) -> Option<Layer> {
    if state >> g.tbr1 & 1 == 1 {
        Some(Layer::L6)
    } else if state >> g.bcl11b & 1 == 1 {
        Some(Layer::L5)
    } else if state >> g.satb2 & 1 == 1 {
        Some(Layer::L23)
    } else {
        None
    }
}
