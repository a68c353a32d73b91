//! Oja's rule (Oja 1982) on the synapses a circuit has: Δw = η·y·(x − y·w) for each input x of
//! a neuron with output y — Hebbian growth with a decay that keeps each neuron's input vector at unit norm.

/// One update of a neuron's input weights `w` from its inputs `x` and its output `y`.
pub fn update(w: &mut [f64], x: &[f64], y: f64, rate: f64) {
    for (wi, xi) in w.iter_mut().zip(x) {
        *wi += rate * y * (xi - y * *wi);
    }
}

/// One update of a synapse of sign `sign` (+1 excitatory, −1 inhibitory presynaptic neuron) and
/// magnitude `m` ≥ 0: Oja's rule on the signed input `sign·x`, the magnitude kept ≥ 0 so Dale's
/// sign never flips (a synapse driven below zero falls silent at 0).
pub fn update_signed(m: &mut f64, sign: f64, x: f64, y: f64, rate: f64) {
    *m = (*m + rate * y * (sign * x - y * *m)).max(0.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    /// A linear neuron y = w·x on 2-D inputs with covariance [[3, 1], [1, 2]] learns the unit
    /// principal eigenvector (±(0.851, 0.526)).
    #[test]
    fn converges_to_the_principal_direction_of_a_2d_input() {
        let mut rng = Stream::new(3, 0, 0, Purpose::Test);
        // x = L·g with L Lᵀ = [[3, 1], [1, 2]] (Cholesky), g standard normal.
        let (l11, l21) = (3f64.sqrt(), 1.0 / 3f64.sqrt());
        let l22 = (2.0 - l21 * l21).sqrt();
        let mut w = [0.3, -0.2];
        for _ in 0..100_000 {
            let (g1, g2) = (rng.normal(), rng.normal());
            let x = [l11 * g1, l21 * g1 + l22 * g2];
            let y = w[0] * x[0] + w[1] * x[1];
            update(&mut w, &x, y, 0.002);
        }
        // Principal eigenvector of [[3,1],[1,2]]: eigenvalue (5 + √5)/2, direction (1, λ − 3).
        let lambda = (5.0 + 5f64.sqrt()) / 2.0;
        let v = [1.0, lambda - 3.0];
        let nv = (v[0] * v[0] + v[1] * v[1]).sqrt();
        let cos = (w[0] * v[0] + w[1] * v[1]) / nv / (w[0] * w[0] + w[1] * w[1]).sqrt();
        let norm = (w[0] * w[0] + w[1] * w[1]).sqrt();
        assert!(cos.abs() > 0.995 && (norm - 1.0).abs() < 0.05, "w = {w:?}, cos {cos}, |w| {norm}");
    }

    #[test]
    fn a_signed_synapse_never_changes_sign() {
        let mut m = 0.01;
        for k in 0..1000 {
            let x = if k % 2 == 0 { 1.0 } else { 0.5 };
            update_signed(&mut m, -1.0, x, 0.9, 0.1);
            assert!(m >= 0.0);
        }
        assert_eq!(m, 0.0, "an inhibitory synapse onto a neuron firing with its input falls silent");
    }
}
