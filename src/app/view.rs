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
    let on_train = move || run::enqueue(ui, vec![ui.page.config.get_untracked()]);
    // What changes the grown tissue (the seed and the development parameters) regrows it;
    // what changes only W_rec (gain, ρ) shows the same tissue's circuit again.
    let on_change = move |f: Change| {
        let key = |c: &crate::experiment::Config| (c.growth_key(), c.inhibitory_gain, c.radius);
        let before = ui.page.config.with_untracked(key);
        ui.page.config.update(|c| f(c));
        let after = ui.page.config.with_untracked(key);
        if after.0 != before.0 {
            ui.explore.reproduced.set(None);
        }
        if after != before {
            run::grow_now(ui, None);
        }
        write_fragment(ui);
    };
    keys::install(ui, on_train);
    let ready = Signal::derive(move || ui.run.backend.with(|b| b.key != super::backend::BackendKind::Detecting));
    // A memo: the run's details redraw when it changes, not at every logged batch of another run.
    let current_run = Signal::from(Memo::new(move |_| ui.work.current_summary()));
    let on_error = Callback::new(move |e: String| ui.run.error.set(Some(e)));
    let layers = Signal::derive(move || {
        ui.page
            .config
            .with(|c| (c.input_layers.clone(), c.readout_layers.clone()))
    });
    let classroom = move || ui.page.options.get().classroom;
    let evolve = super::evolve_search::EvolveState::new();
    super::evolve_search::restore(evolve, ui);
    view! {
        <style>{move || super::classroom::hide_css(&ui.page.options.get())}</style>
        <div class="page" class:class-mode=classroom>
            <header>
                <h1>"devcircuit"</h1>
                <p class="tagline">
                    "Grow a cortical circuit from one stem cell, then see what it can learn."
                    <button
                        class="link"
                        data-testid="shortcuts-button"
                        aria-keyshortcuts="?"
                        on:click=move |_| ui.page.shortcuts_open.update(|o| *o = !*o)
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
                    ("Evolve", "evolve"),
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
                <BackendBadge backend=ui.run.backend />
                <Notices notices=ui.page.notices />
                {move || {
                    classroom()
                        .then(|| {
                            view! { <super::classroom::Classroom tissue=ui.explore.tissue frame=ui.explore.frame /> }
                        })
                }}
                <super::tissue::TissueView
                    tissue=ui.explore.tissue
                    frame=ui.explore.frame
                    selected=ui.explore.selected
                    on_error=on_error
                />
                <super::inspector::CellInspector
                    tissue=ui.explore.tissue
                    selected=ui.explore.selected
                    frame=ui.explore.frame
                    on_error=on_error
                />
                <super::circuit_view::CircuitView tissue=ui.explore.tissue layers=layers on_error=on_error />
                <super::plastic_view::PlasticView
                    tissue=ui.explore.tissue
                    config=ui.page.config.into()
                    on_error=on_error
                />
                <super::rule_editor::RuleEditor
                    config=ui.page.config
                    tissue=ui.explore.tissue
                    text=ui.page.rules_text
                    on_change=on_change
                    on_error=on_error
                />
                <super::infer_panel::InferPanel on_rules=Callback::new(move |t| {
                    ui.page.rules_text.set(t);
                    super::classroom::scroll_to("rules");
                }) />
                <ConfigPanel
                    config=ui.page.config.into()
                    datasets=ui.page.datasets.into()
                    tissue=ui.explore.tissue
                    on_change=on_change
                />
                <RunControls
                    running=ui.run.running
                    paused=ui.run.paused
                    queue=ui.work.queue
                    ready=ready
                    on_train=Callback::new(move |_| on_train())
                    on_pause=Callback::new(move |on| run::set_paused(ui, on))
                    on_stop=Callback::new(move |_| run::request_stop(ui))
                    on_resume_queue=Callback::new(move |_| leptos::task::spawn_local(run::run_queue(ui)))
                    on_clear_queue=Callback::new(move |_| run::clear_queue(ui))
                    workers=ui.run.workers.into()
                    on_workers=Callback::new(move |n| {
                        ui.run.workers.set(n);
                        super::controls::keep_workers(n);
                    })
                    lanes=ui.run.lanes.into()
                />
                <Compare
                    config=ui.page.config
                    ready=ready
                    on_queue=Callback::new(move |p| run::enqueue(ui, p))
                    on_import=Callback::new(move |recs| run::import_records(ui, recs))
                />
                <super::evolve_panel::EvolvePanel
                    config=ui.page.config.into()
                    state=evolve
                    on_run=Callback::new(move |_| super::evolve_search::start(ui, evolve))
                    on_show=Callback::new(move |c: crate::experiment::Config| {
                        ui.page.rules_text.set(super::rule_editor::initial_text(&c));
                        on_change(Box::new(move |cfg: &mut crate::experiment::Config| *cfg = c));
                        super::classroom::scroll_to("grow");
                    })
                    on_queue=Callback::new(move |p| run::enqueue(ui, p))
                    on_error=on_error
                />
                <Progress
                    queue_line=Signal::derive(move || eta_line(ui.run, ui.work))
                    progress=ui.run.progress
                    status=ui.run.status
                    batch_heard_ms=ui.run.batch_heard_ms
                    error=ui.run.error
                    retry=ui.run.retry
                    on_retry=Callback::new(move |cfg| run::enqueue(ui, vec![cfg]))
                />
                <Charts
                    records=ui.work.records
                    summary=ui.work.summary
                    stats=ui.work.stats
                    ghosts=ui.work.ghosts
                    current=ui.work.current
                    on_error=on_error
                />
                <Results
                    current=current_run
                    fingerprint=ui.explore.fingerprint
                    circuit_line=ui.explore.circuit_line
                    reproduced=ui.explore.reproduced
                />
                <super::table::ConditionsTable stats=ui.work.stats fresh=ui.work.stats_fresh summary=ui.work.summary />
                <super::table::PairedTable stats=ui.work.stats analysis=ui.work.analysis />
                <super::table::RunsTable summary=ui.work.summary current=ui.work.current />
                <super::inspect::RunDetails current=current_run />
                <Share link=Callback::new(move |_| super::share::link(ui)) ghosts=ui.work.ghosts />
                <Export
                    records=ui.work.records
                    summary=ui.work.summary
                    current=ui.work.current
                    running=ui.run.running
                    weights_of=Callback::new(move |id| run::weights_of(ui, id))
                    on_clear=Callback::new(move |_| run::clear_records(ui))
                    queue=ui.work.queue
                    settings=ui.page.config
                    usage=ui.work.usage
                    saving=ui.work.saving
                    refused=ui.work.refused
                    on_import=Callback::new(move |f| run::import_workspace(ui, f))
                />
                <super::set_aside::SetAsideList set_aside=ui.work.set_aside />
            </main>
            <Shortcuts open=ui.page.shortcuts_open />
        </div>
    }
}
