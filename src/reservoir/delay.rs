//! Delayed classification: trials back to back, each a one-step pulse on one of C noisy input
//! channels (the class), then D steps of noise only; the class is read out at the trial's end.

use super::{ridge, Esn};
use crate::reservoir::memory::Score;
use crate::rng::{Purpose, Stream};

/// Classes (input channels) of the delay task.
pub const CLASSES: usize = 4;
/// Every input channel carries uniform noise in ±NOISE at every step (the pulse adds 1 to
/// its class's channel), so the memory of a pulse has to survive a stream of distractors.
pub const NOISE: f64 = 0.3;
/// Trials discarded, fitted and held out.
pub const WASHOUT_TRIALS: usize = 20;
pub const TRAIN_TRIALS: usize = 600;
pub const TEST_TRIALS: usize = 300;

/// Held-out accuracy at delay `d` (one stream of trials of length d + 1).
fn accuracy_at(esn: &Esn, seed: u64, lambda: f64, d: usize) -> Result<f64, super::TaskError> {
    let trials = WASHOUT_TRIALS + TRAIN_TRIALS + TEST_TRIALS;
    let mut rng = Stream::new(seed, 3, 0, Purpose::TaskSignal);
    let classes: Vec<usize> = (0..trials).map(|_| rng.below(CLASSES as u64) as usize).collect();
    let len = d + 1;
    let mut u = super::uniform_signal(trials * len * CLASSES, -NOISE, NOISE, seed, 5 + d as u64);
    for (t, &c) in classes.iter().enumerate() {
        u[t * len * CLASSES + c] += 1.0;
    }
    let states = esn.states(&u);
    let k = esn.readout.len();
    let read = |t: usize| &states[((t + 1) * len - 1) * k..(t + 1) * len * k];
    let features = |from: usize, n: usize| -> Vec<f64> { (from..from + n).flat_map(|t| read(t).to_vec()).collect() };
    let one_hot: Vec<f64> = classes[WASHOUT_TRIALS..WASHOUT_TRIALS + TRAIN_TRIALS]
        .iter()
        .flat_map(|&c| (0..CLASSES).map(move |j| (j == c) as u8 as f64))
        .collect();
    let fit = ridge::fit(
        &features(WASHOUT_TRIALS, TRAIN_TRIALS),
        TRAIN_TRIALS,
        k,
        &one_hot,
        CLASSES,
        lambda,
    )?;
    let test_from = WASHOUT_TRIALS + TRAIN_TRIALS;
    let scores = fit.predict(&features(test_from, TEST_TRIALS));
    let correct = scores
        .chunks(CLASSES)
        .zip(&classes[test_from..])
        .filter(|(s, &c)| argmax(s) == c)
        .count();
    Ok(correct as f64 / TEST_TRIALS as f64)
}

fn argmax(v: &[f64]) -> usize {
    v.iter()
        .enumerate()
        .fold(0, |best, (i, x)| if *x > v[best] { i } else { best })
}

/// Accuracy for every delay 0…`delay` (the curve); the metric is the accuracy at `delay`.
pub fn delayed_classification(esn: &Esn, seed: u64, lambda: f64, delay: usize) -> Result<Score, super::TaskError> {
    let curve = (0..=delay)
        .map(|d| accuracy_at(esn, seed, lambda, d))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Score {
        metric: *curve.last().unwrap_or(&0.0),
        curve,
        floor: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_recurrence_answers_at_once_and_guesses_after_any_delay() {
        let n = 6;
        let e = Esn::new(
            vec![0.0; n * n],
            n,
            &(0..n).collect::<Vec<_>>(),
            (0..n).collect(),
            CLASSES,
            1.0,
            2,
        );
        let s = delayed_classification(&e, 1, 1e-6, 3).unwrap();
        assert!(s.curve[0] > 0.99, "{:?}", s.curve);
        assert!(s.curve[1..].iter().all(|&a| a < 0.4), "{:?}", s.curve);
    }

    #[test]
    fn a_delay_line_carries_the_class_as_far_as_it_reaches() {
        // Four parallel shift registers, one per class channel, three stages deep.
        let (lanes, depth) = (CLASSES, 3);
        let n = lanes * depth;
        let mut w = vec![0.0; n * n];
        for l in 0..lanes {
            for s in 0..depth - 1 {
                w[(l * depth + s) * n + l * depth + s + 1] = 1.0;
            }
        }
        let mut e = Esn::new(w, n, &[], (0..n).collect(), CLASSES, 0.0, 1);
        for l in 0..lanes {
            e.w_in[l * depth * CLASSES + l] = 0.5;
        }
        let s = delayed_classification(&e, 4, 1e-9, depth).unwrap();
        assert!(s.curve[..depth].iter().all(|&a| a > 0.97), "{:?}", s.curve);
        assert!(s.metric < 0.4, "{:?}", s.curve);
    }
}
