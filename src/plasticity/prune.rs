//! Activity-dependent pruning: after the phase, the stated fraction of existing synapses that
//! carried the least signal (mean |w·x| of the presynaptic activity) is removed.

/// Removes round(`fraction` × existing) synapses of `w` (n×n) with the smallest `usage`
/// (ties: the lower index first); returns how many were removed.
pub fn prune(w: &mut [f64], usage: &[f64], fraction: f64) -> usize {
    let mut existing: Vec<usize> = (0..w.len()).filter(|&k| w[k] != 0.0).collect();
    let remove = (fraction.clamp(0.0, 1.0) * existing.len() as f64).round() as usize;
    existing.sort_by(|&a, &b| usage[a].total_cmp(&usage[b]).then(a.cmp(&b)));
    existing[..remove].iter().for_each(|&k| w[k] = 0.0);
    remove
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_exactly_the_stated_fraction_least_used_first() {
        let mut w = vec![0.5, 0.0, -1.0, 0.2, 0.3, 0.0, 0.7, -0.1, 0.9, 0.4];
        let usage = vec![5.0, 0.0, 1.0, 4.0, 0.5, 0.0, 2.0, 3.0, 6.0, 1.0];
        let existing = w.iter().filter(|x| **x != 0.0).count();
        let removed = prune(&mut w, &usage, 0.25);
        assert_eq!(removed, 2); // round(0.25 × 8)
        assert_eq!(w.iter().filter(|x| **x != 0.0).count(), existing - 2);
        assert_eq!(
            (w[4], w[2], w[9]),
            (0.0, 0.0, 0.4),
            "the two least used go; the tie keeps the later one"
        );
        assert_eq!(prune(&mut w.clone(), &usage, 0.0), 0);
        assert_eq!(prune(&mut w, &usage, 1.0), 6);
        assert!(w.iter().all(|x| *x == 0.0));
    }
}
