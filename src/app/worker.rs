//! The training worker (a module worker running the same wasm as the page): it grows, loads
//! the dataset and trains or runs a reservoir task, posting every step back to the page.

use super::fetch;
use super::growth::grow;
use super::protocol::{decode, decode_mirror, encode, FromWorker, Mirror, Preview, Start, ToWorker};
use super::scope::{now_ms, sleep};
use crate::experiment::classify::{classify, test_split};
use crate::experiment::results::{RunRecord, Summaries};
use crate::experiment::task::run_task;
use crate::experiment::Config;
use crate::model::train::{Event, Host, TrainError, PREDICTIONS_KEPT};
use crate::model::Device;
use std::cell::{Cell, RefCell};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

thread_local! {
    static STOP: Cell<bool> = const { Cell::new(false) };
    static PAUSED: Cell<bool> = const { Cell::new(false) };
    /// The worker's WebGPU device: Some(None) once it failed to start.
    static GPU: RefCell<Option<Option<Device>>> = const { RefCell::new(None) };
    /// As the summary worker: the page's runs, by id.
    static MIRROR: RefCell<Vec<RunRecord>> = const { RefCell::new(Vec::new()) };
}

fn global() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn post(msg: &FromWorker) {
    let _ = global().post_message(&encode(msg));
}

/// Listens for jobs, Stop and Pause; says Ready.
pub fn start() {
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        if let Some(m) = decode_mirror(&e.data()) {
            return summarise(m);
        }
        on_job(&e)
    });
    global().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&FromWorker::Ready);
}

/// A training worker's message: a job, Stop or Pause.
fn on_job(e: &MessageEvent) {
    match decode::<ToWorker>(e) {
        Ok(ToWorker::Stop) => {
            STOP.with(|s| s.set(true));
            PAUSED.with(|p| p.set(false));
        }
        Ok(ToWorker::Pause { on }) => PAUSED.with(|p| p.set(on)),
        Ok(ToWorker::Train { cfg, gpu }) => wasm_bindgen_futures::spawn_local(job(move || train_job(*cfg, gpu))),
        Ok(ToWorker::Task { cfg }) => wasm_bindgen_futures::spawn_local(job(move || task_job(*cfg))),
        Ok(ToWorker::Evaluate { plan, genome }) => post(&FromWorker::Evaluated {
            evaluation: crate::evolve::evaluate(&plan, &plan.real, &genome),
        }),
        Err(why) => post(&FromWorker::Failed {
            error: format!("the training worker received a message it does not understand ({why})"),
            retry: false,
        }),
    }
}

/// As the summary worker: takes the changed runs into the mirror (kept in id order) and
/// answers with the statistics of all of them.
fn summarise(message: Result<(Mirror, Vec<RunRecord>), String>) {
    let (m, incoming) = match message {
        Ok(m) => m,
        Err(why) => {
            return post(&failed(format!(
                "the summary worker could not read its message ({why})"
            )))
        }
    };
    wasm_bindgen_futures::spawn_local(async move {
        let stored = match m.start {
            Start::Database => match super::store::read_all().await {
                Ok(runs) => Some(runs),
                Err(why) => {
                    return post(&failed(format!(
                        "the summary worker could not read the workspace ({why})"
                    )))
                }
            },
            Start::Empty => Some(vec![]),
            Start::Keep => None,
        };
        let summaries = MIRROR.with(|mirror| {
            let mut mirror = mirror.borrow_mut();
            if let Some(runs) = stored {
                *mirror = runs;
                mirror.sort_by_key(|r| r.id);
            }
            for r in incoming {
                match mirror.binary_search_by_key(&r.id, |x| x.id) {
                    Ok(k) => mirror[k] = r,
                    Err(k) => mirror.insert(k, r),
                }
            }
            Summaries::of(&mirror, &m.analysis)
        });
        post(&FromWorker::Summaries {
            gen: m.gen,
            summaries: Box::new(summaries),
        })
    })
}

/// Runs one job with fresh Stop/Pause flags; a failure ends it with a Failed message.
async fn job<F: std::future::Future<Output = Result<(), FromWorker>>>(run: impl FnOnce() -> F) {
    STOP.with(|s| s.set(false));
    PAUSED.with(|p| p.set(false));
    if let Err(msg) = run().await {
        post(&msg);
    }
}

fn failed(error: impl ToString) -> FromWorker {
    FromWorker::Failed {
        error: error.to_string(),
        retry: false,
    }
}

struct WorkerHost;

impl Host for WorkerHost {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    fn emit(&mut self, event: &Event) {
        post(&FromWorker::Train { event: event.clone() });
    }

    fn stop_requested(&self) -> bool {
        STOP.with(|s| s.get())
    }

    /// Lets Stop and Pause messages in; waits while paused.
    async fn breathe(&mut self) {
        sleep(0).await;
        while PAUSED.with(|p| p.get()) && !STOP.with(|s| s.get()) {
            sleep(20).await;
        }
    }
}

/// The worker's WebGPU device, started once (None where it cannot start).
async fn gpu_device() -> Option<Device> {
    if let Some(d) = GPU.with(|g| g.borrow().clone()) {
        return d;
    }
    let d = match Device::wgpu_options().init_async().await {
        Ok(d) => Some(d),
        Err(e) => {
            post(&FromWorker::GpuLost {
                why: format!("WebGPU could not start in the training worker ({e:?})"),
            });
            None
        }
    };
    GPU.with(|g| *g.borrow_mut() = Some(d.clone()));
    d
}

fn preview(d: &crate::data::Dataset) -> Preview {
    let n = PREDICTIONS_KEPT.min(d.test.len());
    Preview {
        shape: d.manifest.shape,
        pixels: d.test.pixels[..n * d.test.dims].to_vec(),
        labels: d.test.labels[..n].to_vec(),
    }
}

async fn train_job(cfg: Config, want_gpu: bool) -> Result<(), FromWorker> {
    post(&FromWorker::Status {
        text: format!("Growing the circuit (seed {})…", cfg.seed),
    });
    let built = grow(&cfg).map_err(failed)?;
    post(&FromWorker::Grown {
        fingerprint: built.fingerprint.clone(),
    });
    post(&FromWorker::Status {
        text: format!("Loading {}…", cfg.dataset),
    });
    let data = fetch::load(&cfg.dataset, |(fraction, label)| {
        post(&FromWorker::Progress { fraction, label })
    })
    .await
    .map_err(|error| FromWorker::Failed { error, retry: true })?;
    let test_images = test_split(&cfg, &data).len();
    post(&FromWorker::Loaded {
        classes: data.manifest.classes.clone(),
        test_images,
        dataset: cfg.dataset.clone(),
        preview: preview(&data),
    });
    let gpu = if want_gpu { gpu_device().await } else { None };
    post(&FromWorker::Status {
        text: if gpu.is_some() {
            "Training on WebGPU (the first step compiles shaders)…".into()
        } else {
            "Training on the CPU…".into()
        },
    });
    let cpu = || super::backend::cpu().autodiff();
    let device = gpu.clone().map_or_else(cpu, |g| g.autodiff());
    let mut host = WorkerHost;
    let (model, outcome) = match classify(&cfg, &built, &data, &device, &mut host).await {
        Err(e @ TrainError::Device(_)) if gpu.is_some() => {
            GPU.with(|g| *g.borrow_mut() = Some(None));
            post(&FromWorker::GpuLost { why: e.to_string() });
            classify(&cfg, &built, &data, &cpu(), &mut host).await.map_err(failed)?
        }
        other => other.map_err(failed)?,
    };
    let weights = model.weights().await;
    post(&FromWorker::Trained {
        outcome: Box::new(outcome),
        weights,
    });
    Ok(())
}

async fn task_job(cfg: Config) -> Result<(), FromWorker> {
    let built = grow(&cfg).map_err(failed)?;
    post(&FromWorker::Grown {
        fingerprint: built.fingerprint.clone(),
    });
    let outcome = run_task(&cfg, &built.circuit, cfg.radius).map_err(failed)?;
    post(&FromWorker::TaskDone { outcome });
    Ok(())
}
