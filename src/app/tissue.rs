//! Watch it grow: the timeline's frames in 3-D (drag to rotate, wheel to zoom, click a cell to
//! inspect it), play / pause / step / speed, a scrubber, per-type counts and a count chart.

use super::{download, grown, Ui};
use crate::development::cell::ALL_TYPES;
use leptos::html::Canvas;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// Okabe-Ito colours, one per cell type (colour-blind safe), in `ALL_TYPES` order.
pub const TYPE_COLOURS: [&str; 8] = [
    "#E69F00", "#56B4E9", "#CC79A7", "#0072B2", "#009E73", "#D55E00", "#F0E442", "#999999",
];

/// Camera: yaw and pitch in radians, zoom factor.
#[derive(Clone, Copy, PartialEq)]
struct View {
    yaw: f64,
    pitch: f64,
    zoom: f64,
}

thread_local! {
    /// Screen positions of the last drawn frame: (x, y, radius, lineage slot), for picking.
    static DRAWN: RefCell<Vec<(f64, f64, f64, u32)>> = const { RefCell::new(Vec::new()) };
}

fn ctx2d(c: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    c.get_context("2d").ok()??.dyn_into().ok()
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// Splats shaded discs (far to near) into an RGBA buffer: one put_image_data per frame keeps
/// 5,000 cells well within a frame's budget, where 5,000 canvas calls would not.
fn splat(buf: &mut [u8], w: usize, h: usize, pts: &[(f64, f64, u8)], r: f64) {
    // Hidden types never reach here (filtered by `draw`).
    let colours: Vec<[u8; 3]> = TYPE_COLOURS.iter().map(|c| rgb(c)).collect();
    let ri = r.ceil() as i64;
    // The disc's pixels once: offset and light (lit from the upper left, a dark rim).
    let stencil: Vec<(i64, i64, f64)> = (-ri..=ri)
        .flat_map(|dy| (-ri..=ri).map(move |dx| (dx, dy)))
        .filter_map(|(dx, dy)| {
            let d2 = (dx * dx + dy * dy) as f64;
            (d2 <= r * r).then(|| {
                (
                    dx,
                    dy,
                    if d2 > (r - 1.0).max(0.0).powi(2) {
                        0.55
                    } else {
                        1.08 - 0.3 * ((dx + dy) as f64 / (2.0 * r) + 0.5)
                    },
                )
            })
        })
        .collect();
    let shades: Vec<Vec<[u8; 3]>> = colours
        .iter()
        .map(|c| {
            stencil
                .iter()
                .map(|s| c.map(|v| (v as f64 * s.2).min(255.0) as u8))
                .collect()
        })
        .collect();
    for &(x, y, kind) in pts {
        let (cx, cy) = (x.round() as i64, y.round() as i64);
        let inside = cx - ri >= 0 && cy - ri >= 0 && cx + ri < w as i64 && cy + ri < h as i64;
        for (s, px) in stencil.iter().zip(&shades[kind as usize % 8]) {
            let (x, y) = (cx + s.0, cy + s.1);
            if !inside && (x < 0 || y < 0 || x >= w as i64 || y >= h as i64) {
                continue;
            }
            let o = (y as usize * w + x as usize) * 4;
            buf[o..o + 3].copy_from_slice(px);
        }
    }
}

/// Draws frame `i` from the camera `v`; returns (step, per-type counts).
fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    i: usize,
    v: View,
    selected: Option<u32>,
    hidden: [bool; 8],
) -> Option<(u32, [u32; 8])> {
    let ctx = ctx2d(canvas)?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let e = grown::get()?;
    let t = &e.grown.timeline;
    let last = t.frames.last()?;
    let f = t.frames.get(i.min(t.frames.len() - 1))?;
    // A fixed frame of reference: the centre and extent of the final tissue.
    let n = last.pos.len().max(1) as f64;
    let c: [f64; 3] = [0, 1, 2].map(|k| last.pos.iter().map(|p| p[k] as f64).sum::<f64>() / n);
    let extent = last
        .pos
        .iter()
        .map(|p| (0..3).map(|k| (p[k] as f64 - c[k]).powi(2)).sum::<f64>())
        .fold(1.0, f64::max)
        .sqrt();
    let scale = v.zoom * 0.45 * w.min(h * 1.6) / extent;
    let (sy, cy, sp, cp) = (v.yaw.sin(), v.yaw.cos(), v.pitch.sin(), v.pitch.cos());
    let mut pts: Vec<(f64, f64, f64, usize)> = f
        .pos
        .iter()
        .enumerate()
        .filter(|(k, _)| !hidden[f.kind[*k] as usize % 8])
        .map(|(k, p)| {
            let (dx, dy, dz) = (p[0] as f64 - c[0], p[1] as f64 - c[1], p[2] as f64 - c[2]);
            let (x1, y1) = (cy * dx - sy * dy, sy * dx + cy * dy);
            let (sy2, depth) = (cp * dz - sp * y1, sp * dz + cp * y1);
            (w / 2.0 + scale * x1, h / 2.0 - scale * sy2, depth, k)
        })
        .collect();
    pts.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal));
    let r = (5.0 * scale).clamp(1.5, 9.0);
    let (wi, hi) = (w as usize, h as usize);
    let mut buf: Vec<u8> = [251u8, 251, 250, 255].repeat(wi * hi); // opaque background; splat writes RGB only
    let discs: Vec<(f64, f64, u8)> = pts.iter().map(|&(x, y, _, k)| (x, y, f.kind[k])).collect();
    splat(&mut buf, wi, hi, &discs, r);
    if let Ok(img) =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&buf), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
    let drawn: Vec<(f64, f64, f64, u32)> = pts.iter().map(|&(x, y, _, k)| (x, y, r, f.index[k])).collect();
    if let Some(&(x, y, r, _)) = selected.and_then(|s| drawn.iter().find(|d| d.3 == s)) {
        ctx.set_stroke_style_str("#000");
        ctx.set_line_width(2.5);
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + 4.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
    DRAWN.with(|d| *d.borrow_mut() = drawn);
    Some((f.step, f.counts()))
}

/// The lineage slot of the cell drawn nearest to (x, y), if one is under the pointer.
fn pick(x: f64, y: f64) -> Option<u32> {
    DRAWN.with(|d| {
        d.borrow()
            .iter()
            .rev()
            .find(|p| (p.0 - x).powi(2) + (p.1 - y).powi(2) <= (p.2 + 2.0).powi(2))
            .map(|p| p.3)
    })
}

/// Cells per type over all steps, with a marker at the shown step.
fn draw_counts(canvas: &web_sys::HtmlCanvasElement, step: u32) -> Option<()> {
    let ctx = ctx2d(canvas)?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let e = grown::get()?;
    let counts = &e.grown.timeline.counts;
    let max = (counts.iter().flat_map(|c| c.iter()).copied().max().unwrap_or(1).max(1) as f64 + 1.0).log10();
    let (left, bottom) = (44.0, h - 18.0);
    let x = |s: usize| left + (w - left - 8.0) * s as f64 / counts.len().max(2) as f64; // counts[k] is step k + 1
    let y = |v: u32| bottom - (bottom - 8.0) * (v as f64 + 1.0).log10() / max;
    ctx.set_fill_style_str("#57606a");
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_stroke_style_str("#e5e7eb");
    for (v, label) in [(0u32, "0"), (9, "10"), (99, "100"), (999, "1000")] {
        if (v as f64 + 1.0).log10() <= max {
            let _ = ctx.fill_text(label, 4.0, y(v) + 4.0);
            ctx.begin_path();
            ctx.move_to(left, y(v));
            ctx.line_to(w - 8.0, y(v));
            ctx.stroke();
        }
    }
    let _ = ctx.fill_text("step (h) →", w - 70.0, h - 4.0);
    for (k, col) in TYPE_COLOURS.iter().enumerate() {
        ctx.set_stroke_style_str(col);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for (s, c) in counts.iter().enumerate() {
            if s == 0 {
                ctx.move_to(x(s + 1), y(c[k]))
            } else {
                ctx.line_to(x(s + 1), y(c[k]))
            }
        }
        ctx.stroke();
    }
    ctx.set_stroke_style_str("#1b1f24");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(x(step as usize), 4.0);
    ctx.line_to(x(step as usize), bottom);
    ctx.stroke();
    Some(())
}

fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn page_hidden() -> bool {
    web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden())
}

/// Frames per second over one-second windows, written to a signal.
struct FpsMeter {
    out: RwSignal<f64>,
    count: u32,
    since: Option<f64>,
}

impl FpsMeter {
    fn new(out: RwSignal<f64>) -> FpsMeter {
        FpsMeter {
            out,
            count: 0,
            since: None,
        }
    }

    fn frame(&mut self, ms: f64) {
        self.count += 1;
        let since = *self.since.get_or_insert(ms);
        if ms - since >= 1000.0 {
            self.out.set(self.count as f64 * 1000.0 / (ms - since));
            self.count = 0;
            self.since = Some(ms);
        }
    }
}

/// Runs `tick(ms)` on every animation frame while `running` stays true.
fn animate(running: RwSignal<bool>, mut tick: impl FnMut(f64) + 'static) {
    let slot: Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>> = Rc::new(RefCell::new(None));
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

/// Canvas pixels under a mouse event (the canvas is scaled by CSS).
fn canvas_xy(c: &web_sys::HtmlCanvasElement, ev: &web_sys::MouseEvent) -> (f64, f64) {
    let k = c.width() as f64 / c.client_width().max(1) as f64;
    (ev.offset_x() as f64 * k, ev.offset_y() as f64 * k)
}

#[component]
pub fn TissueView(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let chart = NodeRef::<Canvas>::new();
    let frames = move || {
        ui.generation.get();
        grown::get().map_or(0, |e| e.grown.timeline.frames.len())
    };
    let view = RwSignal::new(View {
        yaw: 0.5,
        pitch: 0.35,
        zoom: 1.0,
    });
    let playing = RwSignal::new(false);
    let spinning = RwSignal::new(false);
    let hidden = RwSignal::new([false; 8]);
    let speed = RwSignal::new(1.0f64);
    let shown = RwSignal::new((0u32, [0u32; 8]));
    let fps = RwSignal::new(0.0f64);
    let front = RwSignal::new(String::new());
    let draw_ms = RwSignal::new(0.0f64);
    let drag = RwSignal::new(None::<(f64, f64, f64)>); // (x, y, travelled)
    Effect::new(move |_| {
        let (n, i, v, sel, hid) = (frames(), ui.frame.get(), view.get(), ui.selected.get(), hidden.get());
        if let (Some(c), true) = (canvas.get(), n > 0) {
            let t0 = super::scope::now_ms();
            if let Some(s) = draw(&c, i.min(n - 1), v, sel, hid) {
                if shown.get_untracked() != s {
                    shown.set(s)
                }
                let f = DRAWN.with(|d| {
                    d.borrow()
                        .last()
                        .map(|p| format!("{:.0},{:.0}", p.0, p.1))
                        .unwrap_or_default()
                });
                if front.get_untracked() != f {
                    front.set(f)
                }
            }
            draw_ms.set(super::scope::now_ms() - t0);
        }
    });
    Effect::new(move |_| {
        let step = shown.get().0;
        ui.generation.get();
        if let Some(c) = chart.get() {
            draw_counts(&c, step);
        }
    });
    let play = move |_| {
        if playing.get_untracked() {
            playing.set(false);
            return;
        }
        if ui.frame.get_untracked() >= frames().saturating_sub(1) {
            ui.frame.set(0)
        }
        playing.set(true);
        let (mut last, mut acc, mut meter) = (None::<f64>, 0.0, FpsMeter::new(fps));
        let rate = if reduced_motion() { 4.0 } else { 12.0 };
        animate(playing, move |ms| {
            if page_hidden() {
                playing.set(false);
                return;
            }
            let dt = last.map_or(0.0, |l| ms - l) / 1000.0;
            last = Some(ms);
            acc += dt * rate * speed.get_untracked();
            let n = frames();
            if acc >= 1.0 {
                let next = ui
                    .frame
                    .get_untracked()
                    .min(n.saturating_sub(1))
                    .saturating_add(acc as usize);
                acc = acc.fract();
                if next >= n {
                    ui.frame.set(n.saturating_sub(1));
                    playing.set(false);
                } else {
                    ui.frame.set(next)
                }
            } else {
                view.update(|v| {
                    if !reduced_motion() {
                        v.yaw += dt * 0.15
                    }
                });
            }
            meter.frame(ms);
        });
    };
    let spin = move |_| {
        if spinning.get_untracked() {
            spinning.set(false);
            return;
        }
        spinning.set(true);
        let (mut last, mut meter) = (None::<f64>, FpsMeter::new(fps));
        animate(spinning, move |ms| {
            if page_hidden() {
                spinning.set(false);
                return;
            }
            let dt = last.map_or(0.0, |l| ms - l) / 1000.0;
            last = Some(ms);
            view.update(|v| v.yaw += dt * if reduced_motion() { 0.1 } else { 0.6 });
            meter.frame(ms);
        });
    };
    // With no tissue (a lethal knock-out, or before the first growth) there is nothing to step.
    let step_by = move |d: i64| {
        playing.set(false);
        let n = frames() as i64;
        if n > 0 {
            ui.frame
                .update(|f| *f = ((*f).min(n as usize - 1) as i64 + d).clamp(0, n - 1) as usize)
        }
    };
    let on_down = move |ev: web_sys::PointerEvent| drag.set(Some((ev.client_x() as f64, ev.client_y() as f64, 0.0)));
    let on_move = move |ev: web_sys::PointerEvent| {
        if let Some((x, y, t)) = drag.get_untracked() {
            let (dx, dy) = (ev.client_x() as f64 - x, ev.client_y() as f64 - y);
            view.update(|v| {
                v.yaw += dx * 0.01;
                v.pitch = (v.pitch + dy * 0.01).clamp(-1.5, 1.5);
            });
            drag.set(Some((
                ev.client_x() as f64,
                ev.client_y() as f64,
                t + dx.abs() + dy.abs(),
            )));
        }
    };
    let on_up = move |ev: web_sys::PointerEvent| {
        let moved = drag.get_untracked().map_or(0.0, |d| d.2);
        drag.set(None);
        if moved < 4.0 {
            if let Some(c) = canvas.get_untracked() {
                let (x, y) = canvas_xy(&c, &ev);
                ui.selected.set(pick(x, y));
            }
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        view.update(|v| v.zoom = (v.zoom * (-ev.delta_y() * 0.0015).exp()).clamp(0.3, 8.0));
    };
    let total_cells = move || shown.get().1.iter().sum::<u32>().to_string();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        view.update(|v| match ev.key().as_str() {
            "ArrowLeft" => v.yaw -= 0.1,
            "ArrowRight" => v.yaw += 0.1,
            "ArrowUp" => v.pitch = (v.pitch - 0.1).max(-1.5),
            "ArrowDown" => v.pitch = (v.pitch + 0.1).min(1.5),
            "+" => v.zoom = (v.zoom * 1.2).min(8.0),
            "-" => v.zoom = (v.zoom / 1.2).max(0.3),
            _ => {}
        })
    };
    view! {
        <section class="tissue" id="grow" data-panel="grow" data-testid="grow-panel">
            <h2>"Development"</h2>
            <canvas data-testid="tissue" node_ref=canvas width="720" height="420" tabindex="0"
                role="img" aria-label="the growing tissue in 3-D, cells coloured by type; drag to rotate, wheel to zoom, click a cell to inspect it"
                data-fps=move || format!("{:.1}", fps.get()) data-front-cell=move || front.get() data-draw-ms=move || format!("{:.1}", draw_ms.get()) data-cells=total_cells
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=on_up on:pointerleave=move |_| drag.set(None) on:wheel=on_wheel
                on:keydown=on_key></canvas>
            <div class="scrub">
                <button data-testid="play" on:click=play>{move || if playing.get() { "Pause" } else { "Play" }}</button>
                <button class="secondary" data-testid="spin" aria-pressed=move || spinning.get().to_string() on:click=spin>{move || if spinning.get() { "Stop turning" } else { "Turn" }}</button>
                <button class="secondary" data-testid="step-back" aria-label="one frame back" on:click=move |_| step_by(-1)>"◀"</button>
                <button class="secondary" data-testid="step-forward" aria-label="one frame forward" on:click=move |_| step_by(1)>"▶"</button>
                <label class="inline">"speed "
                    <select data-testid="speed" on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1.0))>
                        <option value="0.5">"½×"</option><option value="1" selected>"1×"</option><option value="2">"2×"</option><option value="4">"4×"</option>
                    </select></label>
                <input data-testid="scrubber" type="range" min="0" aria-label="timeline frame"
                    prop:max=move || frames().saturating_sub(1).to_string()
                    prop:value=move || ui.frame.get().min(frames().saturating_sub(1)).to_string()
                    on:input=move |ev| { playing.set(false); ui.frame.set(event_target_value(&ev).parse().unwrap_or(0)); }/>
                <span data-testid="step" data-step=move || shown.get().0.to_string()>{move || format!("step {} h", shown.get().0)}</span>
                <span class="muted" data-testid="fps">{move || if fps.get() > 0.0 { format!("{:.0} fps", fps.get()) } else { String::new() }}</span>
            </div>
            <ul class="legend" data-testid="type-counts">
                {ALL_TYPES.iter().enumerate().map(|(k, t)| view! {
                    <li data-type=t.key() data-count=move || shown.get().1[k].to_string()>
                        <button class="legend-toggle" class:off=move || hidden.get()[k] aria-pressed=move || (!hidden.get()[k]).to_string()
                            title="show or hide this cell type" on:click=move |_| hidden.update(|h| h[k] = !h[k])>
                        <span class="swatch" style=format!("background:{}", TYPE_COLOURS[k])></span>
                        {t.label()}": "<strong>{move || shown.get().1[k]}</strong></button></li>
                }).collect_view()}
            </ul>
            <canvas data-testid="tissue-counts" node_ref=chart width="720" height="150" role="img" aria-label="cells per type over developmental time"></canvas>
            <p class="muted">"Drag to rotate (or arrow keys), wheel to zoom (+/−), click a cell to inspect it; click a type in the legend to hide or show it. Below: cells per type over time (log scale); the line marks the shown step."
                <button class="secondary small" data-testid="png-tissue" on:click=move |_| { download::report(ui, download::canvas_png("tissue", "devcircuit-tissue.png")); }>"PNG"</button>
                <button class="secondary small" data-testid="png-tissue-counts" on:click=move |_| { download::report(ui, download::canvas_png("tissue-counts", "devcircuit-cell-counts.png")); }>"PNG (counts)"</button></p>
        </section>
    }
}
