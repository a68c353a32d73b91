//! The workspace as one file: export every run, the queue and the settings; import one (its runs
//! join without overwriting); and how full this browser's storage is, with an export at hand.

use super::download;
use super::store::Usage;
use crate::experiment::results::{RunRecord, WorkspaceFile};
use crate::experiment::Config;
use leptos::prelude::*;

fn megabytes(bytes: f64) -> String {
    if bytes >= 1e9 {
        format!("{:.1} GB", bytes / 1e9)
    } else {
        format!("{:.1} MB", bytes / 1e6)
    }
}

#[component]
pub fn WorkspaceFiles(
    #[prop(into)] records: Signal<Vec<RunRecord>>,
    #[prop(into)] queue: Signal<Vec<Config>>,
    #[prop(into)] settings: Signal<Config>,
    #[prop(into)] usage: Signal<Option<Usage>>,
    /// Runs being written to storage now.
    #[prop(into)]
    saving: Signal<usize>,
    /// Why the browser refused the last save.
    #[prop(into)]
    refused: Signal<Option<String>>,
    on_import: Callback<WorkspaceFile>,
) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let file = WorkspaceFile::new(records.get_untracked(), queue.get_untracked(), settings.get_untracked());
        let saved = serde_json::to_string(&file)
            .map_err(|e| e.to_string())
            .and_then(|text| download::text("devcircuit-workspace.json", &text));
        error.set(saved.err().map(|e| format!("The workspace could not be exported: {e}")));
    };
    let on_file = move |ev: web_sys::Event| {
        let Some(t) = ev.target() else { return };
        leptos::task::spawn_local(async move {
            match super::infer_panel::file_text(t)
                .await
                .and_then(|text| WorkspaceFile::read(&text))
            {
                Ok(file) => {
                    error.set(None);
                    on_import.run(file)
                }
                Err(e) => error.set(Some(format!("devcircuit-workspace.json: {e}"))),
            }
        });
    };
    view! {
        <div class="buttons workspace-file">
            <button class="secondary" data-testid="export-workspace" on:click=export>
                "Workspace file (runs, queue, settings)"
            </button>
            <label class="file">
                "Import a workspace file "
                <input type="file" accept=".json,application/json" data-testid="import-workspace" on:change=on_file />
            </label>
        </div>
        {move || {
            error
                .get()
                .map(|e| {
                    view! {
                        <p class="field-error" role="alert" data-testid="workspace-error">
                            {e}
                        </p>
                    }
                })
        }}
        <p
            class="muted"
            data-testid="saving"
            data-runs=move || saving.get().to_string()
            class:hidden=move || saving.get() == 0
        >
            {move || format!("Saving {} run(s) to this browser… (a reload now would lose them)", saving.get())}
        </p>
        {move || {
            usage
                .get()
                .map(|u| {
                    let kept = if u.persistent {
                        "kept under storage pressure"
                    } else {
                        "may be evicted under storage pressure"
                    };
                    view! {
                        <p class="muted" data-testid="storage-usage" data-used=u.used data-quota=u.quota>
                            {format!(
                                "Stored in this browser: {} of {} ({kept}).",
                                megabytes(u.used),
                                megabytes(u.quota),
                            )}
                        </p>
                    }
                })
        }}
        {move || {
            let room = refused
                .get()
                .map(|why| {
                    format!(
                        "This browser refused to store more runs ({why}): export the workspace now, then clear old \
                        runs; the runs not saved stay in this page until it is closed.",
                    )
                })
                .or_else(|| {
                    usage
                        .get()
                        .filter(Usage::nearly_full)
                        .map(|u| {
                            format!(
                                "This browser's storage for devcircuit is {:.0} % full: export the workspace now, then \
                                clear old runs; runs that do not fit will not be saved.",
                                100.0 * u.used / u.quota,
                            )
                        })
                });
            room.map(|text| {
                view! {
                    <p class="notice" role="alert" data-testid="storage-warning">
                        {text}
                        " "
                        <button data-testid="storage-export" on:click=export>
                            "Export the workspace"
                        </button>
                    </p>
                }
            })
        }}
    }
}
