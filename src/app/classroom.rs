//! Classroom mode (`#…&mode=class`): a guided walk through the stages in plain language, each
//! with its literature reference, in large type; `hide=` keys hide panels or controls for an embed.

use super::Tissue;
use crate::development::Params;
use crate::experiment::link::PageOptions;
use leptos::prelude::*;

struct Stage {
    title: &'static str,
    text: &'static str,
    reference: &'static str,
    /// Where the page goes: a panel id, and the developmental step to show (if any).
    panel: &'static str,
    step: Option<fn(&Params) -> u32>,
}

const STAGES: [Stage; 6] = [
    Stage {
        title: "1 · One stem cell",
        panel: "grow",
        step: Some(|_| 0),
        text: "Everything starts from a single radial glial stem cell. It divides again and again; each daughter \
            inherits the on/off state of 15 genes, and Boolean rules decide how those genes switch at every step.",
        reference: "Radial glia as neural stem cells: Noctor et al. 2001, Nature; Kriegstein & Alvarez-Buylla 2009, \
            Annu Rev Neurosci.",
    },
    Stage {
        title: "2 · Neurogenesis",
        panel: "grow",
        step: Some(|p| p.t_l5),
        text: "Neighbours talk through Notch and Delta: a cell that makes Delta tells its neighbours to stay stem \
            cells (lateral inhibition). Cells that escape turn on Neurog2, become intermediate progenitors and then \
            neurons.",
        reference:
            "Lateral inhibition and oscillating Hes1: Kageyama et al. 2008; Imayoshi et al. 2013, Science; Tbr2 \
            progenitors: Englund et al. 2005, J Neurosci.",
    },
    Stage {
        title: "3 · Layers",
        panel: "grow",
        step: Some(|p| p.t_glia),
        text: "Neurons born early become deep-layer neurons (Tbr1, layer 6; Ctip2, layer 5); later-born ones migrate \
            past them to the upper layers (Satb2). Time, not place, decides the layer: inside-out.",
        reference:
            "Inside-out layering: Angevine & Sidman 1961, Nature; Satb2/Ctip2: Alcamo et al. 2008 and Britanova et al. \
            2008, Neuron.",
    },
    Stage {
        title: "4 · Synapses",
        panel: "circuit",
        step: None,
        text: "Mature neurons wire up: pairs with similar gene states and close positions get more synapses (several \
            per pair). Compare the grown circuit with a random one of the same size and synapse count.",
        reference:
            "Sister neurons connect preferentially: Yu et al. 2009, Nature; Peters' rule: Kalisman et al. 2005, PNAS.",
    },
    Stage {
        title: "5 · Training",
        panel: "train",
        step: None,
        text:
            "The circuit becomes a fixed recurrent layer. Only the input weights and the read-out learn to recognise \
            handwritten digits (MNIST). Press Train and watch the loss fall.",
        reference: "Reservoir computing: Jaeger 2001; Maass et al. 2002, Neural Comput; the paper: Structure as \
            Computation (2026).",
    },
    Stage {
        title: "6 · Compared with random",
        panel: "compare",
        step: None,
        text: "Is the grown structure better than chance wiring? Queue the developmental and random circuits over a \
            few seeds and compare their accuracy with confidence intervals. In our runs they learn about equally fast.",
        reference: "devcircuit README, \"Results\": measured over seeds 1-5.",
    },
];

/// Scrolls the panel with `data-panel=panel` into view.
pub fn scroll_to(panel: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("[data-panel=\"{panel}\"]")).ok().flatten())
    {
        el.scroll_into_view();
    }
}

/// CSS that hides every panel or control named in `hide`.
pub fn hide_css(o: &PageOptions) -> String {
    o.hide
        .iter()
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(|h| format!("[data-panel=\"{h}\"], [data-testid=\"{h}\"] {{ display: none !important; }}\n"))
        .collect()
}

#[component]
/// The classroom walk-through: each stage moves the shown `frame` of the `tissue`.
pub fn Classroom(tissue: Tissue, frame: RwSignal<usize>) -> impl IntoView {
    let stage = RwSignal::new(0usize);
    let go = move |k: usize| {
        stage.set(k);
        let s = &STAGES[k];
        if let (Some(f), Some(e)) = (s.step, tissue.get_untracked()) {
            let target = f(&Params::default());
            let frames = &e.grown.timeline.frames;
            frame.set(
                frames
                    .iter()
                    .position(|fr| fr.step >= target)
                    .unwrap_or(frames.len().saturating_sub(1)),
            );
        }
        scroll_to(s.panel);
    };
    view! {
        <aside class="classroom" data-testid="classroom" aria-label="guided walk">
            <p class="stage-count">{move || format!("Stage {} of {}", stage.get() + 1, STAGES.len())}</p>
            <h2 data-testid="stage-title">{move || STAGES[stage.get()].title}</h2>
            <p data-testid="stage-text">{move || STAGES[stage.get()].text}</p>
            <p class="reference">{move || STAGES[stage.get()].reference}</p>
            <div class="buttons">
                <button
                    class="secondary"
                    data-testid="stage-back"
                    disabled=move || stage.get() == 0
                    on:click=move |_| go(stage.get_untracked().saturating_sub(1))
                >
                    "← Back"
                </button>
                <button
                    data-testid="stage-next"
                    disabled=move || stage.get() + 1 == STAGES.len()
                    on:click=move |_| go((stage.get_untracked() + 1).min(STAGES.len() - 1))
                >
                    "Next →"
                </button>
            </div>
        </aside>
    }
}
