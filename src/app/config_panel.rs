//! The run configuration panel: every setting of the settings table in the panel's groups,
//! each field checked as it is changed with the reason for a refusal beside it; accepted
//! changes flow up as `Change`s.

use super::Tissue;
use crate::circuit::layers::LayerSet;
use crate::experiment::settings::{Choice, Group, Setting, Spec, SETTINGS};
use crate::experiment::Config;
use leptos::prelude::*;

pub type Change = Box<dyn FnOnce(&mut Config)>;

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
    disabled: Signal<bool>,
) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    view! {
        <label class:invalid=move || err.get().is_some() title=setting.help>
            {setting.name}
            <select
                data-testid=testid
                disabled=move || disabled.get()
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
                {(setting.options)()
                    .into_iter()
                    .map(|(v, help)| {
                        let text = if setting.key == "in" || setting.key == "out" { help } else { v };
                        view! {
                            <option value=v title=help selected=move || current.get() == v>
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
    help: &'static str,
    testid: &'static str,
    value: Signal<String>,
    parse: impl Fn(&str) -> Result<Change, String> + Copy + Send + Sync + 'static,
    on_change: impl Fn(Change) + 'static + Copy,
    disabled: Signal<bool>,
    /// What an empty field means (`all` for the optional counts).
    placeholder: &'static str,
) -> impl IntoView {
    let err = RwSignal::new(None::<String>);
    view! {
        <label class:invalid=move || err.get().is_some() title=help>
            {label}
            <input
                data-testid=testid
                type="text"
                inputmode="decimal"
                placeholder=placeholder
                prop:value=move || value.get()
                disabled=move || disabled.get()
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

/// The change that puts `text` into a setting, checked on a copy of the configuration first
/// (layer sets also against the shown circuit); or the refusal.
fn put(s: &'static Setting, cfg: Signal<Config>, tissue: Tissue, text: &str) -> Result<Change, String> {
    let mut probe = cfg.get_untracked();
    (s.put)(&mut probe, text)?;
    if let "in" | "out" = s.key() {
        layer_set(tissue, text, if s.key() == "in" { "input" } else { "readout" })?;
    }
    let text = text.to_string();
    Ok(Box::new(move |c| {
        // Checked above on the same configuration; a refusal here cannot happen.
        let _ = (s.put)(c, &text);
    }))
}

/// How W_rec is normalised: a pseudo-setting over ρ (raw counts 0, row −1, else spectral).
#[component]
fn Normalisation(cfg: Signal<Config>, on_change: impl Fn(Change) + 'static + Copy) -> impl IntoView {
    let key = move || {
        cfg.with(|c| match c.radius {
            r if r > 0.0 => "spectral",
            0.0 => "raw",
            _ => "row",
        })
    };
    view! {
        <label title="how the signed synapse counts become W_rec">
            "Normalisation"
            <select
                data-testid="normalisation"
                on:change=move |ev| {
                    let r = match event_target_value(&ev).as_str() {
                        "raw" => 0.0,
                        "row" => -1.0,
                        _ => crate::experiment::settings::RHO.default,
                    };
                    on_change(Box::new(move |c| c.radius = r))
                }
            >
                <option value="spectral" selected=move || key() == "spectral">
                    "spectral radius"
                </option>
                <option value="raw" selected=move || key() == "raw">
                    "raw counts"
                </option>
                <option value="row" selected=move || key() == "row">
                    "row (sum of |w| = 1)"
                </option>
            </select>
        </label>
    }
}

/// The dataset select: the names the page knows (built in and imported).
#[component]
fn DatasetSelect(
    cfg: Signal<Config>,
    datasets: Signal<Vec<String>>,
    disabled: Signal<bool>,
    on_change: impl Fn(Change) + 'static + Copy,
) -> impl IntoView {
    view! {
        <label>
            "dataset"
            <select
                data-testid="dataset"
                disabled=move || disabled.get()
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
    }
}

/// One setting's field: a select for named values, a text field for numbers.
fn setting_field(
    s: &'static Setting,
    cfg: Signal<Config>,
    datasets: Signal<Vec<String>>,
    tissue: Tissue,
    on_change: impl Fn(Change) + 'static + Copy,
) -> AnyView {
    let disabled = Signal::derive(move || cfg.with(|c| !(s.acts)(c)));
    let testid = s.spec.flag();
    match s.spec {
        Spec::Choice(choice) => view! {
            <Select
                setting=choice
                testid=testid
                current=Signal::derive(move || cfg.with(|c| (s.get)(c)))
                on_change=on_change
                disabled=disabled
                pick=move |t| put(s, cfg, tissue, t)
            />
        }
        .into_any(),
        Spec::Num(n) => {
            let rho = s.key() == "rho";
            let value = Signal::derive(move || {
                cfg.with(|c| {
                    if rho && c.radius <= 0.0 {
                        "—".into()
                    } else {
                        (s.get)(c)
                    }
                })
            });
            let disabled = Signal::derive(move || disabled.get() || (rho && cfg.with(|c| c.radius <= 0.0)));
            let field = view! {
                <Field
                    label=n.name
                    help=n.help
                    testid=testid
                    value=value
                    disabled=disabled
                    on_change=on_change
                    parse=move |t| put(s, cfg, tissue, t)
                    placeholder=if n.optional() { "all" } else { "" }
                />
            };
            if rho {
                view! {
                    <Normalisation cfg=cfg on_change=on_change />
                    {field}
                }
                .into_any()
            } else {
                field.into_any()
            }
        }
        Spec::Text(t) if t.key == "data" => {
            view! { <DatasetSelect cfg=cfg datasets=datasets disabled=disabled on_change=on_change /> }.into_any()
        }
        Spec::Text(_) => ().into_any(),
    }
}

/// Every setting of the `config` that is a panel field, grouped, each checked as it changes;
/// accepted changes go up as `Change`s. Layer sets are checked against the shown `tissue`.
#[component]
pub fn ConfigPanel(
    config: Signal<Config>,
    datasets: Signal<Vec<String>>,
    tissue: Tissue,
    on_change: impl Fn(Change) + 'static + Copy,
) -> impl IntoView {
    let groups = Group::PANEL.map(|g| {
        let fields = SETTINGS
            .iter()
            .filter(|s| s.group == g)
            .map(|s| setting_field(s, config, datasets, tissue, on_change))
            .collect_view();
        view! {
            <fieldset class="fields" data-group=g.title()>
                <legend>{g.title()}</legend>
                {fields}
            </fieldset>
        }
    });
    view! {
        <section class="controls" data-panel="config" aria-label="run configuration">
            <h2>"Run configuration"</h2>
            {groups.into_iter().collect_view()}
        </section>
    }
}
