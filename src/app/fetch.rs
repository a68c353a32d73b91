//! Datasets from the site's static assets (public/data/<name>/), with byte progress, a
//! sha256 check against the manifest, and an in-memory cache for the page's lifetime.

use crate::data::{split_from_bytes, Dataset, Manifest};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

thread_local! {
    static CACHE: RefCell<BTreeMap<String, Rc<Dataset>>> = const { RefCell::new(BTreeMap::new()) };
}

fn js_err(what: &str) -> impl Fn(JsValue) -> String + '_ {
    move |e| format!("{what}: {}", e.as_string().unwrap_or_else(|| format!("{e:?}")))
}

/// GETs a URL, reporting bytes received so far.
async fn fetch_bytes(url: &str, mut progress: impl FnMut(u64)) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let resp: web_sys::Response = JsFuture::from(window.fetch_with_str(url)).await.map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
    if !resp.ok() {
        return Err(format!("{url}: HTTP {} {}", resp.status(), resp.status_text()));
    }
    let body = resp.body().ok_or(format!("{url}: empty response"))?;
    let reader: JsValue = body.get_reader().into();
    let read: Function = Reflect::get(&reader, &"read".into()).map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
    let mut out = Vec::new();
    loop {
        let p: Promise = read.call0(&reader).map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
        let chunk = JsFuture::from(p).await.map_err(js_err(url))?;
        if Reflect::get(&chunk, &"done".into()).map_err(js_err(url))?.as_bool().unwrap_or(true) {
            break;
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into()).map_err(js_err(url))?.dyn_into().map_err(js_err(url))?;
        let at = out.len();
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
        progress(out.len() as u64);
    }
    Ok(out)
}

/// Loads a prepared dataset (or returns the cached one). `progress(done, total)` in bytes.
pub async fn load(name: &str, mut progress: impl FnMut(u64, u64)) -> Result<Rc<Dataset>, String> {
    if let Some(d) = CACHE.with(|c| c.borrow().get(name).cloned()) {
        return Ok(d);
    }
    let base = format!("data/{name}");
    let text = fetch_bytes(&format!("{base}/manifest.json"), |_| {}).await
        .map_err(|e| format!("dataset `{name}` is not available ({e}); prepare it with `devcircuit data fetch {name}` (the README's first command does this for MNIST)"))?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| format!("{base}/manifest.json: {e}"))?;
    let total: u64 = manifest.files.iter().map(|f| f.bytes).sum();
    let mut done_before = 0u64;
    let mut files = BTreeMap::new();
    for f in &manifest.files {
        let bytes = fetch_bytes(&format!("{base}/{}", f.name), |n| progress(done_before + n, total)).await?;
        let digest: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
        if digest != f.sha256 {
            return Err(format!("{base}/{}: checksum mismatch (the download is damaged or stale; reload to retry)", f.name));
        }
        done_before += f.bytes;
        files.insert(f.name.clone(), bytes);
    }
    let mut take = |n: &str| files.remove(n).ok_or(format!("{base}: manifest lists no {n}"));
    let dims = manifest.dims();
    let train = split_from_bytes(take("train-images.u8")?, take("train-labels.u8")?, dims, &format!("{base}/train"))?;
    let test = split_from_bytes(take("test-images.u8")?, take("test-labels.u8")?, dims, &format!("{base}/test"))?;
    let d = Rc::new(Dataset { manifest, train, test });
    CACHE.with(|c| c.borrow_mut().insert(name.to_string(), d.clone()));
    Ok(d)
}
