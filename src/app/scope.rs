//! The global scope the wasm runs in — the page's window or the training worker — and the
//! few things both offer: fetch, the Cache API, timers and a clock.

use js_sys::Promise;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CacheStorage, Response, Window, WorkerGlobalScope};

pub enum Scope {
    Window(Window),
    Worker(WorkerGlobalScope),
}

/// Where this code runs (None outside a browser, which wasm32 builds never are).
pub fn scope() -> Option<Scope> {
    let g = js_sys::global();
    match g.dyn_into::<Window>() {
        Ok(w) => Some(Scope::Window(w)),
        Err(g) => g.dyn_into::<WorkerGlobalScope>().ok().map(Scope::Worker),
    }
}

/// A JS error as one line of text, prefixed with what failed.
pub fn js_err(what: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| {
        let text = e
            .as_string()
            .or_else(|| e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())));
        format!("{what}: {}", text.unwrap_or_else(|| format!("{e:?}")))
    }
}

impl Scope {
    pub async fn fetch(&self, url: &str) -> Result<Response, String> {
        let p = match self {
            Scope::Window(w) => w.fetch_with_str(url),
            Scope::Worker(w) => w.fetch_with_str(url),
        };
        JsFuture::from(p)
            .await
            .map_err(js_err(url))?
            .dyn_into()
            .map_err(js_err(url))
    }

    /// The Cache API (None where it is missing, e.g. outside a secure context).
    pub fn caches(&self) -> Option<CacheStorage> {
        match self {
            Scope::Window(w) => w.caches().ok(),
            Scope::Worker(w) => w.caches().ok(),
        }
    }

    fn set_timeout(&self, f: &js_sys::Function, ms: i32) {
        let _ = match self {
            Scope::Window(w) => w.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms),
            Scope::Worker(w) => w.set_timeout_with_callback_and_timeout_and_arguments_0(f, ms),
        };
    }

    fn now_ms(&self) -> Option<f64> {
        match self {
            Scope::Window(w) => w.performance(),
            Scope::Worker(w) => w.performance(),
        }
        .map(|p| p.now())
    }
}

/// Milliseconds since this page or worker started.
pub fn now_ms() -> f64 {
    scope().and_then(|s| s.now_ms()).unwrap_or(0.0)
}

/// Resolves after `ms` milliseconds (0: after the event loop had a turn: paint, input, messages).
pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(s) = scope() {
            s.set_timeout(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}
