//! Rule inference from binarised single-cell data: temporal-causal agreement maximisation
//! (cortex15.md §5.4): pair cells along pseudotime, filter regulators, fit truth tables.

use super::expr::Expr;
use super::parse::Rules;
use super::write::expr_text;
use std::collections::BTreeMap;

/// Binarised cells: one state per row, its pseudotime and lineage.
#[derive(Clone, Debug)]
pub struct Matrix {
    pub genes: Vec<String>,
    pub states: Vec<u64>,
    pub pseudotime: Vec<f64>,
    pub lineage: Vec<String>,
}

/// Reads the CSV: a header naming genes, `pseudotime` and optionally `lineage`; 0/1 values.
pub fn read_csv(text: &str) -> Result<Matrix, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let (_, header) = lines
        .next()
        .ok_or("line 1: empty file; expected a header with gene names and `pseudotime`")?;
    let cols: Vec<&str> = header.split(',').map(|c| c.trim()).collect();
    let pt = cols
        .iter()
        .position(|c| *c == "pseudotime")
        .ok_or("line 1: missing `pseudotime` column")?;
    let lin = cols.iter().position(|c| *c == "lineage");
    let gene_cols: Vec<usize> = (0..cols.len()).filter(|&c| c != pt && Some(c) != lin).collect();
    if gene_cols.is_empty() || gene_cols.len() > 64 {
        return Err(format!(
            "line 1: expected 1 to 64 gene columns, found {}",
            gene_cols.len()
        ));
    }
    let mut m = Matrix {
        genes: gene_cols.iter().map(|&c| cols[c].to_string()).collect(),
        states: vec![],
        pseudotime: vec![],
        lineage: vec![],
    };
    for (i, line) in lines {
        let cells: Vec<&str> = line.split(',').map(|c| c.trim()).collect();
        if cells.len() != cols.len() {
            return Err(format!(
                "line {}: {} fields, but the header has {}",
                i + 1,
                cells.len(),
                cols.len()
            ));
        }
        let mut s = 0u64;
        for (k, &c) in gene_cols.iter().enumerate() {
            match cells[c] {
                "0" => {}
                "1" => s |= 1 << k,
                v => {
                    return Err(format!(
                        "line {}, column {} (`{}`): value `{v}` is not 0 or 1",
                        i + 1,
                        c + 1,
                        cols[c]
                    ))
                }
            }
        }
        let t: f64 = cells[pt].parse().map_err(|_| {
            format!(
                "line {}, column {} (`pseudotime`): `{}` is not a number",
                i + 1,
                pt + 1,
                cells[pt]
            )
        })?;
        m.states.push(s);
        m.pseudotime.push(t);
        m.lineage.push(lin.map_or(String::new(), |l| cells[l].to_string()));
    }
    if m.states.len() < 2 {
        return Err("the file has fewer than two cells".into());
    }
    Ok(m)
}

/// (state at t, state at the next pseudotime, weight = 1 / out-degree).
pub type Pair = (u64, u64, f64);

/// Pairs each cell with the cells of the next pseudotime value in its lineage.
pub fn pairs(m: &Matrix) -> Vec<Pair> {
    let mut by_lineage: BTreeMap<&str, BTreeMap<u64, Vec<u64>>> = BTreeMap::new();
    for i in 0..m.states.len() {
        by_lineage
            .entry(&m.lineage[i])
            .or_default()
            .entry(m.pseudotime[i].to_bits())
            .or_default()
            .push(m.states[i]);
    }
    let mut out = Vec::new();
    for times in by_lineage.values() {
        let mut sorted: Vec<(f64, &Vec<u64>)> = times.iter().map(|(t, v)| (f64::from_bits(*t), v)).collect();
        sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
        for w in sorted.windows(2) {
            let weight = 1.0 / w[1].1.len() as f64;
            for &a in w[0].1 {
                out.extend(w[1].1.iter().map(|&b| (a, b, weight)));
            }
        }
    }
    out
}

fn entropy(p: &[f64]) -> f64 {
    let total: f64 = p.iter().sum();
    p.iter()
        .filter(|&&x| x > 0.0)
        .map(|&x| -(x / total) * libm::log2(x / total))
        .sum()
}

/// Mutual information between bit a of the first state and bit b of the second.
fn mutual_info(pairs: &[Pair], a: usize, b: usize, reverse: bool) -> f64 {
    let mut joint = [0.0f64; 4];
    for &(s, t, w) in pairs {
        let (x, y) = if reverse {
            (t >> a & 1, s >> b & 1)
        } else {
            (s >> a & 1, t >> b & 1)
        };
        joint[(x * 2 + y) as usize] += w;
    }
    entropy(&[joint[0] + joint[1], joint[2] + joint[3]]) + entropy(&[joint[0] + joint[2], joint[1] + joint[3]])
        - entropy(&joint)
}

/// One inferred rule.
#[derive(Clone, Debug)]
pub struct Inferred {
    pub regulators: Vec<usize>,
    /// f(x) for each input row x: Some(value) when seen, None when unseen (don't care).
    pub table: Vec<Option<bool>>,
    pub agreement: f64,
}

fn fit(pairs: &[Pair], target: usize, regs: &[usize]) -> Inferred {
    let rows = 1usize << regs.len();
    let (mut c0, mut c1) = (vec![0.0; rows], vec![0.0; rows]);
    for &(s, t, w) in pairs {
        let x = regs
            .iter()
            .enumerate()
            .fold(0usize, |x, (k, &r)| x | ((s >> r & 1) as usize) << k);
        if t >> target & 1 == 1 {
            c1[x] += w
        } else {
            c0[x] += w
        }
    }
    let total: f64 = c0.iter().chain(&c1).sum();
    let agree: f64 = c0.iter().zip(&c1).map(|(a, b)| a.max(*b)).sum();
    let table = c0
        .iter()
        .zip(&c1)
        .map(|(a, b)| if a + b == 0.0 { None } else { Some(b > a) })
        .collect();
    Inferred {
        regulators: regs.to_vec(),
        table,
        agreement: if total > 0.0 { agree / total } else { 0.0 },
    }
}

fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = vec![vec![]];
    for size in 1..=k.min(n) {
        let mut idx: Vec<usize> = (0..size).collect();
        loop {
            out.push(idx.clone());
            let Some(i) = (0..size).rev().find(|&i| idx[i] < n - size + i) else {
                break;
            };
            idx[i] += 1;
            for j in i + 1..size {
                idx[j] = idx[j - 1] + 1;
            }
        }
    }
    out
}

/// Penalty per regulator in the score A − λ|R|.
const LAMBDA: f64 = 0.002;

/// Best rule for `target`: agreement maximised with a penalty per regulator; among equal
/// scores, regulators that pass the temporal-causality test (r_t predicts g_{t+1} at least as
/// well as g_t predicts r_{t+1}) win, then fewer regulators.
pub fn infer_gene(pairs: &[Pair], genes: usize, target: usize, max_regulators: usize) -> Inferred {
    let causal: Vec<bool> = (0..genes)
        .map(|r| r == target || mutual_info(pairs, r, target, false) + 1e-9 >= mutual_info(pairs, r, target, true))
        .collect();
    let mut best: Option<((f64, usize), Inferred)> = None;
    for regs in subsets(genes, max_regulators) {
        let f = fit(pairs, target, &regs);
        let score = f.agreement - LAMBDA * regs.len() as f64;
        let admissible = regs.iter().filter(|&&r| causal[r]).count() + (genes - regs.len());
        let better = match &best {
            None => true,
            Some(((b, a), _)) => score > *b + 1e-9 || (score > *b - 1e-9 && admissible > *a),
        };
        if better {
            best = Some(((score, admissible), f));
        }
    }
    best.map(|b| b.1).unwrap_or_else(|| fit(pairs, target, &[]))
}

/// Minimal sum of products (Quine-McCluskey, unseen rows as don't-cares, greedy cover).
pub fn minimise(inf: &Inferred) -> Expr {
    let k = inf.regulators.len();
    let ones: Vec<usize> = (0..inf.table.len()).filter(|&x| inf.table[x] == Some(true)).collect();
    if ones.is_empty() {
        return Expr::Const(false);
    }
    if inf.table.iter().all(|v| *v != Some(false)) {
        return Expr::Const(true);
    }
    // An implicant is (value, care-mask) over k bits.
    let mut level: Vec<(usize, usize)> = (0..inf.table.len())
        .filter(|&x| inf.table[x] != Some(false))
        .map(|x| (x, (1 << k) - 1))
        .collect();
    let mut primes: Vec<(usize, usize)> = Vec::new();
    while !level.is_empty() {
        let mut merged = vec![false; level.len()];
        let mut next: Vec<(usize, usize)> = Vec::new();
        for i in 0..level.len() {
            for j in i + 1..level.len() {
                let (a, b) = (level[i], level[j]);
                let diff = a.0 ^ b.0;
                if a.1 == b.1 && diff.count_ones() == 1 && diff & a.1 != 0 {
                    merged[i] = true;
                    merged[j] = true;
                    let m = (a.0 & !diff, a.1 & !diff);
                    if !next.contains(&m) {
                        next.push(m);
                    }
                }
            }
        }
        primes.extend(level.iter().zip(&merged).filter(|(_, m)| !**m).map(|(p, _)| *p));
        level = next;
    }
    let covers = |p: &(usize, usize), x: usize| x & p.1 == p.0;
    let mut uncovered = ones.clone();
    let mut chosen = Vec::new();
    while !uncovered.is_empty() {
        let best = primes
            .iter()
            .max_by_key(|p| {
                (
                    uncovered.iter().filter(|&&x| covers(p, x)).count(),
                    usize::MAX - p.1.count_ones() as usize,
                )
            })
            .copied()
            .unwrap();
        uncovered.retain(|&x| !covers(&best, x));
        chosen.push(best);
    }
    let term = |p: &(usize, usize)| {
        let lits: Vec<Expr> = (0..k)
            .filter(|b| p.1 >> b & 1 == 1)
            .map(|b| {
                let g = Expr::Gene(inf.regulators[b]);
                if p.0 >> b & 1 == 1 {
                    g
                } else {
                    Expr::Not(Box::new(g))
                }
            })
            .collect();
        if lits.len() == 1 {
            lits.into_iter().next().unwrap()
        } else {
            Expr::And(lits)
        }
    };
    let mut terms: Vec<Expr> = chosen.iter().map(term).collect();
    if terms.len() == 1 {
        terms.pop().unwrap()
    } else {
        Expr::Or(terms)
    }
}

/// Candidate rules the search fits: for each of `genes` targets every regulator subset of
/// size ≤ k.
pub fn candidates(genes: usize, k: usize) -> u128 {
    let choose = |n: u128, r: u128| (0..r).fold(1u128, |acc, i| acc * (n - i) / (i + 1));
    genes as u128
        * (0..=k.min(genes) as u128)
            .map(|s| choose(genes as u128, s))
            .sum::<u128>()
}

/// Candidate rules the CLI fits at most; the page allows fewer (it runs on the page's thread).
pub const CLI_CANDIDATES: u128 = 200_000_000;
pub const PAGE_CANDIDATES: u128 = 2_000_000;

/// Refuses a search larger than `limit` candidate rules, naming the numbers.
pub fn check_size(genes: usize, k: usize, limit: u128) -> Result<(), String> {
    let c = candidates(genes, k);
    if c > limit {
        return Err(format!(
            "{genes} genes with up to {k} regulators each means {c} candidate rules; at most {limit} here: lower the \
            number of regulators"
        ));
    }
    Ok(())
}

/// Infers every gene's rule; returns the rules and each rule's agreement.
pub fn infer(m: &Matrix, max_regulators: usize) -> (Rules, Vec<f64>) {
    let ps = pairs(m);
    let n = m.genes.len();
    let fits: Vec<Inferred> = (0..n).map(|g| infer_gene(&ps, n, g, max_regulators)).collect();
    let rules = Rules {
        genes: m.genes.clone(),
        exprs: fits.iter().map(minimise).collect(),
        lines: vec![0; n],
        warnings: vec![],
    };
    (rules, fits.iter().map(|f| f.agreement).collect())
}

/// BoolNet text with each rule's agreement score as a comment.
pub fn to_bnet_scored(rules: &Rules, agreement: &[f64]) -> String {
    let mut out = String::from("targets, factors\n# inferred by devcircuit (temporal-causal agreement maximisation)\n");
    for (g, name) in rules.genes.iter().enumerate() {
        let mut e = String::new();
        expr_text(&rules.exprs[g], &rules.genes, &mut e);
        out.push_str(&format!("{name}, {e}  # agreement {:.4}\n", agreement[g]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_search_size_is_counted_and_bounded() {
        assert_eq!(candidates(4, 2), 4 * (1 + 4 + 6));
        assert!(check_size(15, 3, PAGE_CANDIDATES).is_ok());
        let e = check_size(100, 6, PAGE_CANDIDATES).unwrap_err();
        assert!(
            e.contains("100 genes with up to 6 regulators") && e.contains("lower"),
            "{e}"
        );
    }
}
