//! Datasets from the site's static assets (public/data/<name>/): byte progress, a sha256
//! check against the manifest, and the browser's Cache API so a reload does not download again.

use super::Ui;
use crate::data::{split_from_bytes, Dataset, Manifest};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use leptos::prelude::*;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const CACHE_NAME: &str = "devcircuit-data-v1";

thread_local! {
    static LOADED: RefCell<BTreeMap<String, Rc<Dataset>>> = const { RefCell::new(BTreeMap::new()) };
}

fn js_err(what: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// Calls `obj.method(args…)` and awaits the promise it returns.
async fn call(obj: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, String> {
    let f: Function = Reflect::get(obj, &method.into()).map_err(js_err(method))?.dyn_into().map_err(js_err(method))?;
    let arr: js_sys::Array = args.iter().copied().collect();
    let p: Promise = f.apply(obj, &arr).map_err(js_err(method))?.dyn_into().map_err(js_err(method))?;
    JsFuture::from(p).await.map_err(js_err(method))
}

/// The page's dataset cache (None where the Cache API is missing, e.g. outside a secure context).
async fn open_cache() -> Option<JsValue> {
    let window: JsValue = web_sys::window()?.into();
    let caches = Reflect::get(&window, &"caches".into()).ok().filter(|c| !c.is_undefined())?;
    call(&caches, "open", &[&CACHE_NAME.into()]).await.ok()
}

async fn cached(cache: &JsValue, key: &str) -> Option<Vec<u8>> {
    let resp = call(cache, "match", &[&key.into()]).await.ok().filter(|r| !r.is_undefined())?;
    let buf = call(&resp, "arrayBuffer", &[]).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

async fn remember(cache: &JsValue, key: &str, bytes: &mut [u8]) {
    if let Ok(resp) = web_sys::Response::new_with_opt_u8_array(Some(bytes)) {
        let _ = call(cache, "put", &[&key.into(), &resp.into()]).await;
    }
}

/// GETs a URL, reporting bytes received so far; hashes each chunk as it arrives.
async fn fetch_bytes(url: &str, mut progress: impl FnMut(u64)) -> Result<(Vec<u8>, String), String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await.map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {} {}", resp.status(), resp.status_text()));
    }
    let reader: JsValue = resp.body().ok_or(format!("{url}: empty response"))?.get_reader().into();
    let mut out = Vec::new();
    let mut hash = Sha256::new();
    loop {
        let chunk = call(&reader, "read", &[]).await.map_err(|e| format!("{url}: {e}"))?;
        if Reflect::get(&chunk, &"done".into()).map_err(js_err(url))?.as_bool().unwrap_or(true) {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
        let at = out.len();
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
        hash.update(&out[at..]);
        progress(out.len() as u64);
    }
    Ok((out, hex(hash)))
}

fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 of bytes already in memory, a few MB at a time so the page keeps painting.
async fn sha256_hex(bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    for part in bytes.chunks(4 << 20) {
        hash.update(part);
        super::run::sleep(0).await;
    }
    hex(hash)
}

/// Reads public/data/index.json into the dataset list (keeps the built-in list on failure).
pub async fn list_datasets(ui: Ui) {
    if let Ok((bytes, _)) = fetch_bytes("data/index.json", |_| {}).await {
        match serde_json::from_slice::<Vec<String>>(&bytes) {
            Ok(names) if !names.is_empty() => ui.datasets.set(names),
            Ok(_) => {}
            Err(e) => ui.notices.update(|n| n.push(format!("data/index.json: {e}"))),
        }
    }
    // A link may name a dataset this site does not offer: say so (Train would fail later).
    let (chosen, offered) = (ui.config.with_untracked(|c| c.dataset.clone()), ui.datasets.get_untracked());
    if !offered.contains(&chosen) {
        ui.notices.update(|n| n.push(format!("`data={chosen}` is not a dataset this site offers ({}); choose one in the run configuration", offered.join(", "))));
    }
}

fn progress_label(done: u64, total: u64, from_cache: bool) -> (f64, String) {
    let pct = done as f64 / total.max(1) as f64;
    (pct, format!("{:.1} / {:.1} MB ({:.0} %){}", done as f64 / 1e6, total as f64 / 1e6, pct * 100.0, if from_cache { " from the browser cache" } else { "" }))
}

/// Loads a prepared dataset: from memory, else the browser cache, else the network.
/// `progress((fraction, label))` reports bytes and percent.
pub async fn load(name: &str, mut progress: impl FnMut((f64, String))) -> Result<Rc<Dataset>, String> {
    if let Some(d) = LOADED.with(|c| c.borrow().get(name).cloned()) {
        return Ok(d);
    }
    let base = format!("data/{name}");
    let (text, _) = fetch_bytes(&format!("{base}/manifest.json"), |_| {}).await
        .map_err(|e| format!("dataset `{name}` could not be loaded ({e}); prepare it with `devcircuit data fetch {name}` (the README's first command does this for MNIST)"))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| format!("{base}/manifest.json: {e}"))?;
    let total: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    let cache = open_cache().await;
    let mut done_before = 0u64;
    let mut files = BTreeMap::new();
    for f in &manifest.files {
        let url = format!("{base}/{}", f.name);
        let key = format!("{url}?sha256={}", f.sha256);
        let hit = match &cache { Some(c) => cached(c, &key).await, None => None };
        let from_cache = hit.is_some();
        let (mut bytes, digest) = match hit {
            Some(b) => { let d = sha256_hex(&b).await; (b, d) }
            None => fetch_bytes(&url, |n| progress(progress_label(done_before + n, total, false))).await
                .map_err(|e| format!("dataset `{name}` failed to download: {e}"))?,
        };
        if digest != f.sha256 {
            return Err(format!("{url}: checksum mismatch (the download is damaged or stale); press Retry"));
        }
        if let (Some(c), false) = (&cache, from_cache) {
            remember(c, &key, &mut bytes).await;
        }
        done_before += f.bytes;
        progress(progress_label(done_before, total, from_cache));
        files.insert(f.name.clone(), bytes);
    }
    let mut take = |n: &str| files.remove(n).ok_or(format!("{base}: manifest lists no {n}"));
    let dims = manifest.dims();
    let train = split_from_bytes(take("train-images.u8")?, take("train-labels.u8")?, dims, &format!("{base}/train"))?;
    let test = split_from_bytes(take("test-images.u8")?, take("test-labels.u8")?, dims, &format!("{base}/test"))?;
    let d = Rc::new(Dataset { manifest, train, test });
    LOADED.with(|c| c.borrow_mut().insert(name.to_string(), d.clone()));
    Ok(d)
}

/// The dataset if this page already loaded it (for the image grid).
pub fn loaded(name: &str) -> Option<Rc<Dataset>> {
    LOADED.with(|c| c.borrow().get(name).cloned())
}
