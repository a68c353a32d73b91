//! Synchronous attractors: exhaustive search with basins over all free-gene states (as R
//! BoolNet's `getAttractors(method = "exhaustive")`), random-start search beyond that.

use super::network::Network;
use crate::rng::{Purpose, Stream};
use serde::Serialize;
use std::collections::HashMap;

/// Exhaustive search is used up to this many free (non-fixed) genes.
pub const EXHAUSTIVE_MAX_GENES: usize = 26;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attractor {
    pub length: usize,
    /// Number of states whose trajectory ends here (attractor states included); None when
    /// the search was not exhaustive.
    pub basin: Option<u64>,
    /// The cycle in order, starting from the state whose bit string is smallest.
    pub states: Vec<String>,
    #[serde(skip)]
    pub raw: Vec<u64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct AttractorReport {
    pub genes: Vec<String>,
    pub exhaustive: bool,
    pub synchronous_attractors: Vec<Attractor>,
}

/// Free-gene states are enumerated as integers; `expand` places their bits on the free genes.
struct Space {
    free: Vec<usize>,
}

impl Space {
    fn expand(&self, net: &Network, code: u64) -> u64 {
        let s = self
            .free
            .iter()
            .enumerate()
            .fold(0u64, |s, (k, &g)| s | ((code >> k & 1) << g));
        net.clamp(s)
    }

    fn compress(&self, state: u64) -> u64 {
        self.free
            .iter()
            .enumerate()
            .fold(0u64, |c, (k, &g)| c | ((state >> g & 1) << k))
    }
}

fn make_attractor(net: &Network, cycle: Vec<u64>, basin: Option<u64>) -> Attractor {
    let bits: Vec<String> = cycle.iter().map(|&s| net.bits(s)).collect();
    let start = (0..bits.len()).min_by(|&a, &b| bits[a].cmp(&bits[b])).unwrap_or(0);
    let n = cycle.len();
    Attractor {
        length: n,
        basin,
        states: (0..n).map(|k| bits[(start + k) % n].clone()).collect(),
        raw: (0..n).map(|k| cycle[(start + k) % n]).collect(),
    }
}

/// All synchronous attractors and basins, scanning states in increasing order (gene 1 is the
/// lowest bit, as BoolNet numbers states), attractors numbered in order of discovery.
pub fn exhaustive(net: &Network) -> AttractorReport {
    let space = Space {
        free: (0..net.len()).filter(|g| net.fixed_mask() >> g & 1 == 0).collect(),
    };
    assert!(
        space.free.len() <= EXHAUSTIVE_MAX_GENES,
        "exhaustive search beyond {EXHAUSTIVE_MAX_GENES} genes"
    );
    let total = 1u64 << space.free.len();
    let succ: Vec<u32> = (0..total)
        .map(|c| space.compress(net.step(space.expand(net, c))) as u32)
        .collect();
    // label[c]: 0 unvisited, u32::MAX on the current path, otherwise attractor id + 1.
    let mut label = vec![0u32; total as usize];
    let mut cycles: Vec<Vec<u64>> = Vec::new();
    let mut path = Vec::new();
    for start in 0..total as usize {
        if label[start] != 0 {
            continue;
        }
        path.clear();
        let mut c = start;
        while label[c] == 0 {
            label[c] = u32::MAX;
            path.push(c);
            c = succ[c] as usize;
        }
        let id = if label[c] == u32::MAX {
            let at = path.iter().position(|&p| p == c).unwrap_or(0);
            cycles.push(path[at..].iter().map(|&p| space.expand(net, p as u64)).collect());
            cycles.len() as u32
        } else {
            label[c]
        };
        for &p in &path {
            label[p] = id;
        }
    }
    let mut basins = vec![0u64; cycles.len()];
    for &l in &label {
        basins[l as usize - 1] += 1;
    }
    AttractorReport {
        genes: net.genes.clone(),
        exhaustive: true,
        synchronous_attractors: cycles
            .into_iter()
            .zip(basins)
            .map(|(c, b)| make_attractor(net, c, Some(b)))
            .collect(),
    }
}

/// Attractors reached from `starts` seeded random states (for networks too big to enumerate).
pub fn random_search(net: &Network, starts: usize, seed: u64) -> AttractorReport {
    let mut rng = Stream::new(seed, 0, 0, Purpose::Attractor);
    let mut found: Vec<Attractor> = Vec::new();
    for _ in 0..starts {
        let state = net.clamp(rng.next_u64() & mask(net.len()));
        let cycle = cycle_from(net, state);
        let a = make_attractor(net, cycle, None);
        if !found.iter().any(|f| f.raw == a.raw) {
            found.push(a);
        }
    }
    AttractorReport {
        genes: net.genes.clone(),
        exhaustive: false,
        synchronous_attractors: found,
    }
}

/// Exhaustive when small enough, otherwise 10,000 random starts.
pub fn search(net: &Network, seed: u64) -> AttractorReport {
    search_within(net, EXHAUSTIVE_MAX_GENES, seed)
}

/// Exhaustive up to `max_free` free genes (2^max_free states), 10,000 random starts beyond;
/// the report's `exhaustive` says which.
pub fn search_within(net: &Network, max_free: usize, seed: u64) -> AttractorReport {
    let free = (0..net.len()).filter(|g| net.fixed_mask() >> g & 1 == 0).count();
    if free <= max_free.min(EXHAUSTIVE_MAX_GENES) {
        exhaustive(net)
    } else {
        random_search(net, 10_000, seed)
    }
}

fn mask(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// The synchronous cycle that `state` falls into.
pub fn cycle_from(net: &Network, mut state: u64) -> Vec<u64> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    let mut order = Vec::new();
    while let std::collections::hash_map::Entry::Vacant(v) = seen.entry(state) {
        v.insert(order.len());
        order.push(state);
        state = net.step(state);
    }
    order.split_off(seen[&state])
}

/// Steady states of the asynchronous dynamics (states no single-gene update changes): the
/// fixed points of the synchronous map, enumerated exhaustively or found by random chains.
pub fn async_steady_states(net: &Network, seed: u64) -> Vec<String> {
    let free: Vec<usize> = (0..net.len()).filter(|g| net.fixed_mask() >> g & 1 == 0).collect();
    let mut out: Vec<u64> = Vec::new();
    if free.len() <= EXHAUSTIVE_MAX_GENES {
        let space = Space { free };
        for c in 0..1u64 << space.free.len() {
            let s = space.expand(net, c);
            if net.step(s) == s {
                out.push(s);
            }
        }
    } else {
        for k in 0..1000 {
            let s = net.run_async(
                net.clamp(Stream::new(seed, k, 0, Purpose::Attractor).next_u64() & mask(net.len())),
                10_000,
                seed ^ k,
            );
            if net.step(s) == s && !out.contains(&s) {
                out.push(s);
            }
        }
    }
    let mut bits: Vec<String> = out.iter().map(|&s| net.bits(s)).collect();
    bits.sort();
    bits
}
