//! Oja-normalised Hebbian learning on the synapses a circuit has: w ← c·(w + η·y·x)/‖w + η·y·x‖,
//! Hebbian growth renormalised to the neuron's input norm c (Oja 1982: the rule's exact form).

/// One update of a neuron's input weights `w` from its inputs `x` and output `y`, then
/// renormalised to norm `c` (weights forced to 0 by `floor` stay out of the norm).
pub fn update(w: &mut [f64], x: &[f64], y: f64, rate: f64, c: f64) {
    w.iter_mut().zip(x).for_each(|(wi, xi)| *wi += rate * y * xi);
    renormalise(w, c);
}

/// Scales `w` to Euclidean norm `c` (a zero vector stays zero).
pub fn renormalise(w: &mut [f64], c: f64) {
    let norm = libm::sqrt(w.iter().map(|v| v * v).sum::<f64>());
    if norm > 0.0 {
        w.iter_mut().for_each(|v| *v *= c / norm);
    }
}

/// The Hebbian step of one synapse of sign `sign` (+1 excitatory, −1 inhibitory presynaptic
/// neuron) and magnitude `m` ≥ 0 on the signed input `sign·x`; the magnitude stays ≥ 0 so
/// Dale's sign never flips (a synapse driven below zero falls silent at 0).
pub fn hebb_signed(m: &mut f64, sign: f64, x: f64, y: f64, rate: f64) {
    *m = (*m + rate * y * sign * x).max(0.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    /// A linear neuron y = w·x on 2-D inputs with covariance [[3, 1], [1, 2]] learns the
    /// principal eigenvector (±(0.851, 0.526)) at the norm c asked for.
    #[test]
    fn converges_to_the_principal_direction_of_a_2d_input() {
        for c in [1.0, 0.3] {
            learns_the_principal_direction_at_norm(c);
        }
    }

    fn learns_the_principal_direction_at_norm(c: f64) {
        let mut rng = Stream::new(3, 0, 0, Purpose::Test);
        // x = L·g with L Lᵀ = [[3, 1], [1, 2]] (Cholesky), g standard normal.
        let (l11, l21) = (libm::sqrt(3.0), 1.0 / libm::sqrt(3.0));
        let l22 = libm::sqrt(2.0 - l21 * l21);
        let mut w = [0.3 * c, -0.2 * c];
        for _ in 0..20_000 {
            let (g1, g2) = (rng.normal(), rng.normal());
            let x = [l11 * g1, l21 * g1 + l22 * g2];
            let y = w[0] * x[0] + w[1] * x[1];
            update(&mut w, &x, y, 0.002, c);
        }
        // Principal eigenvector of [[3,1],[1,2]]: eigenvalue (5 + √5)/2, direction (1, λ − 3).
        let lambda = (5.0 + libm::sqrt(5.0)) / 2.0;
        let v = [1.0, lambda - 3.0];
        let norm = libm::hypot(w[0], w[1]);
        let cos = (w[0] * v[0] + w[1] * v[1]) / libm::hypot(v[0], v[1]) / norm;
        assert!(
            cos.abs() > 0.995 && (norm - c).abs() < 1e-12,
            "c {c}: w = {w:?}, cos {cos}, |w| {norm}"
        );
    }

    #[test]
    fn a_signed_synapse_never_changes_sign() {
        let mut m = 0.01;
        for k in 0..1000 {
            let x = if k % 2 == 0 { 1.0 } else { 0.5 };
            hebb_signed(&mut m, -1.0, x, 0.9, 0.1);
            assert!(m >= 0.0);
        }
        assert_eq!(
            m, 0.0,
            "an inhibitory synapse onto a neuron firing with its input falls silent"
        );
    }
}
