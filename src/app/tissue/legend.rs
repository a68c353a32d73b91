//! The tissue's legend: one button per cell type with its colour and count at the shown step;
//! a click asks to hide or show that type.

use super::render::TYPE_COLOURS;
use crate::development::cell::ALL_TYPES;
use leptos::prelude::*;

/// Counts and hidden flags come in by type index; `on_toggle` receives the type clicked.
#[component]
pub fn TypeLegend(counts: Signal<[u32; 8]>, hidden: Signal<[bool; 8]>, on_toggle: Callback<usize>) -> impl IntoView {
    view! {
        <ul class="legend" data-testid="type-counts">
            {ALL_TYPES
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    view! {
                        <li data-type=t.key() data-count=move || counts.get()[k].to_string()>
                            <button
                                class="legend-toggle"
                                class:off=move || hidden.get()[k]
                                aria-pressed=move || (!hidden.get()[k]).to_string()
                                title="show or hide this cell type"
                                on:click=move |_| on_toggle.run(k)
                            >
                                <span class="swatch" style=format!("background:{}", TYPE_COLOURS[k])></span>
                                {t.label()}
                                ": "
                                <strong>{move || counts.get()[k]}</strong>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
