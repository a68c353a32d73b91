//! The recurrent layer as a Burn module: input projection and readout around W_rec from the
//! circuit, with the layer masks; parameters read back as plain `Weights`.

use super::spec::{Shape, Spec, TrainMode, Weights};
use super::tanh::tanh_sum;
use super::Encoding;
use crate::rng::{Purpose, Stream};
use burn::module::{Module, Param};
use burn::tensor::{Device, Int, Tensor, TensorData};

#[derive(Module, Debug)]
pub struct Reservoir {
    w_in: Param<Tensor<2>>,
    b_in: Param<Tensor<1>>,
    w_rec: Param<Tensor<2>>,
    w_out: Param<Tensor<2>>,
    b_out: Param<Tensor<1>>,
    /// 1 for neurons that receive input, 0 elsewhere ([1, hidden], never trained).
    in_mask: Option<Param<Tensor<2>>>,
    /// 1 for neurons the readout sees ([1, hidden], never trained).
    out_mask: Option<Param<Tensor<2>>>,
    steps: usize,
    /// Leak rate α (1: the plain tanh layer, computed exactly as before leaky units existed).
    leak: f64,
}

/// A fixed [1, hidden] 0/1 row selecting `which`.
fn mask(which: &Option<Vec<usize>>, h: usize, device: &Device) -> Option<Param<Tensor<2>>> {
    let which = which.as_ref()?;
    let mut m = vec![0f32; h];
    which.iter().for_each(|&i| m[i] = 1.0);
    Some(Param::from_tensor(matrix(m, 1, h, device)).set_require_grad(false))
}

/// Kaiming-uniform weights from the project's seeded generator (same on every backend).
fn uniform(rows: usize, cols: usize, bound: f64, seed: u64, which: u64) -> Vec<f32> {
    let mut rng = Stream::new(seed, which, 0, Purpose::ModelInit);
    (0..rows * cols)
        .map(|_| ((rng.uniform() * 2.0 - 1.0) * bound) as f32)
        .collect()
}

fn matrix(values: Vec<f32>, rows: usize, cols: usize, device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values, [rows, cols]), device)
}

/// Folds per-neuron gains and biases into the columns of W_in and W_rec and into b, so that
/// tanh(x·W_in + b + h·W_rec) is tanh(gain·(…) + bias) of the unfolded layer.
fn fold_units(gain: &[f64], bias: &[f64], w_in: &mut [f32], b_in: &mut [f32], rec: &mut [f32]) {
    let h = gain.len();
    for m in [w_in, rec] {
        m.iter_mut()
            .enumerate()
            .for_each(|(k, v)| *v = (*v as f64 * gain[k % h]) as f32);
    }
    for (j, b) in b_in.iter_mut().enumerate() {
        *b = (gain[j] * *b as f64 + bias[j]) as f32;
    }
}

impl Reservoir {
    /// `w_rec` is hidden×hidden, row = presynaptic (h_next = tanh(x·W_in + h·W_rec + b)).
    /// W_in is uniform in ±input_scale/√inputs (scale 1: Kaiming), zero outside the input set.
    pub fn new(spec: &Spec, w_rec: &[f64], device: &Device) -> Reservoir {
        let Shape {
            input: i,
            hidden: h,
            classes: c,
            steps,
        } = spec.shape;
        let (seed, bound) = (spec.seed, 1.0 / (i as f64).sqrt());
        let mut w_in = uniform(i, h, bound * spec.input_scale, seed, 1);
        if let Some(inputs) = &spec.inputs {
            let keep: Vec<bool> = (0..h).map(|j| inputs.contains(&j)).collect();
            w_in.iter_mut()
                .enumerate()
                .filter(|(k, _)| !keep[k % h])
                .for_each(|(_, v)| *v = 0.0);
        }
        let mut b_in = uniform(1, h, bound, seed, 2);
        let mut rec: Vec<f32> = w_rec.iter().map(|&x| x as f32).collect();
        if let Some((gain, bias)) = &spec.units {
            fold_units(gain, bias, &mut w_in, &mut b_in, &mut rec);
        }
        let b_out = 1.0 / (h as f64).sqrt();
        let learns_input = spec.train != TrainMode::Readout;
        Reservoir {
            w_in: Param::from_tensor(matrix(w_in, i, h, device)).set_require_grad(learns_input),
            b_in: Param::from_tensor(Tensor::from_data(TensorData::new(b_in, [h]), device))
                .set_require_grad(learns_input),
            w_rec: Param::from_tensor(matrix(rec, h, h, device)).set_require_grad(spec.train == TrainMode::All),
            w_out: Param::from_tensor(matrix(uniform(h, c, b_out, seed, 3), h, c, device)),
            b_out: Param::from_tensor(Tensor::from_data(
                TensorData::new(uniform(1, c, b_out, seed, 4), [c]),
                device,
            )),
            in_mask: mask(&spec.inputs, h, device),
            out_mask: mask(&spec.readout, h, device),
            steps,
            leak: spec.leak,
        }
    }

    /// The new state from the old and the tanh of the drive: `next` itself when α = 1.
    fn leaky(&self, h: Tensor<2>, next: Tensor<2>) -> Tensor<2> {
        if self.leak == 1.0 {
            next
        } else {
            h.mul_scalar(1.0 - self.leak) + next.mul_scalar(self.leak)
        }
    }

    /// Logits for a batch. `x` is [batch, steps, input] for row encoding, [batch, input] else.
    pub fn forward(&self, x: Tensor<2>, encoding: Encoding, batch: usize) -> Tensor<2> {
        let w_in = match &self.in_mask {
            Some(m) => self.w_in.val() * m.val(),
            None => self.w_in.val(),
        };
        let b_in = self.b_in.val().unsqueeze::<2>();
        let w_rec = self.w_rec.val();
        let h_dim = w_rec.dims()[0];
        let device = x.device();
        let mut h: Tensor<2> = Tensor::zeros([batch, h_dim], &device);
        match encoding {
            Encoding::Whole => {
                let drive = x.matmul(w_in) + b_in;
                for _ in 0..self.steps {
                    let next = tanh_sum(drive.clone(), h.clone().matmul(w_rec.clone()));
                    h = self.leaky(h, next);
                }
            }
            Encoding::Rows | Encoding::Permuted => {
                let width = x.dims()[1] / self.steps;
                for t in 0..self.steps {
                    let row = x.clone().slice([0..batch, t * width..(t + 1) * width]);
                    let next = tanh_sum(row.matmul(w_in.clone()) + b_in.clone(), h.clone().matmul(w_rec.clone()));
                    h = self.leaky(h, next);
                }
            }
        }
        let h = match &self.out_mask {
            Some(m) => h * m.val(),
            None => h,
        };
        h.matmul(self.w_out.val()) + self.b_out.val().unsqueeze::<2>()
    }
}

async fn values<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, String> {
    t.into_data_async()
        .await
        .map_err(|e| format!("device error: {e:?}"))?
        .try_into_vec::<f32>()
        .map_err(|e| format!("{e:?}"))
}

impl Reservoir {
    /// Reads every parameter back from the device.
    pub async fn weights(&self) -> Result<Weights, String> {
        let shapes = vec![
            self.w_in.val().dims().to_vec(),
            self.b_in.val().dims().to_vec(),
            self.w_rec.val().dims().to_vec(),
            self.w_out.val().dims().to_vec(),
            self.b_out.val().dims().to_vec(),
        ];
        Ok(Weights {
            shapes,
            w_in: values(self.w_in.val()).await?,
            b_in: values(self.b_in.val()).await?,
            w_rec: values(self.w_rec.val()).await?,
            w_out: values(self.w_out.val()).await?,
            b_out: values(self.b_out.val()).await?,
            steps: self.steps,
        })
    }
}

/// Inputs and labels as tensors on a device.
pub fn batch_tensors(
    images: Vec<f32>,
    labels: Vec<i64>,
    batch: usize,
    dims: usize,
    device: &Device,
) -> (Tensor<2>, Tensor<1, Int>) {
    let x = Tensor::from_data(TensorData::new(images, [batch, dims]), device);
    let y = Tensor::from_data(TensorData::new(labels, [batch]), device);
    (x, y)
}

#[cfg(test)]
#[allow(deprecated)] // Device::ndarray, the CPU backend the rest of the project tests on
mod tests {
    use super::*;
    use crate::model::{Encoding, Shape, Spec, TrainMode};

    fn spec(units: Option<(Vec<f64>, Vec<f64>)>) -> Spec {
        Spec {
            shape: Shape {
                input: 2,
                hidden: 3,
                classes: 2,
                steps: 2,
            },
            train: TrainMode::Readout,
            input_scale: 1.0,
            leak: 1.0,
            inputs: None,
            readout: None,
            seed: 5,
            units,
        }
    }

    fn values<const D: usize>(t: &Param<Tensor<D>>) -> Vec<f64> {
        t.val()
            .into_data()
            .try_into_vec::<f32>()
            .unwrap()
            .into_iter()
            .map(f64::from)
            .collect()
    }

    /// Gains and biases folded into the layer compute tanh(gain·(x·W_in + b + h·W_rec) + bias)
    /// of the plain layer's parameters, step by step.
    #[test]
    fn folded_units_compute_the_gain_and_bias_of_each_neuron() {
        let device = Device::ndarray();
        let w_rec = [0.2, -0.4, 0.1, 0.0, 0.3, -0.2, 0.5, 0.1, 0.0];
        let (gain, bias) = (vec![0.5, 2.0, 1.5], vec![0.1, -0.2, 0.0]);
        let plain = Reservoir::new(&spec(None), &w_rec, &device);
        let folded = Reservoir::new(&spec(Some((gain.clone(), bias.clone()))), &w_rec, &device);
        let x = [0.3, -0.7];
        let (w_in, b, w_out, b_out) = (
            values(&plain.w_in),
            values(&plain.b_in),
            values(&plain.w_out),
            values(&plain.b_out),
        );
        let mut h = [0.0f64; 3];
        for _ in 0..2 {
            let mut next = [0.0; 3];
            for j in 0..3 {
                let z = (0..2).map(|i| x[i] * w_in[i * 3 + j]).sum::<f64>()
                    + b[j]
                    + (0..3).map(|i| h[i] * w_rec[i * 3 + j]).sum::<f64>();
                next[j] = (gain[j] * z + bias[j]).tanh();
            }
            h = next;
        }
        let want: Vec<f64> = (0..2)
            .map(|c| b_out[c] + (0..3).map(|j| h[j] * w_out[j * 2 + c]).sum::<f64>())
            .collect();
        let input = Tensor::<2>::from_data(TensorData::new(x.iter().map(|v| *v as f32).collect(), [1, 2]), &device);
        let got = folded
            .forward(input, Encoding::Whole, 1)
            .into_data()
            .try_into_vec::<f32>()
            .unwrap();
        for (g, w) in got.iter().zip(&want) {
            assert!((*g as f64 - w).abs() < 1e-5, "{got:?} vs {want:?}");
        }
    }
}
