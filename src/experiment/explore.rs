//! What the explorer asks of a grown tissue: one cell's history and the rules behind its gene
//! changes, a before/after diff of two growths, and the attractors of each developmental epoch.

use crate::circuit::stats::stats;
use crate::development::cell::{CellType, GeneIds, ALL_TYPES};
use crate::development::timeline::Timeline;
use crate::development::{Grown, Params};
use crate::grn::attractors::search_within;
use crate::grn::network::Fix;
use crate::grn::{AttractorReport, Network, Rules};
use serde::Serialize;

/// One cell at one stored frame.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Moment {
    pub step: u32,
    pub kind: CellType,
    pub state: u32,
}

/// The frames in which lineage entry `slot` is alive, in order.
pub fn history(t: &Timeline, slot: u32) -> Vec<Moment> {
    t.frames
        .iter()
        .filter_map(|f| {
            let k = f.index.iter().position(|&i| i == slot)?;
            Some(Moment {
                step: f.step,
                kind: CellType::from_u8(f.kind[k]),
                state: f.state[k],
            })
        })
        .collect()
}

/// A gene that changed between two stored frames, with the rule that drives it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub step: u32,
    pub gene: String,
    pub on: bool,
    pub rule: String,
}

/// Gene changes along a history; `rules` gives each gene's rule text (by gene name).
pub fn changes(h: &[Moment], rules: &Rules) -> Vec<Change> {
    let text = |g: usize| {
        let mut s = String::new();
        crate::grn::write::expr_text(&rules.exprs[g], &rules.genes, &mut s);
        format!("{} = {s}", rules.genes[g])
    };
    h.windows(2)
        .flat_map(|w| {
            let diff = w[0].state ^ w[1].state;
            (0..rules.genes.len().min(32))
                .filter(move |g| diff >> g & 1 == 1)
                .map(move |g| Change {
                    step: w[1].step,
                    gene: rules.genes[g].clone(),
                    on: w[1].state >> g & 1 == 1,
                    rule: text(g),
                })
        })
        .collect()
}

/// The numbers a regrow diff compares.
pub fn growth_summary(g: &Grown) -> Vec<(String, f64)> {
    let s = stats(&g.circuit);
    let mut rows = vec![
        ("cells".to_string(), g.cells as f64),
        ("mature neurons in the circuit".into(), g.circuit.len() as f64),
        ("synapses".into(), g.circuit.synapses() as f64),
        ("connected pairs".into(), g.circuit.connected_pairs() as f64),
        ("reciprocity".into(), s.reciprocity),
        ("mean synapses per connected pair".into(), s.mean_per_pair),
        ("spectral radius (signed counts)".into(), s.spectral_radius_signed),
    ];
    rows.extend(
        ALL_TYPES
            .iter()
            .map(|t| (format!("{} cells", t.label()), g.cell_types[*t as usize] as f64)),
    );
    rows
}

/// (quantity, before, after) for every quantity that changed, then those that did not.
pub fn diff(before: &[(String, f64)], after: &[(String, f64)]) -> Vec<(String, f64, f64)> {
    let mut rows: Vec<(String, f64, f64)> = before.iter().zip(after).map(|(b, a)| (b.0.clone(), b.1, a.1)).collect();
    rows.sort_by_key(|r| r.1 == r.2);
    rows
}

/// The synchronous attractors of the rules in one developmental epoch (time inputs fixed).
#[derive(Clone, Debug, Serialize)]
pub struct EpochAttractors {
    pub epoch: &'static str,
    pub from_step: u32,
    pub report: AttractorReport,
}

/// Each epoch's attractors: the four time inputs switched on one after another, as in growth.
/// Free genes up to which the per-epoch attractors are exhaustive (2^20 states, fast enough
/// for the page's thread); beyond, 10,000 random starts (the report says so).
pub const EPOCH_EXHAUSTIVE_MAX: usize = 20;

pub fn epoch_attractors(net: &Network, g: &GeneIds, p: &Params) -> Vec<EpochAttractors> {
    let epochs = [
        ("progenitor expansion", 0, 0),
        ("deep-layer neurogenesis", p.t_neuro, 1),
        ("layer 5", p.t_l5, 2),
        ("upper layers", p.t_ul, 3),
        ("gliogenesis", p.t_glia, 4),
    ];
    let inputs = [g.t_neuro, g.t_l5, g.t_ul, g.t_glia];
    epochs
        .iter()
        .map(|&(epoch, from_step, on)| {
            let mut n = net.clone();
            for (k, &gene) in inputs.iter().enumerate() {
                if n.fixed_mask() >> gene & 1 == 0 || k < on {
                    n.fix(gene, Some(if k < on { Fix::ForceOn } else { Fix::KnockOut }));
                }
            }
            EpochAttractors {
                epoch,
                from_step,
                report: search_within(&n, EPOCH_EXHAUSTIVE_MAX, 1),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::development::{grow, network_from_text};
    use crate::grn::parse_bnet;

    #[test]
    fn a_cells_history_explains_its_gene_changes_by_rule() {
        let (net, ids) = network_from_text(crate::grn::CORTEX15).unwrap();
        let g = grow(&net, ids, &Params::default(), 1).unwrap();
        let rules = parse_bnet(crate::grn::CORTEX15).unwrap();
        let founder = history(&g.timeline, 0);
        assert_eq!(
            founder.first().map(|m| (m.step, m.kind)),
            Some((g.timeline.frames[0].step, CellType::RadialGlia))
        );
        let changes = changes(&founder, &rules);
        assert!(changes.iter().all(|c| c.rule.starts_with(&format!("{} = ", c.gene))));
        for w in founder.windows(2) {
            let n = changes.iter().filter(|c| c.step == w[1].step).count();
            assert_eq!(n as u32, (w[0].state ^ w[1].state).count_ones(), "step {}", w[1].step);
        }
    }

    #[test]
    fn epochs_switch_inputs_on_in_order_and_knockouts_show_in_the_diff() {
        let (net, ids) = network_from_text(crate::grn::CORTEX15).unwrap();
        let e = epoch_attractors(&net, &ids, &Params::default());
        assert_eq!(e.len(), 5);
        // 12 genes more (32 in all, 28 free in each epoch) use random starts instead of 2^28 states.
        let big = (0..12)
            .map(|i| format!("G{i}, G{} | !G{}\n", (i + 1) % 12, (i + 7) % 12))
            .collect::<String>();
        let (bnet, ids) = crate::development::network_from_text(&format!(
            "targets, factors\n{}",
            crate::grn::CORTEX15
                .lines()
                .skip(1)
                .filter(|l| !l.starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
                + &big
        ))
        .unwrap();
        let wide = epoch_attractors(&bnet, &ids, &Params::default());
        assert!(wide
            .iter()
            .all(|ep| !ep.report.exhaustive && !ep.report.synchronous_attractors.is_empty()));
        let t = net.index("tNeuro").unwrap();
        for (k, ep) in e.iter().enumerate() {
            assert!(ep.report.exhaustive && !ep.report.synchronous_attractors.is_empty());
            assert!(
                ep.report
                    .synchronous_attractors
                    .iter()
                    .all(|a| a.raw.iter().all(|s| (s >> t & 1 == 1) == (k >= 1))),
                "{}",
                ep.epoch
            );
        }
        let before = growth_summary(&grow(&net, ids, &Params::default(), 2).unwrap());
        let mut ko = net.clone();
        ko.fix(net.index("Neurog2").unwrap(), Some(Fix::KnockOut));
        let after = growth_summary(&grow(&ko, ids, &Params::default(), 2).unwrap());
        let d = diff(&before, &after);
        assert!(
            d[0].1 != d[0].2 && d.iter().any(|r| r.0 == "mature neurons in the circuit" && r.2 < r.1),
            "{d:?}"
        );
    }
}
