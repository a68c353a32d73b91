//! Files out of the page: text as a download (CSV, JSON, Methods, weights) and canvases as
//! PNG, through a temporary link with the `download` attribute.

use leptos::prelude::{Callable, Callback};
use wasm_bindgen::JsCast;

/// Hands a failed export to `on_error` (a component's callback up to the page), never
/// discarding it.
pub fn report_to(on_error: Callback<String>, result: Result<(), String>) {
    if let Err(e) = result {
        on_error.run(format!("Export failed: {e}"));
    }
}

fn click_link(href: &str, name: &str) -> Result<(), String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no <a>")?
        .dyn_into()
        .map_err(|_| "no <a>")?;
    a.set_href(href);
    a.set_download(name);
    a.click();
    Ok(())
}

/// Offers `text` as a file called `name`.
pub fn text(name: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&text.into());
    let blob = web_sys::Blob::new_with_str_sequence(&parts).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let r = click_link(&url, name);
    let _ = web_sys::Url::revoke_object_url(&url);
    r
}

/// Offers the canvas with `data-testid=testid` as a PNG file.
pub fn canvas_png(testid: &str, name: &str) -> Result<(), String> {
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas: web_sys::HtmlCanvasElement = doc
        .query_selector(&format!("[data-testid=\"{testid}\"]"))
        .ok()
        .flatten()
        .ok_or(format!("no chart `{testid}`"))?
        .dyn_into()
        .map_err(|_| format!("`{testid}` is not a canvas"))?;
    let url = canvas.to_data_url().map_err(|e| format!("{e:?}"))?;
    click_link(&url, name)
}
