//! Closed-form ridge regression for the reservoir readout: centred features and targets,
//! (XᵀX + λI) β = XᵀY by nalgebra's Cholesky, intercept from the means; one factorisation, many targets.

use nalgebra::DMatrix;

/// A fitted linear readout: `outputs` columns over `k` features plus an intercept each.
#[derive(Clone, Debug)]
pub struct Readout {
    pub k: usize,
    pub outputs: usize,
    /// k × outputs, row-major.
    pub beta: Vec<f64>,
    pub intercept: Vec<f64>,
}

fn column_means(m: &[f64], rows: usize, cols: usize) -> Vec<f64> {
    let mut mean = vec![0.0; cols];
    for r in 0..rows {
        for (c, v) in mean.iter_mut().enumerate() {
            *v += m[r * cols + c];
        }
    }
    mean.iter_mut().for_each(|v| *v /= rows.max(1) as f64);
    mean
}

/// Fits `y` (rows × outputs) from `x` (rows × k) with regularisation `lambda` ≥ 0.
pub fn fit(
    x: &[f64],
    rows: usize,
    k: usize,
    y: &[f64],
    outputs: usize,
    lambda: f64,
) -> Result<Readout, super::TaskError> {
    let (mx, my) = (column_means(x, rows, k), column_means(y, rows, outputs));
    let mut a = vec![0.0; k * k];
    let mut b = vec![0.0; k * outputs];
    let mut xc = vec![0.0; k];
    let mut yc = vec![0.0; outputs];
    for r in 0..rows {
        for c in 0..k {
            xc[c] = x[r * k + c] - mx[c];
        }
        for ((o, yo), m) in yc.iter_mut().zip(&y[r * outputs..(r + 1) * outputs]).zip(&my) {
            *o = yo - m;
        }
        for i in 0..k {
            if xc[i] == 0.0 {
                continue;
            }
            for j in 0..=i {
                a[i * k + j] += xc[i] * xc[j];
            }
            for (bo, yo) in b[i * outputs..(i + 1) * outputs].iter_mut().zip(&yc) {
                *bo += xc[i] * yo;
            }
        }
    }
    for i in 0..k {
        a[i * k + i] += lambda;
        for j in 0..i {
            a[j * k + i] = a[i * k + j];
        }
    }
    let chol = DMatrix::from_row_slice(k, k, &a)
        .cholesky()
        .filter(|c| c.l_dirty().diagonal().iter().all(|d| d.is_finite() && *d > 0.0))
        .ok_or(super::TaskError::NotPositiveDefinite)?;
    let solved = chol.solve(&DMatrix::from_row_slice(k, outputs, &b));
    let beta: Vec<f64> = (0..k * outputs).map(|i| solved[(i / outputs, i % outputs)]).collect();
    let intercept = (0..outputs)
        .map(|o| my[o] - (0..k).map(|i| mx[i] * beta[i * outputs + o]).sum::<f64>())
        .collect();
    Ok(Readout {
        k,
        outputs,
        beta,
        intercept,
    })
}

impl Readout {
    /// Predictions for each row of `x` (rows × k) → rows × outputs.
    pub fn predict(&self, x: &[f64]) -> Vec<f64> {
        let rows = x.len() / self.k.max(1);
        let mut out = Vec::with_capacity(rows * self.outputs);
        for r in 0..rows {
            let start = out.len();
            out.extend_from_slice(&self.intercept);
            let acc = &mut out[start..];
            for (i, &v) in x[r * self.k..(r + 1) * self.k].iter().enumerate() {
                for (a, b) in acc.iter_mut().zip(&self.beta[i * self.outputs..(i + 1) * self.outputs]) {
                    *a += v * b;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_an_exact_linear_map_and_its_intercept() {
        // y0 = 2 x0 − x1 + 3, y1 = 0.5 x1 − 1 on points that span the plane.
        let x = [0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 2.0, -1.0];
        let y: Vec<f64> = x
            .chunks(2)
            .flat_map(|p| [2.0 * p[0] - p[1] + 3.0, 0.5 * p[1] - 1.0])
            .collect();
        let r = fit(&x, 5, 2, &y, 2, 0.0).unwrap();
        for (got, want) in r.beta.iter().zip([2.0, 0.0, -1.0, 0.5]) {
            assert!((got - want).abs() < 1e-12, "{:?}", r.beta);
        }
        assert!((r.intercept[0] - 3.0).abs() < 1e-12 && (r.intercept[1] + 1.0).abs() < 1e-12);
        assert!((r.predict(&[4.0, 4.0])[0] - 7.0).abs() < 1e-12);
    }

    #[test]
    fn constant_features_predict_the_mean_and_need_regularisation() {
        let x = [0.0; 6];
        let y = [1.0, 2.0, 6.0];
        assert!(fit(&x, 3, 2, &y, 1, 0.0).is_err());
        let r = fit(&x, 3, 2, &y, 1, 1e-6).unwrap();
        assert_eq!(r.predict(&[0.0, 0.0]), vec![3.0]);
    }
}
