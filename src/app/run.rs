//! The page's runs: a queue worked through one run at a time. Each run grows its circuit,
//! loads the dataset, trains on WebGPU (or the CPU) and writes into its own record.

use super::backend::BackendKind;
use super::growth::{grow, last_growth};
use super::protocol::{FromWorker, ToWorker};
use super::scope::{now_ms, sleep};
use super::tabs::{announce, Change};
use super::{backend, store, trainer, write_fragment, Ui};
use crate::development::Grown;
use crate::experiment::link::Provenance;
use crate::experiment::results::{merge, RunRecord, RunStatus, WorkspaceFile};
use crate::experiment::task::TaskOutcome;
use crate::experiment::{Config, Task};
use crate::model::train::{Event, Outcome};
use crate::model::Weights;
use leptos::prelude::*;

/// Stops the running run and halts the queue (what is queued stays queued).
pub fn request_stop(ui: Ui) {
    ui.run.stop.set_value(true);
    trainer::tell_all(ToWorker::Stop);
    set_paused(ui, false);
}

pub fn set_paused(ui: Ui, on: bool) {
    trainer::tell_all(ToWorker::Pause { on });
    ui.run.paused.set(on);
}

pub fn weights_of(ui: Ui, id: u64) -> Option<Weights> {
    ui.work
        .weights
        .with_value(|w| w.as_ref().filter(|(i, _)| *i == id).map(|(_, w)| w.clone()))
}

/// Shows a grown circuit: fingerprint, summary line and the explorer's tissue.
fn show_circuit(ui: Ui, cfg: &Config, grown: &Grown, grow_ms: f64) {
    ui.explore.circuit_line.set(format!(
        "seed {}: {} cells → {} mature neurons, {} synapses ({} connected pairs); grown in {:.0} ms",
        cfg.seed,
        grown.cells,
        grown.circuit.len(),
        grown.circuit.synapses(),
        grown.circuit.connected_pairs(),
        grow_ms
    ));
    show_tissue(ui, cfg, grown.clone());
}

/// Puts a tissue in the explorer (also one that grew no circuit: a lethal knock-out).
/// The same tissue shown again (only the gain or ρ changed) keeps its timeline step and
/// inspected cell; a new one starts at its last step with nothing selected.
fn show_tissue(ui: Ui, cfg: &Config, grown: Grown) {
    let fingerprint = grown.circuit.fingerprint();
    let same = ui.explore.tissue.with_untracked(|t| {
        t.as_ref()
            .is_some_and(|e| e.grown.cells == grown.cells && e.grown.circuit.fingerprint() == fingerprint)
    });
    ui.explore.fingerprint.set(Some(fingerprint));
    if let Some(e) = super::grown::explore(cfg, grown) {
        if !same {
            ui.explore.selected.set(None);
            ui.explore.frame.set(usize::MAX);
        }
        ui.explore.tissue.set(Some(std::sync::Arc::new(e)));
    }
}

/// Grows the circuit of the panel's configuration; with a link's provenance, says whether
/// this page reproduced it (fingerprint, version and backend compared).
pub fn grow_now(ui: Ui, link: Option<Provenance>) {
    let cfg = ui.page.config.get_untracked();
    match grow(&cfg) {
        Ok(b) => {
            show_circuit(ui, &cfg, &b.grown, b.grow_ms);
            if let Some(p) = link.filter(|p| p.fingerprint.is_some()) {
                let (ver, backend, fp) = super::provenance_now(ui);
                let diffs = p.differences(&ver, &backend, &fp);
                let same_fp = p.fingerprint.as_deref() == Some(fp.as_str());
                ui.explore.reproduced.set(Some(match (same_fp, diffs.is_empty()) {
                    (true, true) => {
                        format!("reproduced ✓ fingerprint {fp} matches the link (version {ver}, backend {backend})")
                    }
                    (true, false) => format!(
                        "reproduced ✓ fingerprint {fp} matches the link; differs: {}",
                        diffs.join("; ")
                    ),
                    (false, _) => format!("not reproduced ✗ {}", diffs.join("; ")),
                }));
            }
        }
        Err(e) => {
            // Development ran but left no circuit: show what grew (perhaps nothing) and say why.
            if let Some((g, _)) = last_growth(&cfg) {
                ui.explore.circuit_line.set(format!(
                    "seed {}: {} cells → {} mature neurons: no circuit to train",
                    cfg.seed,
                    g.cells,
                    g.circuit.len()
                ));
                show_tissue(ui, &cfg, g);
            }
            ui.run.error.set(Some(e.to_string()));
        }
    }
    write_fragment(ui);
}

/// Saves in a task of its own, after the views have redrawn: a run's last events would
/// otherwise redraw and serialise every record in one long main-thread task.
fn persist_soon(ui: Ui) {
    leptos::task::spawn_local(async move {
        sleep(0).await;
        persist(ui)
    });
}

/// Writes the runs changed since the last save, then tells the other tabs (the queue is
/// stored where it changes: `enqueue`, `clear_queue`, `next_queued`).
pub fn persist(ui: Ui) {
    let ids = store::take_dirty();
    let records: Vec<RunRecord> = ui
        .work
        .records
        .with_untracked(|rs| rs.iter().filter(|r| ids.contains(&r.id)).cloned().collect());
    let n = records.len();
    ui.work.saving.update(|s| *s += n);
    leptos::task::spawn_local(async move {
        let saved = store::save(&records).await;
        ui.work.saving.update(|s| *s -= n);
        match saved {
            Ok(()) => {
                ui.work.refused.set(None);
                announce(&Change::Runs {
                    ids: ids.into_iter().collect(),
                });
                refresh_usage(ui).await;
            }
            Err(e) => {
                ids.into_iter().for_each(store::touch);
                ui.work.refused.set(Some(e.to_string()));
                ui.run.error.set(Some(format!(
                    "Results could not be saved: {}; the runs not saved stay in this page until it is closed",
                    store::said(e)
                )));
            }
        }
    });
}

/// Asks the browser how much storage the site uses after a save: at most every 5 s (saves come
/// in bursts), and once more after the last save of a burst.
async fn refresh_usage(ui: Ui) {
    thread_local! {
        static ASKED_MS: std::cell::Cell<f64> = const { std::cell::Cell::new(f64::NEG_INFINITY) };
        static LATER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    let wait = 5000.0 - (now_ms() - ASKED_MS.with(|a| a.get()));
    if wait > 0.0 {
        if !LATER.with(|l| l.replace(true)) {
            sleep(wait as i32).await;
            LATER.with(|l| l.set(false));
            ASKED_MS.with(|a| a.set(now_ms()));
            ui.work.usage.set(store::usage().await);
        }
        return;
    }
    ASKED_MS.with(|a| a.set(now_ms()));
    ui.work.usage.set(store::usage().await);
}

/// The largest run id this tab knows.
fn last_id(ui: Ui) -> u64 {
    ui.work
        .records
        .with_untracked(|rs| rs.iter().map(|r| r.id).max().unwrap_or(0))
}

/// `n` fresh run ids, unique across this site's tabs (this tab's own count without storage).
async fn fresh_ids(ui: Ui, n: usize) -> u64 {
    super::locks::workspace(reserve_ids(ui, n)).await
}

/// `fresh_ids` for a caller that holds the workspace lock already.
async fn reserve_ids(ui: Ui, n: usize) -> u64 {
    let local = last_id(ui) + 1;
    match store::allocate(n, local).await {
        Ok(first) => first,
        Err(e) => {
            if store::available() {
                ui.page.notices.update(|m| {
                    m.push(format!(
                        "Run ids could not be reserved in storage ({e}); another tab may reuse them."
                    ))
                });
            }
            local
        }
    }
}

/// Deletes every run of the workspace (the page asked first) and saves.
pub fn clear_records(ui: Ui) {
    super::summaries::replaced(super::protocol::Start::Empty);
    ui.work.records.set(vec![]);
    ui.work.current.set(None);
    leptos::task::spawn_local(async move {
        match store::clear().await {
            Ok(()) => announce(&Change::Cleared),
            Err(e) => ui
                .run
                .error
                .set(Some(format!("The stored runs could not be deleted: {e}"))),
        }
    });
    super::write_fragment(ui);
}

/// Adds a collected sweep's runs to the workspace, numbered after the last run and marked
/// imported, and saves.
pub fn import_records(ui: Ui, recs: Vec<RunRecord>) {
    leptos::task::spawn_local(async move {
        let first = fresh_ids(ui, recs.len()).await;
        let recs: Vec<RunRecord> = recs
            .into_iter()
            .enumerate()
            .map(|(k, r)| RunRecord {
                id: first + k as u64,
                imported: true,
                backend: format!("imported · {}", r.backend),
                ..r
            })
            .collect();
        recs.iter().for_each(|r| store::touch(r.id));
        ui.work.records.update(|rs| rs.extend(recs));
        persist(ui);
    });
}

/// Joins an exported workspace to this one (`results::merge`: nothing overwritten), queues its
/// queue, takes its settings, and says what happened.
pub fn import_workspace(ui: Ui, file: WorkspaceFile) {
    leptos::task::spawn_local(async move {
        // Ids are read and bumped under one lock, so a tab importing at once cannot take them.
        let held = super::locks::acquire(super::locks::WORKSPACE).await;
        let next = reserve_ids(ui, 0).await;
        let merged = ui.work.records.with_untracked(|here| merge(here, file.runs, next));
        if let Some(top) = merged.added.iter().map(|r| r.id).max() {
            let _ = store::allocate(0, top + 1).await;
        }
        drop(held);
        merged.added.iter().for_each(|r| store::touch(r.id));
        let (summary, queued) = (merged.summary(), file.queue.len());
        ui.work.records.update(|rs| {
            rs.extend(merged.added);
            rs.sort_by_key(|r| r.id);
        });
        if !file.queue.is_empty() {
            enqueue_later(ui, file.queue);
        }
        let settings = match file.settings {
            Some(c) => {
                ui.page.config.set(c);
                " The page now shows the workspace's settings."
            }
            None => " Its settings could not be read, so the page keeps its own.",
        };
        let aside = match file.set_aside.len() {
            0 => String::new(),
            n => format!(" {n} entr(ies) could not be read and are listed under Set aside."),
        };
        ui.work.set_aside.update(|s| s.extend(file.set_aside));
        persist(ui);
        grow_now(ui, None);
        write_fragment(ui);
        let queued = if queued > 0 {
            format!(" {queued} queued run(s) were added to the queue (press \"Resume queue\").")
        } else {
            String::new()
        };
        ui.page
            .notices
            .update(|n| n.push(format!("{summary}{queued}{settings}{aside}")));
    });
}

/// Adds runs to the queue (a single Train goes first, a comparison at the end) and starts
/// working through it unless a run is going.
pub fn enqueue(ui: Ui, configs: Vec<Config>) {
    let (front, n) = (configs.len() == 1, configs.len());
    ui.work.queue.update(|q| {
        if front {
            q.insert(0, configs[0].clone())
        } else {
            q.extend(configs.iter().cloned())
        }
    });
    // Running from the click on, so Pause and Stop answer at once.
    let start = !ui.run.running.get_untracked();
    if start {
        begin_queue(ui);
    } else {
        ui.run.batch.update(|b| b.1 += n);
    }
    leptos::task::spawn_local(async move {
        // The stored queue is the one every tab and worker takes from: added to in one step.
        if let Ok(q) = store::append_queued(&configs, front).await {
            ui.work.queue.set(q);
            announce(&Change::Queue);
        }
        if start {
            work_queue(ui).await;
        }
    });
}

/// Adds runs at the end of the queue without starting it (they wait for Resume queue).
fn enqueue_later(ui: Ui, configs: Vec<Config>) {
    ui.work.queue.update(|q| q.extend(configs.iter().cloned()));
    leptos::task::spawn_local(async move {
        if let Ok(q) = store::append_queued(&configs, false).await {
            ui.work.queue.set(q);
            announce(&Change::Queue);
        }
    });
}

/// Empties the queue here and in storage.
pub fn clear_queue(ui: Ui) {
    ui.work.queue.set(vec![]);
    leptos::task::spawn_local(async move {
        if store::set_queue(&[]).await.is_ok() {
            announce(&Change::Queue);
        }
    });
}

/// Works through the queue until it is empty or Stop is pressed (unless it is being worked on).
pub async fn run_queue(ui: Ui) {
    if ui.run.running.get_untracked() {
        return;
    }
    begin_queue(ui);
    work_queue(ui).await;
}

/// The queue runs from now on: Pause and Stop are live, the last error is cleared.
fn begin_queue(ui: Ui) {
    ui.run.stop.set_value(false);
    ui.run.running.set(true);
    ui.run.error.set(None);
    ui.run.retry.set(None);
    ui.run.batch.set((0, ui.work.queue.get_untracked().len()));
}

/// Runs the queue on its lanes until it is empty or Stop is pressed.
async fn work_queue(ui: Ui) {
    let lanes = lanes_for(ui);
    let active = std::rc::Rc::new(std::cell::Cell::new(lanes));
    for k in 1..lanes {
        let active = active.clone();
        leptos::task::spawn_local(async move {
            lane(ui, k, lanes).await;
            lane_done(ui, k);
            active.set(active.get() - 1);
        });
    }
    lane(ui, 0, lanes).await;
    lane_done(ui, 0);
    active.set(active.get() - 1);
    while active.get() > 0 {
        sleep(50).await;
    }
    ui.run.lanes.set(Default::default());
    ui.run.running.set(false);
    set_paused(ui, false);
    persist(ui);
    write_fragment(ui);
}

/// How many runs go at once: the workers the page may use (`trainer::pool_size`), or one while
/// a queued run trains on WebGPU (one device, one run at a time).
fn lanes_for(ui: Ui) -> usize {
    let webgpu = ui.run.backend.get_untracked().key == BackendKind::Webgpu;
    let gpu_run = ui
        .work
        .queue
        .with_untracked(|q| q.iter().any(|c| c.task == Task::Classify && !c.force_cpu));
    if webgpu && gpu_run {
        1
    } else {
        trainer::pool_size(ui.run.workers.get_untracked())
    }
}

/// One worker's share of the queue: the next queued run, until the queue is empty or Stop.
async fn lane(ui: Ui, k: usize, lanes: usize) {
    while !ui.run.stop.get_value() {
        let Some(record) = next_queued(ui).await else {
            break;
        };
        run_one(ui, record, Lane { k, shown: lanes == 1 }).await;
        ui.run.batch.update(|b| b.0 += 1);
    }
}

/// Which worker a run goes to, and whether the page grows its circuit for the views too (with
/// one worker; with several the page thread would be the bottleneck, and the record takes the
/// worker's fingerprint).
#[derive(Clone, Copy)]
struct Lane {
    k: usize,
    shown: bool,
}

/// Lane `k` found the queue empty: its line goes (the others may still be training).
fn lane_done(ui: Ui, k: usize) {
    ui.run.lanes.update(|l| {
        l.remove(&k);
    });
}

/// What lane `k` is doing: the status line, and the lane's own line when several run.
fn say(ui: Ui, k: usize, text: String) {
    ui.run.lanes.update(|l| {
        l.insert(k, text.clone());
    });
    ui.run.status.set(text);
}

/// The next queued run, taken from the stored queue and stored as running in one step, so that
/// two tabs never run the same one and a tab closed mid-take loses none (from this tab's queue
/// when there is no storage).
async fn next_queued(ui: Ui) -> Option<RunRecord> {
    let backend = ui.run.backend.get_untracked().key.name().to_string();
    let make = move |id, cfg| RunRecord::new(id, cfg, crate::experiment::APP_VERSION, &backend);
    let at_least = last_id(ui) + 1;
    match super::locks::workspace(store::take_as_run(at_least, make.clone())).await {
        Ok((next, rest)) => {
            ui.work.queue.set(rest);
            announce(&Change::Queue);
            next
        }
        Err(e) if store::available() => {
            ui.run
                .error
                .set(Some(format!("The queue could not be read from storage: {e}")));
            None
        }
        Err(_) => {
            let cfg = ui
                .work
                .queue
                .try_update(|q| (!q.is_empty()).then(|| q.remove(0)))
                .flatten()?;
            Some(make(fresh_ids(ui, 1).await, cfg))
        }
    }
}

/// Applies the worker's training events to the run's record and the status line.
struct PageHost {
    ui: Ui,
    id: u64,
    lane: usize,
    fallback: bool,
    /// Iterations trained before the CPU fallback restarted counting.
    offset: usize,
    /// Logged losses not yet in the record, and the status line that goes with the last one:
    /// the record (and every view of it) changes at most every `FLUSH_MS`, not at each batch.
    pending: Vec<(usize, f64)>,
    pending_status: Option<String>,
    flushed_at: f64,
}

/// How often the page takes in the worker's batches (a CPU epoch logs about 60 a second).
const FLUSH_MS: f64 = 100.0;

impl PageHost {
    fn new(ui: Ui, id: u64, lane: usize) -> Self {
        PageHost {
            ui,
            id,
            lane,
            fallback: false,
            offset: 0,
            pending: vec![],
            pending_status: None,
            flushed_at: 0.0,
        }
    }

    /// Moves the pending losses into the record and shows the latest status.
    fn flush(&mut self) {
        let (ui, fb) = (self.ui, self.fallback);
        if !self.pending.is_empty() {
            let points = std::mem::take(&mut self.pending);
            ui.work.update_record(self.id, |r| {
                if fb && r.fallback_at.is_none() {
                    r.fallback_at = Some(points[0].0)
                }
                r.losses.extend(points);
            });
        }
        if let Some(s) = self.pending_status.take() {
            say(ui, self.lane, s);
        }
        self.flushed_at = now_ms();
    }

    fn emit(&mut self, event: &Event) {
        let ui = self.ui;
        if let Event::Batch {
            iteration,
            loss,
            epoch,
            batch,
            samples_per_second,
        } = event
        {
            ui.run.batch_heard_ms.set(now_ms());
            self.pending.push((iteration + self.offset, *loss));
            self.pending_status = Some(format!(
                "Training: epoch {epoch}, batch {batch}, loss {loss:.4}, {samples_per_second:.0} samples/s"
            ));
            if now_ms() - self.flushed_at >= FLUSH_MS {
                self.flush();
            }
            return;
        }
        self.flush();
        match event {
            Event::Iteration0 { accuracy, .. } => ui.work.update_record(self.id, |r| {
                if r.acc0.is_none() {
                    r.acc0 = Some(*accuracy)
                }
            }),
            Event::Batch { .. } => {}
            Event::Epoch {
                epoch,
                test_accuracy,
                seconds,
                ..
            } => {
                ui.work.update_record(self.id, |r| r.accuracy.push(*test_accuracy));
                say(
                    ui,
                    self.lane,
                    format!(
                        "Epoch {epoch} done in {seconds:.1} s: test accuracy {:.2} %",
                        test_accuracy * 100.0
                    ),
                );
                persist_soon(ui);
            }
        }
    }

    /// WebGPU failed in the worker: the run restarts on the CPU from the same initial weights.
    fn gpu_lost(&mut self, why: &str) {
        let (ui, id) = (self.ui, self.id);
        backend::drop_gpu(ui.run, why);
        if ui
            .work
            .records
            .with_untracked(|rs| rs.iter().find(|r| r.id == id).is_some_and(|r| r.losses.is_empty()))
        {
            // Nothing ran on WebGPU yet (it did not start in the worker): the run is a CPU run.
            ui.work.update_record(id, |r| r.backend = "cpu".into());
            return;
        }
        self.fallback = true;
        self.offset = ui.work.records.with_untracked(|rs| {
            rs.iter()
                .find(|r| r.id == id)
                .and_then(|r| r.losses.last())
                .map_or(0, |l| l.0)
        });
        ui.work.update_record(id, |r| r.accuracy.clear());
        say(
            ui,
            self.lane,
            "WebGPU failed; the run restarts on the CPU from the same initial weights (the WebGPU loss so far stays on \
            the chart; × marks the restarted CPU batches)."
                .into(),
        );
    }
}

/// One run from its configuration to a finished record.
async fn run_one(ui: Ui, record: RunRecord, lane: Lane) {
    let (id, cfg) = (record.id, record.config.clone());
    // Held while this run trains: another tab that finds it running sees the lock taken, and
    // the browser frees it when this tab closes (a reload then finds the run interrupted).
    let _training = super::locks::acquire(&super::locks::run(id)).await;
    ui.work.records.update(|rs| rs.push(record));
    store::touch(id);
    ui.work.current.set(Some(id));
    persist(ui);
    let t0 = now_ms();
    if cfg.task != Task::Classify {
        let status = match task_run(ui, id, &cfg, lane).await {
            Ok(out) => {
                say(
                    ui,
                    lane.k,
                    format!(
                        "{} ρ {}: {} = {:.4} ({} seed {}; echo state {})",
                        cfg.task.key(),
                        out.rho,
                        cfg.task.metric().0,
                        out.metric,
                        cfg.topology.key(),
                        cfg.seed,
                        if out.echo_state { "holds" } else { "fails" }
                    ),
                );
                ui.work.update_record(id, |r| r.task = Some(out));
                RunStatus::Done
            }
            Err(e) => {
                ui.run.error.set(Some(e.clone()));
                RunStatus::Failed(e)
            }
        };
        ui.work.update_record(id, |r| {
            r.status = status;
            r.wall_seconds = (now_ms() - t0) / 1000.0;
        });
        persist(ui);
        return;
    }
    let status = match train_run(ui, id, &cfg, lane).await {
        Ok(out) => {
            ui.work.update_record(id, |r| {
                r.samples_per_second = out.samples_per_second;
                r.seconds = out.seconds;
                r.readback_seconds = out.readback_seconds;
                r.confusion = out.confusion;
                r.predictions = out.predictions;
            });
            if out.stopped || ui.run.stop.get_value() {
                RunStatus::Stopped
            } else {
                RunStatus::Done
            }
        }
        Err(e) => {
            ui.run.error.set(Some(e.clone()));
            say(ui, lane.k, format!("Stopped: {e}"));
            RunStatus::Failed(e)
        }
    };
    ui.work.update_record(id, |r| {
        r.status = status;
        r.wall_seconds = (now_ms() - t0) / 1000.0;
        // The CPU run started again from the initial weights: say so wherever the backend shows.
        if let Some(at) = r.fallback_at {
            r.backend = format!("{}→cpu (restarted on the CPU at iteration {at})", r.backend)
        }
    });
    sleep(0).await; // the views redraw the finished run in this task; the save gets its own
    if let Some(r) = ui
        .work
        .records
        .with_untracked(|rs| rs.iter().find(|r| r.id == id).cloned())
    {
        if r.status == RunStatus::Done || r.status == RunStatus::Stopped {
            say(ui, lane.k, summary_line(&r));
        }
    }
    persist(ui);
}

fn summary_line(r: &RunRecord) -> String {
    let c = &r.config;
    let batches = c.limit.map_or(String::new(), |l| format!(" of {l} batches"));
    format!(
        "{} after {} epoch(s){batches} ({} seed {}): test accuracy {:.2} % on {} test images (iteration 0: {:.2} %); \
        {:.1} s, {:.0} samples/s ({:.1} s of it reading the loss back)",
        if r.status == RunStatus::Stopped {
            "Stopped"
        } else {
            "Done"
        },
        r.accuracy.len(),
        c.topology.key(),
        c.seed,
        r.accuracy.last().copied().unwrap_or(0.0) * 100.0,
        r.test_images,
        r.acc0.unwrap_or(0.0) * 100.0,
        r.seconds,
        r.samples_per_second,
        r.readback_seconds
    )
}

/// Grows the configuration's tissue here for the views (the worker builds the model) and
/// records its fingerprint: with one worker only; with several the worker's `Grown` message
/// gives the fingerprint.
async fn grow_for_run(ui: Ui, id: u64, cfg: &Config, lane: Lane) -> Result<(), String> {
    say(ui, lane.k, format!("Growing the circuit (seed {})…", cfg.seed));
    if !lane.shown {
        return Ok(());
    }
    sleep(0).await;
    let (grown, ms) = super::growth::tissue(cfg)?;
    let fingerprint = grown.circuit.fingerprint();
    let shown = ui
        .explore
        .tissue
        .with_untracked(|t| t.as_ref().map(|e| e.grown.circuit.fingerprint()));
    if shown.as_deref() != Some(fingerprint.as_str()) {
        show_circuit(ui, cfg, &grown, ms);
    }
    ui.work.update_record(id, |r| r.fingerprint = fingerprint);
    Ok(())
}

/// A reservoir task on the configuration's circuit at its ρ, computed in the worker.
async fn task_run(ui: Ui, id: u64, cfg: &Config, lane: Lane) -> Result<TaskOutcome, String> {
    grow_for_run(ui, id, cfg, lane).await?;
    say(
        ui,
        lane.k,
        format!(
            "{} on the {} circuit of seed {} at ρ {}…",
            cfg.task.key(),
            cfg.topology.key(),
            cfg.seed,
            cfg.radius
        ),
    );
    trainer::start_job(
        lane.k,
        ToWorker::Task {
            cfg: Box::new(cfg.clone()),
        },
    )
    .await?;
    loop {
        match trainer::next(lane.k).await {
            FromWorker::Grown { fingerprint } => ui.work.update_record(id, |r| r.fingerprint = fingerprint),
            FromWorker::TaskDone { outcome } => return Ok(outcome),
            FromWorker::Failed { error, .. } => return Err(error),
            _ => {}
        }
    }
}

/// Training, in the worker; this side only applies what it reports.
async fn train_run(ui: Ui, id: u64, cfg: &Config, lane: Lane) -> Result<Outcome, String> {
    grow_for_run(ui, id, cfg, lane).await?;
    let gpu = ui.run.backend.get_untracked().key == BackendKind::Webgpu;
    trainer::start_job(
        lane.k,
        ToWorker::Train {
            cfg: Box::new(cfg.clone()),
            gpu,
        },
    )
    .await?;
    // A job starts unpaused: a Pause pressed before it started reaches it now.
    if ui.run.paused.get_untracked() {
        trainer::tell_all(ToWorker::Pause { on: true });
    }
    let mut host = PageHost::new(ui, id, lane.k);
    loop {
        let msg = trainer::next(lane.k).await;
        if !matches!(msg, FromWorker::Train { .. }) {
            host.flush();
        }
        match msg {
            FromWorker::Status { text } => say(ui, lane.k, text),
            FromWorker::Grown { fingerprint } => ui.work.update_record(id, |r| r.fingerprint = fingerprint),
            FromWorker::Progress { fraction, label } => ui.run.progress.set((fraction, label)),
            FromWorker::Loaded {
                classes,
                test_images,
                dataset,
                preview,
            } => {
                ui.work.update_record(id, |r| {
                    r.classes = classes;
                    r.test_images = test_images;
                });
                trainer::keep_preview(dataset, preview);
            }
            FromWorker::Train { event } => host.emit(&event),
            FromWorker::GpuLost { why } => host.gpu_lost(&why),
            FromWorker::Trained { outcome, weights } => {
                match weights {
                    Ok(w) => ui.work.weights.set_value(Some((id, w))),
                    Err(e) => ui.page.notices.update(|n| {
                        n.push(format!(
                            "Run {id} trained, but its weights could not be read back ({e}): its results are kept, \
                            its weights cannot be exported."
                        ))
                    }),
                }
                return Ok(*outcome);
            }
            FromWorker::Failed { error, retry } => {
                if retry {
                    ui.run.retry.set(Some(cfg.clone()));
                }
                return Err(error);
            }
            FromWorker::Ready
            | FromWorker::TaskDone { .. }
            | FromWorker::Evaluated { .. }
            | FromWorker::Summaries { .. } => {}
        }
    }
}
