//! Eigenvalues of a real square matrix: reduction to upper Hessenberg form by stabilised
//! elementary similarity transforms, then the Francis double-shift QR iteration.

/// Complex eigenvalue (re, im).
pub type Eigen = (f64, f64);

/// 1-based dense matrix, as in the classic formulation of these algorithms.
struct M {
    n: usize,
    a: Vec<f64>,
}

impl M {
    fn at(&mut self, i: usize, j: usize) -> &mut f64 {
        &mut self.a[i * (self.n + 1) + j]
    }
    fn get(&self, i: usize, j: usize) -> f64 {
        self.a[i * (self.n + 1) + j]
    }
}

fn sign(a: f64, b: f64) -> f64 {
    if b >= 0.0 { a.abs() } else { -a.abs() }
}

fn hessenberg(m: &mut M) {
    let n = m.n;
    for r in 2..n {
        let (mut x, mut i) = (0.0f64, r);
        for j in r..=n {
            if m.get(j, r - 1).abs() > x.abs() {
                x = m.get(j, r - 1);
                i = j;
            }
        }
        if i != r {
            for j in r - 1..=n {
                let t = m.get(i, j);
                *m.at(i, j) = m.get(r, j);
                *m.at(r, j) = t;
            }
            for j in 1..=n {
                let t = m.get(j, i);
                *m.at(j, i) = m.get(j, r);
                *m.at(j, r) = t;
            }
        }
        if x != 0.0 {
            for i in r + 1..=n {
                let mut y = m.get(i, r - 1);
                if y != 0.0 {
                    y /= x;
                    *m.at(i, r - 1) = y;
                    for j in r..=n {
                        let v = m.get(r, j);
                        *m.at(i, j) -= y * v;
                    }
                    for j in 1..=n {
                        let v = m.get(j, i);
                        *m.at(j, r) += y * v;
                    }
                }
            }
        }
    }
    for i in 1..=n {
        for j in 1..i.saturating_sub(1) {
            *m.at(i, j) = 0.0;
        }
    }
}

/// Eigenvalues of a Hessenberg matrix; None if the iteration does not converge.
fn hqr(m: &mut M) -> Option<Vec<Eigen>> {
    let n = m.n;
    let mut out = vec![(0.0, 0.0); n + 1];
    let mut anorm = 0.0;
    for i in 1..=n {
        for j in i.saturating_sub(1).max(1)..=n {
            anorm += m.get(i, j).abs();
        }
    }
    let mut nn = n;
    let mut t = 0.0;
    let (mut p, mut q, mut r, mut s, mut w, mut x, mut y, mut z);
    while nn >= 1 {
        let mut its = 0;
        loop {
            let mut l = nn;
            while l >= 2 {
                s = m.get(l - 1, l - 1).abs() + m.get(l, l).abs();
                if s == 0.0 {
                    s = anorm;
                }
                if m.get(l, l - 1).abs() + s == s {
                    *m.at(l, l - 1) = 0.0;
                    break;
                }
                l -= 1;
            }
            x = m.get(nn, nn);
            if l == nn {
                out[nn] = (x + t, 0.0);
                nn -= 1;
                break;
            }
            y = m.get(nn - 1, nn - 1);
            w = m.get(nn, nn - 1) * m.get(nn - 1, nn);
            if l == nn - 1 {
                p = 0.5 * (y - x);
                q = p * p + w;
                z = q.abs().sqrt();
                x += t;
                if q >= 0.0 {
                    z = p + sign(z, p);
                    out[nn - 1] = (x + z, 0.0);
                    out[nn] = (if z != 0.0 { x - w / z } else { x + z }, 0.0);
                } else {
                    out[nn - 1] = (x + p, -z);
                    out[nn] = (x + p, z);
                }
                nn -= 2;
                break;
            }
            if its == 60 {
                return None;
            }
            if its == 10 || its == 20 {
                t += x;
                for i in 1..=nn {
                    *m.at(i, i) -= x;
                }
                s = m.get(nn, nn - 1).abs() + m.get(nn - 1, nn - 2).abs();
                x = 0.75 * s;
                y = x;
                w = -0.4375 * s * s;
            }
            its += 1;
            let mut mm = nn - 2;
            loop {
                z = m.get(mm, mm);
                r = x - z;
                s = y - z;
                p = (r * s - w) / m.get(mm + 1, mm) + m.get(mm, mm + 1);
                q = m.get(mm + 1, mm + 1) - z - r - s;
                r = m.get(mm + 2, mm + 1);
                s = p.abs() + q.abs() + r.abs();
                p /= s;
                q /= s;
                r /= s;
                if mm == l {
                    break;
                }
                let u = m.get(mm, mm - 1).abs() * (q.abs() + r.abs());
                let v = p.abs() * (m.get(mm - 1, mm - 1).abs() + z.abs() + m.get(mm + 1, mm + 1).abs());
                if u + v == v {
                    break;
                }
                mm -= 1;
            }
            for i in mm + 2..=nn {
                *m.at(i, i - 2) = 0.0;
                if i != mm + 2 {
                    *m.at(i, i - 3) = 0.0;
                }
            }
            let mut k = mm;
            while k < nn {
                if k != mm {
                    p = m.get(k, k - 1);
                    q = m.get(k + 1, k - 1);
                    r = if k != nn - 1 { m.get(k + 2, k - 1) } else { 0.0 };
                    x = p.abs() + q.abs() + r.abs();
                    if x != 0.0 {
                        p /= x;
                        q /= x;
                        r /= x;
                    }
                }
                s = sign((p * p + q * q + r * r).sqrt(), p);
                if s != 0.0 {
                    if k == mm {
                        if l != mm {
                            *m.at(k, k - 1) = -m.get(k, k - 1);
                        }
                    } else {
                        *m.at(k, k - 1) = -s * x;
                    }
                    p += s;
                    x = p / s;
                    y = q / s;
                    z = r / s;
                    q /= p;
                    r /= p;
                    for j in k..=nn {
                        p = m.get(k, j) + q * m.get(k + 1, j);
                        if k != nn - 1 {
                            p += r * m.get(k + 2, j);
                            *m.at(k + 2, j) -= p * z;
                        }
                        *m.at(k + 1, j) -= p * y;
                        *m.at(k, j) -= p * x;
                    }
                    let mmin = nn.min(k + 3);
                    for i in l..=mmin {
                        p = x * m.get(i, k) + y * m.get(i, k + 1);
                        if k != nn - 1 {
                            p += z * m.get(i, k + 2);
                            *m.at(i, k + 2) -= p * r;
                        }
                        *m.at(i, k + 1) -= p * q;
                        *m.at(i, k) -= p;
                    }
                }
                k += 1;
            }
            if l >= nn - 1 {
                break;
            }
        }
    }
    Some(out.split_off(1))
}

/// All eigenvalues of the row-major n×n matrix, sorted by decreasing modulus.
pub fn eigenvalues(a: &[f64], n: usize) -> Option<Vec<Eigen>> {
    if n == 0 {
        return Some(vec![]);
    }
    let mut m = M { n, a: vec![0.0; (n + 1) * (n + 1)] };
    for i in 0..n {
        for j in 0..n {
            *m.at(i + 1, j + 1) = a[i * n + j];
        }
    }
    hessenberg(&mut m);
    let mut ev = hqr(&mut m)?;
    ev.sort_by(|a, b| b.0.hypot(b.1).total_cmp(&a.0.hypot(a.1)).then(b.1.total_cmp(&a.1)));
    Some(ev)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{Purpose, Stream};

    #[test]
    fn eigenvalues_of_known_matrices() {
        // Companion matrix of (x-1)(x-2)(x-3)(x^2+1): roots 3, 2, 1, ±i.
        // x^5 - 6x^4 + 12x^3 - 12x^2 + 11x - 6
        let c = [6.0, -12.0, 12.0, -11.0, 6.0];
        let n = 5;
        let mut a = vec![0.0; n * n];
        a[..n].copy_from_slice(&c[..n]);
        for i in 1..n {
            a[i * n + i - 1] = 1.0;
        }
        let ev = eigenvalues(&a, n).unwrap();
        let want = [(3.0, 0.0), (2.0, 0.0), (0.0, 1.0), (0.0, -1.0), (1.0, 0.0)];
        for (g, w) in ev.iter().zip(want) {
            assert!((g.0 - w.0).abs() < 1e-8 && (g.1 - w.1).abs() < 1e-8, "{ev:?}");
        }
    }

    #[test]
    fn largest_modulus_equals_the_spectral_radius_estimate() {
        let n = 40;
        let mut r = Stream::new(5, 0, 0, Purpose::Test);
        let a: Vec<f64> = (0..n * n).map(|_| r.normal()).collect();
        let ev = eigenvalues(&a, n).unwrap();
        let trace: f64 = (0..n).map(|i| a[i * n + i]).sum();
        assert!((ev.iter().map(|e| e.0).sum::<f64>() - trace).abs() < 1e-8);
        let rho = crate::circuit::recurrent::spectral_radius(&a, n);
        assert!((ev[0].0.hypot(ev[0].1) - rho).abs() < 1e-3 * rho, "{:?} vs {rho}", ev[0]);
    }
}
