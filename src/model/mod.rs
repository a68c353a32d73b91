//! The recurrent layer as a Burn module: trainable input projection and readout around a
//! fixed W_rec from the circuit (trainable only for the `trainable` baseline).

pub mod adam;
mod cpu;
pub mod tanh;
pub mod train;

use crate::rng::{Purpose, Stream};
use tanh::tanh_sum;
use burn::module::{Module, Param};
use burn::tensor::{Device, Int, Tensor, TensorData};
use serde::{Deserialize, Serialize};

/// How an image is fed over time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encoding {
    /// The whole image at each of T steps.
    Whole,
    /// One image row per step (T = number of rows).
    Rows,
}

/// Shape of the model: input values per step, hidden units, classes, steps.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub input: usize,
    pub hidden: usize,
    pub classes: usize,
    pub steps: usize,
}

#[derive(Module, Debug)]
pub struct Reservoir {
    w_in: Param<Tensor<2>>,
    b_in: Param<Tensor<1>>,
    w_rec: Param<Tensor<2>>,
    w_out: Param<Tensor<2>>,
    b_out: Param<Tensor<1>>,
    steps: usize,
}

/// Kaiming-uniform weights from the project's seeded generator (same on every backend).
fn uniform(rows: usize, cols: usize, bound: f64, seed: u64, which: u64) -> Vec<f32> {
    let mut rng = Stream::new(seed, which, 0, Purpose::ModelInit);
    (0..rows * cols).map(|_| ((rng.uniform() * 2.0 - 1.0) * bound) as f32).collect()
}

fn matrix(values: Vec<f32>, rows: usize, cols: usize, device: &Device) -> Tensor<2> {
    Tensor::from_data(TensorData::new(values, [rows, cols]), device)
}

impl Reservoir {
    /// `w_rec` is hidden×hidden, row = presynaptic (h_next = tanh(x·W_in + h·W_rec + b)).
    pub fn new(shape: Shape, w_rec: &[f64], train_rec: bool, seed: u64, device: &Device) -> Reservoir {
        let (i, h, c) = (shape.input, shape.hidden, shape.classes);
        let b_in = 1.0 / (i as f64).sqrt();
        let b_out = 1.0 / (h as f64).sqrt();
        let rec: Vec<f32> = w_rec.iter().map(|&x| x as f32).collect();
        Reservoir {
            w_in: Param::from_tensor(matrix(uniform(i, h, b_in, seed, 1), i, h, device)),
            b_in: Param::from_tensor(Tensor::from_data(TensorData::new(uniform(1, h, b_in, seed, 2), [h]), device)),
            w_rec: Param::from_tensor(matrix(rec, h, h, device)).set_require_grad(train_rec),
            w_out: Param::from_tensor(matrix(uniform(h, c, b_out, seed, 3), h, c, device)),
            b_out: Param::from_tensor(Tensor::from_data(TensorData::new(uniform(1, c, b_out, seed, 4), [c]), device)),
            steps: shape.steps,
        }
    }

    /// Logits for a batch. `x` is [batch, steps, input] for row encoding, [batch, input] else.
    pub fn forward(&self, x: Tensor<2>, encoding: Encoding, batch: usize) -> Tensor<2> {
        let w_in = self.w_in.val();
        let b_in = self.b_in.val().unsqueeze::<2>();
        let w_rec = self.w_rec.val();
        let h_dim = w_rec.dims()[0];
        let device = x.device();
        let mut h: Tensor<2> = Tensor::zeros([batch, h_dim], &device);
        match encoding {
            Encoding::Whole => {
                let drive = x.matmul(w_in) + b_in;
                for _ in 0..self.steps {
                    h = tanh_sum(drive.clone(), h.matmul(w_rec.clone()));
                }
            }
            Encoding::Rows => {
                let width = x.dims()[1] / self.steps;
                for t in 0..self.steps {
                    let row = x.clone().slice([0..batch, t * width..(t + 1) * width]);
                    h = tanh_sum(row.matmul(w_in.clone()) + b_in.clone(), h.matmul(w_rec.clone()));
                }
            }
        }
        h.matmul(self.w_out.val()) + self.b_out.val().unsqueeze::<2>()
    }
}

/// A trained model's parameters as plain values (the page's "weights" download).
#[derive(Clone, Debug, Serialize)]
pub struct Weights {
    /// [input, hidden], [hidden], [hidden, hidden], [hidden, classes], [classes]
    pub shapes: Vec<Vec<usize>>,
    pub w_in: Vec<f32>,
    pub b_in: Vec<f32>,
    pub w_rec: Vec<f32>,
    pub w_out: Vec<f32>,
    pub b_out: Vec<f32>,
    pub steps: usize,
}

async fn values<const D: usize>(t: Tensor<D>) -> Result<Vec<f32>, String> {
    t.into_data_async().await.map_err(|e| format!("device error: {e:?}"))?.try_into_vec::<f32>().map_err(|e| format!("{e:?}"))
}

impl Reservoir {
    /// Reads every parameter back from the device.
    pub async fn weights(&self) -> Result<Weights, String> {
        let shapes = vec![self.w_in.val().dims().to_vec(), self.b_in.val().dims().to_vec(), self.w_rec.val().dims().to_vec(), self.w_out.val().dims().to_vec(), self.b_out.val().dims().to_vec()];
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
pub fn batch_tensors(images: Vec<f32>, labels: Vec<i64>, batch: usize, dims: usize, device: &Device) -> (Tensor<2>, Tensor<1, Int>) {
    let x = Tensor::from_data(TensorData::new(images, [batch, dims]), device);
    let y = Tensor::from_data(TensorData::new(labels, [batch]), device);
    (x, y)
}
