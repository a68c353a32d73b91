//! Null models keep exactly what they say, on seeds 1-20: every null keeps the neurons, their
//! E/I signs and the synapse total; block keeps layer-block totals, shuffled keeps every
//! degree, spatial follows the distance kernel; none of them makes a self-synapse.

use devcircuit::circuit::baselines::{block_like, random_like, shuffled_like, spatial_like};
use devcircuit::circuit::Circuit;
use devcircuit::development::{grow, network_from_text, Params};
use devcircuit::grn::CORTEX15;

fn grown(seed: u64) -> Circuit {
    let (net, ids) = network_from_text(CORTEX15).unwrap();
    grow(&net, ids, &Params::default(), seed).unwrap().circuit
}

fn same_neurons_signs_total(a: &Circuit, b: &Circuit, what: &str) {
    assert_eq!(
        a.neurons.iter().map(|n| n.id).collect::<Vec<_>>(),
        b.neurons.iter().map(|n| n.id).collect::<Vec<_>>(),
        "{what}: neurons"
    );
    assert_eq!(a.inhibitory, b.inhibitory, "{what}: signs");
    assert_eq!(a.synapses(), b.synapses(), "{what}: synapse total");
    assert!((0..b.len()).all(|i| b.count(i, i) == 0), "{what}: a self-synapse");
}

fn degrees(c: &Circuit) -> (Vec<u64>, Vec<u64>) {
    let n = c.len();
    (
        (0..n).map(|j| (0..n).map(|i| c.count(i, j) as u64).sum()).collect(),
        (0..n).map(|i| (0..n).map(|j| c.count(i, j) as u64).sum()).collect(),
    )
}

fn blocks(c: &Circuit) -> Vec<u64> {
    let mut b = vec![0u64; 9];
    let layer = |i: usize| c.neurons[i].layer as usize;
    for i in 0..c.len() {
        for j in 0..c.len() {
            b[layer(i) * 3 + layer(j)] += c.count(i, j) as u64;
        }
    }
    b
}

#[test]
fn each_null_keeps_exactly_what_it_states() {
    for seed in 1..=20 {
        let g = grown(seed);
        for (what, null) in [
            ("random", random_like(&g, seed)),
            ("shuffled", shuffled_like(&g, seed)),
            ("block", block_like(&g, seed)),
            ("spatial", spatial_like(&g, Params::default().sigma, seed)),
        ] {
            same_neurons_signs_total(&g, &null, &format!("seed {seed} {what}"));
            assert_ne!(null.counts, g.counts, "seed {seed} {what} is the grown circuit");
        }
        assert_eq!(
            degrees(&shuffled_like(&g, seed)),
            degrees(&g),
            "seed {seed}: shuffled degrees"
        );
        assert_eq!(blocks(&block_like(&g, seed)), blocks(&g), "seed {seed}: block totals");
        assert_ne!(
            blocks(&random_like(&g, seed)),
            blocks(&g),
            "seed {seed}: random kept the blocks by chance"
        );
    }
}

#[test]
fn spatial_follows_the_distance_kernel_and_ignores_expression() {
    let g = grown(1);
    let n = g.len();
    let sigma = 20.0; // narrow enough that the kernel varies strongly across the cluster
    let s = spatial_like(&g, sigma, 1);
    let kernel = |i: usize, j: usize| {
        let (p, q) = (g.neurons[i].pos, g.neurons[j].pos);
        (-(0..3).map(|k| (p[k] - q[k]).powi(2)).sum::<f64>() / (2.0 * sigma * sigma)).exp()
    };
    let pairs: Vec<(usize, usize)> = (0..n)
        .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
        .collect();
    let total_k: f64 = pairs.iter().map(|&(i, j)| kernel(i, j)).sum();
    let expected: Vec<f64> = pairs
        .iter()
        .map(|&(i, j)| kernel(i, j) / total_k * s.synapses() as f64)
        .collect();
    let observed: Vec<f64> = pairs.iter().map(|&(i, j)| s.count(i, j) as f64).collect();
    let (me, mo) = (
        expected.iter().sum::<f64>() / expected.len() as f64,
        observed.iter().sum::<f64>() / observed.len() as f64,
    );
    let cov: f64 = expected.iter().zip(&observed).map(|(e, o)| (e - me) * (o - mo)).sum();
    let r = cov
        / (expected.iter().map(|e| (e - me).powi(2)).sum::<f64>().sqrt()
            * observed.iter().map(|o| (o - mo).powi(2)).sum::<f64>().sqrt());
    assert!(r > 0.95, "counts vs kernel correlation {r}");
}
