//! The page: header with backend, configuration, run and comparison controls, progress, the
//! overlay charts, results tables, run details, share and export. Components read `Ui`.

use super::config_panel::{Change, ConfigPanel};
use super::{chart, download, initial_ui, keys, run, share, write_fragment, Ui};
use crate::experiment::report;
use crate::experiment::results::{
    parse_seeds, parse_topologies, plan, rho_series, smooth, summarise_conditions, RunStatus,
};
use crate::experiment::Topology;
use crate::reservoir::rho::parse_rhos;
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let ui = initial_ui();
    let on_train = move || run::enqueue(ui, vec![ui.config.get_untracked()]);
    // What changes the grown tissue (the seed and the development parameters) regrows it.
    let on_change = move |f: Change| {
        let before = ui.config.with_untracked(|c| c.growth_key());
        ui.config.update(|c| f(c));
        if ui.config.with_untracked(|c| c.growth_key()) != before {
            ui.reproduced.set(None);
            run::grow_now(ui, None);
        }
        write_fragment(ui);
    };
    keys::install(ui, on_train);
    let classroom = move || ui.page.get().classroom;
    view! {
        <style>{move || super::classroom::hide_css(&ui.page.get())}</style>
        <div class="page" class:class-mode=classroom>
        <header>
            <h1>"devcircuit"</h1>
            <p class="tagline">"Grow a cortical circuit from one stem cell, then see what it can learn."
                <button class="link" data-testid="shortcuts-button" aria-keyshortcuts="?" on:click=move |_| ui.shortcuts_open.update(|o| *o = !*o)>"Keyboard shortcuts (?)"</button></p>
        </header>
        <nav class="sections" data-panel="nav" aria-label="sections">
            // Scrolls without touching the fragment, which holds the experiment.
            {[("Grow", "grow"), ("Circuit", "circuit"), ("Rules", "rules"), ("Train", "train"), ("Compare", "compare"), ("Results", "charts")].into_iter().map(|(label, panel)| view! {
                <a href=format!("#{panel}") data-testid=format!("nav-{panel}") on:click=move |ev| { ev.prevent_default(); super::classroom::scroll_to(panel); }>{label}</a>
            }).collect_view()}
        </nav>
        <main>
            <BackendBadge ui=ui/>
            <Notices ui=ui/>
            {move || classroom().then(|| view! { <super::classroom::Classroom ui=ui/> })}
            <super::tissue::TissueView ui=ui/>
            <super::inspector::CellInspector ui=ui/>
            <super::circuit_view::CircuitView ui=ui/>
            <super::rule_editor::RuleEditor ui=ui/>
            <super::infer_panel::InferPanel ui=ui/>
            <ConfigPanel ui=ui on_change=on_change/>
            <RunControls ui=ui on_train=on_train/>
            <Compare ui=ui/>
            <Progress ui=ui/>
            <Charts ui=ui/>
            <Results ui=ui/>
            <super::table::ConditionsTable ui=ui/>
            <super::table::PairedTable ui=ui/>
            <super::table::RunsTable ui=ui/>
            <super::inspect::RunDetails ui=ui/>
            <Share ui=ui/>
            <Export ui=ui/>
        </main>
        <Shortcuts ui=ui/>
        </div>
    }
}

#[component]
fn BackendBadge(ui: Ui) -> impl IntoView {
    view! {
        <section class="backend" aria-live="polite">
            <span>"Backend: "</span>
            <strong data-testid="backend" data-key=move || ui.backend.get().key>{move || ui.backend.get().label}</strong>
            {move || ui.backend.get().notice.map(|n| view! { <p class="notice" data-testid="backend-notice">{n}</p> })}
        </section>
    }
}

#[component]
fn Notices(ui: Ui) -> impl IntoView {
    view! {
        <ul class="notices" data-testid="notices">
            {move || ui.notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
        </ul>
    }
}

#[component]
fn RunControls(ui: Ui, on_train: impl Fn() + 'static + Copy) -> impl IntoView {
    let clear_queue = move |_| {
        ui.queue.set(vec![]);
        run::persist(ui);
    };
    view! {
        <section class="run-controls" id="train" data-panel="train">
            <button data-testid="train" aria-keyshortcuts="Space" on:click=move |_| on_train() disabled=move || ui.running.get() || ui.backend.get().key == "detecting">"Train"</button>
            <button data-testid="pause" aria-keyshortcuts="Space" on:click=move |_| run::set_paused(ui, !ui.paused.get_untracked()) disabled=move || !ui.running.get()>
                {move || if ui.paused.get() { "Resume" } else { "Pause" }}</button>
            <button data-testid="stop" aria-keyshortcuts="Escape" on:click=move |_| run::request_stop(ui) disabled=move || !ui.running.get()>"Stop"</button>
            {move || (!ui.running.get() && !ui.queue.get().is_empty()).then(|| view! {
                <button data-testid="resume-queue" on:click=move |_| leptos::task::spawn_local(run::run_queue(ui))>{format!("Resume queue ({})", ui.queue.get().len())}</button>
                <button data-testid="clear-queue" class="secondary" on:click=clear_queue>"Clear queue"</button>
            })}
        </section>
    }
}

#[component]
fn Compare(ui: Ui) -> impl IntoView {
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
            <fieldset data-testid="compare-topologies"><legend>"Topologies"</legend>
                {Topology::ALL.iter().map(|&t| view! {
                    <label class="check"><input type="checkbox" data-testid=format!("compare-{}", t.key()) prop:checked=move || chosen.get().contains(&t)
                        on:change=move |ev| { let on = event_target_checked(&ev); chosen.update(|c| { c.retain(|x| *x != t); if on { c.push(t) } }); }/>{t.key()}</label>
                }).collect_view()}
            </fieldset>
            <label>"Seeds (e.g. 1-5 or 1,4,9; each sets the development, initialisation and data-order seeds)"
                <input data-testid="compare-seeds" type="text" prop:value=move || seeds.get() on:input=move |ev| seeds.set(event_target_value(&ev))
                    aria-invalid=move || planned().is_err().to_string()/>
            </label>
            <label>"ρ values (blank = the configuration's; a list 0.5,0.9 or a range 0.1:2.0:0.1)"
                <input data-testid="compare-rhos" type="text" placeholder="0.9" prop:value=move || rhos.get() on:input=move |ev| rhos.set(event_target_value(&ev))/>
            </label>
            {move || match planned() { Err(e) => view! { <span class="field-error" role="alert" data-testid="compare-error">{e}</span> }.into_any(), Ok(_) => ().into_any() }}
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            <button data-testid="compare" on:click=start disabled=move || planned().is_err() || ui.backend.get().key == "detecting">
                {move || format!("Queue {} runs", planned().map_or(0, |p| p.len()))}</button>
            <p class="muted">"Other settings come from the run configuration above. Runs go one after another; charts and tables update as each finishes."</p>
            <super::import::SweepImport ui=ui/>
        </section>
    }
}

fn eta_line(ui: Ui) -> String {
    let (done, total) = ui.batch.get();
    let pending = ui.queue.get().len();
    if !ui.running.get() {
        return if pending > 0 {
            format!("{pending} run(s) queued, waiting (Resume queue).")
        } else {
            String::new()
        };
    }
    let walls: Vec<f64> = ui.summary.with(|rs| {
        rs.iter()
            .rev()
            .filter(|r| r.status == RunStatus::Done && r.wall_seconds > 0.0)
            .take(5)
            .map(|r| r.wall_seconds)
            .collect()
    });
    let eta = if walls.is_empty() {
        "ETA after the first run".to_string()
    } else {
        let mean = walls.iter().sum::<f64>() / walls.len() as f64;
        let left = (mean * (pending as f64 + 0.5)).round() as u64;
        format!("about {} min {} s left", left / 60, left % 60)
    };
    format!(
        "Run {} of {total}{} · {pending} queued · {eta}",
        (done + 1).min(total.max(1)),
        if ui.paused.get() { " (paused)" } else { "" }
    )
}

#[component]
fn Progress(ui: Ui) -> impl IntoView {
    view! {
        <section class="progress" data-panel="progress">
            <p data-testid="queue-line" class="queue-line" aria-live="polite">{move || eta_line(ui)}</p>
            <progress data-testid="progress" max="1" prop:value=move || ui.progress.get().0></progress>
            <span data-testid="progress-label">{move || ui.progress.get().1}</span>
            <p data-testid="status" class="status" aria-live="polite" data-batch-heard-ms=move || format!("{:.0}", ui.batch_heard_ms.get())>{move || ui.status.get()}</p>
            {move || ui.error.get().map(|e| view! { <p class="error" role="alert" data-testid="error">{e}
                {move || ui.retry.get().map(|cfg| view! { <button data-testid="retry" on:click=move |_| run::enqueue(ui, vec![cfg.clone()])>"Retry"</button> })}</p> })}
        </section>
    }
}

#[component]
fn Charts(ui: Ui) -> impl IntoView {
    let loss = NodeRef::<Canvas>::new();
    let acc = NodeRef::<Canvas>::new();
    // Memos: the accuracy chart redraws only when an accuracy changed, not at every batch.
    let conds = Memo::new(move |_| summarise_conditions(&ui.records.get()));

    let fallback = Memo::new(move |_| {
        ui.records.with(|rs| {
            rs.iter()
                .filter_map(|r| Some((r.fallback_at?, smooth(&r.losses, 0.2))))
                .flat_map(|(f, s)| s.into_iter().filter(move |l| l.0 >= f).map(|l| (l.0 as f64, l.1)))
                .collect::<Vec<(f64, f64)>>()
        })
    });
    let report = move |r: Result<(), String>| {
        if let Err(e) = r {
            ui.error.set(Some(format!("chart: {e}")))
        }
    };
    // The loss chart redraws at most every 400 ms while a run logs batches (its own task).
    let pending = RwSignal::new(false);
    let last_draw = RwSignal::new(f64::NEG_INFINITY);
    Effect::new(move |_| {
        conds.track();
        ui.ghosts.track();
        fallback.track();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let wait = (400.0 - (super::scope::now_ms() - last_draw.get_untracked())).clamp(0.0, 400.0) as i32;
        leptos::task::spawn_local(async move {
            super::scope::sleep(wait).await;
            pending.set(false);
            last_draw.set(super::scope::now_ms());
            let (c, g, f) = (
                conds.get_untracked(),
                ui.ghosts.get_untracked(),
                fallback.get_untracked(),
            );
            if let Some(canvas) = loss.get_untracked() {
                report(chart::draw_loss(canvas, &c, &g, &f))
            }
        });
    });
    Effect::new(move |_| {
        let (c, g) = (ui.conditions.get(), ui.ghosts.get());
        if let Some(canvas) = acc.get() {
            report(chart::draw_accuracy(canvas, &c, &g))
        }
    });
    let rho = NodeRef::<Canvas>::new();
    let series = Memo::new(move |_| rho_series(&ui.summary.get()));
    let metric = Memo::new(move |_| {
        ui.summary
            .with(|rs| rs.iter().rev().find(|r| r.task.is_some()).map(|r| r.config.task))
    });
    // With only reservoir-task runs, the loss and accuracy charts would stay empty: hide them.
    let tasks_only = Memo::new(move |_| {
        ui.summary.with(|rs| {
            !rs.is_empty()
                && rs
                    .iter()
                    .all(|r| r.task.is_some() || r.config.task != crate::experiment::Task::Classify)
        })
    });
    Effect::new(move |_| {
        let (s, m) = (series.get(), metric.get());
        if let (Some(canvas), Some(task)) = (rho.get(), m) {
            let (name, higher) = task.metric();
            report(chart::draw_rho(
                canvas,
                &s,
                &format!("{name} ({} is better)", if higher { "higher" } else { "lower" }),
            ))
        }
    });
    let current = Memo::new(move |_| ui.current_record().map(|r| r.losses));
    let cur = move || current.get().unwrap_or_default();
    view! {
        <div class="charts" id="results" data-panel="charts" data-testid="charts">
            <figure class="chart" class:hidden=move || tasks_only.get()>
                <canvas data-testid="loss-chart" node_ref=loss width="720" height="320" data-points=move || cur().len().to_string()
                    data-first=move || cur().first().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                    data-last=move || cur().last().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                    role="img" aria-label="training loss per batch, one line per condition"></canvas>
                <figcaption>"Training loss per batch (moving average), mean across seeds with a 95 % confidence band; dashed grey: another link's recorded results; × marks batches of a run restarted on the CPU (from its initial weights) after a WebGPU failure."
                    <button class="secondary small" data-testid="png-loss" on:click=move |_| { download::report(ui, download::canvas_png("loss-chart", "devcircuit-loss.png")); }>"PNG"</button></figcaption>
            </figure>
            <figure class="chart" class:hidden=move || tasks_only.get()>
                <canvas data-testid="accuracy-chart" node_ref=acc width="720" height="320" role="img" aria-label="test accuracy per epoch, one line per condition"></canvas>
                <figcaption>"Test accuracy before training (epoch 0) and after each epoch: mean across seeds with a 95 % confidence band (Student's t)."
                    <button class="secondary small" data-testid="png-accuracy" on:click=move |_| { download::report(ui, download::canvas_png("accuracy-chart", "devcircuit-accuracy.png")); }>"PNG"</button></figcaption>
            </figure>
            <figure class="chart" class:hidden=move || metric.get().is_none()>
                <canvas data-testid="rho-chart" node_ref=rho width="720" height="320" role="img" aria-label="task metric against spectral radius, one line per condition"
                    data-series=move || series.with(|s| s.iter().map(|l| format!("{}:{}", l.label, l.points.iter().map(|(r, p)| format!("{r}={}", p.mean)).collect::<Vec<_>>().join(","))).collect::<Vec<_>>().join(";"))></canvas>
                <figcaption>{move || format!("{} against the spectral radius ρ of W_rec: mean across seeds with a 95 % confidence band (Student's t), one line per condition.",
                    metric.get().map_or("Task metric", |t| t.metric().0))}
                    <button class="secondary small" data-testid="png-rho" on:click=move |_| { download::report(ui, download::canvas_png("rho-chart", "devcircuit-rho.png")); }>"PNG"</button></figcaption>
            </figure>
        </div>
    }
}

#[component]
fn Results(ui: Ui) -> impl IntoView {
    let pct = |a: f64| format!("{:.2} %", a * 100.0);
    let cur = move || ui.current_summary();
    view! {
        <section class="results" data-panel="results">
            <p>"Test accuracy: "
                <strong data-testid="accuracy" data-value=move || cur().filter(|r| r.status != RunStatus::Running).and_then(|r| r.accuracy.last().copied()).map(|a| a.to_string()).unwrap_or_default()>
                    {move || match cur() {
                        None => "—".to_string(),
                        Some(r) => match (r.acc0, r.accuracy.last().copied()) {
                            (None, _) => format!("run {}: —", r.id),
                            (Some(a0), None) => format!("run {}: iteration 0: {}", r.id, pct(a0)),
                            (Some(a0), Some(a)) => format!("run {}: {} after {} epoch(s) (iteration 0: {})", r.id, pct(a), r.accuracy.len(), pct(a0)),
                        },
                    }}
                </strong>
            </p>
            <p>"Circuit fingerprint: " <code data-testid="fingerprint">{move || ui.fingerprint.get().unwrap_or_else(|| "…".into())}</code></p>
            <p class="circuit">{move || ui.circuit_line.get()}</p>
            {move || ui.reproduced.get().map(|r| view! { <p data-testid="reproduced" class="reproduced">{r}</p> })}
        </section>
    }
}

#[component]
fn Share(ui: Ui) -> impl IntoView {
    let shown = RwSignal::new(String::new());
    let pasted = RwSignal::new(String::new());
    let overlay_error = RwSignal::new(None::<String>);
    let copy = move |_| {
        let l = share::link(ui);
        share::copy_to_clipboard(&l);
        shown.set(l);
    };
    let overlay = move |_| match share::ghosts_of_link(&pasted.get_untracked()) {
        Ok(g) => {
            overlay_error.set(None);
            ui.ghosts.set(g)
        }
        Err(e) => overlay_error.set(Some(e)),
    };
    view! {
        <section class="share" data-panel="share" aria-label="share">
            <h2>"Share"</h2>
            <button data-testid="copy-link" on:click=copy>"Copy link"</button>
            <input data-testid="share-url" type="text" readonly aria-label="share link" prop:value=move || shown.get()/>
            <p class="muted">"The link holds every setting and seed, the app version, the backend, the circuit fingerprint and a summary of the finished runs."</p>
            <label>"Overlay another link's results as ghost curves"
                <input data-testid="overlay-link" type="text" placeholder="paste a devcircuit link" prop:value=move || pasted.get() on:input=move |ev| pasted.set(event_target_value(&ev))/>
            </label>
            <button data-testid="overlay" on:click=overlay>"Overlay"</button>
            <button class="secondary" data-testid="clear-ghosts" on:click=move |_| ui.ghosts.set(vec![]) disabled=move || ui.ghosts.get().is_empty()>"Remove ghosts"</button>
            {move || overlay_error.get().map(|e| view! { <span class="field-error" role="alert" data-testid="overlay-error">{e}</span> })}
            <span data-testid="ghost-count" data-count=move || ui.ghosts.get().len().to_string()></span>
        </section>
    }
}

#[component]
fn Export(ui: Ui) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let save = move |name: &'static str, text: String| {
        if let Err(e) = download::text(name, &text) {
            error.set(Some(e))
        }
    };
    let records = move || ui.records.get_untracked();
    let weights = move |_| match ui.current.get_untracked().and_then(run::weights_of) {
        Some(w) => save("devcircuit-weights.json", serde_json::to_string(&w).unwrap_or_default()),
        None => error.set(Some(
            "weights are kept for the latest run trained in this page; train one first".into(),
        )),
    };
    let clear = move |_| {
        let n = ui.records.get_untracked().len();
        let ok = web_sys::window()
            .and_then(|w| {
                w.confirm_with_message(&format!(
                    "Delete all {n} runs from this browser? Export them first if you need them."
                ))
                .ok()
            })
            .unwrap_or(false);
        if ok {
            ui.records.set(vec![]);
            ui.current.set(None);
            run::persist(ui);
            write_fragment(ui);
        }
    };
    view! {
        <section class="export" data-panel="export" aria-label="export">
            <h2>"Export"</h2>
            <div class="buttons">
                <button class="secondary" data-testid="export-csv-batch" on:click=move |_| save("devcircuit-batches.csv", report::csv_per_batch(&records()))>"CSV per batch"</button>
                <button class="secondary" data-testid="export-csv-epoch" on:click=move |_| save("devcircuit-epochs.csv", report::csv_per_epoch(&records()))>"CSV per epoch"</button>
                <button class="secondary" data-testid="export-json" on:click=move |_| save("devcircuit-results.json", report::json(&records()))>"JSON"</button>
                <button class="secondary" data-testid="export-weights" on:click=weights>"Trained weights"</button>
                <button class="secondary" data-testid="export-methods" on:click=move |_| save("devcircuit-methods.txt", report::methods(&records()))>"Methods (text)"</button>
                <button class="danger" data-testid="clear-results" on:click=clear disabled=move || ui.running.get() || ui.summary.with(|r| r.is_empty())>"Clear results"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <details data-testid="methods"><summary>"Methods paragraph"</summary><p>{move || report::methods(&ui.summary.get())}</p></details>
        </section>
    }
}

#[component]
fn Shortcuts(ui: Ui) -> impl IntoView {
    view! {
        {move || ui.shortcuts_open.get().then(|| view! {
            <div class="dialog" role="dialog" aria-modal="true" aria-label="keyboard shortcuts" data-testid="shortcuts">
                <h2>"Keyboard shortcuts"</h2>
                <dl>{keys::SHORTCUTS.iter().map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> }).collect_view()}</dl>
                <p class="muted">"Tab moves through every control; Enter on a results row shows that run."</p>
                <button on:click=move |_| ui.shortcuts_open.set(false)>"Close"</button>
            </div>
        })}
    }
}
