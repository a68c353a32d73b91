//! Watch it grow: the timeline's frames in 3-D (drag to rotate, wheel to zoom, click a cell to
//! inspect it) above the transport (`transport.rs`), the type legend and a count chart.

mod animate;
mod legend;
mod render;
mod transport;

use super::scope::now_ms;
use super::{download, Tissue};
use legend::TypeLegend;
use leptos::html::Canvas;
use leptos::prelude::*;
use render::{draw, draw_counts, Camera, Drawn};
use transport::Transport;

/// Canvas pixels under a mouse event (the canvas is scaled by CSS).
fn canvas_xy(c: &web_sys::HtmlCanvasElement, ev: &web_sys::MouseEvent) -> (f64, f64) {
    let k = c.width() as f64 / c.client_width().max(1) as f64;
    (ev.offset_x() as f64 * k, ev.offset_y() as f64 * k)
}

/// Camera keys: arrows turn, + and − zoom.
fn turn(v: &mut Camera, key: &str) {
    match key {
        "ArrowLeft" => v.yaw -= 0.1,
        "ArrowRight" => v.yaw += 0.1,
        "ArrowUp" => v.pitch = (v.pitch - 0.1).max(-1.5),
        "ArrowDown" => v.pitch = (v.pitch + 0.1).min(1.5),
        "+" => v.zoom = (v.zoom * 1.2).min(8.0),
        "-" => v.zoom = (v.zoom / 1.2).max(0.3),
        _ => {}
    }
}

/// The tissue explorer. Reads the shown `tissue`; moves the shared `frame` and `selected`
/// cell; reports a failed PNG export through `on_error`.
#[component]
pub fn TissueView(
    tissue: Tissue,
    frame: RwSignal<usize>,
    selected: RwSignal<Option<u32>>,
    on_error: Callback<String>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    let chart = NodeRef::<Canvas>::new();
    let frames = move || tissue.with(|t| t.as_ref().map_or(0, |e| e.grown.timeline.frames.len()));
    let view = RwSignal::new(Camera {
        yaw: 0.5,
        pitch: 0.35,
        zoom: 1.0,
    });
    let hidden = RwSignal::new([false; 8]);
    let shown = RwSignal::new((0u32, [0u32; 8]));
    // Where the last frame put each cell, for picking (owned here, not by a global).
    let drawn = StoredValue::new(Drawn::default());
    let fps = RwSignal::new(0.0f64);
    let front = RwSignal::new(String::new());
    let draw_ms = RwSignal::new(0.0f64);
    let drag = RwSignal::new(None::<(f64, f64, f64)>); // (x, y, travelled)
    Effect::new(move |_| {
        let (i, v, sel, hid) = (frame.get(), view.get(), selected.get(), hidden.get());
        let Some(e) = tissue.get().filter(|e| !e.grown.timeline.frames.is_empty()) else {
            return;
        };
        let Some(c) = canvas.get() else { return };
        let t0 = now_ms();
        if let Some(d) = draw(&c, &e, i, v, sel, hid) {
            if shown.get_untracked() != (d.step, d.counts) {
                shown.set((d.step, d.counts))
            }
            let f = d
                .spots
                .last()
                .map(|p| format!("{:.0},{:.0}", p.0, p.1))
                .unwrap_or_default();
            if front.get_untracked() != f {
                front.set(f)
            }
            drawn.set_value(d);
        }
        draw_ms.set(now_ms() - t0);
    });
    Effect::new(move |_| {
        let step = shown.get().0;
        if let (Some(c), Some(e)) = (chart.get(), tissue.get()) {
            draw_counts(&c, &e, step);
        }
    });
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
                selected.set(drawn.with_value(|d| d.pick(x, y)));
            }
        }
    };
    let on_wheel = move |ev: web_sys::WheelEvent| {
        ev.prevent_default();
        view.update(|v| v.zoom = (v.zoom * (-ev.delta_y() * 0.0015).exp()).clamp(0.3, 8.0));
    };
    let png = move |id: &str, name: &str| {
        if let Err(e) = download::canvas_png(id, name) {
            on_error.run(format!("Export failed: {e}"))
        }
    };
    let total_cells = move || shown.get().1.iter().sum::<u32>().to_string();
    let on_key = move |ev: web_sys::KeyboardEvent| view.update(|v| turn(v, &ev.key()));
    view! {
        <section class="tissue" id="grow" data-panel="grow" data-testid="grow-panel">
            <h2>"Development"</h2>
            <canvas
                data-testid="tissue"
                node_ref=canvas
                width="720"
                height="420"
                tabindex="0"
                role="img"
                aria-label="the growing tissue in 3-D, cells coloured by type; drag to rotate, wheel to zoom, click a \
                cell to inspect it"
                data-fps=move || format!("{:.1}", fps.get())
                data-front-cell=move || front.get()
                data-draw-ms=move || format!("{:.1}", draw_ms.get())
                data-cells=total_cells
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_up
                on:pointerleave=move |_| drag.set(None)
                on:wheel=on_wheel
                on:keydown=on_key
            ></canvas>
            <Transport frame frames=Signal::derive(frames) step=Signal::derive(move || shown.get().0) view fps />
            <TypeLegend
                counts=Signal::derive(move || shown.get().1)
                hidden=hidden.into()
                on_toggle=Callback::new(move |k: usize| hidden.update(|h| h[k] = !h[k]))
            />
            <canvas
                data-testid="tissue-counts"
                node_ref=chart
                width="720"
                height="150"
                role="img"
                aria-label="cells per type over developmental time"
            ></canvas>
            <p class="muted">
                "Drag to rotate (or arrow keys), wheel to zoom (+/−), click a cell to inspect it; click a type in the \
                    legend to hide or show it. Below: cells per type over time (log scale); the line marks the shown \
                    step."
                <button
                    class="secondary small"
                    data-testid="png-tissue"
                    on:click=move |_| png("tissue", "devcircuit-tissue.png")
                >
                    "PNG"
                </button>
                <button
                    class="secondary small"
                    data-testid="png-tissue-counts"
                    on:click=move |_| png("tissue-counts", "devcircuit-cell-counts.png")
                >
                    "PNG (counts)"
                </button>
            </p>
        </section>
    }
}
