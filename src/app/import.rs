//! Opening a collected sweep (`devcircuit sweep collect` → summary.json): its runs join the
//! workspace marked imported, and a sample of their circuits is regrown here to check fingerprints.

use crate::experiment::results::RunRecord;
use leptos::prelude::*;

/// How many distinct circuits of an import are regrown to check their fingerprints.
const SAMPLE: usize = 3;

/// The records of a summary.json, or why it is not one.
fn parse(name: &str, text: &str) -> Result<Vec<RunRecord>, String> {
    let v: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("{name}: not JSON (line {}, column {}): {e}", e.line(), e.column()))?;
    let records = v.get("records").ok_or(format!(
        "{name}: no `records`; open the summary.json that `devcircuit sweep collect` wrote"
    ))?;
    serde_json::from_value(records.clone()).map_err(|e| format!("{name}: a record does not read: {e}"))
}

/// Regrows the first `SAMPLE` distinct circuits and says whether their fingerprints match.
fn check_fingerprints(records: &[RunRecord]) -> String {
    let mut seen: Vec<(u64, Vec<String>)> = vec![];
    let mut lines = vec![];
    for r in records.iter().filter(|r| !r.fingerprint.is_empty()) {
        let key = (r.config.seed, r.config.knockouts.clone());
        if seen.contains(&key) || seen.len() >= SAMPLE {
            continue;
        }
        seen.push(key);
        lines.push(match super::growth::grow(&r.config) {
            Ok(b) if b.fingerprint == r.fingerprint => {
                format!("seed {} reproduced ✓ ({})", r.config.seed, b.fingerprint)
            }
            Ok(b) => format!(
                "seed {} not reproduced ✗: the sweep recorded {}, this page grows {}",
                r.config.seed, r.fingerprint, b.fingerprint
            ),
            Err(e) => format!("seed {} could not be regrown: {e}", r.config.seed),
        });
    }
    lines.join("; ")
}

#[component]
/// Opens a collected sweep's summary.json; its runs go up through `on_import`.
pub fn SweepImport(on_import: Callback<Vec<RunRecord>>) -> impl IntoView {
    let message = RwSignal::new(None::<Result<String, String>>);
    let on_file = move |ev: web_sys::Event| {
        let Some(t) = ev.target() else { return };
        leptos::task::spawn_local(async move {
            let result = match super::infer_panel::file_text(t).await {
                Err(e) => Err(e),
                Ok(text) => parse("summary.json", &text).map(|recs| {
                    let checked = check_fingerprints(&recs);
                    let n = recs.len();
                    on_import.run(recs);
                    format!("Imported {n} runs (marked imported in the table). Fingerprints: {checked}.")
                }),
            };
            message.set(Some(result));
        });
    };
    view! {
        <div class="import">
            <label>
                "Open a collected sweep (summary.json from `devcircuit sweep collect`) "
                <input type="file" accept=".json,application/json" data-testid="import-sweep" on:change=on_file />
            </label>
            {move || {
                message
                    .get()
                    .map(|m| match m {
                        Ok(t) => {
                            view! {
                                <p class="notice" data-testid="import-result">
                                    {t}
                                </p>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! {
                                <p class="field-error" role="alert" data-testid="import-error">
                                    {e}
                                </p>
                            }
                                .into_any()
                        }
                    })
            }}
        </div>
    }
}
