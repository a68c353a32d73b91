//! Starting runs: Train, Pause, Stop and the queue's buttons, and the comparison planner
//! (topologies × seeds × ρ) that queues a batch of runs.

use super::{run, Ui};
use crate::experiment::results::{parse_seeds, parse_topologies, plan};
use crate::experiment::Topology;
use crate::reservoir::rho::parse_rhos;
use leptos::prelude::*;

#[component]
pub fn RunControls(ui: Ui, on_train: impl Fn() + 'static + Copy) -> impl IntoView {
    let clear_queue = move |_| {
        ui.queue.set(vec![]);
        run::persist(ui);
    };
    view! {
        <section class="run-controls" id="train" data-panel="train">
            <button
                data-testid="train"
                aria-keyshortcuts="Space"
                on:click=move |_| on_train()
                disabled=move || ui.running.get() || ui.backend.get().key == "detecting"
            >
                "Train"
            </button>
            <button
                data-testid="pause"
                aria-keyshortcuts="Space"
                on:click=move |_| run::set_paused(ui, !ui.paused.get_untracked())
                disabled=move || !ui.running.get()
            >
                {move || if ui.paused.get() { "Resume" } else { "Pause" }}
            </button>
            <button
                data-testid="stop"
                aria-keyshortcuts="Escape"
                on:click=move |_| run::request_stop(ui)
                disabled=move || !ui.running.get()
            >
                "Stop"
            </button>
            {move || {
                (!ui.running.get() && !ui.queue.get().is_empty())
                    .then(|| {
                        view! {
                            <button
                                data-testid="resume-queue"
                                on:click=move |_| leptos::task::spawn_local(run::run_queue(ui))
                            >
                                {format!("Resume queue ({})", ui.queue.get().len())}
                            </button>
                            <button data-testid="clear-queue" class="secondary" on:click=clear_queue>
                                "Clear queue"
                            </button>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn Compare(ui: Ui) -> impl IntoView {
    let chosen = RwSignal::new(vec![Topology::Developmental, Topology::Random, Topology::None]);
    let seeds = RwSignal::new("1-5".to_string());
    let rhos = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let planned = move || -> Result<Vec<crate::experiment::Config>, String> {
        let list: Vec<String> = chosen.get().iter().map(|t| t.key().to_string()).collect();
        let base = ui.config.get();
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
            run::enqueue(ui, p)
        }
        Err(e) => error.set(Some(e)),
    };
    view! {
        <section class="compare" id="compare" data-panel="compare" aria-label="comparison">
            <h2>"Compare conditions over seeds"</h2>
            <fieldset data-testid="compare-topologies">
                <legend>"Topologies"</legend>
                {Topology::ALL
                    .iter()
                    .map(|&t| {
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
            <button
                data-testid="compare"
                on:click=start
                disabled=move || planned().is_err() || ui.backend.get().key == "detecting"
            >
                {move || format!("Queue {} runs", planned().map_or(0, |p| p.len()))}
            </button>
            <p class="muted">
                "Other settings come from the run configuration above. Runs go one after another; charts and tables \
                    update as each finishes."
            </p>
            <super::import::SweepImport ui=ui />
        </section>
    }
}
