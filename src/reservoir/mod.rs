//! Reservoir computing on the grown circuit without Burn: the fixed recurrent layer driven by
//! generated signals, a closed-form ridge readout, and the standard tasks (memory, NARMA, delay).

pub mod delay;
pub mod echo;
mod error;
pub mod memory;
pub mod narma;
pub mod rho;
pub mod ridge;

pub use error::TaskError;

use crate::rng::{Purpose, Stream};

/// Steps discarded before any state is used, then steps to fit the readout, then held-out steps.
pub const WASHOUT: usize = 200;
pub const TRAIN_STEPS: usize = 2000;
pub const TEST_STEPS: usize = 1000;

/// h_{t+1} = (1 − α) h_t + α tanh(W_in u_t + Wᵀ h_t) (α = 1: the plain tanh layer): W row =
/// presynaptic, input only into `inputs` neurons.
#[derive(Clone, Debug)]
pub struct Esn {
    pub n: usize,
    /// n×n, w[i * n + j] from neuron i onto neuron j.
    pub w: Vec<f64>,
    /// n×channels input weights, zero for neurons outside the input set.
    pub w_in: Vec<f64>,
    pub channels: usize,
    /// Neurons whose states the readout sees.
    pub readout: Vec<usize>,
    /// Leak rate α in (0, 1].
    pub leak: f64,
    /// Per-neuron gain and bias from intrinsic plasticity, tanh(gain·z + bias); None = plain units.
    pub units: Option<(Vec<f64>, Vec<f64>)>,
}

impl Esn {
    /// Input weights uniform in [−scale, scale] for each input neuron and channel, drawn from
    /// the seeded generator (`seed` = the initialisation seed).
    pub fn new(
        w: Vec<f64>,
        n: usize,
        inputs: &[usize],
        readout: Vec<usize>,
        channels: usize,
        scale: f64,
        seed: u64,
    ) -> Esn {
        let mut w_in = vec![0.0; n * channels];
        let mut rng = Stream::new(seed, 0, 0, Purpose::TaskInput);
        for &i in inputs {
            for c in 0..channels {
                w_in[i * channels + c] = (rng.uniform() * 2.0 - 1.0) * scale;
            }
        }
        Esn {
            n,
            w,
            w_in,
            channels,
            readout,
            leak: 1.0,
            units: None,
        }
    }

    /// The same layer with leaky-integrator units of rate `alpha`.
    pub fn with_leak(self, alpha: f64) -> Esn {
        Esn { leak: alpha, ..self }
    }

    /// The same layer with per-neuron gains and biases (None keeps plain tanh units).
    pub fn with_units(self, units: Option<(Vec<f64>, Vec<f64>)>) -> Esn {
        Esn { units, ..self }
    }

    /// One step from `h` under input `u` (len = channels) into `next`.
    pub fn step(&self, h: &[f64], u: &[f64], next: &mut [f64]) {
        let n = self.n;
        for (j, x) in next.iter_mut().enumerate() {
            *x = (0..self.channels)
                .map(|c| self.w_in[j * self.channels + c] * u[c])
                .sum();
        }
        for (i, &hi) in h.iter().enumerate() {
            if hi != 0.0 {
                let row = &self.w[i * n..(i + 1) * n];
                for (x, &wij) in next.iter_mut().zip(row) {
                    *x += hi * wij;
                }
            }
        }
        if let Some((gain, bias)) = &self.units {
            next.iter_mut()
                .zip(gain.iter().zip(bias))
                .for_each(|(x, (g, b))| *x = g * *x + b);
        }
        if self.leak == 1.0 {
            next.iter_mut().for_each(|x| *x = libm::tanh(*x));
        } else {
            let a = self.leak;
            next.iter_mut()
                .zip(h)
                .for_each(|(x, &hi)| *x = (1.0 - a) * hi + a * libm::tanh(*x));
        }
    }

    /// Read-out states after each input step (T × readout, row-major), from h = 0.
    pub fn states(&self, u: &[f64]) -> Vec<f64> {
        let steps = u.len() / self.channels.max(1);
        let mut h = vec![0.0; self.n];
        let mut next = vec![0.0; self.n];
        let mut out = Vec::with_capacity(steps * self.readout.len());
        for t in 0..steps {
            self.step(&h, &u[t * self.channels..(t + 1) * self.channels], &mut next);
            std::mem::swap(&mut h, &mut next);
            out.extend(self.readout.iter().map(|&i| h[i]));
        }
        out
    }
}

/// Uniform draws in [lo, hi) from the task-signal stream of `seed` (stream `id`).
pub fn uniform_signal(len: usize, lo: f64, hi: f64, seed: u64, id: u64) -> Vec<f64> {
    let mut rng = Stream::new(seed, id, 0, Purpose::TaskSignal);
    (0..len).map(|_| lo + (hi - lo) * rng.uniform()).collect()
}

/// Squared Pearson correlation (0 when either side is constant).
pub fn r_squared(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    let constant = |v: &[f64]| v.iter().all(|x| *x == v[0]);
    if n < 2.0 || constant(a) || constant(b) {
        return 0.0;
    }
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa <= 0.0 || sbb <= 0.0 {
        0.0
    } else {
        sab * sab / (saa * sbb)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_neuron_without_recurrence_follows_its_input() {
        let esn = Esn {
            n: 1,
            w: vec![0.0],
            w_in: vec![0.5],
            channels: 1,
            readout: vec![0],
            leak: 1.0,
            units: None,
        };
        let s = esn.states(&[1.0, -1.0, 0.0]);
        assert_eq!(s, vec![libm::tanh(0.5), libm::tanh(-0.5), 0.0]);
        // Leak 0.5: h1 = 0.5·tanh(0.5), h2 = 0.5·h1 + 0.5·tanh(−0.5) = −0.25·tanh(0.5).
        let leaky = esn.with_leak(0.5).states(&[1.0, -1.0]);
        assert!((leaky[0] - 0.5 * libm::tanh(0.5)).abs() < 1e-15 && (leaky[1] + 0.25 * libm::tanh(0.5)).abs() < 1e-15);
        assert!((r_squared(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]) - 1.0).abs() < 1e-12);
        assert_eq!(r_squared(&[1.0, 1.0], &[2.0, 3.0]), 0.0);
    }
}
