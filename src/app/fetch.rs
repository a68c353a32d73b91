//! Datasets from the site's static assets (data/<name>/): the gzip'd copies the manifest names,
//! decoded by the browser's DecompressionStream, checked by sha256, kept in the Cache API.

use super::scope::{js_err, scope, sleep, Scope};
use crate::data::pack::{unfilter, Packed};
use crate::data::{split_from_bytes, Dataset, Manifest};
use js_sys::Uint8Array;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Cache, ReadableStream, ReadableStreamDefaultReader, ReadableStreamReadResult, ReadableWritablePair, Response,
    WritableStream,
};

const CACHE_NAME: &str = "devcircuit-data-v2";

// The Compression Streams API, bound here: web-sys has it only behind `web_sys_unstable_apis`,
// a cfg that would rebuild every crate that uses web-sys.
#[wasm_bindgen]
extern "C" {
    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, wasm_bindgen::JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> WritableStream;
}

thread_local! {
    static LOADED: RefCell<BTreeMap<String, Rc<Dataset>>> = const { RefCell::new(BTreeMap::new()) };
}

fn here() -> Result<Scope, String> {
    scope().ok_or_else(|| "no browser scope".to_string())
}

/// The dataset cache (None where the Cache API is missing, e.g. outside a secure context).
async fn open_cache() -> Option<Cache> {
    let caches = here().ok()?.caches()?;
    JsFuture::from(caches.open(CACHE_NAME)).await.ok()?.dyn_into().ok()
}

async fn cached(cache: &Cache, key: &str) -> Option<Vec<u8>> {
    let hit = JsFuture::from(cache.match_with_str(key)).await.ok()?;
    let resp: Response = hit.dyn_into().ok()?;
    let buf = JsFuture::from(resp.array_buffer().ok()?).await.ok()?;
    Some(Uint8Array::new(&buf).to_vec())
}

async fn remember(cache: &Cache, key: &str, bytes: &mut [u8]) {
    if let Ok(resp) = Response::new_with_opt_u8_array(Some(bytes)) {
        let _ = JsFuture::from(cache.put_with_str(key, &resp)).await;
    }
}

/// Why a download failed: the server's answer, or anything else (network, stream), as one line.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: HTTP {status} {text}")]
    Http { url: String, status: u16, text: String },
    #[error("{0}")]
    Data(#[from] crate::data::DataError),
    #[error("{0}")]
    Other(String),
}

impl From<String> for FetchError {
    fn from(e: String) -> Self {
        FetchError::Other(e)
    }
}

/// GETs a URL, reporting the bytes received so far (as they arrive on the wire).
pub async fn fetch_bytes(url: &str, mut progress: impl FnMut(u64)) -> Result<Vec<u8>, FetchError> {
    let resp = here()?.fetch(url).await?;
    if !resp.ok() {
        return Err(FetchError::Http {
            url: url.into(),
            status: resp.status(),
            text: resp.status_text(),
        });
    }
    let reader: ReadableStreamDefaultReader = resp
        .body()
        .ok_or(format!("{url}: empty response"))?
        .get_reader()
        .unchecked_into();
    let mut out = Vec::new();
    loop {
        let chunk: ReadableStreamReadResult = JsFuture::from(reader.read())
            .await
            .map_err(js_err(url))?
            .unchecked_into();
        if chunk.get_done().unwrap_or(true) {
            break;
        }
        let value: Uint8Array = chunk.get_value().dyn_into().map_err(js_err(url))?;
        let at = out.len();
        out.resize(at + value.length() as usize, 0);
        value.copy_to(&mut out[at..]);
        progress(out.len() as u64);
    }
    Ok(out)
}

/// Decodes gzip with the browser's DecompressionStream.
async fn gunzip(mut gz: Vec<u8>, what: &str) -> Result<Vec<u8>, String> {
    let body = Response::new_with_opt_u8_array(Some(&mut gz))
        .map_err(js_err(what))?
        .body()
        .ok_or(format!("{what}: empty"))?;
    let ds = DecompressionStream::new("gzip").map_err(js_err(what))?;
    let decoded = body.pipe_through(&ReadableWritablePair::new(&ds.readable(), &ds.writable()));
    let resp = Response::new_with_opt_readable_stream(Some(&decoded)).map_err(js_err(what))?;
    let buf = JsFuture::from(resp.array_buffer().map_err(js_err(what))?)
        .await
        .map_err(|e| format!("{}: not valid gzip", js_err(what)(e)))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn hex(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// sha256 of bytes in memory, a few MB at a time so messages (Stop) are still heard.
async fn sha256_hex(bytes: &[u8]) -> String {
    let mut hash = Sha256::new();
    for part in bytes.chunks(4 << 20) {
        hash.update(part);
        sleep(0).await;
    }
    hex(hash)
}

/// Reads data/index.json: the datasets this site offers (an error when it cannot be read).
pub async fn list_datasets() -> Result<Vec<String>, FetchError> {
    let bytes = fetch_bytes("data/index.json", |_| {}).await?;
    serde_json::from_slice::<Vec<String>>(&bytes).map_err(|e| FetchError::Other(format!("data/index.json: {e}")))
}

fn progress_label(done: u64, total: u64, from_cache: bool) -> (f64, String) {
    let pct = done as f64 / total.max(1) as f64;
    let source = if from_cache {
        " from the browser cache"
    } else {
        " compressed"
    };
    (
        pct,
        format!(
            "{:.1} / {:.1} MB{source} ({:.0} %)",
            done as f64 / 1e6,
            total as f64 / 1e6,
            pct * 100.0
        ),
    )
}

/// The bytes of one packed file as gzip'd on the site: from the cache, else the network.
async fn packed_bytes(
    cache: Option<&Cache>,
    url: &str,
    key: &str,
    progress: &mut impl FnMut(u64),
) -> Result<(Vec<u8>, bool), String> {
    if let Some(hit) = match cache {
        Some(c) => cached(c, key).await,
        None => None,
    } {
        return Ok((hit, true));
    }
    let mut bytes = fetch_bytes(url, progress).await.map_err(|e| e.to_string())?;
    if let Some(c) = cache {
        remember(c, key, &mut bytes).await;
    }
    Ok((bytes, false))
}

/// Decodes what a packed URL delivered: gunzip (unless the host already did, as some send
/// `.gz` files with Content-Encoding), then the filter.
async fn decode(bytes: Vec<u8>, p: &Packed, decoded_len: u64, shape: [usize; 3], url: &str) -> Result<Vec<u8>, String> {
    let mut out = if bytes.starts_with(&[0x1f, 0x8b]) {
        gunzip(bytes, url).await?
    } else if bytes.len() as u64 == decoded_len {
        bytes
    } else {
        return Err(format!(
            "{url}: neither gzip nor the {decoded_len} decoded bytes the manifest names ({} bytes)",
            bytes.len()
        ));
    };
    sleep(0).await;
    unfilter(&mut out, p.filter, shape);
    Ok(out)
}

/// Loads a prepared dataset: from memory, else the browser cache, else the network.
/// `progress((fraction, label))` reports bytes over the wire and percent.
pub async fn load(name: &str, mut progress: impl FnMut((f64, String))) -> Result<Rc<Dataset>, String> {
    if let Some(d) = LOADED.with(|c| c.borrow().get(name).cloned()) {
        return Ok(d);
    }
    let base = format!("data/{name}");
    let text = fetch_bytes(&format!("{base}/manifest.json"), |_| {})
        .await
        .map_err(|e| {
            format!(
                "dataset `{name}` could not be loaded ({e}); prepare it with `devcircuit data fetch {name}` (the \
            README's first command does this for MNIST)"
            )
        })?;
    let manifest: Manifest = serde_json::from_slice(&text).map_err(|e| format!("{base}/manifest.json: {e}"))?;
    let wire = |f: &crate::data::manifest::FileEntry| f.packed.as_ref().map_or(f.bytes, |p| p.bytes);
    let total: u64 = manifest.files.iter().map(wire).sum();
    let cache = open_cache().await;
    let mut done_before = 0u64;
    let mut files = BTreeMap::new();
    for f in &manifest.files {
        // Manifests prepared before compression name only the raw file: fetch that.
        let (url, filter) = match &f.packed {
            Some(p) => (format!("{base}/{}", p.name), p.clone()),
            None => (
                format!("{base}/{}", f.name),
                Packed {
                    name: f.name.clone(),
                    bytes: f.bytes,
                    filter: crate::data::pack::Filter::None,
                },
            ),
        };
        let key = format!("{url}?sha256={}", f.sha256);
        let mut report = |n: u64| progress(progress_label(done_before + n, total, false));
        let (bytes, from_cache) = packed_bytes(cache.as_ref(), &url, &key, &mut report)
            .await
            .map_err(|e| format!("dataset `{name}` failed to download: {e}"))?;
        let decoded = decode(bytes, &filter, f.bytes, manifest.shape, &url).await?;
        if sha256_hex(&decoded).await != f.sha256 {
            if let Some(c) = &cache {
                let _ = JsFuture::from(c.delete_with_str(&key)).await;
            }
            return Err(format!(
                "{url}: checksum mismatch (the download is damaged or stale); press Retry"
            ));
        }
        done_before += wire(f);
        progress(progress_label(done_before, total, from_cache));
        files.insert(f.name.clone(), decoded);
    }
    let mut take = |n: &str| files.remove(n).ok_or(format!("{base}: manifest lists no {n}"));
    let dims = manifest.dims();
    let train = split_from_bytes(
        take("train-images.u8")?,
        take("train-labels.u8")?,
        dims,
        &format!("{base}/train"),
    )?;
    let test = split_from_bytes(
        take("test-images.u8")?,
        take("test-labels.u8")?,
        dims,
        &format!("{base}/test"),
    )?;
    let d = Rc::new(Dataset { manifest, train, test });
    LOADED.with(|c| c.borrow_mut().insert(name.to_string(), d.clone()));
    Ok(d)
}
