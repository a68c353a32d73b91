//! Share links: the fragment (settings, version, backend, fingerprint and a summary of the
//! recorded results), copying it, and reading another link's results as ghost curves.

use super::Ui;
use crate::experiment::link::provenance;
use crate::experiment::report::{conditions_to_fragment, ghosts_from_fragment, Ghost};
use leptos::prelude::*;

/// The fragment (without `#`) that reproduces what the page shows.
pub fn fragment(ui: Ui) -> String {
    let mut frag = ui.page.config.get_untracked().to_fragment();
    let page = ui.page.options.get_untracked();
    if page.classroom {
        frag.push_str("&mode=class");
    }
    if !page.hide.is_empty() {
        frag.push_str(&format!("&hide={}", page.hide.join(",")));
    }
    frag.push_str(&format!(
        "&ver={}&backend={}",
        crate::experiment::APP_VERSION,
        ui.run.backend.get_untracked().key.name()
    ));
    if let Some(fp) = ui.explore.fingerprint.get_untracked() {
        frag.push_str(&format!("&fp={fp}"));
    }
    // The finished runs' conditions as the summary worker has them (the page's statistics).
    let rec = ui
        .work
        .stats
        .with_untracked(|s| (!s.finished.is_empty()).then(|| conditions_to_fragment(&s.finished)));
    if let Some(rec) = rec {
        frag.push_str(&format!("&rec={rec}"));
    }
    frag
}

pub fn link(ui: Ui) -> String {
    let loc = web_sys::window().map(|w| w.location());
    let base = loc
        .and_then(|l| Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?)))
        .unwrap_or_default();
    format!("{base}#{}", fragment(ui))
}

/// Puts text on the clipboard (where the browser allows it); the link is also shown in a field.
pub fn copy_to_clipboard(text: &str) {
    let Some(w) = web_sys::window() else { return };
    let clip = w.navigator().clipboard();
    // Outside a secure context the property is missing: the field beside the button still shows the link.
    if !wasm_bindgen::JsValue::from(clip.clone()).is_undefined() {
        let _ = clip.write_text(text);
    }
}

/// The ghost curves a pasted share link recorded (its `rec=` part).
pub fn ghosts_of_link(link: &str) -> Result<Vec<Ghost>, String> {
    let frag = link.split_once('#').map_or(link, |(_, f)| f);
    let rec = provenance(frag)
        .recorded
        .ok_or("that link carries no recorded results (no `rec=` part); copy it after a run finished")?;
    let ghosts = ghosts_from_fragment(&rec)?;
    if ghosts.is_empty() {
        return Err("the link's `rec=` part is empty".into());
    }
    Ok(ghosts
        .into_iter()
        .map(|g| Ghost {
            label: format!("link: {}", g.label),
            ..g
        })
        .collect())
}
