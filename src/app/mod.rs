//! The browser app (wasm only): Leptos components over the same core as the CLI. Signals
//! flow down into small components; callbacks flow up; the training task owns no DOM.

mod backend;
mod chart;
mod fetch;
mod run;
mod tissue;
mod view;

use crate::experiment::config::{provenance, Config};
use leptos::prelude::*;

/// Everything the page shows; plain values in signals (Send + Sync).
#[derive(Clone, Copy)]
pub struct Ui {
    pub config: RwSignal<Config>,
    pub notices: RwSignal<Vec<String>>,
    pub backend: RwSignal<backend::BackendInfo>,
    pub status: RwSignal<String>,
    /// (fraction done, label)
    pub progress: RwSignal<(f64, String)>,
    /// (iteration, loss, on the CPU fallback)
    pub losses: RwSignal<Vec<(usize, f64, bool)>>,
    pub acc0: RwSignal<Option<f64>>,
    pub accuracy: RwSignal<Vec<f64>>,
    pub fingerprint: RwSignal<Option<String>>,
    pub circuit_line: RwSignal<String>,
    /// What a shared link recorded and whether it was reproduced.
    pub reproduced: RwSignal<Option<String>>,
    pub running: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// Number of timeline frames of the grown tissue (the frames live in `tissue`).
    pub frames: RwSignal<usize>,
}

pub fn start() {
    console_error_panic_hook::set_once();
    reload_on_pasted_link();
    mount_to_body(view::App);
}

/// A link pasted into the address bar of an open page changes only the fragment: reload so
/// the page restores that experiment (our own updates use replaceState, which fires nothing).
fn reload_on_pasted_link() {
    use wasm_bindgen::JsCast;
    if let Some(w) = web_sys::window() {
        let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        });
        let _ = w.add_event_listener_with_callback("hashchange", cb.as_ref().unchecked_ref());
        cb.forget();
    }
}

/// Reads the URL fragment into a fresh UI state (notices for what was ignored or clamped).
pub fn initial_ui() -> Ui {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let (config, notices) = Config::from_fragment(&hash);
    let ui = Ui {
        config: RwSignal::new(config),
        notices: RwSignal::new(notices.into_iter().map(|n| n.0).collect()),
        backend: RwSignal::new(backend::BackendInfo::detecting()),
        status: RwSignal::new("Ready.".into()),
        progress: RwSignal::new((0.0, String::new())),
        losses: RwSignal::new(vec![]),
        acc0: RwSignal::new(None),
        accuracy: RwSignal::new(vec![]),
        fingerprint: RwSignal::new(None),
        circuit_line: RwSignal::new(String::new()),
        reproduced: RwSignal::new(None),
        running: RwSignal::new(false),
        error: RwSignal::new(None),
        frames: RwSignal::new(0),
    };
    let recorded = provenance(&hash);
    leptos::task::spawn_local(async move {
        backend::detect(ui).await;
        run::grow_now(ui, recorded.2);
    });
    ui
}

/// Writes the configuration (and provenance) into the fragment without a new history entry.
pub fn write_fragment(ui: Ui) {
    let cfg = ui.config.get_untracked();
    let mut frag = cfg.to_fragment();
    frag.push_str(&format!("&ver={}&backend={}", crate::experiment::APP_VERSION, ui.backend.get_untracked().key));
    if let Some(fp) = ui.fingerprint.get_untracked() {
        frag.push_str(&format!("&fp={fp}"));
    }
    if let Some(w) = web_sys::window() {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("#{frag}")));
        }
    }
}
