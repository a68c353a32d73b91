//! The circuit viewer: the grown circuit beside its null models and the reference reservoirs, each
//! with heat map, node-link drawing, histograms, spectrum and diagnostics; PNG and GraphML/CSV/JSON.

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

/// One circuit's statistics line (and its diagnostics line) of the shown tissue.
fn stats_line(tissue: Tissue, which: usize) -> String {
    tissue
        .get()
        .map(|e| {
            let s = &e.stats[which];
            format!(
                "{} neurons, {} synapses, {} connected pairs ({:.1} % of ordered pairs unconnected), reciprocity \
                {:.2}, spectral radius {:.1} of the signed counts and {:.3} of W_rec",
                s.neurons,
                s.synapses,
                s.connected_pairs,
                s.zero_pair_fraction * 100.0,
                s.reciprocity,
                s.spectral_radius_signed,
                s.spectral_radius
            )
        })
        .unwrap_or_default()
}

fn diagnostics_line(tissue: Tissue, which: usize) -> String {
    match tissue.get().map(|e| e.diagnostics[which].clone()) {
        Some(Some(d)) => format!(
            "participation ratio {:.2} of the states; {} eigenvalues above ρ/2; block means (layer × E/I) hold \
            {:.1} % of ‖W‖²; ‖W‖₂/ρ = {:.2}",
            d.participation_ratio,
            d.strong_eigenvalues,
            100.0 * d.block_mean_share,
            d.non_normality
        ),
        Some(None) => "diagnostics: not available for this configuration".into(),
        None => String::new(),
    }
}

#[component]
/// One column of the viewer: the circuit `which` of `grown::SHOWN`, its lines and its views.
fn CircuitColumn(
    tissue: Tissue,
    layers: Signal<(LayerSet, LayerSet)>,
    on_error: Callback<String>,
    which: usize,
) -> impl IntoView {
    let name = grown::SHOWN[which].key();
    let views = [
        (
            Kind::Heat,
            "heat",
            "synapse counts (heat map); strips: input (blue) and readout (orange) neurons",
            324,
        ),
        (Kind::Nodes, "nodes", "node-link at neuron positions", 220),
        (Kind::InDegree, "in", "in-degree histogram", 110),
        (Kind::OutDegree, "out", "out-degree histogram", 110),
        (Kind::PerPair, "pairs", "per-pair count histogram", 110),
        (Kind::Spectrum, "spectrum", "eigenvalue spectrum of W_rec", 240),
    ];
    view! {
        <div class="column" data-circuit=name>
            <h3>{name}</h3>
            <p class="muted keeps">{format!("keeps {}", grown::SHOWN[which].keeps())}</p>
            <p class="muted" data-testid=format!("circuit-stats-{name}")>
                {move || stats_line(tissue, which)}
            </p>
            <p class="muted" data-testid=format!("circuit-diagnostics-{name}")>
                {move || diagnostics_line(tissue, which)}
            </p>
            {views
                .into_iter()
                .map(|(kind, id, label, height)| {
                    view! {
                        <CircuitCanvas
                            tissue=tissue
                            layers=layers
                            on_error=on_error
                            which=which
                            kind=kind
                            testid=format!("{id}-{name}")
                            label=label
                            height=height
                        />
                    }
                })
                .collect_view()}
        </div>
    }
}

/// Downloads circuit `which` of the shown tissue as GraphML, CSV or JSON.
fn export(tissue: Tissue, which: usize, what: &str, on_error: Callback<String>) {
    let Some(e) = tissue.get_untracked() else { return };
    let c = e.circuits()[which];
    let name = grown::SHOWN[which].key();
    let (file, text) = match what {
        "graphml" => ("graphml", crate::circuit::export::to_graphml(c)),
        "csv" => ("csv", crate::circuit::export::to_csv(c)),
        _ => ("json", crate::circuit::export::to_json(c, &c.fingerprint()).to_string()),
    };
    let file = if which == 0 {
        format!("devcircuit-circuit.{file}")
    } else {
        format!("devcircuit-circuit-{name}.{file}")
    };
    download::report_to(on_error, download::text(&file, &text));
}

#[component]
/// The shown tissue's circuit beside its null models and the reference reservoirs; `layers` are
/// the run's input and readout layer sets (marked under the heat maps); export failures go to
/// `on_error`.
pub fn CircuitView(tissue: Tissue, layers: Signal<(LayerSet, LayerSet)>, on_error: Callback<String>) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let columns = move |range: std::ops::Range<usize>| {
        range
            .map(|w| view! { <CircuitColumn tissue=tissue layers=layers on_error=on_error which=w /> })
            .collect_view()
    };
    view! {
        <section class="circuit-view" id="circuit" data-panel="circuit" data-testid="circuit-panel">
            <h2>"Circuit: grown vs matched baselines and reference reservoirs"</h2>
            <p class="muted">
                "Same neurons, E/I signs and exact synapse total in every column of the first row; each null model \
                    keeps one thing more (under its name). Heat maps: presynaptic rows × postsynaptic columns, ordered \
                    L6 · L5 · L2/3 (grey lines), log colour; a vermillion tick marks an inhibitory row; under each \
                    map, a blue strip marks the neurons that receive input and an orange strip those the readout sees \
                    (the run configuration's input and readout layers). Node-link: neurons at their positions (x \
                    across, height up), coloured by layer (blue L6, green L5, pink L2/3), the 400 strongest pairs \
                    drawn. Spectrum: eigenvalues of W_rec as the run builds it, with the configuration's inhibitory \
                    gain and ρ (circle: its spectral radius). Diagnostics: the states under the memory-capacity \
                    input at that ρ."
            </p>
            <div class="columns">{columns(0..grown::REFERENCES_FROM)}</div>
            <h3 class="references-head">"Reference reservoirs on the same neurons"</h3>
            <p class="muted">
                "Designed or random wiring on the grown neurons and layers (so the same input and readout neurons), \
                    not matched to the synapse total: what a reservoir of this many units can hold. A reference's \
                    heat map marks its nonzero entries."
            </p>
            <div class="columns" data-testid="reference-columns">
                {columns(grown::REFERENCES_FROM..grown::SHOWN.len())}
            </div>
            <div class="buttons">
                <label>
                    "Export "
                    <select
                        data-testid="export-which"
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            chosen.set(grown::SHOWN.iter().position(|t| t.key() == key).unwrap_or(0));
                        }
                    >
                        {grown::SHOWN.iter().map(|t| view! { <option value=t.key()>{t.key()}</option> }).collect_view()}
                    </select>
                </label>
                {[
                    ("graphml", "export-graphml", "GraphML"),
                    ("csv", "export-circuit-csv", "CSV"),
                    ("json", "export-circuit-json", "JSON"),
                ]
                    .into_iter()
                    .map(|(what, id, text)| {
                        view! {
                            <button
                                class="secondary"
                                data-testid=id
                                on:click=move |_| export(tissue, chosen.get_untracked(), what, on_error)
                            >
                                {text}
                            </button>
                        }
                    })
                    .collect_view()}
            </div>
        </section>
    }
}
