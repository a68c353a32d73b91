//! Uniform spatial grid (box ≥ interaction radius), rebuilt each step by a counting sort,
//! and the neighbour lists it yields in that deterministic bucket order.

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
        let mut g = Grid {
            origin: lo,
            size,
            dims,
            starts: vec![0; dims[0] * dims[1] * dims[2] + 1],
            items: vec![0; positions.len()],
            sorted: vec![[0.0; 3]; positions.len()],
        };
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

    /// For every point, the other points within `radius` and their squared distances, in
    /// bucket order (the order a scan of the surrounding buckets meets them). Each pair's
    /// distance is computed once, from the point earlier in bucket order; the reverse
    /// difference is its exact negation, so both ends see the same d².
    pub fn neighbours(&self, radius: f64) -> Neighbours {
        let reach = (radius / self.size).ceil() as usize;
        let r2 = radius * radius;
        let mut pairs: Vec<(usize, usize, f64)> = Vec::new();
        for (k, p) in self.sorted.iter().enumerate() {
            let c = self.coords(p);
            let (x0, x1) = (c[0].saturating_sub(reach), (c[0] + reach).min(self.dims[0] - 1));
            for z in c[2].saturating_sub(reach)..=(c[2] + reach).min(self.dims[2] - 1) {
                for y in c[1].saturating_sub(reach)..=(c[1] + reach).min(self.dims[1] - 1) {
                    let from = self.starts[self.bucket([x0, y, z])].max(k + 1);
                    for m in from..self.starts[self.bucket([x1, y, z]) + 1] {
                        let q = &self.sorted[m];
                        let (dx, dy, dz) = (q[0] - p[0], q[1] - p[1], q[2] - p[2]);
                        let d2 = dx * dx + dy * dy + dz * dz;
                        if d2 <= r2 {
                            pairs.push((k, m, d2));
                        }
                    }
                }
            }
        }
        self.lists(&pairs)
    }

    /// Both directions of every pair, grouped by point with a stable counting sort: each
    /// point's earlier partners arrive in ascending order before its later ones.
    fn lists(&self, pairs: &[(usize, usize, f64)]) -> Neighbours {
        let mut starts = vec![0; self.items.len() + 1];
        for &(k, m, _) in pairs {
            starts[self.items[k] + 1] += 1;
            starts[self.items[m] + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut fill = starts.clone();
        let mut entries = vec![(0, 0.0); 2 * pairs.len()];
        for &(k, m, d2) in pairs {
            let (a, b) = (self.items[k], self.items[m]);
            entries[fill[a]] = (b, d2);
            fill[a] += 1;
            entries[fill[b]] = (a, d2);
            fill[b] += 1;
        }
        Neighbours { starts, entries }
    }
}

/// Per point, its neighbours as (index, d²): `of(i)` is a slice of one flat table.
pub struct Neighbours {
    starts: Vec<usize>,
    entries: Vec<(usize, f64)>,
}

impl Neighbours {
    pub fn of(&self, i: usize) -> &[(usize, f64)] {
        &self.entries[self.starts[i]..self.starts[i + 1]]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    #[test]
    fn neighbour_lists_are_the_brute_force_neighbours_in_bucket_order() {
        let mut r = Stream::new(3, 0, 0, Purpose::Test);
        let mut pts: Vec<[f64; 3]> = (0..500)
            .map(|_| [r.uniform() * 100.0, r.uniform() * 60.0, r.uniform() * 30.0])
            .collect();
        pts[7] = pts[3]; // two cells at one place are neighbours at distance 0
        let g = Grid::build(&pts, 12.0);
        let near = g.neighbours(12.0);
        for (i, p) in pts.iter().enumerate() {
            let d2 = |j: usize| (0..3).map(|k| (pts[j][k] - p[k]) * (pts[j][k] - p[k])).sum::<f64>();
            let mut want: Vec<usize> = (0..pts.len()).filter(|&j| j != i && d2(j) <= 144.0).collect();
            want.sort_by_key(|&j| (g.bucket(g.coords(&pts[j])), j));
            let got: Vec<usize> = near.of(i).iter().map(|e| e.0).collect();
            assert_eq!(got, want, "point {i}");
            assert!(near.of(i).iter().all(|&(j, e)| (e - d2(j)).abs() < 1e-9));
        }
    }
}
