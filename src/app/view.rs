//! The page's layout: header, section navigation and every panel in reading order. Panels
//! take the signals they read; what changes the configuration flows up through `on_change`.

use super::charts_panel::Charts;
use super::config_panel::{Change, ConfigPanel};
use super::controls::{Compare, RunControls};
use super::results_panel::{Export, Results, Share};
use super::status::{eta_line, BackendBadge, Notices, Progress, Shortcuts};
use super::{initial_ui, keys, run, write_fragment};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let ui = initial_ui();
    let on_train = move || run::enqueue(ui, vec![ui.config.get_untracked()]);
    // What changes the grown tissue (the seed and the development parameters) regrows it;
    // what changes only W_rec (gain, ρ) shows the same tissue's circuit again.
    let on_change = move |f: Change| {
        let key = |c: &crate::experiment::Config| (c.growth_key(), c.inhibitory_gain, c.radius);
        let before = ui.config.with_untracked(key);
        ui.config.update(|c| f(c));
        let after = ui.config.with_untracked(key);
        if after.0 != before.0 {
            ui.reproduced.set(None);
        }
        if after != before {
            run::grow_now(ui, None);
        }
        write_fragment(ui);
    };
    keys::install(ui, on_train);
    let ready = Signal::derive(move || ui.backend.with(|b| b.key != super::backend::BackendKind::Detecting));
    let current_run = Signal::derive(move || ui.current_summary());
    let on_error = Callback::new(move |e: String| ui.error.set(Some(e)));
    let layers = Signal::derive(move || ui.config.with(|c| (c.input_layers.clone(), c.readout_layers.clone())));
    let classroom = move || ui.page.get().classroom;
    view! {
        <style>{move || super::classroom::hide_css(&ui.page.get())}</style>
        <div class="page" class:class-mode=classroom>
            <header>
                <h1>"devcircuit"</h1>
                <p class="tagline">
                    "Grow a cortical circuit from one stem cell, then see what it can learn."
                    <button
                        class="link"
                        data-testid="shortcuts-button"
                        aria-keyshortcuts="?"
                        on:click=move |_| ui.shortcuts_open.update(|o| *o = !*o)
                    >
                        "Keyboard shortcuts (?)"
                    </button>
                </p>
            </header>
            <nav class="sections" data-panel="nav" aria-label="sections">
                // Scrolls without touching the fragment, which holds the experiment.
                {[
                    ("Grow", "grow"),
                    ("Circuit", "circuit"),
                    ("Rules", "rules"),
                    ("Train", "train"),
                    ("Compare", "compare"),
                    ("Results", "charts"),
                ]
                    .into_iter()
                    .map(|(label, panel)| {
                        view! {
                            <a
                                href=format!("#{panel}")
                                data-testid=format!("nav-{panel}")
                                on:click=move |ev| {
                                    ev.prevent_default();
                                    super::classroom::scroll_to(panel);
                                }
                            >
                                {label}
                            </a>
                        }
                    })
                    .collect_view()}
            </nav>
            <main>
                <BackendBadge backend=ui.backend />
                <Notices notices=ui.notices />
                {move || classroom().then(|| view! { <super::classroom::Classroom tissue=ui.tissue frame=ui.frame /> })}
                <super::tissue::TissueView tissue=ui.tissue frame=ui.frame selected=ui.selected on_error=on_error />
                <super::inspector::CellInspector
                    tissue=ui.tissue
                    selected=ui.selected
                    frame=ui.frame
                    on_error=on_error
                />
                <super::circuit_view::CircuitView tissue=ui.tissue layers=layers on_error=on_error />
                <super::rule_editor::RuleEditor
                    config=ui.config
                    tissue=ui.tissue
                    load_rules=ui.load_rules
                    on_change=on_change
                    on_error=on_error
                />
                <super::infer_panel::InferPanel on_rules=Callback::new(move |t| ui.load_rules.set(Some(t))) />
                <ConfigPanel config=ui.config.into() datasets=ui.datasets.into() tissue=ui.tissue on_change=on_change />
                <RunControls
                    running=ui.running
                    paused=ui.paused
                    queue=ui.queue
                    ready=ready
                    on_train=Callback::new(move |_| on_train())
                    on_pause=Callback::new(move |on| run::set_paused(ui, on))
                    on_stop=Callback::new(move |_| run::request_stop(ui))
                    on_resume_queue=Callback::new(move |_| leptos::task::spawn_local(run::run_queue(ui)))
                    on_clear_queue=Callback::new(move |_| {
                        ui.queue.set(vec![]);
                        run::persist(ui);
                    })
                />
                <Compare
                    config=ui.config
                    ready=ready
                    on_queue=Callback::new(move |p| run::enqueue(ui, p))
                    on_import=Callback::new(move |recs| run::import_records(ui, recs))
                />
                <Progress
                    queue_line=Signal::derive(move || eta_line(ui))
                    progress=ui.progress
                    status=ui.status
                    batch_heard_ms=ui.batch_heard_ms
                    error=ui.error
                    retry=ui.retry
                    on_retry=Callback::new(move |cfg| run::enqueue(ui, vec![cfg]))
                />
                <Charts
                    records=ui.records
                    summary=ui.summary
                    conditions=ui.conditions
                    ghosts=ui.ghosts
                    current=ui.current
                    on_error=on_error
                />
                <Results
                    current=current_run
                    fingerprint=ui.fingerprint
                    circuit_line=ui.circuit_line
                    reproduced=ui.reproduced
                />
                <super::table::ConditionsTable conditions=ui.conditions summary=ui.summary />
                <super::table::PairedTable summary=ui.summary />
                <super::table::RunsTable summary=ui.summary current=ui.current />
                <super::inspect::RunDetails current=current_run />
                <Share link=Callback::new(move |_| super::share::link(ui)) ghosts=ui.ghosts />
                <Export
                    records=ui.records
                    summary=ui.summary
                    current=ui.current
                    running=ui.running
                    weights_of=Callback::new(move |id| run::weights_of(ui, id))
                    on_clear=Callback::new(move |_| run::clear_records(ui))
                />
            </main>
            <Shortcuts open=ui.shortcuts_open />
        </div>
    }
}
