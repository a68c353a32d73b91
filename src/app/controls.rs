//! Starting runs: Train, Pause, Stop and the queue's buttons, and the comparison planner
//! (topologies × seeds × ρ) that queues a batch of runs.

use crate::experiment::results::RunRecord;
use crate::experiment::results::{parse_seeds, parse_topologies, plan};
use crate::experiment::Config;
use crate::experiment::Topology;
use crate::reservoir::rho::parse_rhos;
use leptos::prelude::*;
use strum::IntoEnumIterator;

/// Train, Pause/Resume, Stop and the queue's buttons. Reads the run state; each button
/// calls its callback.
#[component]
pub fn RunControls(
    #[prop(into)] running: Signal<bool>,
    #[prop(into)] paused: Signal<bool>,
    #[prop(into)] queue: Signal<Vec<Config>>,
    /// False while the backend is still being detected.
    ready: Signal<bool>,
    on_train: Callback<()>,
    on_pause: Callback<bool>,
    on_stop: Callback<()>,
    on_resume_queue: Callback<()>,
    on_clear_queue: Callback<()>,
    /// The most workers the page may use, and what each busy one is doing.
    workers: Signal<usize>,
    on_workers: Callback<usize>,
    lanes: Signal<std::collections::BTreeMap<usize, String>>,
) -> impl IntoView {
    let workers_error = RwSignal::new(None::<String>);
    let cores = web_sys::window().map_or(1.0, |w| w.navigator().hardware_concurrency()) as usize;
    view! {
        <section class="run-controls" id="train" data-panel="train">
            <button
                data-testid="start-training"
                aria-keyshortcuts="Space"
                on:click=move |_| on_train.run(())
                disabled=move || running.get() || !ready.get()
            >
                "Train"
            </button>
            <button
                data-testid="pause"
                aria-keyshortcuts="Space"
                on:click=move |_| on_pause.run(!paused.get_untracked())
                disabled=move || !running.get()
            >
                {move || if paused.get() { "Resume" } else { "Pause" }}
            </button>
            <button
                data-testid="stop"
                aria-keyshortcuts="Escape"
                on:click=move |_| on_stop.run(())
                disabled=move || !running.get()
            >
                "Stop"
            </button>
            {move || {
                (!running.get() && !queue.get().is_empty())
                    .then(|| {
                        view! {
                            <button data-testid="resume-queue" on:click=move |_| on_resume_queue.run(())>
                                {format!("Resume queue ({})", queue.get().len())}
                            </button>
                            <button
                                data-testid="clear-queue"
                                class="secondary"
                                on:click=move |_| on_clear_queue.run(())
                            >
                                "Clear queue"
                            </button>
                        }
                    })
            }}
            <label class="workers">
                "Workers"
                <input
                    type="number"
                    min="1"
                    max=MAX_WORKERS.to_string()
                    data-testid="workers"
                    prop:value=move || workers.get().to_string()
                    on:change=move |ev| {
                        let text = event_target_value(&ev);
                        match workers_of(&text) {
                            Ok(n) => {
                                workers_error.set(None);
                                on_workers.run(n)
                            }
                            Err(e) => workers_error.set(Some(e)),
                        }
                    }
                /> <span class="muted" data-testid="workers-used">
                    {move || {
                        format!(
                            "{} at once on this machine's {cores} cores (one kept for the page); WebGPU runs one \
                            at a time",
                            super::trainer::pool_size(workers.get()),
                        )
                    }}
                </span>
                {move || {
                    workers_error
                        .get()
                        .map(|e| {
                            view! {
                                <span class="field-error" role="alert" data-testid="workers-error">
                                    {e}
                                </span>
                            }
                        })
                }}
            </label>
            {move || {
                let l = lanes.get();
                (l.len() > 1)
                    .then(|| {
                        view! {
                            <ul class="lanes" data-testid="lanes">
                                {l
                                    .into_iter()
                                    .map(|(k, text)| {
                                        view! { <li data-lane=k>{format!("Worker {}: {text}", k + 1)}</li> }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
            }}
        </section>
    }
}

/// The Workers field's value, or why it is refused (the field keeps the last good one).
fn workers_of(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_WORKERS).contains(&n) => Ok(n),
        _ => Err(format!(
            "Workers: `{}` is not a whole number from 1 to {MAX_WORKERS}; still {}",
            text.trim(),
            stored_workers()
        )),
    }
}

/// The most workers the Workers field accepts.
pub const MAX_WORKERS: usize = 16;
const WORKERS_KEY: &str = "devcircuit.workers";

/// The Workers setting this browser keeps (4 when none is kept).
pub fn stored_workers() -> usize {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(WORKERS_KEY).ok().flatten())
        .and_then(|t| t.parse().ok())
        .map_or(4, |n: usize| n.clamp(1, MAX_WORKERS))
}

/// Keeps the Workers setting in this browser.
pub fn keep_workers(n: usize) {
    if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = s.set_item(WORKERS_KEY, &n.to_string());
    }
}

#[component]
/// Plans topologies × seeds × ρ from the `config` and hands the runs up through `on_queue`;
/// a collected sweep's runs go up through `on_import`.
pub fn Compare(
    #[prop(into)] config: Signal<Config>,
    ready: Signal<bool>,
    on_queue: Callback<Vec<Config>>,
    on_import: Callback<Vec<RunRecord>>,
) -> impl IntoView {
    let chosen = RwSignal::new(vec![Topology::Developmental, Topology::Random, Topology::None]);
    let seeds = RwSignal::new("1-5".to_string());
    let rhos = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let planned = move || -> Result<Vec<crate::experiment::Config>, String> {
        let list: Vec<String> = chosen.get().iter().map(|t| t.key().to_string()).collect();
        let base = config.get();
        let rho_list = match rhos.get() {
            r if r.trim().is_empty() => vec![base.radius],
            r => parse_rhos(&r).map_err(|e| format!("ρ values: {e}"))?,
        };
        Ok(plan(
            &base,
            &parse_topologies(&list.join(","))?,
            &parse_seeds(&seeds.get())?,
            &rho_list,
        ))
    };
    let start = move |_| match planned() {
        Ok(p) => {
            error.set(None);
            on_queue.run(p)
        }
        Err(e) => error.set(Some(e)),
    };
    view! {
        <section class="compare" id="compare" data-panel="compare" aria-label="comparison">
            <h2>"Compare conditions over seeds"</h2>
            <fieldset data-testid="compare-topologies">
                <legend>"Topologies"</legend>
                {Topology::iter()
                    .map(|t| {
                        view! {
                            <label class="check">
                                <input
                                    type="checkbox"
                                    data-testid=format!("compare-{}", t.key())
                                    prop:checked=move || chosen.get().contains(&t)
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        chosen
                                            .update(|c| {
                                                c.retain(|x| *x != t);
                                                if on {
                                                    c.push(t)
                                                }
                                            });
                                    }
                                />
                                {t.key()}
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label>
                "Seeds (e.g. 1-5 or 1,4,9; each sets the development, initialisation and data-order seeds)"
                <input
                    data-testid="compare-seeds"
                    type="text"
                    prop:value=move || seeds.get()
                    on:input=move |ev| seeds.set(event_target_value(&ev))
                    aria-invalid=move || planned().is_err().to_string()
                />
            </label>
            <label>
                "ρ values (blank = the configuration's; a list 0.5,0.9 or a range 0.1:2.0:0.1)"
                <input
                    data-testid="compare-rhos"
                    type="text"
                    placeholder="0.9"
                    prop:value=move || rhos.get()
                    on:input=move |ev| rhos.set(event_target_value(&ev))
                />
            </label>
            {move || match planned() {
                Err(e) => {
                    view! {
                        <span class="field-error" role="alert" data-testid="compare-error">
                            {e}
                        </span>
                    }
                        .into_any()
                }
                Ok(_) => ().into_any(),
            }}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <span class="field-error" role="alert">
                                {e}
                            </span>
                        }
                    })
            }}
            <button data-testid="compare" on:click=start disabled=move || planned().is_err() || !ready.get()>
                {move || format!("Queue {} runs", planned().map_or(0, |p| p.len()))}
            </button>
            <p class="muted">
                "Other settings come from the run configuration above. Runs go one after another; charts and tables \
                    update as each finishes."
            </p>
            <super::import::SweepImport on_import=on_import />
        </section>
    }
}
