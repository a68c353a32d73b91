//! Rules from data: a binarised expression CSV (pasted or loaded from a file) inferred into
//! BoolNet rules in the page, each with its agreement score, ready to load into the editor.

use crate::grn::infer::{infer, read_csv, to_bnet_scored};
use crate::grn::write::expr_text;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Reads the first chosen file of an <input type=file> as text.
pub(super) async fn file_text(input: web_sys::EventTarget) -> Result<String, String> {
    let files = js_sys::Reflect::get(&input, &"files".into()).map_err(|_| "no files")?;
    let file = js_sys::Reflect::get(&files, &0.into()).map_err(|_| "no file")?;
    if file.is_undefined() {
        return Err("no file chosen".into());
    }
    let text: js_sys::Function = js_sys::Reflect::get(&file, &"text".into())
        .map_err(|_| "unreadable file")?
        .dyn_into()
        .map_err(|_| "unreadable file")?;
    let p: js_sys::Promise = text
        .call0(&file)
        .map_err(|_| "unreadable file")?
        .dyn_into()
        .map_err(|_| "unreadable file")?;
    wasm_bindgen_futures::JsFuture::from(p)
        .await
        .map_err(|e| format!("{e:?}"))?
        .as_string()
        .ok_or("not text".into())
}

#[component]
/// Infers rules from an uploaded expression CSV; "Load into the editor" hands them up.
pub fn InferPanel(on_rules: Callback<String>) -> impl IntoView {
    let csv = RwSignal::new(String::new());
    let k = RwSignal::new(3usize);
    let result = RwSignal::new(None::<Result<(Vec<(String, String, f64)>, String), String>>);
    let run = move |_| {
        let out = read_csv(&csv.get_untracked())
            .and_then(|m| {
                crate::grn::infer::check_size(m.genes.len(), k.get_untracked(), crate::grn::infer::PAGE_CANDIDATES)
                    .map(|_| m)
            })
            .map(|m| {
                let (rules, agree) = infer(&m, k.get_untracked());
                let rows = rules
                    .genes
                    .iter()
                    .enumerate()
                    .map(|(g, name)| {
                        let mut e = String::new();
                        expr_text(&rules.exprs[g], &rules.genes, &mut e);
                        (name.clone(), e, agree[g])
                    })
                    .collect();
                (rows, to_bnet_scored(&rules, &agree))
            });
        result.set(Some(out));
    };
    let on_file = move |ev: web_sys::Event| {
        if let Some(t) = ev.target() {
            leptos::task::spawn_local(async move {
                match file_text(t).await {
                    Ok(s) => csv.set(s),
                    Err(e) => result.set(Some(Err(e))),
                }
            });
        }
    };
    view! {
        <section class="infer" data-panel="infer">
            <h2>"Rules from data"</h2>
            <p class="muted">
                "A binarised expression CSV: a header with gene names and a `pseudotime` column (optionally \
                    `lineage`), then one cell per row with 0/1 values. Rules are inferred by temporal-causal agreement \
                    (cortex15.md §5.4)."
            </p>
            <label>
                "CSV file " <input type="file" accept=".csv,text/csv" data-testid="infer-file" on:change=on_file />
            </label>
            <label>
                "or paste it"
                <textarea
                    data-testid="infer-csv"
                    rows="6"
                    spellcheck="false"
                    prop:value=move || csv.get()
                    on:input=move |ev| csv.set(event_target_value(&ev))
                ></textarea>
            </label>
            <label class="inline">
                "regulators per gene (at most) "
                <select data-testid="infer-k" on:change=move |ev| k.set(event_target_value(&ev).parse().unwrap_or(3))>
                    <option value="1">"1"</option>
                    <option value="2">"2"</option>
                    <option value="3" selected>
                        "3"
                    </option>
                    <option value="4">"4"</option>
                </select>
            </label>
            <button data-testid="infer" on:click=run disabled=move || csv.get().trim().is_empty()>
                "Infer rules"
            </button>
            {move || {
                result
                    .get()
                    .map(|r| match r {
                        Err(e) => {
                            view! {
                                <p class="field-error" role="alert" data-testid="infer-error">
                                    {e}
                                </p>
                            }
                                .into_any()
                        }
                        Ok((rows, text)) => {
                            view! {
                                <div class="table-wrap">
                                    <table data-testid="infer-table">
                                        <thead>
                                            <tr>
                                                <th>"gene"</th>
                                                <th>"inferred rule"</th>
                                                <th>"agreement"</th>
                                            </tr>
                                        </thead>
                                        <tbody>
                                            {rows
                                                .into_iter()
                                                .map(|(g, e, a)| {
                                                    let gene = g.clone();
                                                    view! {
                                                        <tr data-gene=gene data-agreement=a.to_string()>
                                                            <td>{g}</td>
                                                            <td>
                                                                <code>{e}</code>
                                                            </td>
                                                            <td>{format!("{a:.3}")}</td>
                                                        </tr>
                                                    }
                                                })
                                                .collect_view()}
                                        </tbody>
                                    </table>
                                </div>
                                <button data-testid="infer-load" on:click=move |_| on_rules.run(text.clone())>
                                    "Load into the editor"
                                </button>
                            }
                                .into_any()
                        }
                    })
            }}
        </section>
    }
}
