//! Homeostatic synaptic scaling (Turrigiano et al. 1998): each neuron multiplies all its
//! incoming weights by 1 + η(r* − r̄), r̄ its running mean activity |y|, toward the target rate r*.

/// Time constant (steps) of the running mean activity.
pub const TAU: f64 = 100.0;

/// Updates the running mean `avg` of |y| and returns the factor for the neuron's incoming weights
/// (kept in [0.5, 2] per step so one step never silences or explodes a neuron).
pub fn factor(avg: &mut f64, y: f64, target: f64, rate: f64) -> f64 {
    *avg += (y.abs() - *avg) / TAU;
    (1.0 + rate * (target - *avg)).clamp(0.5, 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A neuron y = tanh(g·z) on a fixed input, its gain g scaled: the mean |y| settles at r*.
    #[test]
    fn a_neuron_settles_at_the_target_rate() {
        for target in [0.1, 0.3, 0.6] {
            let (mut g, mut avg) = (2.0, 0.0);
            for t in 0..50_000 {
                let z = if t % 2 == 0 { 1.0 } else { -0.5 };
                g *= factor(&mut avg, libm::tanh(g * z), target, 0.01);
            }
            assert!((avg - target).abs() < 0.01, "target {target}: mean |y| {avg}");
        }
    }
}
