//! Components: header with backend, run controls, progress, live chart and results. Each
//! reads signals from `Ui` and reports user actions through callbacks.

use super::{chart, initial_ui, run, write_fragment, Ui};
use crate::experiment::{Config, Topology};
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let ui = initial_ui();
    let on_train = move || leptos::task::spawn_local(run::start(ui));
    let on_stop = move || run::request_stop();
    let on_change = move |f: Box<dyn FnOnce(&mut Config)>| {
        let seed_before = ui.config.get_untracked().seed;
        ui.config.update(|c| f(c));
        if ui.config.get_untracked().seed != seed_before {
            ui.reproduced.set(None);
            run::grow_now(ui, None);
        }
        write_fragment(ui);
    };
    view! {
        <header>
            <h1>"devcircuit"</h1>
            <p class="tagline">"Grow a cortical circuit from one stem cell, then see what it can learn."</p>
        </header>
        <main>
            <BackendBadge ui=ui/>
            <Notices ui=ui/>
            <Controls ui=ui on_train=on_train on_stop=on_stop on_change=on_change/>
            <super::tissue::TissueView frames=ui.frames/>
            <Progress ui=ui/>
            <LossChart ui=ui/>
            <Results ui=ui/>
        </main>
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

type Change = Box<dyn FnOnce(&mut Config)>;

#[component]
fn Controls(ui: Ui, on_train: impl Fn() + 'static + Copy, on_stop: impl Fn() + 'static + Copy, on_change: impl Fn(Change) + 'static + Copy) -> impl IntoView {
    let seed_error = RwSignal::new(None::<String>);
    let set_seed = move |v: String| match v.trim().parse::<u64>() {
        Ok(s) if s <= u32::MAX as u64 => { seed_error.set(None); on_change(Box::new(move |c| c.seed = s)); }
        _ => seed_error.set(Some(format!("`{v}` is not a seed (a whole number 0-4294967295)"))),
    };
    view! {
        <section class="controls">
            <label>"Development seed "
                <input data-testid="seed" type="number" min="0" prop:value=move || ui.config.get().seed.to_string()
                    on:change=move |ev| set_seed(event_target_value(&ev))/>
            </label>
            {move || seed_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            <label>"Dataset "
                <select data-testid="dataset" on:change=move |ev| { let v = event_target_value(&ev); on_change(Box::new(move |c| c.dataset = v)); }>
                    {crate::data::KNOWN.iter().map(|d| view! { <option value=*d selected=move || ui.config.get().dataset == *d>{*d}</option> }).collect_view()}
                </select>
            </label>
            <label>"Topology "
                <select data-testid="topology" on:change=move |ev| { if let Some(t) = Topology::parse(&event_target_value(&ev)) { on_change(Box::new(move |c| c.topology = t)); } }>
                    {Topology::ALL.iter().map(|t| view! { <option value=t.key() selected=move || ui.config.get().topology == *t>{t.key()}</option> }).collect_view()}
                </select>
            </label>
            <label>"Epochs "
                <input data-testid="epochs" type="number" min="1" max="50" prop:value=move || ui.config.get().epochs.to_string()
                    on:change=move |ev| { if let Ok(e) = event_target_value(&ev).parse::<usize>() { on_change(Box::new(move |c| c.epochs = e.clamp(1, 50))); } }/>
            </label>
            <button data-testid="train" on:click=move |_| on_train() disabled=move || ui.running.get() || ui.backend.get().key == "detecting">"Train"</button>
            <button data-testid="stop" on:click=move |_| on_stop() disabled=move || !ui.running.get()>"Stop"</button>
        </section>
    }
}

#[component]
fn Progress(ui: Ui) -> impl IntoView {
    view! {
        <section class="progress">
            <progress data-testid="progress" max="1" prop:value=move || ui.progress.get().0></progress>
            <span>{move || ui.progress.get().1}</span>
            <p data-testid="status" class="status" aria-live="polite">{move || ui.status.get()}</p>
            {move || ui.error.get().map(|e| view! { <p class="error" role="alert" data-testid="error">{e}</p> })}
        </section>
    }
}

#[component]
fn LossChart(ui: Ui) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        let points = ui.losses.get();
        let cfg = ui.config.get_untracked();
        let per_epoch = cfg.limit.unwrap_or(60_000usize.div_ceil(cfg.batch_size));
        if let Some(c) = canvas.get() {
            if let Err(e) = chart::draw_loss(c, &points, per_epoch * cfg.epochs) {
                ui.error.set(Some(format!("chart: {e}")));
            }
        }
    });
    view! {
        <figure class="chart">
            <canvas data-testid="loss-chart" node_ref=canvas width="720" height="320" data-points=move || ui.losses.get().len().to_string()
                data-first=move || ui.losses.get().first().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                data-last=move || ui.losses.get().last().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                role="img" aria-label="training loss per iteration"></canvas>
            <figcaption>"Training loss (cross-entropy) per batch; a second colour marks points trained on the CPU after a WebGPU failure."</figcaption>
        </figure>
    }
}

#[component]
fn Results(ui: Ui) -> impl IntoView {
    let pct = |a: f64| format!("{:.2} %", a * 100.0);
    view! {
        <section class="results">
            <p>"Test accuracy: "
                <strong data-testid="accuracy" data-value=move || ui.accuracy.get().last().map(|a| a.to_string()).unwrap_or_default()>
                    {move || match (ui.acc0.get(), ui.accuracy.get().last().copied()) {
                        (None, _) => "—".to_string(),
                        (Some(a0), None) => format!("iteration 0: {}", pct(a0)),
                        (Some(a0), Some(a)) => format!("{} after {} epoch(s) (iteration 0: {})", pct(a), ui.accuracy.get().len(), pct(a0)),
                    }}
                </strong>
            </p>
            <p>"Circuit fingerprint: " <code data-testid="fingerprint">{move || ui.fingerprint.get().unwrap_or_else(|| "…".into())}</code></p>
            <p class="circuit">{move || ui.circuit_line.get()}</p>
            {move || ui.reproduced.get().map(|r| view! { <p data-testid="reproduced" class="reproduced">{r}</p> })}
        </section>
    }
}
