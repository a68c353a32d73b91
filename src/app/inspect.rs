//! After a run: its confusion matrix with per-class accuracy, and a grid of the first test
//! images with predicted and true labels (✓ / ✗ marks, not colour alone).

use crate::experiment::results::RunRecord;
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
/// The `current` run in detail: confusion matrix, test images with predictions, settings.
pub fn RunDetails(current: Signal<Option<RunRecord>>) -> impl IntoView {
    // Re-rendered only when the shown run's evaluation changes, not at every batch.
    let shown = Memo::new(move |_| current.get());
    view! {
        <section class="details" data-testid="run-details">
            <h2>"Run details"</h2>
            {move || match shown.get() {
                Some(r) if !r.confusion.is_empty() => {
                    view! {
                        <Confusion r=r.clone() />
                        <ImageGrid r=r />
                    }
                        .into_any()
                }
                Some(r) => {
                    view! {
                        <p class="muted">
                            {format!("Run {} has no evaluation after training yet ({}).", r.id, r.status.label())}
                        </p>
                    }
                        .into_any()
                }
                None => {
                    view! { <p class="muted">"Train a run to see its confusion matrix and predictions."</p> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn Confusion(r: RunRecord) -> impl IntoView {
    let k = r.classes.len();
    let per_class = r.per_class();
    let max = r.confusion.iter().copied().max().unwrap_or(1).max(1) as f64;
    let rows = (0..k)
        .map(|t| {
            let cells = (0..k)
                .map(|p| {
                    let n = r.confusion[t * k + p];
                    let shade = n as f64 / max;
                    let style = format!(
                        "background: rgba(0,114,178,{:.3}); color: {}",
                        shade * 0.9,
                        if shade > 0.5 { "white" } else { "inherit" }
                    );
                    view! {
                        <td style=style title=format!("true {}, predicted {}: {n}", r.classes[t], r.classes[p])>
                            {n}
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{r.classes[t].clone()}</th>
                    {cells}
                    <td class="per-class">{format!("{:.1}", per_class[t] * 100.0)}</td>
                </tr>
            }
        })
        .collect_view();
    let total = r.confusion.iter().sum::<u32>().to_string();
    let caption = format!(
        "Run {}: confusion on {} test images (rows: true class, columns: predicted); last column: per-class accuracy \
        (%)",
        r.id, r.test_images
    );
    let heads = r
        .classes
        .iter()
        .map(|c| view! { <th scope="col">{c.clone()}</th> })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="confusion" data-testid="confusion" data-total=total>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th>"true \\ predicted"</th>
                        {heads}
                        <th>"accuracy"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Draws one image (channel-major u8) scaled up into a canvas: one ImageData, no per-pixel calls.
fn draw_image(canvas: &web_sys::HtmlCanvasElement, pixels: &[u8], [c, h, w]: [usize; 3]) -> Option<()> {
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    let mut rgba = vec![255u8; h * w * 4];
    for i in 0..h * w {
        for ch in 0..3 {
            rgba[i * 4 + ch] = pixels[ch.min(c - 1) * h * w + i];
        }
    }
    super::pixels::blit(
        &ctx,
        &rgba,
        w,
        h,
        (0.0, 0.0, canvas.width() as f64, canvas.height() as f64),
    )
}

#[component]
fn Thumb(pixels: Vec<u8>, shape: [usize; 3], caption: String, right: bool) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            draw_image(&c, &pixels, shape);
        }
    });
    view! {
        <figure class="thumb" class:wrong=!right data-right=right.to_string()>
            <canvas node_ref=canvas width="56" height="56" role="img" aria-label=caption.clone()></canvas>
            <figcaption>{caption}</figcaption>
        </figure>
    }
}

#[component]
fn ImageGrid(r: RunRecord) -> impl IntoView {
    let Some(preview) = super::trainer::preview(&r.config.dataset) else {
        let note = "The test images appear here once this page has loaded the dataset (train a run).";
        return view! { <p class="muted">{note}</p> }.into_any();
    };
    let shape = preview.shape;
    let dims: usize = shape.iter().product();
    let thumbs = r
        .predictions
        .iter()
        .enumerate()
        .filter(|(i, _)| *i < preview.labels.len())
        .map(|(i, &p)| {
            let t = preview.labels[i] as usize;
            let right = p as usize == t;
            let name = |k: usize| r.classes.get(k).cloned().unwrap_or_else(|| k.to_string());
            let caption = format!(
                "{} {} (true {})",
                if right { "✓" } else { "✗" },
                name(p as usize),
                name(t)
            );
            let pixels = preview.pixels[i * dims..(i + 1) * dims].to_vec();
            view! { <Thumb pixels=pixels shape=shape caption=caption right=right /> }
        })
        .collect_view();
    view! {
        <div>
            <h3>
                {format!(
                    "The first {} test images: predicted label, ✓ right / ✗ wrong, true label",
                    r.predictions.len(),
                )}
            </h3>
            <div class="grid" data-testid="image-grid">
                {thumbs}
            </div>
        </div>
    }
    .into_any()
}
