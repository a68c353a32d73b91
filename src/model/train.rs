//! Training loop, generic over the device and over a `Host` that gives time, receives events
//! and lets the browser breathe: Adam, cross-entropy, evaluation on the full test set.

pub use super::run::{Evaluation, Event, Host, Outcome, TrainConfig, PREDICTIONS_KEPT};
use super::{batch_tensors, Feed, Reservoir};
use crate::data::batch::{batch_order, make_batch};
use crate::data::Split;
use burn::module::Module;
use burn::nn::loss::CrossEntropyLossConfig;
use burn::optim::GradientsParams;
use burn::tensor::Device;

/// Why training stopped short: the device failed (on WebGPU the page restarts on the CPU), or
/// the loss diverged. The message is the one line users see.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum TrainError {
    #[error("device error: {0}")]
    Device(String),
    #[error("the loss became {value} at iteration {iteration}: training diverged (try a lower learning rate)")]
    NotFinite { value: f64, iteration: usize },
    #[error(
        "training diverged: the loss rose from {first:.2} to {value:.2} by iteration {iteration} (try a lower \
        learning rate)"
    )]
    Diverged { first: f64, value: f64, iteration: usize },
    /// A run that cannot be built for this dataset (no input or readout neuron, …).
    #[error("{0}")]
    Setup(String),
}

fn err<E: std::fmt::Debug>(e: E) -> TrainError {
    TrainError::Device(format!("{e:?}"))
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
) -> Result<Evaluation, TrainError> {
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
) -> Result<(Reservoir, Outcome), TrainError> {
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
                    return Err(TrainError::NotFinite { value, iteration });
                }
                if value > 10.0 * first.max(1.0) {
                    return Err(TrainError::Diverged {
                        first,
                        value,
                        iteration,
                    });
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
