//! IndexedDB through web-sys as futures: open the workspace database (creating its stores),
//! await a request's result and a transaction's commit, with the browser's reason on failure.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

const NAME: &str = "devcircuit";
const VERSION: u32 = 1;
/// One record per run, keyed by its id (the record as JSON text).
pub const RUNS: &str = "runs";
/// The queue, the next run id and the migration mark.
pub const META: &str = "meta";

/// The browser's reason: a DOMException's name and message, or the value as text.
pub fn reason(e: &JsValue) -> String {
    let get = |k: &str| js_sys::Reflect::get(e, &k.into()).ok().and_then(|v| v.as_string());
    match (get("name"), get("message")) {
        (Some(n), Some(m)) if !m.is_empty() => format!("{n}: {m}"),
        (Some(n), _) => n,
        _ => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// A promise settled by `settle(resolve, reject)`, awaited.
async fn promise(settle: impl FnOnce(js_sys::Function, js_sys::Function)) -> Result<JsValue, JsValue> {
    let mut settle = Some(settle);
    let p = js_sys::Promise::new(&mut |resolve, reject| {
        if let Some(s) = settle.take() {
            s(resolve, reject)
        }
    });
    JsFuture::from(p).await
}

/// The result of `req` once it succeeds, or the browser's reason.
pub async fn done(req: &IdbRequest) -> Result<JsValue, String> {
    let r = req.clone();
    promise(move |resolve, reject| {
        let (ok, bad) = (r.clone(), r.clone());
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &ok.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_bad = Closure::once_into_js(move |_: web_sys::Event| {
            let e = bad
                .error()
                .ok()
                .flatten()
                .map_or(JsValue::from_str("the request failed"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &e);
        });
        r.set_onsuccess(Some(on_ok.unchecked_ref()));
        r.set_onerror(Some(on_bad.unchecked_ref()));
    })
    .await
    .map_err(|e| reason(&e))
}

/// A write the browser refused: its DOMException's name (`QuotaExceededError`, …) and message.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub name: String,
    pub message: String,
}

impl Refused {
    /// The browser has no more room for this site (its quota, or the disk, is full).
    pub fn full(&self) -> bool {
        self.name == "QuotaExceededError"
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.name.is_empty(), self.message.is_empty()) {
            (true, _) => write!(f, "{}", self.message),
            (false, true) => write!(f, "{}", self.name),
            (false, false) => write!(f, "{}: {}", self.name, self.message),
        }
    }
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused {
            name: String::new(),
            message,
        }
    }
}

impl From<Refused> for String {
    fn from(r: Refused) -> String {
        r.to_string()
    }
}

/// Resolves when `tx` has committed (its writes are on disk), or with why it aborted.
pub async fn committed(tx: &IdbTransaction) -> Result<(), Refused> {
    let t = tx.clone();
    promise(move |resolve, reject| {
        let aborted = t.clone();
        let on_ok = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        // A failed request aborts the transaction (its error events may be many; abort is one).
        let on_abort = Closure::once_into_js(move |_: web_sys::Event| {
            let why = aborted
                .error()
                .map_or(JsValue::from_str("the transaction was aborted"), JsValue::from);
            let _ = reject.call1(&JsValue::NULL, &why);
        });
        t.set_oncomplete(Some(on_ok.unchecked_ref()));
        t.set_onabort(Some(on_abort.unchecked_ref()));
    })
    .await
    .map(|_| ())
    .map_err(|e| {
        let get = |k: &str| js_sys::Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_string());
        Refused {
            name: get("name").unwrap_or_default(),
            message: get("message").or_else(|| e.as_string()).unwrap_or_default(),
        }
    })
}

/// Opens the workspace database, creating its stores on first use.
pub async fn open() -> Result<IdbDatabase, String> {
    let factory = match web_sys::window() {
        Some(w) => w.indexed_db(),
        // The summary worker reads the runs itself.
        None => js_sys::global()
            .unchecked_into::<web_sys::WorkerGlobalScope>()
            .indexed_db(),
    }
    .map_err(|e| reason(&e))?
    .ok_or("this browser offers no IndexedDB")?;
    let req: IdbOpenDbRequest = factory.open_with_u32(NAME, VERSION).map_err(|e| reason(&e))?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
        let req = e.target().and_then(|t| t.dyn_into::<IdbOpenDbRequest>().ok());
        if let Some(db) = req
            .and_then(|r| r.result().ok())
            .and_then(|d| d.dyn_into::<IdbDatabase>().ok())
        {
            for name in [RUNS, META] {
                if !db.object_store_names().contains(name) {
                    let _ = db.create_object_store(name);
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    upgrade.forget();
    let db = done(&req).await?;
    db.dyn_into::<IdbDatabase>()
        .map_err(|_| "IndexedDB opened something that is not a database".into())
}

/// A transaction over `stores`, read-write or read-only.
pub fn transaction(db: &IdbDatabase, stores: &[&str], write: bool) -> Result<IdbTransaction, String> {
    let names = js_sys::Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    let mode = if write {
        IdbTransactionMode::Readwrite
    } else {
        IdbTransactionMode::Readonly
    };
    db.transaction_with_str_sequence_and_mode(&names, mode)
        .map_err(|e| reason(&e))
}

pub fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore, String> {
    tx.object_store(name).map_err(|e| reason(&e))
}

/// The value stored under `key`, if any.
pub async fn get(store: &IdbObjectStore, key: &JsValue) -> Result<Option<JsValue>, String> {
    let req = store.get(key).map_err(|e| reason(&e))?;
    Ok(Some(done(&req).await?).filter(|v| !v.is_undefined()))
}

/// The text stored under `key`, if any.
pub async fn get_text(store: &IdbObjectStore, key: &JsValue) -> Result<Option<String>, String> {
    Ok(get(store, key).await?.and_then(|v| v.as_string()))
}

pub fn put_text(store: &IdbObjectStore, key: &JsValue, text: &str) -> Result<(), String> {
    store
        .put_with_key(&JsValue::from_str(text), key)
        .map(|_| ())
        .map_err(|e| reason(&e))
}
