//! Experience after development, seen: the grown circuit's W before and after the configured
//! plasticity phase side by side, the weight distributions, what changed, and the traces.

use super::{download, plastic_draw, Tissue};
use crate::circuit::recurrent::recurrent_matrix;
use crate::experiment::pipeline::{layer_at, normalisation};
use crate::experiment::Config;
use crate::plasticity::{effective, Report, Rule};
use leptos::html::Canvas;
use leptos::prelude::*;
use std::sync::Arc;

/// The phase on the shown circuit: W before, the W its units see after it (columns scaled by
/// their gains) and the report.
#[derive(PartialEq)]
struct Shown {
    n: usize,
    before: Vec<f64>,
    seen: Vec<f64>,
    report: Report,
}

fn phase(cfg: &Config, tissue: Tissue) -> Option<Arc<Shown>> {
    let e = tissue.get()?;
    let c = &e.grown.circuit;
    if cfg.plasticity == Rule::None || c.len() < 2 {
        return None;
    }
    let before = recurrent_matrix(c, normalisation(cfg.radius), cfg.inhibitory_gain);
    let (layer, report) = layer_at(cfg, c, cfg.radius);
    Some(Arc::new(Shown {
        n: c.len(),
        seen: effective(&layer, c.len()),
        before,
        report: report?,
    }))
}

/// What the phase did, in one line.
fn summary(s: &Shown) -> String {
    let r = &s.report;
    let pruned = r.synapses_before - r.synapses_after;
    let rescaled = if r.radius_rule != r.radius_after {
        format!(", rescaled to {:.3}", r.radius_after)
    } else {
        String::new()
    };
    format!(
        "{} for {} steps: spectral radius {:.3} before, {:.3} after the rule{rescaled}; {} → {} connected pairs \
         ({:.1} % removed); mean |y| over the last tenth of the phase {:.3}",
        r.rule,
        r.steps,
        r.radius_before,
        r.radius_rule,
        r.synapses_before,
        r.synapses_after,
        100.0 * pruned as f64 / r.synapses_before.max(1) as f64,
        r.mean_activity
    )
}

type Draw = fn(&web_sys::HtmlCanvasElement, &Shown);

/// The four drawings: how, test id, caption, height.
const VIEWS: [(Draw, &str, &str, u32); 4] = [
    (
        |c, s| {
            plastic_draw::weights(c, &s.before, s.n, max_abs(s));
        },
        "plastic-before",
        "W before the phase",
        300,
    ),
    (
        |c, s| {
            plastic_draw::weights(c, &s.seen, s.n, max_abs(s));
        },
        "plastic-after",
        "W after the phase, as its units see it (× each neuron's gain)",
        300,
    ),
    (
        |c, s| {
            plastic_draw::distribution(c, &s.before, &s.seen);
        },
        "plastic-weights",
        "weight distribution",
        160,
    ),
    (
        |c, s| {
            plastic_draw::traces(c, &s.report.trace, &s.report.trace_labels, s.report.steps);
        },
        "plastic-trace",
        "time-lapse of the traced gains, weights or activities",
        160,
    ),
];

#[component]
fn PlasticCanvas(
    shown: Memo<Option<Arc<Shown>>>,
    draw: Draw,
    testid: &'static str,
    label: &'static str,
    width: u32,
    height: u32,
    on_error: Callback<String>,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let (Some(s), Some(c)) = (shown.get(), canvas.get()) {
            draw(&c, &s)
        }
    });
    view! {
        <figure class="cview">
            <canvas data-testid=testid node_ref=canvas width=width height=height role="img" aria-label=label></canvas>
            <figcaption>
                {label}
                <button
                    class="secondary small"
                    on:click=move |_| {
                        download::report_to(
                            on_error,
                            download::canvas_png(testid, &format!("devcircuit-{testid}.png")),
                        );
                    }
                >
                    "PNG"
                </button>
            </figcaption>
        </figure>
    }
}

fn max_abs(s: &Shown) -> f64 {
    s.before.iter().chain(&s.seen).fold(0.0, |m, v| m.max(v.abs()))
}

/// The plasticity view of the shown tissue under `config`; hidden while plasticity is `none`.
#[component]
pub fn PlasticView(tissue: Tissue, config: Signal<Config>, on_error: Callback<String>) -> impl IntoView {
    // Only what the phase reads reruns it: the rule and its parameters, ρ and the gain.
    let reads = Memo::new(move |_| config.with(|c| (c.plasticity_phase(), c.radius, c.inhibitory_gain)));
    let shown = Memo::new(move |_| {
        // Read (not only tracked) so that the key memo recomputes when the config changes.
        let _ = reads.get();
        phase(&config.get_untracked(), tissue)
    });
    let body = move || {
        let s = shown.get()?;
        Some(view! {
            <p
                class="muted"
                data-testid="plastic-summary"
                data-radius-before=format!("{}", s.report.radius_before)
                data-radius-after=format!("{}", s.report.radius_after)
                data-synapses-before=s.report.synapses_before.to_string()
                data-synapses-after=s.report.synapses_after.to_string()
            >
                {summary(&s)}
            </p>
        })
    };
    view! {
        <section
            class="circuit-view"
            id="plasticity"
            data-panel="plasticity"
            data-testid="plastic-panel"
            hidden=move || shown.get().is_none()
        >
            <h2>"Experience: the grown circuit before and after plasticity"</h2>
            <p class="muted">
                "The layer is driven by independent noise into every neuron while the rule chosen under Experience \
                    changes it, then frozen and used by every run of this configuration (the Methods state each rule's \
                    equation). Maps: signed weights \
                    (presynaptic rows × postsynaptic columns; blue excitatory, vermillion inhibitory, one colour scale \
                    for both). Synaptic rules are rescaled to ρ afterwards; intrinsic plasticity changes each neuron's \
                    gain and bias, not W."
            </p>
            {body}
            <div class="columns">
                {VIEWS
                    .iter()
                    .map(|&(draw, testid, label, height)| {
                        view! { <PlasticCanvas shown draw testid label width=300 height on_error /> }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
