//! The animation loop of the tissue view: one callback per animation frame while a signal
//! stays true, an FPS meter, and the page's reduced-motion and visibility state.

use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

pub fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Frames per second over one-second windows, written to a signal.
pub struct FpsMeter {
    out: RwSignal<f64>,
    count: u32,
    since: Option<f64>,
}

impl FpsMeter {
    pub fn new(out: RwSignal<f64>) -> FpsMeter {
        FpsMeter {
            out,
            count: 0,
            since: None,
        }
    }

    pub fn frame(&mut self, ms: f64) {
        self.count += 1;
        let since = *self.since.get_or_insert(ms);
        if ms - since >= 1000.0 {
            self.out.set(self.count as f64 * 1000.0 / (ms - since));
            self.count = 0;
            self.since = Some(ms);
        }
    }
}

/// The frame callback, kept alive by the frames it schedules until the loop ends.
type FrameSlot = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// Runs `tick(ms)` on every animation frame while `running` stays true.
pub fn animate(running: RwSignal<bool>, mut tick: impl FnMut(f64) + 'static) {
    let slot: FrameSlot = Rc::new(RefCell::new(None));
    let again = slot.clone();
    *slot.borrow_mut() = Some(Closure::new(move |ms: f64| {
        if !running.get_untracked() {
            again.borrow_mut().take();
            return;
        }
        tick(ms);
        if let (Some(w), Some(cb)) = (web_sys::window(), again.borrow().as_ref()) {
            let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
        }
    }));
    let first = slot.borrow();
    if let (Some(w), Some(cb)) = (web_sys::window(), first.as_ref()) {
        let _ = w.request_animation_frame(cb.as_ref().unchecked_ref());
    }
}
