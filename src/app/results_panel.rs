//! What a run produced, and taking it away: the accuracy line with the circuit fingerprint,
//! the share link with ghost overlays, and exports (CSV, JSON, weights, Methods).

use super::{download, share};
use crate::experiment::report;
use crate::experiment::report::Ghost;
use crate::experiment::results::{RunRecord, RunStatus};
use crate::model::Weights;
use leptos::prelude::*;

#[component]
/// The shown run's accuracy, the circuit's fingerprint and one-line summary, and whether a
/// shared link was reproduced.
pub fn Results(
    current: Signal<Option<RunRecord>>,
    #[prop(into)] fingerprint: Signal<Option<String>>,
    #[prop(into)] circuit_line: Signal<String>,
    #[prop(into)] reproduced: Signal<Option<String>>,
) -> impl IntoView {
    let pct = |a: f64| format!("{:.2} %", a * 100.0);
    let cur = move || current.get();
    view! {
        <section class="results" data-panel="results">
            <p>
                "Test accuracy: "
                <strong
                    data-testid="accuracy"
                    data-value=move || {
                        cur()
                            .filter(|r| r.status != RunStatus::Running)
                            .and_then(|r| r.accuracy.last().copied())
                            .map(|a| a.to_string())
                            .unwrap_or_default()
                    }
                >
                    {move || match cur() {
                        None => "—".to_string(),
                        Some(r) => {
                            match (r.acc0, r.accuracy.last().copied()) {
                                (None, _) => format!("run {}: —", r.id),
                                (Some(a0), None) => format!("run {}: iteration 0: {}", r.id, pct(a0)),
                                (Some(a0), Some(a)) => {
                                    format!(
                                        "run {}: {} after {} epoch(s) (iteration 0: {})",
                                        r.id,
                                        pct(a),
                                        r.accuracy.len(),
                                        pct(a0),
                                    )
                                }
                            }
                        }
                    }}
                </strong>
            </p>
            <p>
                "Circuit fingerprint: "
                <code data-testid="fingerprint">{move || fingerprint.get().unwrap_or_else(|| "…".into())}</code>
            </p>
            <p class="circuit">{move || circuit_line.get()}</p>
            {move || {
                reproduced
                    .get()
                    .map(|r| {
                        view! {
                            <p data-testid="reproduced" class="reproduced">
                                {r}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
/// Copies the link that `link` makes; overlays another link's results as `ghosts`.
pub fn Share(link: Callback<(), String>, ghosts: RwSignal<Vec<Ghost>>) -> impl IntoView {
    let shown = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let overlay_error = RwSignal::new(None::<String>);
    let copy = move |_| {
        let l = link.run(());
        share::copy_to_clipboard(&l);
        shown.set(l);
    };
    let overlay = move |_| match share::ghosts_of_link(&pasted.get_untracked()) {
        Ok(g) => {
            overlay_error.set(None);
            ghosts.set(g)
        }
        Err(e) => overlay_error.set(Some(e)),
    };
    view! {
        <section class="share" data-panel="share" aria-label="share">
            <h2>"Share"</h2>
            <button data-testid="copy-link" on:click=copy>
                "Copy link"
            </button>
            <input
                data-testid="share-url"
                type="text"
                readonly
                aria-label="share link"
                prop:value=move || shown.get()
            />
            <p class="muted">
                "The link holds every setting and seed, the app version, the backend, the circuit fingerprint and a \
                    summary of the finished runs."
            </p>
            <label>
                "Overlay another link's results as ghost curves"
                <input
                    data-testid="overlay-link"
                    type="text"
                    placeholder="paste a devcircuit link"
                    prop:value=move || pasted.get()
                    on:input=move |ev| pasted.set(event_target_value(&ev))
                />
            </label>
            <button data-testid="overlay" on:click=overlay>
                "Overlay"
            </button>
            <button
                class="secondary"
                data-testid="clear-ghosts"
                on:click=move |_| ghosts.set(vec![])
                disabled=move || ghosts.get().is_empty()
            >
                "Remove ghosts"
            </button>
            {move || {
                overlay_error
                    .get()
                    .map(|e| {
                        view! {
                            <span class="field-error" role="alert" data-testid="overlay-error">
                                {e}
                            </span>
                        }
                    })
            }}
            <span data-testid="ghost-count" data-count=move || ghosts.get().len().to_string()></span>
        </section>
    }
}

#[component]
/// Exports the workspace's `records` (CSV, JSON, Methods) and the `current` run's weights
/// (`weights_of`); `on_clear` deletes every run once the user confirms.
pub fn Export(
    #[prop(into)] records: Signal<Vec<RunRecord>>,
    summary: Memo<Vec<RunRecord>>,
    #[prop(into)] current: Signal<Option<u64>>,
    #[prop(into)] running: Signal<bool>,
    weights_of: Callback<u64, Option<Weights>>,
    on_clear: Callback<()>,
    /// The workspace file's other parts and the storage use.
    #[prop(into)]
    queue: Signal<Vec<crate::experiment::Config>>,
    #[prop(into)] settings: Signal<crate::experiment::Config>,
    #[prop(into)] usage: Signal<Option<super::store::Usage>>,
    #[prop(into)] saving: Signal<usize>,
    #[prop(into)] refused: Signal<Option<String>>,
    on_import: Callback<crate::experiment::results::WorkspaceFile>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let methods_open = RwSignal::new(false);
    let save = move |name: &'static str, text: String| {
        if let Err(e) = download::text(name, &text) {
            error.set(Some(e))
        }
    };
    let all = move || records.get_untracked();
    let weights = move |_| match current.get_untracked().and_then(|id| weights_of.run(id)) {
        Some(w) => save("devcircuit-weights.json", serde_json::to_string(&w).unwrap_or_default()),
        None => error.set(Some(
            "weights are kept for the latest run trained in this page; train one first".into(),
        )),
    };
    let clear = move |_| {
        let n = records.get_untracked().len();
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "Delete all {n} runs from this browser? Export them first if you need them."
                ))
                .ok()
            })
            .unwrap_or(false);
        if ok {
            on_clear.run(());
        }
    };
    view! {
        <section class="export" data-panel="export" data-testid="export" aria-label="export">
            <h2>"Export"</h2>
            <div class="buttons">
                <button
                    class="secondary"
                    data-testid="export-csv-batch"
                    on:click=move |_| save("devcircuit-batches.csv", report::csv_per_batch(&all()))
                >
                    "CSV per batch"
                </button>
                <button
                    class="secondary"
                    data-testid="export-csv-epoch"
                    on:click=move |_| save("devcircuit-epochs.csv", report::csv_per_epoch(&all()))
                >
                    "CSV per epoch"
                </button>
                <button
                    class="secondary"
                    data-testid="export-json"
                    on:click=move |_| save("devcircuit-results.json", report::json(&all()))
                >
                    "JSON"
                </button>
                <button class="secondary" data-testid="export-weights" on:click=weights>
                    "Trained weights"
                </button>
                <button
                    class="secondary"
                    data-testid="export-methods"
                    on:click=move |_| save("devcircuit-methods.txt", report::methods(&all()))
                >
                    "Methods (text)"
                </button>
                <button
                    class="danger"
                    data-testid="clear-results"
                    on:click=clear
                    disabled=move || running.get() || summary.with(|r| r.is_empty())
                >
                    "Clear results"
                </button>
            </div>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" role="alert">
                                {e}
                            </p>
                        }
                    })
            }}
            <super::workspace_file::WorkspaceFiles
                records=records
                queue=queue
                settings=settings
                usage=usage
                saving=saving
                refused=refused
                on_import=on_import
            />
            // Written only while open: over thousands of runs it is not free.
            <details data-testid="methods" on:toggle=move |ev| methods_open.set(details_open(&ev))>
                <summary>"Methods paragraph"</summary>
                <p>{move || methods_open.get().then(|| report::methods(&summary.get()))}</p>
            </details>
        </section>
    }
}

/// Whether the `<details>` a toggle event came from is open now.
fn details_open(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}
