//! The page's run: grow the circuit, load the dataset, train on WebGPU (or the CPU), and feed
//! events into the UI signals; a WebGPU failure falls back to the CPU keeping the history.

use super::{backend, fetch, write_fragment, Ui};
use crate::development::{network_from_text, Params};
use crate::experiment::{build_circuit, Topology};
use crate::grn::CORTEX15;
use crate::model::train::{train, Event, Host, TrainConfig};
use crate::model::{Encoding, Reservoir, Shape};
use burn::tensor::Device;
use leptos::prelude::*;
use std::cell::Cell;

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
}

pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

pub fn request_stop() {
    STOP.with(|s| s.set(true));
}

/// Resolves after the browser had a chance to paint and handle input.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Grows the circuit for the current seed and shows its fingerprint (compared with a link's).
pub fn grow_now(ui: Ui, recorded_fp: Option<String>) {
    let cfg = ui.config.get_untracked();
    let result = network_from_text(CORTEX15).and_then(|(net, ids)| build_circuit(&cfg, &net, ids, &Params::default(), now_ms));
    match result {
        Ok(b) => {
            ui.circuit_line.set(format!("seed {}: {} cells → {} mature neurons, {} synapses ({} connected pairs); grown in {:.0} ms",
                cfg.seed, b.grown.cells, b.grown.circuit.len(), b.grown.circuit.synapses(), b.grown.circuit.connected_pairs(), b.grow_ms));
            if let Some(rec) = recorded_fp {
                ui.reproduced.set(Some(if rec == b.fingerprint { format!("reproduced ✓ fingerprint {rec} matches the link") } else { format!("not reproduced ✗ the link recorded fingerprint {rec}, this build grew {}", b.fingerprint) }));
            }
            ui.fingerprint.set(Some(b.fingerprint));
            ui.frames.set(super::tissue::set_timeline(b.grown.timeline));
        }
        Err(e) => ui.error.set(Some(e)),
    }
    write_fragment(ui);
}

struct PageHost {
    ui: Ui,
    fallback: bool,
}

impl Host for PageHost {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn emit(&mut self, event: &Event) {
        let ui = self.ui;
        match event {
            Event::Iteration0 { accuracy, .. } => ui.acc0.set(Some(*accuracy)),
            Event::Batch { iteration, loss, epoch, batch, samples_per_second } => {
                let fb = self.fallback;
                ui.losses.update(|l| l.push((*iteration, *loss, fb)));
                ui.status.set(format!("Training: epoch {epoch}, batch {batch}, loss {loss:.4}, {samples_per_second:.0} samples/s"));
            }
            Event::Epoch { epoch, test_accuracy, seconds, .. } => {
                ui.accuracy.update(|a| a.push(*test_accuracy));
                ui.status.set(format!("Epoch {epoch} done in {seconds:.1} s: test accuracy {:.2} %", test_accuracy * 100.0));
            }
        }
    }

    fn stop_requested(&self) -> bool {
        STOP.with(|s| s.get())
    }

    async fn breathe(&mut self) {
        next_frame().await;
    }
}

/// The whole run, from the button press to the final accuracy.
pub async fn start(ui: Ui) {
    STOP.with(|s| s.set(false));
    ui.running.set(true);
    ui.error.set(None);
    ui.losses.set(vec![]);
    ui.acc0.set(None);
    ui.accuracy.set(vec![]);
    if let Err(e) = run(ui).await {
        ui.error.set(Some(e.clone()));
        ui.status.set(format!("Stopped: {e}"));
    }
    ui.running.set(false);
}

async fn run(ui: Ui) -> Result<(), String> {
    let cfg = ui.config.get_untracked();
    ui.status.set("Growing the circuit…".into());
    next_frame().await;
    grow_now(ui, None);
    let (net, ids) = network_from_text(CORTEX15)?;
    let built = build_circuit(&cfg, &net, ids, &Params::default(), now_ms)?;
    ui.status.set(format!("Loading {}…", cfg.dataset));
    let data = fetch::load(&cfg.dataset, |done, total| {
        ui.progress.set((done as f64 / total.max(1) as f64, format!("{} / {} MB", done / 1_000_000, total / 1_000_000)));
    }).await?;
    ui.progress.set((1.0, format!("{} loaded ({} train / {} test images)", cfg.dataset, data.train.len(), data.test.len())));
    let [c, h, w] = data.manifest.shape;
    let (input, steps) = match cfg.encoding { Encoding::Whole => (c * h * w, cfg.steps), Encoding::Rows => (c * w, h) };
    let shape = Shape { input, hidden: built.circuit.len(), classes: data.manifest.classes.len(), steps };
    let test_limit = cfg.test_limit;
    let test = match test_limit { Some(n) => data.test.clone().truncate(n), None => data.test.clone() };
    let tc = TrainConfig { epochs: cfg.epochs, batch_size: cfg.batch_size, learning_rate: cfg.learning_rate, limit_train: None, limit_batches: cfg.limit, log_every: 5, data_seed: cfg.data_seed };
    let mut host = PageHost { ui, fallback: false };
    let device = backend::gpu().unwrap_or_else(backend::cpu);
    let on_gpu = backend::gpu().is_some();
    ui.status.set(if on_gpu { "Training on WebGPU (the first step compiles shaders)…".into() } else { "Training on the CPU…".into() });
    let make = |d: &Device| Reservoir::new(shape, &built.w_rec, cfg.topology == Topology::Trainable, cfg.init_seed, d);
    let ad = device.clone().autodiff();
    let result = train(make(&ad), &data.train, &test, cfg.encoding, shape.classes, &tc, &ad, &mut host).await;
    let out = match result {
        Ok((_, out)) => out,
        Err(e) if on_gpu && e.starts_with("device error") => {
            backend::drop_gpu(ui, &e);
            host.fallback = true;
            ui.status.set("WebGPU failed; continuing on the CPU (the loss so far is kept, in the second colour).".into());
            let cpu = backend::cpu().autodiff();
            train(make(&cpu), &data.train, &test, cfg.encoding, shape.classes, &tc, &cpu, &mut host).await?.1
        }
        Err(e) => return Err(e),
    };
    let over = match test_limit { Some(n) if n < data.test.len() => format!("the first {n}"), _ => format!("all {}", data.test.len()) };
    let batches = cfg.limit.map_or(String::new(), |l| format!(" of {l} batches"));
    let last = out.test_accuracy.last().copied().unwrap_or(0.0);
    ui.status.set(format!("{} after {} epoch(s){batches}: test accuracy {:.2} % on {over} test images (iteration 0: {:.2} %); {:.1} s, {:.0} samples/s",
        if out.stopped { "Stopped" } else { "Done" }, out.test_accuracy.len(), last * 100.0, out.iteration0_accuracy * 100.0, out.seconds, out.samples_per_second));
    Ok(())
}
