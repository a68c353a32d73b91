//! Compiled network: each rule becomes a truth table over its support genes, evaluated on
//! bit-packed states (bit i = gene i). Synchronous / asynchronous updates and fixed genes.

use super::expr::Expr;
use super::parse::Rules;
use super::GrnError;
use crate::rng::{Purpose, Stream};

/// Rules with more support genes than this are evaluated from the syntax tree instead.
const TABLE_MAX_INPUTS: usize = 16;

#[derive(Clone, Debug)]
enum Compiled {
    Table { support: Vec<u8>, table: Vec<u64> },
    Tree(Expr),
}

impl Compiled {
    fn new(e: &Expr) -> Self {
        let support = e.support();
        if support.len() > TABLE_MAX_INPUTS {
            return Compiled::Tree(e.clone());
        }
        let rows = 1usize << support.len();
        let mut table = vec![0u64; rows.div_ceil(64)];
        for row in 0..rows {
            let state = support
                .iter()
                .enumerate()
                .fold(0u64, |s, (k, g)| s | ((row as u64 >> k & 1) << g));
            if e.eval(state) {
                table[row / 64] |= 1 << (row % 64);
            }
        }
        Compiled::Table {
            support: support.iter().map(|&g| g as u8).collect(),
            table,
        }
    }

    #[inline]
    fn eval(&self, state: u64) -> bool {
        match self {
            Compiled::Table { support, table } => {
                let mut row = 0usize;
                for (k, g) in support.iter().enumerate() {
                    row |= ((state >> g & 1) as usize) << k;
                }
                table[row / 64] >> (row % 64) & 1 == 1
            }
            Compiled::Tree(e) => e.eval(state),
        }
    }
}

/// A network ready to simulate: at most 64 genes.
#[derive(Clone, Debug)]
pub struct Network {
    pub genes: Vec<String>,
    rules: Vec<Compiled>,
    /// Genes forced to a value: mask of fixed genes and their values.
    fixed_mask: u64,
    fixed_values: u64,
}

/// How a gene is overridden in an experiment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Fix {
    KnockOut,
    ForceOn,
}

impl Network {
    pub fn compile(rules: &Rules) -> Result<Network, GrnError> {
        if rules.genes.len() > 64 {
            return Err(GrnError::TooManyGenes(rules.genes.len()));
        }
        let mut net = Network {
            genes: rules.genes.clone(),
            rules: rules.exprs.iter().map(Compiled::new).collect(),
            fixed_mask: 0,
            fixed_values: 0,
        };
        // A constant rule fixes its gene, as in BoolNet (it leaves the state space).
        for (g, e) in rules.exprs.iter().enumerate() {
            if let Expr::Const(b) = e {
                net.fix(g, Some(if *b { Fix::ForceOn } else { Fix::KnockOut }));
            }
        }
        Ok(net)
    }

    pub fn len(&self) -> usize {
        self.genes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.genes.is_empty()
    }

    pub fn index(&self, name: &str) -> Result<usize, GrnError> {
        self.genes
            .iter()
            .position(|g| g == name)
            .ok_or_else(|| GrnError::UnknownGene {
                name: name.into(),
                genes: self.genes.join(", "),
            })
    }

    /// Knocks a gene out or forces it on (BoolNet's fixGenes).
    pub fn fix(&mut self, gene: usize, fix: Option<Fix>) {
        let bit = 1u64 << gene;
        self.fixed_mask &= !bit;
        self.fixed_values &= !bit;
        if let Some(f) = fix {
            self.fixed_mask |= bit;
            if f == Fix::ForceOn {
                self.fixed_values |= bit;
            }
        }
    }

    pub fn fixed_mask(&self) -> u64 {
        self.fixed_mask
    }

    /// Applies the fixed genes to a state.
    #[inline]
    pub fn clamp(&self, state: u64) -> u64 {
        (state & !self.fixed_mask) | self.fixed_values
    }

    /// Value of gene `g`'s rule in `state` (fixed genes keep their forced value).
    #[inline]
    pub fn eval_gene(&self, g: usize, state: u64) -> bool {
        if self.fixed_mask >> g & 1 == 1 {
            return self.fixed_values >> g & 1 == 1;
        }
        self.rules[g].eval(state)
    }

    /// Synchronous update: every gene from the same previous state.
    pub fn step(&self, state: u64) -> u64 {
        let mut next = 0u64;
        for g in 0..self.rules.len() {
            next |= (self.eval_gene(g, state) as u64) << g;
        }
        next
    }

    /// Synchronous update of the genes in `mask` only; the others keep their values.
    pub fn step_masked(&self, state: u64, mask: u64) -> u64 {
        let mut next = state & !mask;
        let mut m = mask;
        while m != 0 {
            let g = m.trailing_zeros() as usize;
            m &= m - 1;
            next |= (self.eval_gene(g, state) as u64) << g;
        }
        next
    }

    /// Asynchronous update: one gene, chosen uniformly by the stream, is updated.
    pub fn step_async(&self, state: u64, rng: &mut Stream) -> u64 {
        let g = rng.below(self.rules.len() as u64) as usize;
        let bit = 1u64 << g;
        (state & !bit) | ((self.eval_gene(g, state) as u64) << g)
    }

    /// Runs `steps` asynchronous updates from `state` with a seeded stream.
    pub fn run_async(&self, mut state: u64, steps: usize, seed: u64) -> u64 {
        let mut rng = Stream::new(seed, 0, 0, Purpose::AsyncUpdate);
        for _ in 0..steps {
            state = self.step_async(state, &mut rng);
        }
        state
    }

    /// A state as a bit string in gene order.
    pub fn bits(&self, state: u64) -> String {
        (0..self.len())
            .map(|g| if state >> g & 1 == 1 { '1' } else { '0' })
            .collect()
    }

    /// Names of the genes that are on.
    pub fn on_genes(&self, state: u64) -> Vec<&str> {
        (0..self.len())
            .filter(|g| state >> g & 1 == 1)
            .map(|g| self.genes[g].as_str())
            .collect()
    }

    /// A state from names of genes that are on.
    pub fn state_of(&self, on: &[&str]) -> Result<u64, GrnError> {
        on.iter().try_fold(0u64, |s, n| Ok(s | 1 << self.index(n)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grn::parse_bnet;

    #[test]
    fn table_and_tree_agree_on_every_state() {
        let r = parse_bnet(crate::grn::CORTEX15).unwrap();
        let net = Network::compile(&r).unwrap();
        for s in (0u64..1 << 20).step_by(97) {
            for g in 0..net.len() {
                assert_eq!(net.eval_gene(g, s), r.exprs[g].eval(s));
            }
        }
    }

    #[test]
    fn founder_without_notch_becomes_l6_neuron_in_nine_steps() {
        // cortex15.md §1.3: the founder (Sox2, Pax6, Hes1, Ccnd1) with nbDll1 = 0 under tNeuro
        // reaches Neurod1+Tbr1 in 9 steps.
        let r = parse_bnet(crate::grn::CORTEX15).unwrap();
        let net = Network::compile(&r).unwrap();
        let mut s = net.state_of(&["Sox2", "Pax6", "Hes1", "Ccnd1", "tNeuro"]).unwrap();
        let target = net.state_of(&["Neurod1", "Tbr1", "tNeuro"]).unwrap();
        let mut reached = None;
        for t in 1..=20 {
            s = net.step(s);
            if s == target {
                reached = Some(t);
                break;
            }
        }
        assert_eq!(reached, Some(9), "{:?}", net.on_genes(s));
    }

    #[test]
    fn knock_out_holds_a_gene_off() {
        let r = parse_bnet(crate::grn::CORTEX15).unwrap();
        let mut net = Network::compile(&r).unwrap();
        let ndr = net.index("Neurod1").unwrap();
        net.fix(ndr, Some(Fix::KnockOut));
        let mut s = net.state_of(&["Sox2", "Pax6", "Ccnd1", "tNeuro"]).unwrap();
        for _ in 0..30 {
            s = net.step(s);
            assert_eq!(s >> ndr & 1, 0);
        }
        assert!(net
            .index("neurod1")
            .unwrap_err()
            .to_string()
            .contains("unknown gene `neurod1`"));
    }
}
