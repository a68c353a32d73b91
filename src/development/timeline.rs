//! Timeline for the viewer: compact frames (positions, types, gene states) at a stride, and
//! the lineage of every cell ever born (id, parent, birth and death step).

use super::cell::{Cell, CellType, ALL_TYPES};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Serialize)]
pub struct LineageEntry {
    pub id: u64,
    pub parent: u64,
    pub born: u32,
    pub died: Option<u32>,
}

/// One stored moment: cell k of the frame is lineage entry `index[k]`.
#[derive(Clone, Debug, Serialize)]
pub struct Frame {
    pub step: u32,
    pub index: Vec<u32>,
    pub pos: Vec<[f32; 3]>,
    pub kind: Vec<u8>,
    pub state: Vec<u32>,
}

impl Frame {
    /// Cells per type, in the order of `ALL_TYPES`.
    pub fn counts(&self) -> [u32; 8] {
        let mut c = [0u32; 8];
        for &k in &self.kind {
            c[k as usize] += 1;
        }
        c
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Timeline {
    pub stride: u32,
    pub genes: Vec<String>,
    pub lineage: Vec<LineageEntry>,
    pub frames: Vec<Frame>,
    /// Cells per type at every step (not only at frames), for the count chart.
    pub counts: Vec<[u32; 8]>,
    #[serde(skip)]
    slot: BTreeMap<u64, u32>,
}

impl Timeline {
    pub fn new(stride: u32, genes: &[String]) -> Timeline {
        Timeline {
            stride,
            genes: genes.to_vec(),
            lineage: Vec::new(),
            frames: Vec::new(),
            counts: Vec::new(),
            slot: BTreeMap::new(),
        }
    }

    pub fn born(&mut self, c: &Cell) {
        self.slot.insert(c.id, self.lineage.len() as u32);
        self.lineage.push(LineageEntry {
            id: c.id,
            parent: c.parent,
            born: c.birth_step,
            died: None,
        });
    }

    pub fn died(&mut self, id: u64, step: u32) {
        if let Some(&k) = self.slot.get(&id) {
            self.lineage[k as usize].died = Some(step);
        }
    }

    /// Ancestors of a cell back to the founder (the cell first).
    pub fn ancestry(&self, id: u64) -> Vec<u64> {
        let mut out = vec![];
        let mut cur = id;
        while let Some(&k) = self.slot.get(&cur) {
            out.push(cur);
            cur = self.lineage[k as usize].parent;
        }
        out
    }

    pub fn maybe_record(&mut self, step: u32, cells: &[Cell]) {
        let mut c = [0u32; 8];
        for cell in cells {
            c[cell.kind as usize] += 1;
        }
        self.counts.push(c);
        if self.stride == 0 || !step.is_multiple_of(self.stride) {
            return;
        }
        self.frames.push(Frame {
            step,
            index: cells
                .iter()
                .map(|c| self.slot.get(&c.id).copied().unwrap_or(u32::MAX))
                .collect(),
            pos: cells.iter().map(|c| c.pos.map(|v| v as f32)).collect(),
            kind: cells.iter().map(|c| c.kind as u8).collect(),
            state: cells.iter().map(|c| c.state as u32).collect(),
        });
    }

    /// Approximate size in bytes of the stored frames.
    pub fn bytes(&self) -> usize {
        self.frames.iter().map(|f| f.index.len() * 21).sum::<usize>() + self.lineage.len() * 24
    }
}

/// Type names in count order, for tables and legends.
pub fn type_keys() -> Vec<&'static str> {
    ALL_TYPES.iter().map(|t: &CellType| t.key()).collect()
}
