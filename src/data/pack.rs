//! How a prepared file travels to the browser: gzip'd, images first put through a reversible
//! filter (left-neighbour differences, then colour planes minus green) that gzip packs better.

use serde::{Deserialize, Serialize};

/// The reversible filter applied before gzip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Filter {
    /// Bytes as they are.
    None,
    /// Each pixel minus its left neighbour (mod 256); with three channels, red and blue then
    /// minus green. Images are `[channels, height, width]`, channel-major.
    Delta,
}

/// The compressed twin of a prepared file: its name, size on the wire and filter.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Packed {
    pub name: String,
    pub bytes: u64,
    pub filter: Filter,
}

/// Applies `Delta` in place to whole images of `shape`; a trailing partial image is left as is.
pub fn delta_encode(bytes: &mut [u8], shape: [usize; 3]) {
    let [c, h, w] = shape;
    let Some(dims) = c.checked_mul(h).and_then(|d| d.checked_mul(w)).filter(|&d| d > 0) else {
        return;
    };
    for img in bytes.chunks_exact_mut(dims) {
        for row in img.chunks_exact_mut(w) {
            for x in (1..w).rev() {
                row[x] = row[x].wrapping_sub(row[x - 1]);
            }
        }
        if c == 3 {
            let plane = h * w;
            for i in 0..plane {
                let g = img[plane + i];
                img[i] = img[i].wrapping_sub(g);
                img[2 * plane + i] = img[2 * plane + i].wrapping_sub(g);
            }
        }
    }
}

/// Undoes `delta_encode` in place.
pub fn delta_decode(bytes: &mut [u8], shape: [usize; 3]) {
    let [c, h, w] = shape;
    let Some(dims) = c.checked_mul(h).and_then(|d| d.checked_mul(w)).filter(|&d| d > 0) else {
        return;
    };
    for img in bytes.chunks_exact_mut(dims) {
        if c == 3 {
            let plane = h * w;
            for i in 0..plane {
                let g = img[plane + i];
                img[i] = img[i].wrapping_add(g);
                img[2 * plane + i] = img[2 * plane + i].wrapping_add(g);
            }
        }
        for row in img.chunks_exact_mut(w) {
            for x in 1..w {
                row[x] = row[x].wrapping_add(row[x - 1]);
            }
        }
    }
}

/// Undoes `filter` on decoded bytes.
pub fn unfilter(bytes: &mut [u8], filter: Filter, shape: [usize; 3]) {
    if filter == Filter::Delta {
        delta_decode(bytes, shape);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn noise(n: usize) -> Vec<u8> {
        (0..n as u64).map(|i| (crate::rng::mix64(i) >> 13) as u8).collect()
    }

    #[test]
    fn delta_round_trips_grey_and_colour_images_with_a_partial_tail() {
        for shape in [[1, 28, 28], [3, 32, 32], [3, 5, 7]] {
            let dims: usize = shape.iter().product();
            let orig = noise(dims * 3 + 11);
            let mut b = orig.clone();
            delta_encode(&mut b, shape);
            assert_ne!(
                b[..dims * 3],
                orig[..dims * 3],
                "the filter changed nothing for {shape:?}"
            );
            assert_eq!(b[dims * 3..], orig[dims * 3..], "a partial image must stay as it is");
            unfilter(&mut b, Filter::Delta, shape);
            assert_eq!(b, orig, "round trip failed for {shape:?}");
        }
    }

    #[test]
    fn delta_turns_a_smooth_colour_image_into_small_values() {
        // A horizontal ramp in green with red = green + 3: after the filter, every byte but the
        // first of each row is the ramp's step (green) or 0 (red and blue minus green).
        let (h, w) = (4, 8);
        let mut img = vec![0u8; 3 * h * w];
        for y in 0..h {
            for x in 0..w {
                let g = (10 + 2 * x + y) as u8;
                img[y * w + x] = g + 3;
                img[h * w + y * w + x] = g;
                img[2 * h * w + y * w + x] = g;
            }
        }
        delta_encode(&mut img, [3, h, w]);
        let green = &img[h * w..2 * h * w];
        assert!(green.chunks(w).all(|r| r[1..].iter().all(|&v| v == 2)), "{green:?}");
        assert!(img[2 * h * w..].iter().all(|&v| v == 0));
        assert!(img[..h * w]
            .chunks(w)
            .all(|r| r[0] == 3 && r[1..].iter().all(|&v| v == 0)));
    }
}
