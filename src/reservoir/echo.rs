//! The echo-state property in practice: two different initial states under the same input
//! converge (the network forgets where it started) within a fixed number of steps.

use super::{uniform_signal, Esn};
use crate::rng::{Purpose, Stream};

pub const ECHO_STEPS: usize = 1000;
/// Largest state difference, after `ECHO_STEPS`, for which the property is said to hold.
pub const ECHO_TOLERANCE: f64 = 1e-6;

/// (holds, max |h − h'|) after driving from 0 and from a seeded state in [−1, 1]ⁿ.
pub fn echo_state(esn: &Esn, seed: u64) -> (bool, f64) {
    let u = uniform_signal(ECHO_STEPS * esn.channels, -1.0, 1.0, seed, 4);
    let mut rng = Stream::new(seed, 0, 0, Purpose::EchoState);
    let mut a = vec![0.0; esn.n];
    let mut b: Vec<f64> = (0..esn.n).map(|_| rng.uniform() * 2.0 - 1.0).collect();
    let mut next = vec![0.0; esn.n];
    for t in 0..ECHO_STEPS {
        let ut = &u[t * esn.channels..(t + 1) * esn.channels];
        esn.step(&a, ut, &mut next);
        std::mem::swap(&mut a, &mut next);
        esn.step(&b, ut, &mut next);
        std::mem::swap(&mut b, &mut next);
    }
    let d = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max);
    (d < ECHO_TOLERANCE, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contracting_networks_forget_and_strong_self_excitation_does_not() {
        let small = Esn::new(vec![0.5, 0.0, 0.0, 0.5], 2, &[0, 1], vec![0, 1], 1, 0.1, 1);
        assert!(echo_state(&small, 1).0);
        // Self-weight 3 with no input is bistable: +x and −x stay apart forever.
        let bistable = Esn::new(vec![3.0], 1, &[], vec![0], 1, 0.0, 1);
        let (holds, d) = echo_state(&bistable, 1);
        assert!(!holds && d > 0.1, "{d}");
    }
}
