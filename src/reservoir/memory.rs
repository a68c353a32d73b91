//! Memory capacity (Jaeger 2001): i.i.d. uniform input in [−1, 1], one linear readout per
//! delay k, MC_k = r² between u(t−k) and its reconstruction on held-out steps; MC = Σ_{k≥1} MC_k.
//! Its floor is the same sum for a signal the reservoir never saw: the estimator's own bias.

use super::{r_squared, ridge, uniform_signal, Esn, TEST_STEPS, TRAIN_STEPS, WASHOUT};

/// A task's score: the headline metric and its curve (per delay) where it has one.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Score {
    pub metric: f64,
    /// Value per delay, starting at delay 0.
    pub curve: Vec<f64>,
    /// The metric for targets independent of the input (memory capacity only), the value a
    /// reservoir with no memory at all would score with this many readout neurons and steps.
    pub floor: Option<f64>,
}

/// Held-out r² between each signal's `signal(t − d)` and its ridge reconstruction from the
/// states, for delays 0…`max_delay`: one fit for every signal and delay (one factorisation),
/// a curve per signal.
fn recall_curves(
    states: &[f64],
    k: usize,
    signals: &[&[f64]],
    max_delay: usize,
    lambda: f64,
) -> Result<Vec<Vec<f64>>, super::TaskError> {
    let prefix = WASHOUT.max(max_delay);
    let delays = max_delay + 1;
    let outputs = delays * signals.len();
    let targets = |from: usize, len: usize| -> Vec<f64> {
        (from..from + len)
            .flat_map(|t| signals.iter().flat_map(move |s| (0..delays).map(move |d| s[t - d])))
            .collect()
    };
    let fit = ridge::fit(
        &states[prefix * k..(prefix + TRAIN_STEPS) * k],
        TRAIN_STEPS,
        k,
        &targets(prefix, TRAIN_STEPS),
        outputs,
        lambda,
    )?;
    let test_from = prefix + TRAIN_STEPS;
    let predicted = fit.predict(&states[test_from * k..]);
    let wanted = targets(test_from, TEST_STEPS);
    let column = |m: &[f64], o: usize| -> Vec<f64> { m.iter().skip(o).step_by(outputs).copied().collect() };
    Ok((0..signals.len())
        .map(|s| {
            (0..delays)
                .map(|d| r_squared(&column(&predicted, s * delays + d), &column(&wanted, s * delays + d)))
                .collect()
        })
        .collect())
}

/// MC over delays 1…`max_delay` (the curve also holds delay 0); input from `seed`'s signal.
/// With `floor`, the same fit also reconstructs a second, independent signal of `seed` from
/// the same states (the estimator's floor); a search, which needs only MC, leaves it out.
pub fn memory_capacity(
    esn: &Esn,
    seed: u64,
    lambda: f64,
    max_delay: usize,
    floor: bool,
) -> Result<Score, super::TaskError> {
    let total = WASHOUT.max(max_delay) + TRAIN_STEPS + TEST_STEPS;
    let u = uniform_signal(total, -1.0, 1.0, seed, 1);
    let unseen = uniform_signal(total, -1.0, 1.0, seed, 2);
    let states = esn.states(&u);
    let k = esn.readout.len();
    let signals: Vec<&[f64]> = if floor { vec![&u, &unseen] } else { vec![&u] };
    let curves = recall_curves(&states, k, &signals, max_delay, lambda)?;
    Ok(Score {
        metric: curves[0].iter().skip(1).sum(),
        floor: curves.get(1).map(|f| f.iter().skip(1).sum()),
        curve: curves.into_iter().next().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esn(n: usize, w: Vec<f64>, inputs: &[usize], scale: f64) -> Esn {
        Esn::new(w, n, inputs, (0..n).collect(), 1, scale, 1)
    }

    #[test]
    fn without_recurrence_one_input_neuron_remembers_only_the_present() {
        let e = esn(5, vec![0.0; 25], &[2], 0.2);
        let s = memory_capacity(&e, 3, 1e-9, 10, true).unwrap();
        assert!(s.curve[0] > 0.99, "{:?}", s.curve);
        assert!(s.curve[1..].iter().all(|&c| c < 0.01), "{:?}", s.curve);
        assert!(s.metric < 0.05);
        // Five readout neurons, ten delays, 2000 fitting steps: the floor is small but not 0.
        let floor = s.floor.unwrap();
        assert!(
            floor > 0.0 && floor < 0.05 && (s.metric - floor).abs() < 0.03,
            "{floor} vs {}",
            s.metric
        );
    }

    #[test]
    fn a_delay_line_remembers_as_many_steps_as_it_has_neurons() {
        // Neuron i feeds neuron i+1 with weight 1 (a shift register), input into neuron 0, small
        // signal so tanh is nearly linear: u(t−k) sits in neuron k, delays 0…n−1 are recalled.
        let n = 6;
        let mut w = vec![0.0; n * n];
        for i in 0..n - 1 {
            w[i * n + i + 1] = 1.0;
        }
        let s = memory_capacity(&esn(n, w, &[0], 0.01), 5, 1e-12, 2 * n, true).unwrap();
        assert!(s.curve[..n].iter().all(|&c| c > 0.99), "{:?}", s.curve);
        assert!(s.curve[n + 1..].iter().all(|&c| c < 0.02), "{:?}", s.curve);
        assert!(s.metric > (n - 1) as f64 - 0.1 && s.metric <= n as f64, "{}", s.metric);
    }
}
