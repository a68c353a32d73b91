//! What the page could not read (stored runs, a workspace file's runs, queue or settings), each
//! with its reason, exportable exactly as found: nothing unreadable is dropped or guessed at.

use super::download;
use crate::experiment::results::SetAside;
use leptos::prelude::*;

#[component]
pub fn SetAsideList(#[prop(into)] set_aside: Signal<Vec<SetAside>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let export = move |_| {
        let saved = serde_json::to_string_pretty(&set_aside.get_untracked())
            .map_err(|e| e.to_string())
            .and_then(|text| download::text("devcircuit-set-aside.json", &text));
        error.set(saved.err());
    };
    view! {
        <Show when=move || set_aside.with(|s| !s.is_empty())>
            <section class="panel set-aside" data-testid="set-aside">
                <h2>"Set aside"</h2>
                <p class="muted">
                    {move || {
                        format!(
                            "{} entries could not be read and are not shown; each is kept as found.",
                            set_aside.with(Vec::len),
                        )
                    }}
                </p>
                <ul>
                    {move || {
                        set_aside
                            .get()
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <li data-testid="set-aside-entry">
                                        <b>{format!("{} · {}", s.from, s.what)}</b>
                                        {format!(": {}", s.why)}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
                <button class="secondary" data-testid="export-set-aside" on:click=export>
                    "Export them as found"
                </button>
                {move || {
                    error
                        .get()
                        .map(|e| {
                            view! {
                                <p class="field-error" role="alert">
                                    {e}
                                </p>
                            }
                        })
                }}
            </section>
        </Show>
    }
}
