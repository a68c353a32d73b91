//! After a run: its confusion matrix with per-class accuracy, and a grid of the first test
//! images with predicted and true labels (✓ / ✗ marks, not colour alone).

use super::Ui;
use crate::data::Split;
use crate::experiment::results::RunRecord;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn RunDetails(ui: Ui) -> impl IntoView {
    view! {
        <section class="details" data-testid="run-details">
            <h2>"Run details"</h2>
            {move || match ui.current_record() {
                Some(r) if !r.confusion.is_empty() => view! { <Confusion r=r.clone()/><ImageGrid r=r/> }.into_any(),
                Some(r) => view! { <p class="muted">{format!("Run {} has no evaluation after training yet ({}).", r.id, r.status.label())}</p> }.into_any(),
                None => view! { <p class="muted">"Train a run to see its confusion matrix and predictions."</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Confusion(r: RunRecord) -> impl IntoView {
    let k = r.classes.len();
    let per_class = r.per_class();
    let max = r.confusion.iter().copied().max().unwrap_or(1).max(1) as f64;
    let rows = (0..k).map(|t| {
        let cells = (0..k).map(|p| {
            let n = r.confusion[t * k + p];
            let shade = n as f64 / max;
            let style = format!("background: rgba(0,114,178,{:.3}); color: {}", shade * 0.9, if shade > 0.5 { "white" } else { "inherit" });
            view! { <td style=style title=format!("true {}, predicted {}: {n}", r.classes[t], r.classes[p])>{n}</td> }
        }).collect_view();
        view! { <tr><th scope="row">{r.classes[t].clone()}</th>{cells}<td class="per-class">{format!("{:.1}", per_class[t] * 100.0)}</td></tr> }
    }).collect_view();
    let total = r.confusion.iter().sum::<u32>().to_string();
    let caption = format!("Run {}: confusion on {} test images (rows: true class, columns: predicted); last column: per-class accuracy (%)", r.id, r.test_images);
    let heads = r.classes.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view();
    view! {
        <div class="table-wrap">
            <table class="confusion" data-testid="confusion" data-total=total>
                <caption>{caption}</caption>
                <thead><tr><th>"true \\ predicted"</th>{heads}<th>"accuracy"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Draws one image (channel-major u8) scaled up into a canvas.
fn draw_image(canvas: &web_sys::HtmlCanvasElement, pixels: &[u8], [c, h, w]: [usize; 3]) -> Option<()> {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let s = canvas.width() as f64 / w as f64;
    for y in 0..h {
        for x in 0..w {
            let v = |ch: usize| pixels[(ch.min(c - 1) * h + y) * w + x];
            ctx.set_fill_style_str(&format!("rgb({},{},{})", v(0), v(1), v(2)));
            ctx.fill_rect(x as f64 * s, y as f64 * s, s.ceil(), s.ceil());
        }
    }
    Some(())
}

#[component]
fn Thumb(pixels: Vec<u8>, shape: [usize; 3], caption: String, right: bool) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| if let Some(c) = canvas.get() { draw_image(&c, &pixels, shape); });
    view! {
        <figure class="thumb" class:wrong=!right data-right=right.to_string()>
            <canvas node_ref=canvas width="56" height="56" role="img" aria-label=caption.clone()></canvas>
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

#[component]
fn ImageGrid(r: RunRecord) -> impl IntoView {
    let Some(data) = super::fetch::loaded(&r.config.dataset) else {
        return view! { <p class="muted">"The test images appear here once this page has loaded the dataset (train a run)."</p> }.into_any();
    };
    let test: &Split = &data.test;
    let shape = data.manifest.shape;
    let thumbs = r.predictions.iter().enumerate().filter(|(i, _)| *i < test.len()).map(|(i, &p)| {
        let t = test.labels[i] as usize;
        let right = p as usize == t;
        let name = |k: usize| r.classes.get(k).cloned().unwrap_or_else(|| k.to_string());
        let caption = format!("{} {} (true {})", if right { "✓" } else { "✗" }, name(p as usize), name(t));
        view! { <Thumb pixels=test.image(i).to_vec() shape=shape caption=caption right=right/> }
    }).collect_view();
    view! {
        <div>
            <h3>{format!("The first {} test images: predicted label, ✓ right / ✗ wrong, true label", r.predictions.len())}</h3>
            <div class="grid" data-testid="image-grid">{thumbs}</div>
        </div>
    }.into_any()
}
