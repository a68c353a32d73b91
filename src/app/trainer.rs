//! The page's side of the training worker: starts it once, sends jobs, Stop and Pause, and
//! hands the worker's messages, in order, to the run that awaits them.

use super::protocol::{decode, encode, FromWorker, Preview, ToWorker};
use super::scope::js_err;
use js_sys::Promise;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

thread_local! {
    static WORKER: RefCell<Option<Worker>> = const { RefCell::new(None) };
    static READY: Cell<bool> = const { Cell::new(false) };
    static INBOX: RefCell<VecDeque<FromWorker>> = const { RefCell::new(VecDeque::new()) };
    /// Resolves the promise `next` waits on when a message arrives.
    static WAKE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// The first test images of each dataset the worker loaded (for the image grid).
    static PREVIEWS: RefCell<BTreeMap<String, Preview>> = const { RefCell::new(BTreeMap::new()) };
}

fn deliver(msg: FromWorker) {
    if matches!(msg, FromWorker::Ready) {
        READY.with(|r| r.set(true));
    }
    INBOX.with(|q| q.borrow_mut().push_back(msg));
    if let Some(wake) = WAKE.with(|w| w.borrow_mut().take()) {
        let _ = wake.call0(&JsValue::NULL);
    }
}

/// Starts the worker (worker.js beside the page loads the same wasm); its messages go to the inbox.
fn spawn() -> Result<Worker, String> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    opts.set_name("devcircuit-training");
    let worker = Worker::new_with_options("worker.js", &opts).map_err(js_err("the training worker (worker.js)"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|e: MessageEvent| {
        deliver(decode(&e).unwrap_or_else(|err| FromWorker::Failed {
            error: format!("unreadable message from the training worker: {err}"),
            retry: false,
        }));
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(|e: ErrorEvent| {
        // The worker is gone (its script failed or the wasm trapped): the next run starts a new one.
        WORKER.with(|w| w.borrow_mut().take()).inspect(|w| w.terminate());
        READY.with(|r| r.set(false));
        deliver(FromWorker::Failed {
            error: format!("the training worker stopped: {}", e.message()),
            retry: false,
        });
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_message.forget();
    on_error.forget();
    Ok(worker)
}

/// Starts the worker ahead of the first run, so its wasm is compiled by the time Train is pressed.
pub fn warm_up() {
    if WORKER.with(|w| w.borrow().is_none()) {
        if let Ok(w) = spawn() {
            WORKER.with(|slot| *slot.borrow_mut() = Some(w));
        }
    }
}

/// The next message from the worker.
pub async fn next() -> FromWorker {
    loop {
        if let Some(m) = INBOX.with(|q| q.borrow_mut().pop_front()) {
            return m;
        }
        let wait = Promise::new(&mut |resolve, _| WAKE.with(|w| *w.borrow_mut() = Some(resolve)));
        let _ = JsFuture::from(wait).await;
    }
}

fn post(msg: &ToWorker) -> Result<(), String> {
    let bytes = encode(msg);
    WORKER.with(|w| match w.borrow().as_ref() {
        Some(w) => w.post_message(&bytes).map_err(js_err("posting to the training worker")),
        None => Err("the training worker is not running".into()),
    })
}

/// Sends a job once the worker is ready; afterwards `next` yields that job's messages.
pub async fn start_job(job: ToWorker) -> Result<(), String> {
    if WORKER.with(|w| w.borrow().is_none()) {
        READY.with(|r| r.set(false));
        let w = spawn()?;
        WORKER.with(|slot| *slot.borrow_mut() = Some(w));
    }
    INBOX.with(|q| q.borrow_mut().retain(|m| matches!(m, FromWorker::Ready)));
    while !READY.with(|r| r.get()) {
        if let FromWorker::Failed { error, .. } = next().await {
            return Err(error);
        }
    }
    INBOX.with(|q| q.borrow_mut().clear());
    post(&job)
}

/// Stop or Pause for the running job (nothing to do when no worker runs).
pub fn tell(msg: ToWorker) {
    if WORKER.with(|w| w.borrow().is_some()) {
        let _ = post(&msg);
    }
}

pub fn keep_preview(dataset: String, p: Preview) {
    PREVIEWS.with(|m| m.borrow_mut().insert(dataset, p));
}

pub fn preview(dataset: &str) -> Option<Preview> {
    PREVIEWS.with(|m| m.borrow().get(dataset).cloned())
}
