//! The rule editor: the BoolNet text with errors marked at line and column as you type,
//! per-gene knock-out / force-on toggles, "Regrow" with a diff against the previous circuit,
//! and the attractors of the current rules in each developmental epoch.

use super::config_panel::Change;
use super::rule_tables::{AttractorTable, RegrowDiff};
use super::Tissue;
use crate::development::{GeneIds, Params};
use crate::experiment::explore::{diff, epoch_attractors, growth_summary, EpochAttractors};
use crate::experiment::Config;
use crate::grn::network::Fix;
use crate::grn::{parse_bnet, Network, CORTEX15};
use leptos::prelude::*;

const DRAFT: &str = "devcircuit.v1.rules-draft";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The gene names of a text, or the parse error as (line, column, message).
fn check(text: &str) -> Result<Vec<String>, (usize, usize, String)> {
    let rules = parse_bnet(text).map_err(|e| (e.line, e.column, e.message))?;
    let net = Network::compile(&rules).map_err(|e| (0, 0, e.to_string()))?;
    GeneIds::find(&net.genes).map_err(|e| (0, 0, e.to_string()))?;
    Ok(net.genes)
}

/// The attractor table of the editor's rules with its toggles applied.
fn attractors(cfg: &Config) -> Result<Vec<EpochAttractors>, String> {
    let (net, ids) = crate::experiment::network_for(cfg)?;
    Ok(epoch_attractors(&net, &ids, &Params::default()))
}

#[component]
fn ErrorMark(text: Signal<String>, error: Signal<Option<(usize, usize, String)>>) -> impl IntoView {
    move || {
        error.get().map(|(line, col, msg)| {
            let src = text.with(|t| t.lines().nth(line.saturating_sub(1)).unwrap_or_default().to_string());
            let caret = format!("{}^", " ".repeat(col.saturating_sub(1)));
            let at = if line > 0 {
                format!("line {line}, column {col}: ")
            } else {
                String::new()
            };
            view! {
                <div
                    class="rule-error"
                    role="alert"
                    data-testid="rules-error"
                    data-line=line.to_string()
                    data-column=col.to_string()
                >
                    <strong>{format!("{at}{msg}")}</strong>
                    {(line > 0).then(|| view! { <pre>{src}"\n"{caret}</pre> })}
                </div>
            }
        })
    }
}

/// The editor's first text: the configuration's rules, else the draft a previous visit left,
/// else cortex15.
pub fn initial_text(cfg: &Config) -> String {
    cfg.rules
        .clone()
        .or_else(|| storage().and_then(|s| s.get_item(DRAFT).ok().flatten()))
        .unwrap_or_else(|| CORTEX15.to_string())
}

#[component]
/// Edits the rules `text` (the page's state: typed here, or replaced by inferred rules) and the
/// gene fixes of the `config`; Regrow sends them up as a `Change` (the page regrows the tissue)
/// and compares the shown `tissue` before and after.
pub fn RuleEditor(
    #[prop(into)] config: Signal<Config>,
    tissue: Tissue,
    text: RwSignal<String>,
    on_change: impl Fn(Change) + 'static + Copy,
    on_error: Callback<String>,
) -> impl IntoView {
    let checked = Memo::new(move |_| text.with(|t| check(t)));
    let error = Signal::derive(move || checked.get().err());
    let genes = RwSignal::new(checked.get_untracked().unwrap_or_default());
    let fixes = RwSignal::new({
        let c = config.get_untracked();
        c.knockouts
            .iter()
            .map(|g| (g.clone(), Fix::KnockOut))
            .chain(c.forced.iter().map(|g| (g.clone(), Fix::ForceOn)))
            .collect::<Vec<_>>()
    });
    let diff_rows = RwSignal::new(None::<Vec<(String, f64, f64)>>);
    let table = RwSignal::new(attractors(&config.get_untracked()).unwrap_or_default());
    let on_input = move |v: String| text.set(v);
    // Whatever set the text (typing, Reset, inferred rules): keep it as the draft (not the
    // first text, which may be a link's, so a draft from an earlier visit is not overwritten
    // by opening a link), and take the genes of the last text that parsed.
    let draft_note = RwSignal::new(None::<String>);
    Effect::new(move |first: Option<()>| {
        let t = text.get();
        if first.is_some() {
            let saved = storage().map(|s| s.set_item(DRAFT, &t));
            draft_note.set(match saved {
                Some(Ok(())) => None,
                _ => Some("the draft could not be saved in this browser: copy the rules before a reload".into()),
            });
        }
        if let Ok(g) = checked.get() {
            genes.set(g)
        }
    });
    let regrow = move |_| {
        let Ok(_) = checked.get_untracked() else { return };
        let before = tissue.get_untracked().map(|e| growth_summary(&e.grown));
        let t = text.get_untracked();
        let fx = fixes.get_untracked();
        on_change(Box::new(move |c: &mut Config| {
            c.rules = (t.trim() != CORTEX15.trim()).then(|| t.clone());
            c.knockouts = fx
                .iter()
                .filter(|f| f.1 == Fix::KnockOut)
                .map(|f| f.0.clone())
                .collect();
            c.forced = fx.iter().filter(|f| f.1 == Fix::ForceOn).map(|f| f.0.clone()).collect();
        }));
        match attractors(&config.get_untracked()) {
            Ok(a) => table.set(a),
            Err(e) => on_error.run(e),
        }
        if let (Some(b), Some(e)) = (before, tissue.get_untracked()) {
            diff_rows.set(Some(diff(&b, &growth_summary(&e.grown))));
        }
    };
    let set_fix = move |g: String, v: String| {
        fixes.update(|f| {
            f.retain(|x| x.0 != g);
            match v.as_str() {
                "ko" => f.push((g, Fix::KnockOut)),
                "on" => f.push((g, Fix::ForceOn)),
                _ => {}
            }
        })
    };
    let fix_of = move |g: &str| fixes.with(|f| f.iter().find(|x| x.0 == g).map(|x| x.1));
    view! {
        <section class="rules" id="rules" data-panel="rules" data-testid="rules-panel">
            <h2>"Rules, knock-outs and regrowth"</h2>
            <div class="rules-grid">
                <div>
                    <label for="rules-text">"BoolNet rules (targets, factors)"</label>
                    <textarea
                        id="rules-text"
                        data-testid="rules-text"
                        rows="22"
                        spellcheck="false"
                        prop:value=move || text.get()
                        on:input=move |ev| on_input(event_target_value(&ev))
                    ></textarea>
                    <ErrorMark text=text.into() error=error />
                    {move || draft_note.get().map(|n| view! { <p class="field-error">{n}</p> })}
                    {move || {
                        checked
                            .get()
                            .is_ok()
                            .then(|| {
                                view! {
                                    <p class="ok" data-testid="rules-ok">
                                        "✓ rules parse"
                                    </p>
                                }
                            })
                    }}
                    <button
                        class="secondary"
                        data-testid="rules-reset"
                        on:click=move |_| on_input(CORTEX15.to_string())
                    >
                        "Reset to cortex15"
                    </button>
                </div>
                <div>
                    <p class="muted">
                        "Hold a gene off (knock-out) or on during development, then regrow with the same seed."
                    </p>
                    <div class="toggles" data-testid="gene-toggles">
                        {move || {
                            genes
                                .get()
                                .into_iter()
                                .map(|g| {
                                    let (g1, g2) = (g.clone(), g.clone());
                                    view! {
                                        <label class="toggle">
                                            {g.clone()}
                                            <select
                                                data-testid=format!("fix-{g}")
                                                on:change=move |ev| set_fix(g1.clone(), event_target_value(&ev))
                                            >
                                                <option value="" selected=move || fix_of(&g2).is_none()>
                                                    "as ruled"
                                                </option>
                                                <option
                                                    value="ko"
                                                    selected={
                                                        let g = g.clone();
                                                        move || fix_of(&g) == Some(Fix::KnockOut)
                                                    }
                                                >
                                                    "knock-out"
                                                </option>
                                                <option
                                                    value="on"
                                                    selected={
                                                        let g = g.clone();
                                                        move || fix_of(&g) == Some(Fix::ForceOn)
                                                    }
                                                >
                                                    "force on"
                                                </option>
                                            </select>
                                        </label>
                                    }
                                })
                                .collect_view()
                        }}
                    </div>
                    <button data-testid="regrow" on:click=regrow disabled=move || checked.get().is_err()>
                        "Regrow"
                    </button>
                </div>
            </div>
            <RegrowDiff rows=diff_rows />
            <AttractorTable table=table />
        </section>
    }
}
