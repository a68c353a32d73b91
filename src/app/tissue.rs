//! Watch it grow: the timeline's frames drawn as a side view of the tissue (x across, height
//! above the ventricle up), cells coloured by type, with a scrubber, play/pause and counts.

use crate::development::cell::ALL_TYPES;
use crate::development::timeline::Timeline;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::cell::RefCell;
use wasm_bindgen::JsCast;

thread_local! {
    static TIMELINE: RefCell<Option<Timeline>> = const { RefCell::new(None) };
}

/// Okabe-Ito colours, one per cell type (colour-blind safe), in `ALL_TYPES` order.
pub const TYPE_COLOURS: [&str; 8] = ["#E69F00", "#56B4E9", "#CC79A7", "#0072B2", "#009E73", "#D55E00", "#F0E442", "#999999"];

/// Keeps the latest timeline and returns how many frames it has.
pub fn set_timeline(t: Timeline) -> usize {
    let n = t.frames.len();
    TIMELINE.with(|s| *s.borrow_mut() = Some(t));
    n
}

fn draw(canvas: &web_sys::HtmlCanvasElement, frame: usize) -> Option<(u32, [u32; 8])> {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#fbfbfa");
    ctx.fill_rect(0.0, 0.0, w, h);
    TIMELINE.with(|s| {
        let s = s.borrow();
        let t = s.as_ref()?;
        let last = t.frames.last()?;
        let f = t.frames.get(frame.min(t.frames.len() - 1))?;
        // A fixed frame of reference: the extent of the final tissue.
        let (mut x0, mut x1, mut z1) = (f32::MAX, f32::MIN, 1.0f32);
        for p in &last.pos {
            x0 = x0.min(p[0]);
            x1 = x1.max(p[0]);
            z1 = z1.max(p[2]);
        }
        let scale = ((w - 20.0) / (x1 - x0).max(1.0) as f64).min((h - 20.0) / z1 as f64);
        let r = (4.0 * scale).clamp(1.2, 5.0);
        let left = (w - (x1 - x0) as f64 * scale) / 2.0;
        for (k, p) in f.pos.iter().enumerate() {
            let (x, y) = (left + (p[0] - x0) as f64 * scale, h - 10.0 - p[2] as f64 * scale);
            ctx.set_fill_style_str(TYPE_COLOURS[f.kind[k] as usize]);
            ctx.begin_path();
            let _ = ctx.arc(x, y, r, 0.0, std::f64::consts::TAU);
            ctx.fill();
        }
        Some((f.step, f.counts()))
    })
}

#[component]
pub fn TissueView(frames: RwSignal<usize>) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let at = RwSignal::new(usize::MAX);
    let playing = RwSignal::new(false);
    let shown = RwSignal::new((0u32, [0u32; 8]));
    Effect::new(move |_| {
        let (n, i) = (frames.get(), at.get());
        if let (Some(c), true) = (canvas.get(), n > 0) {
            if let Some(v) = draw(&c, i.min(n - 1)) {
                shown.set(v);
            }
        }
    });
    let tick = move || {
        let n = frames.get_untracked();
        let next = at.get_untracked().min(n.saturating_sub(1)) + 1;
        if next >= n { playing.set(false) } else { at.set(next) }
    };
    Effect::new(move |_| {
        if playing.get() {
            let cb = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || if playing.get_untracked() { tick() });
            let id = web_sys::window().and_then(|w| w.set_interval_with_callback_and_timeout_and_arguments_0(cb.as_ref().unchecked_ref(), 60).ok());
            cb.forget();
            on_cleanup(move || if let (Some(w), Some(id)) = (web_sys::window(), id) { w.clear_interval_with_handle(id) });
        }
    });
    let play = move |_| {
        if at.get_untracked() + 1 >= frames.get_untracked() { at.set(0) }
        playing.update(|p| *p = !*p);
    };
    view! {
        <section class="tissue">
            <h2>"Development"</h2>
            <canvas data-testid="tissue" node_ref=canvas width="720" height="260" role="img" aria-label="side view of the growing tissue, cells coloured by type"></canvas>
            <div class="scrub">
                <button data-testid="play" on:click=play>{move || if playing.get() { "Pause" } else { "Play" }}</button>
                <input data-testid="scrubber" type="range" min="0" aria-label="timeline step"
                    prop:max=move || frames.get().saturating_sub(1).to_string()
                    prop:value=move || at.get().min(frames.get().saturating_sub(1)).to_string()
                    on:input=move |ev| { playing.set(false); at.set(event_target_value(&ev).parse().unwrap_or(0)); }/>
                <span data-testid="step">{move || format!("step {} h", shown.get().0)}</span>
            </div>
            <ul class="legend" data-testid="type-counts">
                {ALL_TYPES.iter().enumerate().map(|(k, t)| view! {
                    <li data-type=t.key()><span class="swatch" style=format!("background:{}", TYPE_COLOURS[k])></span>
                        {t.label()}": "<strong>{move || shown.get().1[k]}</strong></li>
                }).collect_view()}
            </ul>
        </section>
    }
}

