//! The workspace in IndexedDB: one record per run, written when it changes; the queue and the
//! next run id as records of their own; every change told to the other tabs (`tabs.rs`).

use super::idb::{self, Refused, META, RUNS};
use crate::experiment::results::{read_stored, Reader, RunRecord, RunStatus, SetAside};
use crate::experiment::Config;
use std::cell::RefCell;
use std::collections::BTreeSet;
use wasm_bindgen::JsValue;
use web_sys::IdbDatabase;

/// The localStorage keys of the workspace before IndexedDB (read once, then removed).
const OLD_RECORDS: &str = "devcircuit.v1.records";
const OLD_QUEUE: &str = "devcircuit.v1.queue";

thread_local! {
    static DB: RefCell<Option<IdbDatabase>> = const { RefCell::new(None) };
    /// Runs changed since the last save.
    static DIRTY: RefCell<BTreeSet<u64>> = const { RefCell::new(BTreeSet::new()) };
}

/// What the workspace holds, with notices about what was recovered or moved.
pub struct Stored {
    pub records: Vec<RunRecord>,
    pub queue: Vec<Config>,
    pub notices: Vec<String>,
    /// Stored runs and queue entries that failed their checks (left in storage as they are).
    pub set_aside: Vec<SetAside>,
}

/// Where the page's own runs are, as a notice names it.
const HERE: &str = "this browser's storage";

/// Marks a run as changed: the next `save` writes it, and the summary worker gets it.
pub fn touch(id: u64) {
    DIRTY.with(|d| d.borrow_mut().insert(id));
    super::summaries::changed(id);
}

/// The changed runs, forgotten as changed.
pub fn take_dirty() -> BTreeSet<u64> {
    DIRTY.with(|d| std::mem::take(&mut *d.borrow_mut()))
}

async fn db() -> Result<IdbDatabase, String> {
    if let Some(db) = DB.with(|d| d.borrow().clone()) {
        return Ok(db);
    }
    let db = idb::open().await?;
    DB.with(|d| *d.borrow_mut() = Some(db.clone()));
    Ok(db)
}

/// Whether the workspace database opened (else the page keeps its runs in memory only).
pub fn available() -> bool {
    DB.with(|d| d.borrow().is_some())
}

fn key(id: u64) -> JsValue {
    JsValue::from_f64(id as f64)
}

/// A run as stored: `{run: its JSON without the loss curve, at: Uint32Array of iterations,
/// loss: Float64Array}`. The curve, most of a classification run, is stored as numbers
/// (12 bytes a point, every bit kept) and read back without parsing.
fn encode(r: &RunRecord) -> Result<JsValue, String> {
    let head = RunRecord {
        losses: vec![],
        ..r.clone()
    };
    let at: Vec<u32> = r.losses.iter().map(|l| l.0 as u32).collect();
    let loss: Vec<f64> = r.losses.iter().map(|l| l.1).collect();
    let obj = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| js_sys::Reflect::set(&obj, &k.into(), v).map_err(|e| idb::reason(&e));
    set("run", &serde_json::to_string(&head).map_err(|e| e.to_string())?.into())?;
    set("at", &js_sys::Uint32Array::from(&at[..]))?;
    set("loss", &js_sys::Float64Array::from(&loss[..]))?;
    Ok(obj.into())
}

/// `decode` a thousand runs at a time, letting the page draw in between (a lab's workspace
/// holds thousands, a few hundred milliseconds of reading).
async fn decode_in_steps(all: js_sys::Array) -> (Vec<RunRecord>, Reader) {
    let (mut reader, mut records) = (Reader::new(HERE), vec![]);
    for at in (0..all.length()).step_by(1000) {
        records.extend(decode_with(&mut reader, all.slice(at, at + 1000).iter()));
        super::scope::sleep(0).await;
    }
    (records, reader)
}

/// Stored runs: `encode`'s objects, or the JSON text an earlier version stored.
fn decode(values: impl Iterator<Item = JsValue>) -> (Vec<RunRecord>, Vec<String>) {
    let mut reader = Reader::new(HERE);
    let records = decode_with(&mut reader, values);
    (records, reader.notices())
}

fn decode_with(reader: &mut Reader, values: impl Iterator<Item = JsValue>) -> Vec<RunRecord> {
    let stored = values.map(|v| {
        if let Some(text) = v.as_string() {
            return (text, None);
        }
        let get = |k: &str| js_sys::Reflect::get(&v, &k.into()).unwrap_or(JsValue::UNDEFINED);
        let at = js_sys::Uint32Array::new(&get("at")).to_vec();
        let loss = js_sys::Float64Array::new(&get("loss")).to_vec();
        let curve: Vec<(usize, f64)> = at.into_iter().map(|a| a as usize).zip(loss).collect();
        (get("run").as_string().unwrap_or_default(), Some(curve))
    });
    reader
        .read_all(stored)
        .into_iter()
        .map(|(r, curve)| match curve {
            Some(losses) => RunRecord { losses, ..r },
            None => r,
        })
        .collect()
}

fn put(runs: &web_sys::IdbObjectStore, r: &RunRecord) -> Result<(), String> {
    runs.put_with_key(&encode(r)?, &key(r.id))
        .map(|_| ())
        .map_err(|e| idb::reason(&e))
}

/// Every run and the queue (moving a localStorage workspace over the first time); a run left
/// running by this tab comes back interrupted, one trained in another tab stays running there.
pub async fn load() -> Stored {
    let mut out = Stored {
        records: vec![],
        queue: vec![],
        notices: vec![],
        set_aside: vec![],
    };
    if let Err(e) = load_into(&mut out).await {
        out.notices.push(format!(
            "The workspace could not be opened ({e}): runs of this visit will not survive a reload."
        ));
    }
    out
}

/// The stored queue, entry by entry: one that fails its checks is set aside, not the queue.
fn queue_entries(text: &str, set_aside: &mut Vec<SetAside>) -> Vec<Config> {
    let entries = match serde_json::from_str::<Vec<serde_json::Value>>(text) {
        Ok(v) => v,
        Err(e) => {
            set_aside.push(SetAside {
                from: HERE.into(),
                what: "the queue".into(),
                why: e.to_string(),
                text: text.into(),
            });
            return vec![];
        }
    };
    let mut queue = vec![];
    for (k, v) in entries.iter().enumerate() {
        match Config::read_value(v) {
            Ok(c) => queue.push(c),
            Err(why) => set_aside.push(SetAside {
                from: HERE.into(),
                what: format!("queue entry {}", k + 1),
                why,
                text: v.to_string(),
            }),
        }
    }
    queue
}

async fn load_into(out: &mut Stored) -> Result<(), String> {
    let db = db().await?;
    if let Some(moved) = super::locks::workspace(migrate(&db)).await? {
        out.notices.push(moved);
    }
    let tx = idb::transaction(&db, &[RUNS, META], false)?;
    let all = idb::done(&idb::store(&tx, RUNS)?.get_all().map_err(|e| idb::reason(&e))?).await?;
    let queue = idb::get_text(&idb::store(&tx, META)?, &"queue".into()).await?;
    let (records, reader) = decode_in_steps(js_sys::Array::from(&all)).await;
    out.notices.extend(reader.notices());
    out.set_aside.extend(reader.set_aside);
    out.records = records;
    if let Some(q) = queue {
        out.queue = queue_entries(&q, &mut out.set_aside);
        if !out.queue.is_empty() {
            out.notices.push(format!(
                "{} queued run(s) were restored; press \"Resume queue\" to run them.",
                out.queue.len()
            ));
        }
    }
    // A run stored as running trains in another tab exactly when that tab holds its lock.
    let held = super::locks::held().await.unwrap_or_default();
    let mut interrupted = 0;
    for r in out.records.iter_mut().filter(|r| r.status == RunStatus::Running) {
        if held.contains(&super::locks::run(r.id)) {
            r.status = RunStatus::Elsewhere;
        } else {
            r.status = RunStatus::Interrupted;
            touch(r.id);
            interrupted += 1;
        }
    }
    if interrupted > 0 {
        out.notices.push(format!(
            "{interrupted} run(s) were interrupted by a reload; their history so far is kept and marked interrupted."
        ));
    }
    Ok(())
}

/// Moves a localStorage workspace (before IndexedDB) into the database once; its keys are
/// removed only after the runs were read back from the database.
async fn migrate(db: &IdbDatabase) -> Result<Option<String>, String> {
    let Some(ls) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return Ok(None);
    };
    let Some(text) = ls.get_item(OLD_RECORDS).ok().flatten() else {
        return Ok(None);
    };
    let (records, notices) = read_stored(&text);
    let queue = ls.get_item(OLD_QUEUE).ok().flatten().unwrap_or_else(|| "[]".into());
    let tx = idb::transaction(db, &[RUNS, META], true)?;
    let (runs, meta) = (idb::store(&tx, RUNS)?, idb::store(&tx, META)?);
    let first = next_free(&meta).await?;
    let mut ids = vec![];
    for (k, r) in records.iter().enumerate() {
        let r = RunRecord {
            id: first + k as u64,
            ..r.clone()
        };
        put(&runs, &r)?;
        ids.push(r.id);
    }
    idb::put_text(&meta, &"next_id".into(), &(first + records.len() as u64).to_string())?;
    if serde_json::from_str::<Vec<Config>>(&queue).is_ok_and(|q| !q.is_empty()) {
        idb::put_text(&meta, &"queue".into(), &queue)?;
    }
    idb::committed(&tx).await?;
    let check = idb::transaction(db, &[RUNS], false)?;
    let runs = idb::store(&check, RUNS)?;
    for id in &ids {
        if idb::get(&runs, &key(*id)).await?.is_none() {
            return Err(format!(
                "run {id} did not arrive in IndexedDB; the localStorage copy is kept"
            ));
        }
    }
    let _ = ls.remove_item(OLD_RECORDS);
    let _ = ls.remove_item(OLD_QUEUE);
    let broken = if notices.is_empty() {
        String::new()
    } else {
        format!(" ({})", notices.join("; "))
    };
    Ok(Some(format!(
        "{} run(s) were moved from localStorage into IndexedDB{broken}.",
        records.len()
    )))
}

/// The next id no run has taken (read inside a read-write transaction, so tabs never share one).
async fn next_free(meta: &web_sys::IdbObjectStore) -> Result<u64, String> {
    let next = idb::get_text(meta, &"next_id".into()).await?;
    Ok(next.and_then(|t| t.parse().ok()).unwrap_or(1))
}

/// `n` fresh run ids, unique across tabs, none below `at_least`: the first of them.
pub async fn allocate(n: usize, at_least: u64) -> Result<u64, String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[META], true)?;
    let meta = idb::store(&tx, META)?;
    let first = next_free(&meta).await?.max(at_least);
    idb::put_text(&meta, &"next_id".into(), &(first + n as u64).to_string())?;
    idb::committed(&tx).await?;
    Ok(first)
}

/// Writes `records` (the changed runs) in one transaction; `Refused::full` when the browser has
/// no room for them.
pub async fn save(records: &[RunRecord]) -> Result<(), Refused> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[RUNS], true)?;
    let runs = idb::store(&tx, RUNS)?;
    for r in records {
        put(&runs, r)?;
    }
    let done = idb::committed(&tx).await;
    if done.is_err() {
        // A browser that failed a write may close the connection (Chromium does on a full
        // disk): the next save opens a new one.
        DB.with(|d| *d.borrow_mut() = None);
    }
    done
}

/// Changes the stored queue in one read-write transaction (tabs and workers never see half of
/// it) and returns it.
async fn change_queue(
    f: impl FnOnce(&mut Vec<Config>) -> Option<Config>,
) -> Result<(Option<Config>, Vec<Config>), String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[META], true)?;
    let meta = idb::store(&tx, META)?;
    let text = idb::get_text(&meta, &"queue".into()).await?;
    let mut queue: Vec<Config> = serde_json::from_str(text.as_deref().unwrap_or("[]")).map_err(|e| e.to_string())?;
    let taken = f(&mut queue);
    idb::put_text(
        &meta,
        &"queue".into(),
        &serde_json::to_string(&queue).map_err(|e| e.to_string())?,
    )?;
    idb::committed(&tx).await.map_err(said)?;
    Ok((taken, queue))
}

/// Takes the first queued run and stores it as running under a fresh id (no lower than
/// `at_least`; `make` builds its record), in one transaction over the queue, the ids and the
/// runs: a tab closed mid-take leaves the queue as it was, never a run only its memory held.
pub async fn take_as_run(
    at_least: u64,
    make: impl FnOnce(u64, Config) -> RunRecord,
) -> Result<(Option<RunRecord>, Vec<Config>), String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[RUNS, META], true)?;
    let (runs, meta) = (idb::store(&tx, RUNS)?, idb::store(&tx, META)?);
    let text = idb::get_text(&meta, &"queue".into()).await?;
    let mut queue: Vec<Config> = serde_json::from_str(text.as_deref().unwrap_or("[]")).map_err(|e| e.to_string())?;
    let mut record = None;
    if !queue.is_empty() {
        let id = next_free(&meta).await?.max(at_least);
        idb::put_text(&meta, &"next_id".into(), &(id + 1).to_string())?;
        let r = make(id, queue.remove(0));
        put(&runs, &r)?;
        record = Some(r);
    }
    let text = serde_json::to_string(&queue).map_err(|e| e.to_string())?;
    idb::put_text(&meta, &"queue".into(), &text)?;
    idb::committed(&tx).await.map_err(said)?;
    Ok((record, queue))
}

/// Adds runs to the stored queue (first, or at the end); the queue after.
pub async fn append_queued(configs: &[Config], front: bool) -> Result<Vec<Config>, String> {
    let add = configs.to_vec();
    change_queue(move |q| {
        let at = if front { 0 } else { q.len() };
        q.splice(at..at, add);
        None
    })
    .await
    .map(|r| r.1)
}

/// Replaces the stored queue.
pub async fn set_queue(configs: &[Config]) -> Result<(), String> {
    let new = configs.to_vec();
    change_queue(move |q| {
        *q = new;
        None
    })
    .await
    .map(|_| ())
}

/// A write the browser refused, said so that the user knows what to do.
pub fn said(e: Refused) -> String {
    if e.full() {
        format!("the browser's storage for this site is full ({e}); export the workspace and clear old runs")
    } else {
        e.to_string()
    }
}

/// Every stored run (the summary worker's start).
pub async fn read_all() -> Result<Vec<RunRecord>, String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[RUNS], false)?;
    let all = idb::done(&idb::store(&tx, RUNS)?.get_all().map_err(|e| idb::reason(&e))?).await?;
    Ok(decode(js_sys::Array::from(&all).iter()).0)
}

/// The runs `ids` as stored now (what another tab wrote).
pub async fn read(ids: &[u64]) -> Result<Vec<RunRecord>, String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[RUNS], false)?;
    let runs = idb::store(&tx, RUNS)?;
    let mut values = vec![];
    for &id in ids {
        values.extend(idb::get(&runs, &key(id)).await?);
    }
    Ok(decode(values.into_iter()).0)
}

/// The queue as stored now.
pub async fn read_queue() -> Result<Vec<Config>, String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[META], false)?;
    let text = idb::get_text(&idb::store(&tx, META)?, &"queue".into()).await?;
    serde_json::from_str(text.as_deref().unwrap_or("[]")).map_err(|e| e.to_string())
}

/// Deletes every run (the queue stays).
pub async fn clear() -> Result<(), String> {
    let db = db().await?;
    let tx = idb::transaction(&db, &[RUNS], true)?;
    idb::store(&tx, RUNS)?.clear().map_err(|e| idb::reason(&e))?;
    Ok(idb::committed(&tx).await?)
}

/// How much of the browser's storage this site uses, and whether it may be evicted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
    pub used: f64,
    pub quota: f64,
    pub persistent: bool,
}

impl Usage {
    /// Near enough to the quota to export before the next runs fail to save.
    pub fn nearly_full(&self) -> bool {
        self.quota > 0.0 && self.used / self.quota > 0.8
    }
}

/// `navigator.storage.NAME()` awaited (None where the browser lacks it).
async fn storage_call(name: &str) -> Option<JsValue> {
    use wasm_bindgen::JsCast;
    let nav = web_sys::window()?.navigator();
    let sm = js_sys::Reflect::get(&nav, &"storage".into())
        .ok()
        .filter(|v| !v.is_undefined())?;
    let f: js_sys::Function = js_sys::Reflect::get(&sm, &name.into()).ok()?.dyn_into().ok()?;
    let p: js_sys::Promise = f.call0(&sm).ok()?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(p).await.ok()
}

/// The site's storage use (`navigator.storage.estimate()`).
pub async fn usage() -> Option<Usage> {
    let est = storage_call("estimate").await?;
    let num = |k: &str| js_sys::Reflect::get(&est, &k.into()).ok().and_then(|v| v.as_f64());
    Some(Usage {
        used: num("usage")?,
        quota: num("quota")?,
        persistent: storage_call("persisted")
            .await
            .and_then(|v| v.as_bool())
            .unwrap_or(false),
    })
}

/// Asks once that the browser keep this site's storage under pressure (`persist()`).
pub async fn ask_persistent() -> bool {
    storage_call("persist").await.and_then(|v| v.as_bool()).unwrap_or(false)
}
