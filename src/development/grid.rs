//! Uniform spatial grid (box ≥ interaction radius) answering neighbour queries; rebuilt
//! each step by a counting sort so queries visit cells in a deterministic order.

pub struct Grid {
    origin: [f64; 3],
    size: f64,
    dims: [usize; 3],
    /// starts[b]..starts[b + 1] indexes `items` / `sorted` for bucket b (x fastest).
    starts: Vec<usize>,
    items: Vec<usize>,
    /// Positions in bucket order, so a row of buckets is one contiguous slice.
    sorted: Vec<[f64; 3]>,
}

impl Grid {
    pub fn build(positions: &[[f64; 3]], size: f64) -> Grid {
        let mut lo = [0.0; 3];
        let mut hi = [0.0; 3];
        if let Some(first) = positions.first() {
            (lo, hi) = (*first, *first);
        }
        for p in positions {
            for k in 0..3 {
                lo[k] = lo[k].min(p[k]);
                hi[k] = hi[k].max(p[k]);
            }
        }
        let dims = [0, 1, 2].map(|k| (((hi[k] - lo[k]) / size) as usize + 1).min(4096));
        let mut g = Grid { origin: lo, size, dims, starts: vec![0; dims[0] * dims[1] * dims[2] + 1], items: vec![0; positions.len()], sorted: vec![[0.0; 3]; positions.len()] };
        let keys: Vec<usize> = positions.iter().map(|p| g.bucket(g.coords(p))).collect();
        for &k in &keys {
            g.starts[k + 1] += 1;
        }
        for b in 1..g.starts.len() {
            g.starts[b] += g.starts[b - 1];
        }
        let mut fill = g.starts.clone();
        for (i, &k) in keys.iter().enumerate() {
            g.items[fill[k]] = i;
            g.sorted[fill[k]] = positions[i];
            fill[k] += 1;
        }
        g
    }

    fn coords(&self, p: &[f64; 3]) -> [usize; 3] {
        [0, 1, 2].map(|k| ((((p[k] - self.origin[k]) / self.size).max(0.0)) as usize).min(self.dims[k] - 1))
    }

    fn bucket(&self, c: [usize; 3]) -> usize {
        (c[2] * self.dims[1] + c[1]) * self.dims[0] + c[0]
    }

    /// Calls `f(j, d²)` for every indexed point j within `radius` of `p` (p itself included).
    pub fn for_each_near(&self, p: &[f64; 3], radius: f64, mut f: impl FnMut(usize, f64)) {
        let c = self.coords(p);
        let reach = (radius / self.size).ceil() as usize;
        let r2 = radius * radius;
        let (x0, x1) = (c[0].saturating_sub(reach), (c[0] + reach).min(self.dims[0] - 1));
        for z in c[2].saturating_sub(reach)..=(c[2] + reach).min(self.dims[2] - 1) {
            for y in c[1].saturating_sub(reach)..=(c[1] + reach).min(self.dims[1] - 1) {
                let (from, to) = (self.starts[self.bucket([x0, y, z])], self.starts[self.bucket([x1, y, z]) + 1]);
                for k in from..to {
                    let q = &self.sorted[k];
                    let (dx, dy, dz) = (q[0] - p[0], q[1] - p[1], q[2] - p[2]);
                    let d2 = dx * dx + dy * dy + dz * dz;
                    if d2 <= r2 {
                        f(self.items[k], d2);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    #[test]
    fn grid_finds_exactly_the_brute_force_neighbours() {
        let mut r = Stream::new(3, 0, 0, Purpose::Test);
        let pts: Vec<[f64; 3]> = (0..500).map(|_| [r.uniform() * 100.0, r.uniform() * 60.0, r.uniform() * 30.0]).collect();
        let g = Grid::build(&pts, 12.0);
        for p in pts.iter().step_by(7) {
            let mut got = vec![];
            g.for_each_near(p, 12.0, |j, _| got.push(j));
            got.sort();
            let want: Vec<usize> = (0..pts.len()).filter(|&j| (0..3).map(|k| (pts[j][k] - p[k]).powi(2)).sum::<f64>() <= 144.0).collect();
            assert_eq!(got, want);
        }
    }
}
