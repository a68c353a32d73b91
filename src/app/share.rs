//! Share links: the fragment (settings, version, backend, fingerprint and a summary of the
//! recorded results), copying it, and reading another link's results as ghost curves.

use super::Ui;
use crate::experiment::link::provenance;
use crate::experiment::report::{ghosts_from_fragment, ghosts_to_fragment, Ghost};
use crate::experiment::results::RunStatus;
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
    let finished: Vec<_> = ui.work.records.with_untracked(|rs| {
        rs.iter()
            .filter(|r| matches!(r.status, RunStatus::Done | RunStatus::Stopped))
            .cloned()
            .collect()
    });
    if !finished.is_empty() {
        frag.push_str(&format!("&rec={}", ghosts_to_fragment(&finished)));
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
