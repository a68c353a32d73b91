//! The plasticity phase: drive the layer with independent noise into every neuron, apply the
//! rule each step (pruning at the end), rescale synaptic rules back to ρ, and report what changed.

use super::{intrinsic, oja, prune, scaling, Layer, Plasticity, Rule};
use crate::circuit::recurrent::spectral_radius;
use crate::rng::{Purpose, Stream};
use serde::{Deserialize, Serialize};

/// Samples kept of each traced quantity over the phase.
const TRACE_POINTS: usize = 40;
/// Quantities traced (neuron gains, synapse weights or neuron activity).
const TRACED: usize = 4;

/// What the phase did, for the viewer and the record.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub rule: String,
    pub steps: usize,
    /// Connected ordered pairs before and after (pruning removes some).
    pub synapses_before: usize,
    pub synapses_after: usize,
    /// Spectral radius of W before, of gain-weighted W after the rule, and as frozen (after
    /// synaptic rules are rescaled to the run's ρ).
    pub radius_before: f64,
    pub radius_rule: f64,
    pub radius_after: f64,
    /// Mean |y| of the neurons over the last tenth of the phase.
    pub mean_activity: f64,
    /// What each trace follows ("gain #3" of neuron 3, "w 5→12", "|y| #0").
    pub trace_labels: Vec<String>,
    /// `TRACED` series sampled every `steps / TRACE_POINTS` steps.
    pub trace: Vec<Vec<f64>>,
}

/// The frozen layer and its report.
#[derive(Clone, Debug)]
pub struct Phase {
    pub layer: Layer,
    pub report: Report,
}

/// W with column j scaled by gain j: the recurrent matrix the units effectively see.
pub fn effective(layer: &Layer, n: usize) -> Vec<f64> {
    let mut w = layer.w.clone();
    w.chunks_mut(n)
        .for_each(|row| row.iter_mut().zip(&layer.gain).for_each(|(x, g)| *x *= g));
    w
}

/// The `TRACED` synapses of largest |w| (ties: lower index), as indices into W.
fn strongest(w: &[f64]) -> Vec<usize> {
    let mut k: Vec<usize> = (0..w.len()).filter(|&k| w[k] != 0.0).collect();
    k.sort_by(|&a, &b| w[b].abs().total_cmp(&w[a].abs()).then(a.cmp(&b)));
    k.truncate(TRACED);
    k
}

struct Drive {
    h: Vec<f64>,
    z: Vec<f64>,
    y: Vec<f64>,
    rng: Stream,
}

impl Drive {
    /// One step: z = noise + Wᵀh, y = tanh(gain·z + bias), h ← (1 − α)h + αy (h keeps the
    /// presynaptic state until the rule has seen it: call `advance` after).
    fn step(&mut self, p: &Plasticity, layer: &Layer, n: usize) {
        for z in self.z.iter_mut() {
            *z = (self.rng.uniform() * 2.0 - 1.0) * p.noise;
        }
        for (i, &hi) in self.h.iter().enumerate() {
            if hi != 0.0 {
                self.z
                    .iter_mut()
                    .zip(&layer.w[i * n..(i + 1) * n])
                    .for_each(|(z, w)| *z += hi * w);
            }
        }
        for j in 0..n {
            self.y[j] = libm::tanh(layer.gain[j] * self.z[j] + layer.bias[j]);
        }
    }

    fn advance(&mut self, leak: f64) {
        self.h
            .iter_mut()
            .zip(&self.y)
            .for_each(|(h, y)| *h = (1.0 - leak) * *h + leak * y);
    }
}

/// What the rules keep between steps: each synapse's sign and each neuron's input norm at the
/// start (Oja), the running mean |y| (scaling), and each synapse's summed |w·x| (pruning).
struct State {
    sign: Vec<f64>,
    norm: Vec<f64>,
    avg: Vec<f64>,
    usage: Vec<f64>,
}

impl State {
    fn new(w: &[f64], n: usize) -> State {
        let norm = (0..n)
            .map(|j| libm::sqrt((0..n).map(|i| w[i * n + j] * w[i * n + j]).sum::<f64>()))
            .collect();
        State {
            sign: w.iter().map(|v| if *v == 0.0 { 0.0 } else { v.signum() }).collect(),
            norm,
            avg: vec![0.0; n],
            usage: vec![0.0; n * n],
        }
    }
}

/// One step of a rule that acts every step (pruning only counts usage).
fn learn(p: &Plasticity, d: &Drive, layer: &mut Layer, state: &mut State, n: usize) {
    match p.rule {
        Rule::None => {}
        Rule::Ip => {
            let t = intrinsic::Target {
                mean: p.ip_mean,
                sd: p.ip_sd,
                rate: p.rate,
            };
            for j in 0..n {
                intrinsic::update(&t, d.z[j], d.y[j], &mut layer.gain[j], &mut layer.bias[j]);
            }
        }
        Rule::Oja => {
            for j in 0..n {
                let mut m: Vec<f64> = (0..n).map(|i| layer.w[i * n + j].abs()).collect();
                for (i, m) in m.iter_mut().enumerate() {
                    if state.sign[i * n + j] != 0.0 {
                        oja::hebb_signed(m, state.sign[i * n + j], d.h[i], d.y[j], p.rate);
                    }
                }
                oja::renormalise(&mut m, state.norm[j]);
                (0..n).for_each(|i| layer.w[i * n + j] = state.sign[i * n + j] * m[i]);
            }
        }
        Rule::Scaling => {
            for j in 0..n {
                let f = scaling::factor(&mut state.avg[j], d.y[j], p.target_rate, p.rate);
                (0..n).for_each(|i| layer.w[i * n + j] *= f);
            }
        }
        Rule::Prune => {
            for (i, &x) in d.h.iter().enumerate() {
                for j in 0..n {
                    state.usage[i * n + j] += (layer.w[i * n + j] * x).abs();
                }
            }
        }
    }
}

/// What the traces follow for this rule.
fn traced(p: &Plasticity, w: &[f64], n: usize) -> (Vec<usize>, Vec<String>) {
    match p.rule {
        Rule::Oja | Rule::Scaling => {
            let k = strongest(w);
            let labels = k.iter().map(|k| format!("w {}→{}", k / n, k % n)).collect();
            (k, labels)
        }
        Rule::Ip => (
            (0..TRACED.min(n)).collect(),
            (0..TRACED.min(n)).map(|j| format!("gain #{j}")).collect(),
        ),
        _ => (
            (0..TRACED.min(n)).collect(),
            (0..TRACED.min(n)).map(|j| format!("|y| #{j}")).collect(),
        ),
    }
}

fn sample(p: &Plasticity, layer: &Layer, d: &Drive, which: &[usize]) -> Vec<f64> {
    which
        .iter()
        .map(|&k| match p.rule {
            Rule::Oja | Rule::Scaling => layer.w[k],
            Rule::Ip => layer.gain[k],
            _ => d.y[k].abs(),
        })
        .collect()
}

/// Runs the phase on `w` (n×n, row = presynaptic). Synaptic rules (oja, scaling, prune) are
/// rescaled to `rho` afterwards when the run scales W to a spectral radius, so plasticity
/// redistributes weight at the ρ the user chose; intrinsic plasticity changes the units only.
pub fn apply(p: &Plasticity, w: Vec<f64>, n: usize, rho: Option<f64>) -> Phase {
    let radius_before = spectral_radius(&w, n);
    let synapses_before = w.iter().filter(|x| **x != 0.0).count();
    let mut layer = Layer::fixed(w, n);
    let (which, trace_labels) = traced(p, &layer.w, n);
    let mut trace = vec![Vec::new(); which.len()];
    let every = (p.steps / TRACE_POINTS).max(1);
    let mut d = Drive {
        h: vec![0.0; n],
        z: vec![0.0; n],
        y: vec![0.0; n],
        rng: Stream::new(p.seed, 0, 0, Purpose::Plasticity),
    };
    let mut state = State::new(&layer.w, n);
    let (mut activity, tail) = (0.0, (p.steps / 10).max(1));
    for t in 0..p.steps {
        d.step(p, &layer, n);
        learn(p, &d, &mut layer, &mut state, n);
        d.advance(p.leak);
        if t + tail >= p.steps {
            activity += d.y.iter().map(|y| y.abs()).sum::<f64>() / n.max(1) as f64 / tail as f64;
        }
        if t % every == 0 {
            sample(p, &layer, &d, &which)
                .into_iter()
                .zip(&mut trace)
                .for_each(|(v, s)| s.push(v));
        }
    }
    if p.rule == Rule::Prune {
        prune::prune(&mut layer.w, &state.usage, p.prune_fraction);
    }
    let radius_rule = spectral_radius(&effective(&layer, n), n);
    if let (Rule::Oja | Rule::Scaling | Rule::Prune, Some(rho)) = (p.rule, rho) {
        if radius_rule > 0.0 {
            layer.w.iter_mut().for_each(|x| *x *= rho / radius_rule);
        }
    }
    let report = Report {
        rule: p.rule.name().to_string(),
        steps: p.steps,
        synapses_before,
        synapses_after: layer.w.iter().filter(|x| **x != 0.0).count(),
        radius_before,
        radius_rule,
        radius_after: spectral_radius(&effective(&layer, n), n),
        mean_activity: activity,
        trace_labels,
        trace,
    };
    Phase { layer, report }
}
