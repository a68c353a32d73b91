//! How an image becomes a sequence of inputs: the whole image at each of T steps, row t of
//! every channel at step t, or a fixed seeded pixel permutation read a row's worth per step.

use crate::rng::{Purpose, Stream};
use serde::{Deserialize, Serialize};
use strum::{EnumIter, EnumMessage, EnumString, IntoStaticStr};

#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    EnumIter,
    IntoStaticStr,
    EnumString,
    EnumMessage,
)]
#[serde(rename_all = "lowercase")]
#[strum(serialize_all = "lowercase")]
pub enum Encoding {
    #[default]
    #[strum(message = "the whole image at each of T steps")]
    Whole,
    #[strum(message = "row t of every channel at step t")]
    Rows,
    /// One row's worth of pixels (all channels) per step.
    #[strum(message = "pixels in a fixed seeded order, then one row's worth per step")]
    Permuted,
}

impl Encoding {
    pub fn key(self) -> &'static str {
        self.into()
    }

    pub fn parse(s: &str) -> Option<Encoding> {
        s.trim().parse().ok()
    }

    pub fn sequential(self) -> bool {
        self != Encoding::Whole
    }
}

/// The arrangement of one image's values into steps (step-major, contiguous per step).
#[derive(Clone, Debug)]
pub struct Feed {
    pub encoding: Encoding,
    /// Values per step.
    pub input: usize,
    pub steps: usize,
    /// Source index (channel-major image) of each arranged value; empty for `Whole`.
    order: Vec<usize>,
}

impl Feed {
    /// `shape` = [channels, height, width]; `whole_steps` = T of the whole-image encoding;
    /// `seed` keys the permutation (the data-order seed).
    pub fn new(encoding: Encoding, shape: [usize; 3], whole_steps: usize, seed: u64) -> Feed {
        let [c, h, w] = shape;
        if encoding == Encoding::Whole {
            return Feed {
                encoding,
                input: c * h * w,
                steps: whole_steps,
                order: vec![],
            };
        }
        let mut pixels: Vec<usize> = (0..h * w).collect();
        if encoding == Encoding::Permuted {
            Stream::new(seed, 0, 0, Purpose::Permutation).shuffle(&mut pixels);
        }
        let mut order = vec![0; c * h * w];
        for (p, &src) in pixels.iter().enumerate() {
            let (t, x) = (p / w, p % w);
            for ch in 0..c {
                order[t * c * w + ch * w + x] = ch * h * w + src;
            }
        }
        Feed {
            encoding,
            input: c * w,
            steps: h,
            order,
        }
    }

    /// A batch of channel-major images (batch × c·h·w) rearranged for this feed.
    pub fn arrange(&self, images: Vec<f32>) -> Vec<f32> {
        if self.order.is_empty() {
            return images;
        }
        let dims = self.order.len();
        images
            .chunks(dims)
            .flat_map(|img| self.order.iter().map(move |&s| img[s]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3-channel 4×5 image whose value encodes (channel, row, column) as 100c + 10r + x.
    fn image() -> Vec<f32> {
        (0..3)
            .flat_map(|c| (0..4).flat_map(move |r| (0..5).map(move |x| (100 * c + 10 * r + x) as f32)))
            .collect()
    }

    #[test]
    fn rows_feed_row_t_of_every_channel_at_step_t() {
        let f = Feed::new(Encoding::Rows, [3, 4, 5], 5, 1);
        assert_eq!((f.input, f.steps), (15, 4));
        let a = f.arrange(image());
        for t in 0..4 {
            let step = &a[t * 15..(t + 1) * 15];
            for c in 0..3 {
                let want: Vec<f32> = (0..5).map(|x| (100 * c + 10 * t + x) as f32).collect();
                assert_eq!(&step[c * 5..(c + 1) * 5], &want[..], "step {t} channel {c}");
            }
        }
    }

    #[test]
    fn permuted_keeps_channels_together_and_visits_every_pixel_once() {
        let f = Feed::new(Encoding::Permuted, [3, 4, 5], 5, 7);
        let a = f.arrange(image());
        let mut seen: Vec<f32> = a.clone();
        seen.sort_by(f32::total_cmp);
        let mut all = image();
        all.sort_by(f32::total_cmp);
        assert_eq!(seen, all);
        // Within a step, channel c's k-th value is the same pixel as channel 0's k-th value.
        for t in 0..4 {
            for x in 0..5 {
                let v0 = a[t * 15 + x] as u32;
                assert_eq!(a[t * 15 + 10 + x] as u32, v0 + 200);
            }
        }
        assert_ne!(a, Feed::new(Encoding::Rows, [3, 4, 5], 5, 7).arrange(image()));
        assert_eq!(a, Feed::new(Encoding::Permuted, [3, 4, 5], 5, 7).arrange(image()));
    }
}
