//! The workspace's statistics off the page's thread: a summary worker keeps a mirror of the
//! runs (it reads the database itself, then the page sends each run that changes) and answers
//! with `Summaries`.

use super::protocol::{decode, encode_mirror, FromWorker, Mirror, Start};
use super::scope::sleep;
use super::Ui;
use crate::experiment::results::{RunRecord, Summaries};
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeSet;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, MessageEvent, Worker, WorkerOptions, WorkerType};

/// What the mirror lacks, and the generation sent last.
#[derive(Default)]
struct State {
    worker: Option<Worker>,
    /// Where the mirror starts again from (None: as it is).
    reset: Option<Start>,
    /// Runs changed since the last message.
    unsent: BTreeSet<u64>,
    /// Something (runs or the analysis) changed since the last message.
    pending: bool,
    /// A message is on its way or being answered (the next waits for its answer).
    busy: bool,
    /// The worker's wasm listens (messages before that would be lost).
    ready: bool,
    gen: u64,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Run `id` changed (`store::touch`): the worker gets it with the next message.
pub fn changed(id: u64) {
    STATE.with(|s| s.borrow_mut().unsent.insert(id));
}

/// The workspace was read from the database (`Start::Database`: the worker reads it too) or
/// emptied (`Start::Empty`).
pub fn replaced(start: Start) {
    STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.reset = Some(start);
        s.unsent.clear();
    });
}

/// Starts the summary worker and sends it every change of the runs or of the analysis.
pub fn start(ui: Ui) {
    match spawn(ui) {
        Ok(w) => STATE.with(|s| s.borrow_mut().worker = Some(w)),
        Err(e) => ui
            .page
            .notices
            .update(|n| n.push(format!("The statistics are computed on the page's thread ({e})."))),
    }
    Effect::new(move |_| {
        ui.work.records.track();
        ui.work.analysis.track();
        schedule(ui);
    });
}

fn spawn(ui: Ui) -> Result<Worker, String> {
    let opts = WorkerOptions::new();
    opts.set_type(WorkerType::Module);
    opts.set_name("devcircuit-summaries");
    let worker =
        Worker::new_with_options("worker.js", &opts).map_err(super::scope::js_err("the summary worker (worker.js)"))?;
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| match decode(&e) {
        Ok(FromWorker::Summaries { gen, summaries }) => answered(ui, gen, *summaries),
        Ok(FromWorker::Ready) => {
            STATE.with(|s| s.borrow_mut().ready = true);
            kick(ui)
        }
        Ok(FromWorker::Failed { error, .. }) => lost(ui, &error),
        Ok(_) => {}
        Err(why) => lost(ui, &format!("unreadable answer: {why}")),
    });
    let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |e: ErrorEvent| lost(ui, &e.message()));
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_message.forget();
    on_error.forget();
    Ok(worker)
}

/// The worker failed: from now on the page computes the statistics itself, and says so.
fn lost(ui: Ui, why: &str) {
    if let Some(w) = STATE.with(|s| s.borrow_mut().worker.take()) {
        w.terminate();
    }
    ui.page.notices.update(|n| {
        n.push(format!(
            "The summary worker stopped ({why}); the statistics are computed on the page's thread."
        ))
    });
    STATE.with(|s| s.borrow_mut().busy = false);
    schedule(ui);
}

/// Marks the statistics as out of date and sends the changes soon (after the current answer).
fn schedule(ui: Ui) {
    ui.work.stats_fresh.set(false);
    STATE.with(|s| s.borrow_mut().pending = true);
    kick(ui)
}

/// Sends the pending changes soon, unless a message is being answered or the worker is starting.
fn kick(ui: Ui) {
    let start = STATE.with(|s| {
        let mut s = s.borrow_mut();
        let can = s.pending && !s.busy && (s.ready || s.worker.is_none());
        s.busy |= can;
        can
    });
    if start {
        leptos::task::spawn_local(async move {
            // Gathers the changes of one burst of events (a finished run changes several times).
            sleep(50).await;
            send(ui)
        });
    }
}

/// Sends what changed, with the analysis; without a worker, computes the statistics here.
fn send(ui: Ui) {
    let analysis = ui.work.analysis.get_untracked();
    let Some(worker) = STATE.with(|s| s.borrow().worker.clone()) else {
        let s = ui.work.records.with_untracked(|rs| Summaries::of(rs, &analysis));
        STATE.with(|st| st.borrow_mut().pending = false);
        return answered(ui, STATE.with(|s| s.borrow().gen), s);
    };
    let (reset, unsent, gen) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.pending = false;
        s.gen += 1;
        (s.reset.take(), std::mem::take(&mut s.unsent), s.gen)
    });
    let runs = js_sys::Array::new();
    ui.work.records.with_untracked(|rs| {
        rs.iter().filter(|r| unsent.contains(&r.id)).for_each(|r: &RunRecord| {
            runs.push(&super::protocol::encode(r));
        })
    });
    let m = Mirror {
        gen,
        start: reset.unwrap_or(Start::Keep),
        analysis,
    };
    if let Err(e) = worker.post_message(&encode_mirror(&m, &runs)) {
        lost(ui, &super::idb::reason(&e));
    }
}

/// The worker's statistics at generation `gen`: shown; fresh when nothing changed since.
fn answered(ui: Ui, gen: u64, summaries: Summaries) {
    // A link records the finished runs' conditions: rewrite it when they changed.
    let recorded = ui.work.stats.with_untracked(|old| old.finished != summaries.finished);
    ui.work.stats.set(summaries);
    if recorded {
        super::write_fragment(ui)
    }
    let (again, fresh) = STATE.with(|s| {
        let mut s = s.borrow_mut();
        s.busy = false;
        (s.pending, !s.pending && gen == s.gen)
    });
    if again {
        kick(ui)
    }
    ui.work.stats_fresh.set(fresh);
}
