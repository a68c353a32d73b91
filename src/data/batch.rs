//! Batching: a seeded order of the training set per epoch and batches as normalised f32
//! (pixel / 255, centred per dataset) ready to become tensors.

use super::Split;
use crate::rng::{Purpose, Stream};

pub struct Batch {
    pub images: Vec<f32>,
    pub labels: Vec<i64>,
    pub size: usize,
}

/// Order of training indices for an epoch, seeded by (data seed, epoch).
pub fn batch_order(n: usize, seed: u64, epoch: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    Stream::new(seed, 0, epoch, Purpose::DataOrder).shuffle(&mut order);
    order
}

/// Pixels → f32 in [−0.5, 0.5].
pub fn make_batch(split: &Split, indices: &[usize]) -> Batch {
    let mut images = Vec::with_capacity(indices.len() * split.dims);
    let mut labels = Vec::with_capacity(indices.len());
    for &i in indices {
        images.extend(split.image(i).iter().map(|&p| p as f32 / 255.0 - 0.5));
        labels.push(split.labels[i] as i64);
    }
    Batch {
        images,
        labels,
        size: indices.len(),
    }
}
