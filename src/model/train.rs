//! Training loop, generic over the device and over a `Host` that gives time, receives events
//! and lets the browser breathe: Adam, cross-entropy, evaluation on the full test set.

use super::{batch_tensors, Feed, Reservoir};
use crate::data::batch::{batch_order, make_batch};
use crate::data::Split;
use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::GradientsParams;
use burn::tensor::Device;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TrainConfig {
    pub epochs: usize,
    pub batch_size: usize,
    pub learning_rate: f64,
    /// Use only the first N training images.
    pub limit_train: Option<usize>,
    /// Stop each epoch after this many batches.
    pub limit_batches: Option<usize>,
    /// Read the loss every this many batches (reads are slow on WebGPU).
    pub log_every: usize,
    pub data_seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 1,
            batch_size: 64,
            learning_rate: 1e-3,
            limit_train: None,
            limit_batches: None,
            log_every: 5,
            data_seed: 1,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "lowercase")]
pub enum Event {
    /// Accuracy on the test set before any training (iteration 0).
    Iteration0 { accuracy: f64, loss: f64 },
    Batch {
        epoch: usize,
        batch: usize,
        iteration: usize,
        loss: f64,
        samples_per_second: f64,
    },
    Epoch {
        epoch: usize,
        test_accuracy: f64,
        test_loss: f64,
        seconds: f64,
    },
}

/// Everything a run produced.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Outcome {
    pub iteration0_accuracy: f64,
    pub test_accuracy: Vec<f64>,
    pub epoch_seconds: Vec<f64>,
    /// Training wall time, all epochs, without data loading or evaluation.
    pub seconds: f64,
    pub samples_per_second: f64,
    /// Of `seconds`, the time spent reading the loss back (every `log_every` batches). On a
    /// GPU this includes waiting for the batches queued since the last read to finish.
    #[serde(default)]
    pub readback_seconds: f64,
    /// (iteration, loss) at every logged batch.
    pub losses: Vec<(usize, f64)>,
    /// Confusion counts of the last evaluation, [true][predicted], classes² row-major.
    pub confusion: Vec<u32>,
    /// Predicted class of the first `PREDICTIONS_KEPT` test images in the last evaluation.
    pub predictions: Vec<u8>,
    pub stopped: bool,
}

/// What training needs from where it runs.
#[allow(async_fn_in_trait)]
pub trait Host {
    fn now_ms(&self) -> f64;
    fn emit(&mut self, event: &Event);
    fn stop_requested(&self) -> bool {
        false
    }
    /// Lets the page repaint between batches; a no-op natively.
    async fn breathe(&mut self) {}
}

fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("device error: {e:?}")
}

/// How many test predictions an outcome keeps (for the page's image grid).
pub const PREDICTIONS_KEPT: usize = 40;

/// What one pass over the test split measured.
pub struct Evaluation {
    pub accuracy: f64,
    pub loss: f64,
    pub confusion: Vec<u32>,
    pub predictions: Vec<u8>,
}

/// Test accuracy, mean loss, confusion counts and the first predictions over the whole split.
/// Yields to the host between chunks so the page stays responsive.
pub async fn evaluate<H: Host>(
    model: &Reservoir,
    split: &Split,
    feed: &Feed,
    classes: usize,
    device: &Device,
    host: &mut H,
) -> Result<Evaluation, String> {
    let model = model.valid();
    let device = device.clone().without_autodiff();
    let loss_fn = CrossEntropyLossConfig::new().init(&device);
    let mut confusion = vec![0u32; classes * classes];
    let mut loss_sum = 0.0;
    let mut predictions = vec![];
    let chunk = 500;
    let indices: Vec<usize> = (0..split.len()).collect();
    for part in indices.chunks(chunk) {
        let b = make_batch(split, part);
        let (x, y) = batch_tensors(feed.arrange(b.images), b.labels.clone(), b.size, split.dims, &device);
        let logits = model.forward(x, feed.encoding, b.size);
        let loss = loss_fn.forward(logits.clone(), y);
        loss_sum += loss
            .into_data_async()
            .await
            .map_err(err)?
            .iter::<f64>()
            .next()
            .unwrap_or(f64::NAN)
            * b.size as f64;
        let pred = logits.argmax(1).into_data_async().await.map_err(err)?;
        for (p, t) in pred.iter::<i64>().zip(&b.labels) {
            confusion[*t as usize * classes + p as usize] += 1;
            if predictions.len() < PREDICTIONS_KEPT {
                predictions.push(p as u8);
            }
        }
        host.breathe().await;
    }
    let correct: u32 = (0..classes).map(|c| confusion[c * classes + c]).sum();
    let n = split.len().max(1) as f64;
    Ok(Evaluation {
        accuracy: correct as f64 / n,
        loss: loss_sum / n,
        confusion,
        predictions,
    })
}

/// Trains the input projection and readout (and W_rec if it requires grad).
// Every argument is a different input of a run; bundling them would only rename them.
#[allow(clippy::too_many_arguments)]
pub async fn train<H: Host>(
    mut model: Reservoir,
    train: &Split,
    test: &Split,
    feed: &Feed,
    classes: usize,
    cfg: &TrainConfig,
    device: &Device,
    host: &mut H,
) -> Result<(Reservoir, Outcome), String> {
    let mut out = Outcome::default();
    let e0 = evaluate(&model, test, feed, classes, device, host).await?;
    out.iteration0_accuracy = e0.accuracy;
    host.emit(&Event::Iteration0 {
        accuracy: e0.accuracy,
        loss: e0.loss,
    });
    let mut optim = super::adam::adam();
    let loss_fn = CrossEntropyLossConfig::new().init(device);
    let n = cfg.limit_train.unwrap_or(train.len()).min(train.len());
    let mut iteration = 0;
    let mut samples = 0usize;
    for epoch in 1..=cfg.epochs {
        let order = batch_order(n, cfg.data_seed, epoch as u64);
        let start = host.now_ms();
        let mut paused_ms = 0.0;
        for (k, idx) in order.chunks(cfg.batch_size).enumerate() {
            if cfg.limit_batches.is_some_and(|l| k >= l) || host.stop_requested() {
                break;
            }
            let b = make_batch(train, idx);
            let (x, y) = batch_tensors(feed.arrange(b.images), b.labels, b.size, train.dims, device);
            let logits = model.forward(x, feed.encoding, b.size);
            let loss = loss_fn.forward(logits, y);
            iteration += 1;
            samples += b.size;
            if iteration % cfg.log_every.max(1) == 0 || k == 0 {
                let t_read = host.now_ms();
                let value = loss
                    .clone()
                    .into_data_async()
                    .await
                    .map_err(err)?
                    .iter::<f64>()
                    .next()
                    .unwrap_or(f64::NAN);
                out.readback_seconds += (host.now_ms() - t_read) / 1000.0;
                let first = out.losses.first().map_or(value, |l| l.1);
                if !value.is_finite() {
                    return Err(format!("the loss became {value} at iteration {iteration}: training diverged (try a lower learning rate)"));
                }
                if value > 10.0 * first.max(1.0) {
                    return Err(format!("training diverged: the loss rose from {first:.2} to {value:.2} by iteration {iteration} (try a lower learning rate)"));
                }
                let secs = (host.now_ms() - start - paused_ms) / 1000.0;
                out.losses.push((iteration, value));
                // Yield before and after the event: training and the page's redraw run as
                // separate tasks, so neither holds the browser for long.
                let t = host.now_ms();
                host.breathe().await;
                host.emit(&Event::Batch {
                    epoch,
                    batch: k + 1,
                    iteration,
                    loss: value,
                    samples_per_second: (k + 1) as f64 * cfg.batch_size as f64 / secs.max(1e-9),
                });
                host.breathe().await;
                paused_ms += host.now_ms() - t;
            }
            let grads = GradientsParams::from_grads(loss.backward(), &model);
            model = optim.step(cfg.learning_rate, model, grads);
        }
        let seconds = (host.now_ms() - start - paused_ms) / 1000.0;
        out.epoch_seconds.push(seconds);
        out.seconds += seconds;
        let e = evaluate(&model, test, feed, classes, device, host).await?;
        out.test_accuracy.push(e.accuracy);
        host.emit(&Event::Epoch {
            epoch,
            test_accuracy: e.accuracy,
            test_loss: e.loss,
            seconds,
        });
        out.confusion = e.confusion;
        out.predictions = e.predictions;
        if host.stop_requested() {
            out.stopped = true;
            break;
        }
    }
    out.samples_per_second = samples as f64 / out.seconds.max(1e-9);
    Ok((model, out))
}
