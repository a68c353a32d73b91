//! The run configuration panel: every setting of a run, each field checked as it is changed
//! with the reason for a refusal beside it; accepted changes flow up as `Change`s.

use super::Tissue;
use crate::circuit::layers::LayerSet;
use crate::experiment::settings::{self as set, Choice, Num};
use crate::experiment::{Config, Task, Topology, TrainMode};
use crate::model::Encoding;
use leptos::prelude::*;

pub type Change = Box<dyn FnOnce(&mut Config)>;
type Parse = fn(&str) -> Result<Change, String>;

fn optional(text: &str, s: &Num) -> Result<Option<usize>, String> {
    if text.trim().is_empty() || text.trim() == "all" {
        Ok(None)
    } else {
        s.check_usize(text).map(Some)
    }
}

/// A layer set for input or readout, refused when the shown circuit has no neuron in it.
fn layer_set(tissue: Tissue, text: &str, role: &str) -> Result<LayerSet, String> {
    let set = LayerSet::parse(text)?;
    match tissue.get_untracked() {
        Some(e) if !set.is_all() => set.neurons(&e.grown.circuit, role).map(|_| set),
        _ => Ok(set),
    }
}

/// A select over a registry choice; `pick` turns the chosen value into a change or a refusal.
#[component]
fn Select(
    setting: Choice,
    testid: &'static str,
    current: Signal<String>,
    pick: impl Fn(&str) -> Result<Change, String> + Copy + Send + Sync + 'static,
    on_change: impl Fn(Change) + 'static + Copy,
) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    view! {
        <label class:invalid=move || err.get().is_some() title=setting.help>
            {setting.name}
            <select
                data-testid=testid
                aria-invalid=move || err.get().is_some().to_string()
                on:change=move |ev| match pick(&event_target_value(&ev)) {
                    Ok(c) => {
                        err.set(None);
                        on_change(c)
                    }
                    Err(e) => err.set(Some(e)),
                }
            >
                // Layer sets read best by their anatomy; other choices by their value.
                {setting
                    .options
                    .iter()
                    .map(|(v, help)| {
                        let text = if setting.key == "in" || setting.key == "out" { *help } else { *v };
                        view! {
                            <option value=*v title=*help selected=move || current.get() == *v>
                                {text}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            {move || {
                err.get()
                    .map(|e| {
                        view! {
                            <span class="field-error" role="alert" data-testid=format!("{testid}-error")>
                                {e}
                            </span>
                        }
                    })
            }}
        </label>
    }
}

#[component]
fn Field(
    label: &'static str,
    testid: &'static str,
    value: Signal<String>,
    parse: Parse,
    on_change: impl Fn(Change) + 'static + Copy,
    #[prop(optional)] disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    view! {
        <label class:invalid=move || {
            err.get().is_some()
        }>
            {label}
            <input
                data-testid=testid
                type="text"
                inputmode="decimal"
                prop:value=move || value.get()
                disabled=move || disabled.is_some_and(|d| d.get())
                aria-invalid=move || err.get().is_some().to_string()
                on:change=move |ev| match parse(&event_target_value(&ev)) {
                    Ok(c) => {
                        err.set(None);
                        on_change(c)
                    }
                    Err(e) => err.set(Some(e)),
                }
            />
            {move || {
                err.get()
                    .map(|e| {
                        view! {
                            <span class="field-error" role="alert" data-testid=format!("{testid}-error")>
                                {e}
                            </span>
                        }
                    })
            }}
        </label>
    }
}

#[component]
/// Every setting of the `config`, each checked as it changes; accepted changes go up as
/// `Change`s. Layer sets are checked against the shown `tissue`.
pub fn ConfigPanel(
    config: RwSignal<Config>,
    datasets: RwSignal<Vec<String>>,
    tissue: Tissue,
    on_change: impl Fn(Change) + 'static + Copy,
) -> impl IntoView {
    let cfg = config;
    let v = move |f: fn(&Config) -> String| Signal::derive(move || cfg.with(f));
    let whole = Signal::derive(move || cfg.with(|c| c.encoding != Encoding::Whole));
    let raw_or_row = Signal::derive(move || cfg.with(|c| c.radius <= 0.0));
    let classify = Signal::derive(move || cfg.with(|c| c.task == Task::Classify));
    let not_delay = Signal::derive(move || cfg.with(|c| c.task != Task::Delay));
    let norm_key = move || {
        cfg.with(|c| {
            if c.radius > 0.0 {
                "spectral"
            } else if c.radius == 0.0 {
                "raw"
            } else {
                "row"
            }
        })
    };
    view! {
        <section class="controls" data-panel="config" aria-label="run configuration">
            <h2>"Run configuration"</h2>
            <div class="fields">
                <Select
                    setting=set::TASK
                    testid="task"
                    current=v(|c| c.task.key().into())
                    on_change=on_change
                    pick=|t| {
                        Task::parse(t)
                            .map(|k| -> Change { Box::new(move |c| c.task = k) })
                            .ok_or_else(|| format!("unknown task {t}"))
                    }
                />
                <label>
                    "Dataset"
                    <select
                        data-testid="dataset"
                        disabled=move || !classify.get()
                        on:change=move |ev| {
                            let d = event_target_value(&ev);
                            on_change(Box::new(move |c| c.dataset = d))
                        }
                    >
                        {move || {
                            datasets
                                .get()
                                .into_iter()
                                .map(|d| {
                                    let sel = cfg.with(|c| c.dataset == d);
                                    view! {
                                        <option value=d.clone() selected=sel>
                                            {d.clone()}
                                        </option>
                                    }
                                })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    "Topology"
                    <select
                        data-testid="topology"
                        on:change=move |ev| {
                            if let Some(t) = Topology::parse(&event_target_value(&ev)) {
                                on_change(Box::new(move |c| c.topology = t))
                            }
                        }
                    >
                        {Topology::ALL
                            .iter()
                            .map(|t| {
                                view! {
                                    <option value=t.key() selected=move || cfg.with(|c| c.topology == *t)>
                                        {t.key()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <Select
                    setting=set::TRAIN
                    testid="train-mode"
                    current=v(|c| c.train.key().into())
                    on_change=on_change
                    pick=|t| {
                        TrainMode::parse(t)
                            .map(|m| -> Change { Box::new(move |c| c.train = m) })
                            .ok_or_else(|| format!("unknown training mode {t}"))
                    }
                />
                <Select
                    setting=set::INPUT_LAYERS
                    testid="input-layers"
                    current=v(|c| c.input_layers.key())
                    on_change=on_change
                    pick=move |t| {
                        layer_set(tissue, t, "input").map(|l| -> Change { Box::new(move |c| c.input_layers = l) })
                    }
                />
                <Select
                    setting=set::READOUT_LAYERS
                    testid="readout-layers"
                    current=v(|c| c.readout_layers.key())
                    on_change=on_change
                    pick=move |t| {
                        layer_set(tissue, t, "readout").map(|l| -> Change { Box::new(move |c| c.readout_layers = l) })
                    }
                />
                <Select
                    setting=set::ENCODING
                    testid="encoding"
                    current=v(|c| c.encoding.key().into())
                    on_change=on_change
                    pick=|t| {
                        Encoding::parse(t)
                            .map(|e| -> Change { Box::new(move |c| c.encoding = e) })
                            .ok_or_else(|| format!("unknown encoding {t}"))
                    }
                />
                <Field
                    label="T (steps)"
                    testid="steps"
                    value=v(|c| c.steps.to_string())
                    disabled=whole
                    on_change=on_change
                    parse=|t| set::STEPS.check_usize(t).map(|v| -> Change { Box::new(move |c| c.steps = v) })
                />
                <label>
                    "Normalisation"
                    <select
                        data-testid="normalisation"
                        on:change=move |ev| {
                            let r = match event_target_value(&ev).as_str() {
                                "raw" => 0.0,
                                "row" => -1.0,
                                _ => 0.9,
                            };
                            on_change(Box::new(move |c| c.radius = r))
                        }
                    >
                        <option value="spectral" selected=move || norm_key() == "spectral">
                            "spectral radius"
                        </option>
                        <option value="raw" selected=move || norm_key() == "raw">
                            "raw counts"
                        </option>
                        <option value="row" selected=move || norm_key() == "row">
                            "row (sum of |w| = 1)"
                        </option>
                    </select>
                </label>
                <Field
                    label="Spectral radius ρ"
                    testid="radius"
                    value=v(|c| if c.radius > 0.0 { c.radius.to_string() } else { "—".into() })
                    disabled=raw_or_row
                    on_change=on_change
                    parse=|t| set::RHO.check(t).map(|v| -> Change { Box::new(move |c| c.radius = v) })
                />
                <Field
                    label="Input scale"
                    testid="input-scale"
                    value=v(|c| c.input_scale.to_string())
                    on_change=on_change
                    parse=|t| set::INPUT_SCALE.check(t).map(|v| -> Change { Box::new(move |c| c.input_scale = v) })
                />
                <Field
                    label="Leak rate α"
                    testid="leak"
                    value=v(|c| c.leak.to_string())
                    on_change=on_change
                    parse=|t| set::LEAK.check(t).map(|v| -> Change { Box::new(move |c| c.leak = v) })
                />
                <Field
                    label="Ridge λ (tasks)"
                    testid="ridge"
                    value=v(|c| c.ridge.to_string())
                    disabled=classify
                    on_change=on_change
                    parse=|t| set::RIDGE.check(t).map(|v| -> Change { Box::new(move |c| c.ridge = v) })
                />
                <Field
                    label="Delay D (delay task)"
                    testid="delay"
                    value=v(|c| c.delay.to_string())
                    disabled=not_delay
                    on_change=on_change
                    parse=|t| set::DELAY.check_usize(t).map(|v| -> Change { Box::new(move |c| c.delay = v) })
                />
                <Field
                    label="Epochs"
                    testid="epochs"
                    value=v(|c| c.epochs.to_string())
                    disabled=Signal::derive(move || !classify.get())
                    on_change=on_change
                    parse=|t| set::EPOCHS.check_usize(t).map(|v| -> Change { Box::new(move |c| c.epochs = v) })
                />
                <Field
                    label="Learning rate"
                    testid="lr"
                    value=v(|c| c.learning_rate.to_string())
                    on_change=on_change
                    parse=|t| set::LR.check(t).map(|v| -> Change { Box::new(move |c| c.learning_rate = v) })
                />
                <Field
                    label="Batch size"
                    testid="batch"
                    value=v(|c| c.batch_size.to_string())
                    on_change=on_change
                    parse=|t| set::BATCH.check_usize(t).map(|v| -> Change { Box::new(move |c| c.batch_size = v) })
                />
                <Field
                    label="Batches per epoch (blank = all)"
                    testid="limit"
                    value=v(|c| c.limit.map_or(String::new(), |l| l.to_string()))
                    on_change=on_change
                    parse=|t| optional(t, &set::LIMIT_BATCHES).map(|v| -> Change { Box::new(move |c| c.limit = v) })
                />
                <Field
                    label="Test images (blank = all)"
                    testid="test-limit"
                    value=v(|c| c.test_limit.map_or(String::new(), |l| l.to_string()))
                    on_change=on_change
                    parse=|t| optional(t, &set::TEST_LIMIT).map(|v| -> Change { Box::new(move |c| c.test_limit = v) })
                />
                <Field
                    label="σ, distance scale (µm)"
                    testid="sigma"
                    value=v(|c| c.sigma.to_string())
                    on_change=on_change
                    parse=|t| set::SIGMA.check(t).map(|v| -> Change { Box::new(move |c| c.sigma = v) })
                />
                <Field
                    label="Synapse total (per unit of scale)"
                    testid="synapses"
                    value=v(|c| c.synapses.to_string())
                    on_change=on_change
                    parse=|t| set::SYNAPSES.check(t).map(|v| -> Change { Box::new(move |c| c.synapses = v as u32) })
                />
                <Field
                    label="Similarity weight a"
                    testid="similarity"
                    value=v(|c| c.similarity.to_string())
                    on_change=on_change
                    parse=|t| set::SIMILARITY.check(t).map(|v| -> Change { Box::new(move |c| c.similarity = v) })
                />
                <Field
                    label="Inhibitory fraction"
                    testid="ei-fraction"
                    value=v(|c| c.ei_fraction.to_string())
                    on_change=on_change
                    parse=|t| set::EI_FRACTION.check(t).map(|v| -> Change { Box::new(move |c| c.ei_fraction = v) })
                />
                <Field
                    label="Inhibitory gain"
                    testid="inhibitory-gain"
                    value=v(|c| c.inhibitory_gain.to_string())
                    on_change=on_change
                    parse=|t| {
                        set::INHIBITORY_GAIN.check(t).map(|v| -> Change { Box::new(move |c| c.inhibitory_gain = v) })
                    }
                />
                <Field
                    label="Tissue scale (founder cells)"
                    testid="scale"
                    value=v(|c| c.scale.to_string())
                    on_change=on_change
                    parse=|t| set::SCALE.check(t).map(|v| -> Change { Box::new(move |c| c.scale = v as u32) })
                />
                <Field
                    label="Development seed"
                    testid="seed"
                    value=v(|c| c.seed.to_string())
                    on_change=on_change
                    parse=|t| set::SEED.check_u64(t).map(|v| -> Change { Box::new(move |c| c.seed = v) })
                />
                <Field
                    label="Initialisation seed"
                    testid="init-seed"
                    value=v(|c| c.init_seed.to_string())
                    on_change=on_change
                    parse=|t| set::INIT_SEED.check_u64(t).map(|v| -> Change { Box::new(move |c| c.init_seed = v) })
                />
                <Field
                    label="Data-order seed"
                    testid="data-seed"
                    value=v(|c| c.data_seed.to_string())
                    on_change=on_change
                    parse=|t| set::DATA_SEED.check_u64(t).map(|v| -> Change { Box::new(move |c| c.data_seed = v) })
                />
            </div>
        </section>
    }
}
