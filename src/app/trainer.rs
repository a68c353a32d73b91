//! The page's side of the training workers: a pool of them, each started on first use; jobs go
//! to one worker (a lane), Stop and Pause to all, and each worker's messages, in order, to the
//! run that awaits them. A worker that dies fails only its own job; the next job starts a new one.

use super::protocol::{decode, encode, FromWorker, Preview, ToWorker};
use super::scope::js_err;
use js_sys::Promise;
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// One worker of the pool and the messages it sent that nobody has read yet.
#[derive(Default)]
struct Slot {
    worker: Option<Worker>,
    ready: bool,
    inbox: VecDeque<FromWorker>,
    /// Resolves the promise `next` waits on when a message arrives.
    wake: Option<js_sys::Function>,
}

thread_local! {
    static SLOTS: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
    /// The first test images of each dataset a worker loaded (for the image grid).
    static PREVIEWS: RefCell<BTreeMap<String, Preview>> = const { RefCell::new(BTreeMap::new()) };
}

fn with_slot<T>(k: usize, f: impl FnOnce(&mut Slot) -> T) -> T {
    SLOTS.with(|s| {
        let mut s = s.borrow_mut();
        while s.len() <= k {
            s.push(Slot::default());
        }
        f(&mut s[k])
    })
}

fn deliver(k: usize, msg: FromWorker) {
    let wake = with_slot(k, |s| {
        if matches!(msg, FromWorker::Ready) {
            s.ready = true;
        }
        s.inbox.push_back(msg);
        s.wake.take()
    });
    if let Some(wake) = wake {
        let _ = wake.call0(&JsValue::NULL);
    }
}

/// Starts worker `k` (worker.js beside the page loads the same wasm); its messages go to its inbox.
fn spawn(k: usize) -> Result<Worker, String> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    opts.set_name(&format!("devcircuit-training-{}", k + 1));
    let worker = Worker::new_with_options("worker.js", &opts).map_err(js_err("the training worker (worker.js)"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        deliver(
            k,
            decode(&e).unwrap_or_else(|err| FromWorker::Failed {
                error: format!("unreadable message from the training worker: {err}"),
                retry: false,
            }),
        );
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| {
        // The worker is gone (its script failed, the wasm trapped, it ran out of memory): its
        // job fails with the reason, and its next job starts a new worker.
        with_slot(k, |s| {
            s.ready = false;
            s.worker.take()
        })
        .inspect(|w| w.terminate());
        deliver(
            k,
            FromWorker::Failed {
                error: format!("training worker {} stopped: {}", k + 1, e.message()),
                retry: false,
            },
        );
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_message.forget();
    on_error.forget();
    Ok(worker)
}

/// Starts the first worker ahead of the first run, so its wasm is compiled by the time Train is pressed.
pub fn warm_up() {
    if with_slot(0, |s| s.worker.is_none()) {
        if let Ok(w) = spawn(0) {
            with_slot(0, |s| s.worker = Some(w));
        }
    }
}

/// The next message from worker `k`.
pub async fn next(k: usize) -> FromWorker {
    loop {
        if let Some(m) = with_slot(k, |s| s.inbox.pop_front()) {
            return m;
        }
        let wait = Promise::new(&mut |resolve, _| with_slot(k, |s| s.wake = Some(resolve)));
        let _ = JsFuture::from(wait).await;
    }
}

fn post(k: usize, msg: &ToWorker) -> Result<(), String> {
    let bytes = encode(msg);
    match with_slot(k, |s| s.worker.clone()) {
        Some(w) => w.post_message(&bytes).map_err(js_err("posting to the training worker")),
        None => Err("the training worker is not running".into()),
    }
}

/// Sends a job to worker `k` once it is ready; afterwards `next(k)` yields that job's messages.
pub async fn start_job(k: usize, job: ToWorker) -> Result<(), String> {
    if with_slot(k, |s| s.worker.is_none()) {
        let w = spawn(k)?;
        with_slot(k, |s| {
            s.ready = false;
            s.worker = Some(w)
        });
    }
    with_slot(k, |s| s.inbox.retain(|m| matches!(m, FromWorker::Ready)));
    while !with_slot(k, |s| s.ready) {
        if let FromWorker::Failed { error, .. } = next(k).await {
            return Err(error);
        }
    }
    with_slot(k, |s| s.inbox.clear());
    post(k, &job)
}

/// Stop or Pause for every running job (nothing to do where no worker runs).
pub fn tell_all(msg: ToWorker) {
    let n = SLOTS.with(|s| s.borrow().len());
    for k in 0..n {
        if with_slot(k, |s| s.worker.is_some()) {
            let _ = post(k, &msg);
        }
    }
}

/// Workers the page may run at once: one fewer than the cores (at least one), at most `limit`.
pub fn pool_size(limit: usize) -> usize {
    let cores = web_sys::window().map_or(2.0, |w| w.navigator().hardware_concurrency()) as usize;
    cores.saturating_sub(1).clamp(1, limit.max(1))
}

pub fn keep_preview(dataset: String, p: Preview) {
    PREVIEWS.with(|m| m.borrow_mut().insert(dataset, p));
}

pub fn preview(dataset: &str) -> Option<Preview> {
    PREVIEWS.with(|m| m.borrow().get(dataset).cloned())
}
