//! The circuit viewer: for the grown circuit and its null models (block, spatial, shuffled, random) side
//! by side, the synapse-count heat map, a node-link drawing, degree and per-pair histograms and
//! the eigenvalue spectrum of W_rec; PNG per view and GraphML/CSV/JSON of the grown circuit.

use super::{download, grown, Tissue};
use crate::circuit::layers::LayerSet;
use leptos::html::Canvas;
use leptos::prelude::*;

use super::circuit_draw::{draw, Kind};

#[component]
#[allow(clippy::too_many_arguments)] // a component's props
fn CircuitCanvas(
    tissue: Tissue,
    layers: Signal<(LayerSet, LayerSet)>,
    on_error: Callback<String>,
    which: usize,
    kind: Kind,
    testid: String,
    label: &'static str,
    height: u32,
) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let tissue = tissue.get();
        let sets = if kind == Kind::Heat {
            layers.get()
        } else {
            Default::default()
        };
        let Some(c) = canvas.get() else { return };
        // Each view draws in its own task, so a new tissue never blocks the page for long.
        leptos::task::spawn_local(async move {
            super::scope::sleep(0).await;
            if let Some(e) = tissue {
                draw(kind, &c, &e, which, &sets)
            }
        });
    });
    let id = testid.clone();
    view! {
        <figure class="cview">
            <canvas data-testid=testid node_ref=canvas width="300" height=height role="img" aria-label=label></canvas>
            <figcaption>
                {label}
                <button
                    class="secondary small"
                    on:click=move |_| {
                        download::report_to(on_error, download::canvas_png(&id, &format!("devcircuit-{id}.png")));
                    }
                >
                    "PNG"
                </button>
            </figcaption>
        </figure>
    }
}

#[component]
/// The shown tissue's circuit beside its null models; `layers` are the run's input and readout
/// layer sets (marked under the heat maps); export failures go to `on_error`.
pub fn CircuitView(tissue: Tissue, layers: Signal<(LayerSet, LayerSet)>, on_error: Callback<String>) -> impl IntoView {
    let names = grown::SHOWN.map(|t| t.key());
    let stats_line =
        move |which: usize| {
            tissue.get().map(|e| {
            let s = &e.stats[which];
            format!("{} neurons, {} synapses, {} connected pairs ({:.1} % of ordered pairs unconnected), reciprocity \
                {:.2}, spectral radius {:.1} of the signed counts and {:.3} of W_rec",
                s.neurons, s.synapses, s.connected_pairs, s.zero_pair_fraction * 100.0, s.reciprocity,
                    s.spectral_radius_signed, s.spectral_radius)
        }).unwrap_or_default()
        };
    let export = move |what: &'static str| {
        let Some(e) = tissue.get_untracked() else { return };
        let c = &e.grown.circuit;
        let (name, text) = match what {
            "graphml" => ("devcircuit-circuit.graphml", crate::circuit::export::to_graphml(c)),
            "csv" => ("devcircuit-circuit.csv", crate::circuit::export::to_csv(c)),
            _ => (
                "devcircuit-circuit.json",
                crate::circuit::export::to_json(c, &c.fingerprint()).to_string(),
            ),
        };
        download::report_to(on_error, download::text(name, &text));
    };
    view! {
        <section class="circuit-view" id="circuit" data-panel="circuit" data-testid="circuit-panel">
            <h2>"Circuit: grown vs matched baselines"</h2>
            <p class="muted">
                "Same neurons, E/I signs and exact synapse total in every column; each null model keeps one thing more \
                    (under its name). Heat maps: presynaptic rows × postsynaptic columns, ordered L6 · L5 · L2/3 (grey \
                    lines), log colour; a vermillion tick marks an inhibitory row; under each map, a blue strip marks \
                    the neurons that receive input and an orange strip those the readout sees (the run configuration's \
                    input and readout layers). Node-link: neurons at their positions (x across, height up), coloured \
                    by layer (blue L6, green L5, pink L2/3), the 400 strongest pairs drawn. Spectrum: eigenvalues of \
                    W_rec as the run builds it, with the configuration's inhibitory gain and ρ (circle: its \
                    spectral radius)."
            </p>
            <div class="columns">
                {names
                    .iter()
                    .enumerate()
                    .map(|(w, name)| {
                        view! {
                            <div class="column" data-circuit=*name>
                                <h3>{*name}</h3>
                                <p class="muted keeps">{format!("keeps {}", grown::SHOWN[w].keeps())}</p>
                                <p class="muted" data-testid=format!("circuit-stats-{name}")>
                                    {move || stats_line(w)}
                                </p>
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::Heat
                                    testid=format!("heat-{name}")
                                    label="synapse counts (heat map); strips: input (blue) and readout (orange) neurons"
                                    height=324
                                />
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::Nodes
                                    testid=format!("nodes-{name}")
                                    label="node-link at neuron positions"
                                    height=220
                                />
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::InDegree
                                    testid=format!("in-{name}")
                                    label="in-degree histogram"
                                    height=110
                                />
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::OutDegree
                                    testid=format!("out-{name}")
                                    label="out-degree histogram"
                                    height=110
                                />
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::PerPair
                                    testid=format!("pairs-{name}")
                                    label="per-pair count histogram"
                                    height=110
                                />
                                <CircuitCanvas
                                    tissue=tissue
                                    layers=layers
                                    on_error=on_error
                                    which=w
                                    kind=Kind::Spectrum
                                    testid=format!("spectrum-{name}")
                                    label="eigenvalue spectrum of W_rec"
                                    height=240
                                />
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
            <div class="buttons">
                <button class="secondary" data-testid="export-graphml" on:click=move |_| export("graphml")>
                    "GraphML"
                </button>
                <button class="secondary" data-testid="export-circuit-csv" on:click=move |_| export("csv")>
                    "CSV"
                </button>
                <button class="secondary" data-testid="export-circuit-json" on:click=move |_| export("json")>
                    "JSON"
                </button>
            </div>
        </section>
    }
}
