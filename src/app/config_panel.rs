//! The run configuration panel: every setting of a run, each field checked as it is changed
//! with the reason for a refusal beside it; accepted changes flow up as `Change`s.

use super::Ui;
use crate::experiment::{Config, Topology};
use crate::model::Encoding;
use leptos::prelude::*;

pub type Change = Box<dyn FnOnce(&mut Config)>;
type Parse = fn(&str) -> Result<Change, String>;

fn int(text: &str, lo: u64, hi: u64) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(v) if (lo..=hi).contains(&v) => Ok(v),
        Ok(v) => Err(format!("{v} is outside {lo}-{hi}")),
        Err(_) => Err(format!("`{}` is not a whole number ({lo}-{hi})", text.trim())),
    }
}

fn optional(text: &str, hi: u64) -> Result<Option<usize>, String> {
    if text.trim().is_empty() || text.trim() == "all" { Ok(None) } else { int(text, 1, hi).map(|v| Some(v as usize)) }
}

fn float(text: &str, lo: f64, hi: f64) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= lo && v <= hi => Ok(v),
        Ok(v) => Err(format!("{v} is outside {lo}-{hi}")),
        Err(_) => Err(format!("`{}` is not a number", text.trim())),
    }
}

const SEED_MAX: u64 = u32::MAX as u64;

#[component]
fn Field(label: &'static str, testid: &'static str, value: Signal<String>, parse: Parse, on_change: impl Fn(Change) + 'static + Copy,
    #[prop(optional)] disabled: Option<Signal<bool>>) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    view! {
        <label class:invalid=move || err.get().is_some()>{label}
            <input data-testid=testid type="text" inputmode="decimal" prop:value=move || value.get()
                disabled=move || disabled.is_some_and(|d| d.get()) aria-invalid=move || err.get().is_some().to_string()
                on:change=move |ev| match parse(&event_target_value(&ev)) { Ok(c) => { err.set(None); on_change(c) } Err(e) => err.set(Some(e)) }/>
            {move || err.get().map(|e| view! { <span class="field-error" role="alert" data-testid=format!("{testid}-error")>{e}</span> })}
        </label>
    }
}

#[component]
pub fn ConfigPanel(ui: Ui, on_change: impl Fn(Change) + 'static + Copy) -> impl IntoView {
    let cfg = ui.config;
    let v = move |f: fn(&Config) -> String| Signal::derive(move || cfg.with(f));
    let rows = Signal::derive(move || cfg.with(|c| c.encoding == Encoding::Rows));
    let raw_or_row = Signal::derive(move || cfg.with(|c| c.radius <= 0.0));
    let norm_key = move || cfg.with(|c| if c.radius > 0.0 { "spectral" } else if c.radius == 0.0 { "raw" } else { "row" });
    view! {
        <section class="controls" data-panel="config" aria-label="run configuration">
            <h2>"Run configuration"</h2>
            <div class="fields">
                <label>"Dataset"
                    <select data-testid="dataset" on:change=move |ev| { let d = event_target_value(&ev); on_change(Box::new(move |c| c.dataset = d)) }>
                        {move || ui.datasets.get().into_iter().map(|d| { let sel = cfg.with(|c| c.dataset == d); view! { <option value=d.clone() selected=sel>{d.clone()}</option> } }).collect_view()}
                    </select>
                </label>
                <label>"Topology"
                    <select data-testid="topology" on:change=move |ev| if let Some(t) = Topology::parse(&event_target_value(&ev)) { on_change(Box::new(move |c| c.topology = t)) }>
                        {Topology::ALL.iter().map(|t| view! { <option value=t.key() selected=move || cfg.with(|c| c.topology == *t)>{t.key()}</option> }).collect_view()}
                    </select>
                </label>
                <label>"Input encoding"
                    <select data-testid="encoding" on:change=move |ev| { let e = if event_target_value(&ev) == "rows" { Encoding::Rows } else { Encoding::Whole }; on_change(Box::new(move |c| c.encoding = e)) }>
                        <option value="whole" selected=move || !rows.get()>"whole image × T steps"</option>
                        <option value="rows" selected=move || rows.get()>"one row per step"</option>
                    </select>
                </label>
                <Field label="T (steps)" testid="steps" value=v(|c| c.steps.to_string()) disabled=rows on_change=on_change
                    parse=|t| int(t, 1, 64).map(|v| -> Change { Box::new(move |c| c.steps = v as usize) })/>
                <label>"Normalisation"
                    <select data-testid="normalisation" on:change=move |ev| { let r = match event_target_value(&ev).as_str() { "raw" => 0.0, "row" => -1.0, _ => 0.9 }; on_change(Box::new(move |c| c.radius = r)) }>
                        <option value="spectral" selected=move || norm_key() == "spectral">"spectral radius"</option>
                        <option value="raw" selected=move || norm_key() == "raw">"raw counts"</option>
                        <option value="row" selected=move || norm_key() == "row">"row (sum of |w| = 1)"</option>
                    </select>
                </label>
                <Field label="Spectral radius ρ" testid="radius" value=v(|c| if c.radius > 0.0 { c.radius.to_string() } else { "—".into() }) disabled=raw_or_row on_change=on_change
                    parse=|t| float(t, 0.01, 10.0).map(|v| -> Change { Box::new(move |c| c.radius = v) })/>
                <Field label="Epochs" testid="epochs" value=v(|c| c.epochs.to_string()) on_change=on_change
                    parse=|t| int(t, 1, 50).map(|v| -> Change { Box::new(move |c| c.epochs = v as usize) })/>
                <Field label="Learning rate" testid="lr" value=v(|c| c.learning_rate.to_string()) on_change=on_change
                    parse=|t| float(t, 1e-6, 1.0).map(|v| -> Change { Box::new(move |c| c.learning_rate = v) })/>
                <Field label="Batch size" testid="batch" value=v(|c| c.batch_size.to_string()) on_change=on_change
                    parse=|t| int(t, 1, 4096).map(|v| -> Change { Box::new(move |c| c.batch_size = v as usize) })/>
                <Field label="Batches per epoch (blank = all)" testid="limit" value=v(|c| c.limit.map_or(String::new(), |l| l.to_string())) on_change=on_change
                    parse=|t| optional(t, 1_000_000).map(|v| -> Change { Box::new(move |c| c.limit = v) })/>
                <Field label="Test images (blank = all)" testid="test-limit" value=v(|c| c.test_limit.map_or(String::new(), |l| l.to_string())) on_change=on_change
                    parse=|t| optional(t, 1_000_000).map(|v| -> Change { Box::new(move |c| c.test_limit = v) })/>
                <Field label="Development seed" testid="seed" value=v(|c| c.seed.to_string()) on_change=on_change
                    parse=|t| int(t, 0, SEED_MAX).map(|v| -> Change { Box::new(move |c| c.seed = v) })/>
                <Field label="Initialisation seed" testid="init-seed" value=v(|c| c.init_seed.to_string()) on_change=on_change
                    parse=|t| int(t, 0, SEED_MAX).map(|v| -> Change { Box::new(move |c| c.init_seed = v) })/>
                <Field label="Data-order seed" testid="data-seed" value=v(|c| c.data_seed.to_string()) on_change=on_change
                    parse=|t| int(t, 0, SEED_MAX).map(|v| -> Change { Box::new(move |c| c.data_seed = v) })/>
            </div>
        </section>
    }
}
