//! The step loop: neighbour signals, in-place gene updates in seeded random order, types,
//! then behaviour (division, migration, maturation, death); births and deaths apply at the end.

use super::cell::{type_of, Cell, CellType, GeneIds};
use super::grid::{Grid, Neighbours};
use super::params::Params;
use super::timeline::Timeline;
use crate::grn::Network;
use crate::rng::{mix64, Purpose, Stream};

/// Per cell: touching neighbours and the summed push from overlapping somata.
pub struct Contacts {
    pub count: Vec<u32>,
    pub push: Vec<[f64; 3]>,
}

/// The tissue while it grows.
pub struct Tissue<'a> {
    pub net: &'a Network,
    pub genes: GeneIds,
    pub params: &'a Params,
    pub seed: u64,
    pub step: u32,
    pub cells: Vec<Cell>,
    /// Height of the pial surface (µm); raised as neurons arrive (inside-out layering).
    pub pia: f64,
    pub timeline: Timeline,
}

const PIA_START: f64 = 60.0;
const PIA_RISE_PER_NEURON: f64 = 0.6;
/// Distance between founder stem cells at scale > 1 (µm).
const FOUNDER_SPACING: f64 = 120.0;

impl<'a> Tissue<'a> {
    /// One radial-glia stem cell at the apical surface per unit of scale, on a square lattice
    /// `FOUNDER_SPACING` apart (founder k has id k + 1; scale 1 is the single founder at 0).
    pub fn new(net: &'a Network, genes: GeneIds, params: &'a Params, seed: u64) -> Tissue<'a> {
        let state = net.clamp(
            [genes.sox2, genes.pax6, genes.hes1, genes.ccnd1]
                .iter()
                .fold(0u64, |s, &g| s | 1 << g),
        );
        let n = params.scale.max(1) as usize;
        let side = (1..).find(|s| s * s >= n).unwrap_or(1);
        let mut timeline = Timeline::new(params.frame_stride, &net.genes);
        let cells: Vec<Cell> = (0..n)
            .map(|k| {
                let (x, y) = ((k % side) as f64 * FOUNDER_SPACING, (k / side) as f64 * FOUNDER_SPACING);
                let founder = Cell {
                    id: k as u64 + 1,
                    parent: 0,
                    birth_step: 0,
                    pos: [x, y, 5.0],
                    state,
                    kind: CellType::RadialGlia,
                    timer: 0,
                    arrived: None,
                    dying_since: None,
                    births: 0,
                    divided_as_ip: false,
                };
                timeline.born(&founder);
                founder
            })
            .collect();
        Tissue {
            net,
            genes,
            params,
            seed,
            step: 0,
            cells,
            pia: PIA_START,
            timeline,
        }
    }

    fn flags(&self) -> u64 {
        let (g, p, s) = (&self.genes, self.params, self.step);
        [
            (g.t_neuro, p.t_neuro),
            (g.t_l5, p.t_l5),
            (g.t_ul, p.t_ul),
            (g.t_glia, p.t_glia),
        ]
        .iter()
        .fold(0u64, |m, &(bit, t)| if s >= t { m | 1 << bit } else { m })
    }

    /// Radial-glia cycle length, growing linearly through neurogenesis.
    fn rg_cycle(&self) -> f64 {
        let p = self.params;
        if self.step < p.t_neuro {
            return p.cycle_early;
        }
        let f = ((self.step - p.t_neuro) as f64 / (p.t_glia - p.t_neuro) as f64).min(1.0);
        p.cycle_early + f * (p.cycle_late - p.cycle_early)
    }

    /// Touching neighbours and soma-overlap pushes, each summed in bucket order.
    fn contacts(&self, near: &Neighbours, positions: &[[f64; 3]]) -> Contacts {
        let d = self.params.diameter;
        let mut contacts = Contacts {
            count: vec![0; positions.len()],
            push: vec![[0.0; 3]; positions.len()],
        };
        for (i, p) in positions.iter().enumerate() {
            let mut push = [0.0f64; 3];
            for &(j, d2) in near.of(i) {
                if d2 < d * d && d2 > 1e-12 {
                    let dist = libm::sqrt(d2);
                    let f = 0.5 * (d - dist) / dist;
                    for k in 0..3 {
                        push[k] += (p[k] - positions[j][k]) * f;
                    }
                }
            }
            contacts.count[i] = near.of(i).len() as u32;
            contacts.push[i] = push;
        }
        contacts
    }

    /// Gene updates in place, cells in a seeded random order; nbDll1 read live from neighbours.
    fn update_genes(&mut self, near: &Neighbours) {
        let mut order: Vec<usize> = (0..self.cells.len()).collect();
        Stream::new(self.seed, 0, self.step as u64, Purpose::CellOrder).shuffle(&mut order);
        let inputs = self.genes.input_mask();
        let genes_mask = !inputs
            & if self.net.len() >= 64 {
                u64::MAX
            } else {
                (1u64 << self.net.len()) - 1
            };
        let flags = self.flags();
        let (dll1, nb) = (self.genes.dll1, self.genes.nb_dll1);
        // Who signals Delta right now (updated in place as cells update).
        let mut delta: Vec<bool> = self
            .cells
            .iter()
            .map(|c| c.dying_since.is_none() && c.on(dll1))
            .collect();
        for i in order {
            if self.cells[i].dying_since.is_some() {
                continue;
            }
            let signal = near.of(i).iter().any(|&(j, _)| delta[j]);
            let state = (self.cells[i].state & !inputs) | flags | (signal as u64) << nb;
            self.cells[i].state = self.net.step_masked(self.net.clamp(state), genes_mask);
            delta[i] = self.cells[i].on(dll1);
        }
    }

    /// Daughter of cell i: id from the parent's id and birth order, placed a soma away.
    fn daughter(&mut self, i: usize, lateral: bool) -> Cell {
        let p = self.params;
        let mother = &mut self.cells[i];
        mother.births += 1;
        let id = mix64(mother.id.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ mother.births as u64) | 1 << 63;
        let mut rng = Stream::new(self.seed, mother.id, self.step as u64, Purpose::Placement);
        let (mut dx, mut dy, mut dz) = (rng.normal(), rng.normal(), rng.normal());
        if lateral {
            dz *= 0.2;
        }
        let norm = libm::sqrt(dx * dx + dy * dy + dz * dz).max(1e-9);
        let h = 0.5 * p.diameter / norm;
        (dx, dy, dz) = (dx * h, dy * h, dz * h);
        let m = mother.pos;
        mother.pos = [m[0] - dx, m[1] - dy, (m[2] - dz).max(0.0)];
        mother.timer = 0;
        Cell {
            id,
            parent: mother.id,
            birth_step: self.step,
            pos: [m[0] + dx, m[1] + dy, (m[2] + dz).max(0.0)],
            timer: 0,
            births: 0,
            ..mother.clone()
        }
    }

    /// Division, migration, maturation and death for every cell; returns the newborn.
    fn behave(&mut self, contacts: &Contacts) -> Vec<Cell> {
        let p = self.params;
        let g = self.genes;
        let step = self.step;
        let mut born = Vec::new();
        for i in 0..self.cells.len() {
            let kind = type_of(&self.cells[i], &g, p.t_mature, step);
            self.cells[i].kind = kind;
            let id = self.cells[i].id;
            let mut rng = Stream::new(self.seed, id, step as u64, Purpose::Death);
            let hazard = match kind {
                CellType::ImmatureNeuron => p.hazard_neuron,
                CellType::Astrocyte | CellType::Opc | CellType::GlialProgenitor => p.hazard_glia,
                _ => 0.0,
            };
            if kind == CellType::Apoptotic || rng.chance(hazard) {
                if self.cells[i].dying_since.is_none() {
                    self.cells[i].dying_since = Some(step);
                    self.cells[i].kind = CellType::Apoptotic;
                }
                continue;
            }
            self.cells[i].timer += 1;
            let cycling = self.cells[i].on(g.ccnd1);
            match kind {
                CellType::ImmatureNeuron => self.migrate(i),
                CellType::IntermediateProgenitor if !self.cells[i].divided_as_ip => {
                    self.cells[i].divided_as_ip = true;
                    self.cells[i].pos[2] += p.diameter;
                    born.push(self.daughter(i, false));
                }
                CellType::RadialGlia
                    if cycling
                        && self.cells[i].timer as f64 >= self.rg_cycle()
                        && contacts.count[i] < p.density_max =>
                {
                    let mut d = self.daughter(i, true);
                    let mut r = Stream::new(self.seed, id, step as u64, Purpose::Asymmetric);
                    if step >= p.t_neuro && r.chance(p.p_asym) {
                        d.state = (d.state & !(1 << g.notch1 | 1 << g.hes1)) | 1 << g.neurog2;
                    }
                    born.push(d);
                }
                CellType::Astrocyte | CellType::Opc | CellType::GlialProgenitor => {
                    if cycling && self.cells[i].timer as f64 >= p.cycle_glia && contacts.count[i] < p.density_max {
                        born.push(self.daughter(i, false));
                    } else if kind == CellType::Opc {
                        let mut r = Stream::new(self.seed, id, step as u64, Purpose::Migration);
                        for k in 0..3 {
                            self.cells[i].pos[k] += 2.0 * r.normal();
                        }
                        self.cells[i].pos[2] = self.cells[i].pos[2].max(0.0);
                    }
                }
                _ => {}
            }
        }
        born
    }

    /// Radial migration toward the pia; Reelin near the pial surface stops the neuron.
    fn migrate(&mut self, i: usize) {
        let p = self.params;
        let cell = &mut self.cells[i];
        if cell.arrived.is_some() {
            return;
        }
        let stop = self.pia - p.reelin_stop;
        cell.pos[2] = (cell.pos[2] + p.migration_speed).min(stop);
        if cell.pos[2] >= stop {
            cell.arrived = Some(self.step);
            self.pia += PIA_RISE_PER_NEURON / self.params.scale.max(1) as f64;
        }
    }

    /// Overlapping somata push each other apart; arrived neurons stay where Reelin stopped them.
    fn relax(&mut self, contacts: &Contacts) {
        for (c, s) in self.cells.iter_mut().zip(&contacts.push) {
            if c.arrived.is_none() {
                c.pos = [c.pos[0] + s[0], c.pos[1] + s[1], (c.pos[2] + s[2]).max(0.0)];
            }
        }
    }

    /// One developmental step.
    pub fn advance(&mut self) {
        let size = self.params.contact_radius.max(self.params.diameter);
        let positions: Vec<[f64; 3]> = self.cells.iter().map(|c| c.pos).collect();
        let near = Grid::build(&positions, size).neighbours(self.params.contact_radius);
        let contacts = self.contacts(&near, &positions);
        self.update_genes(&near);
        let born = self.behave(&contacts);
        self.relax(&contacts);
        let (t_clear, step) = (self.params.t_clear, self.step);
        for c in &self.cells {
            if c.dying_since.is_some_and(|d| step >= d + t_clear) {
                self.timeline.died(c.id, step);
            }
        }
        self.cells.retain(|c| c.dying_since.is_none_or(|d| step < d + t_clear));
        for c in born {
            self.timeline.born(&c);
            self.cells.push(c);
        }
        self.step += 1;
        self.timeline.maybe_record(self.step, &self.cells);
    }
}
