//! Keyboard shortcuts: Space starts a run or pauses/resumes it (not while a field has focus),
//! Esc stops, `?` opens the shortcut list.

use super::{run, Ui};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const SHORTCUTS: [(&str, &str); 3] = [
    ("Space", "start a run, or pause / resume the running one"),
    ("Esc", "stop the run (the queue waits)"),
    ("?", "show or hide this list"),
];

fn typing_into_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON")
                || e.has_attribute("contenteditable")
        })
}

/// Installs the window-wide key handler; `start` begins a run of the panel's configuration.
pub fn install(ui: Ui, start: impl Fn() + 'static) {
    let handler =
        wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
                return;
            }
            match ev.key().as_str() {
                "Escape" => {
                    if ui.page.shortcuts_open.get_untracked() {
                        ui.page.shortcuts_open.set(false)
                    } else if ui.run.running.get_untracked() {
                        run::request_stop(ui)
                    }
                }
                " " if !typing_into_field(&ev) => {
                    ev.prevent_default();
                    if ui.run.running.get_untracked() {
                        run::set_paused(ui, !ui.run.paused.get_untracked())
                    } else {
                        start()
                    }
                }
                "?" if !typing_into_field(&ev) => ui.page.shortcuts_open.update(|o| *o = !*o),
                _ => {}
            }
        });
    if let Some(w) = web_sys::window() {
        let _ = w.add_event_listener_with_callback("keydown", handler.as_ref().unchecked_ref());
    }
    handler.forget();
}
