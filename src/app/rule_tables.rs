//! The rule editor's tables: what a regrowth changed (quantity, before, after) and the
//! attractors of the current rules in each developmental epoch.

use crate::experiment::explore::EpochAttractors;
use leptos::prelude::*;

/// The regrown circuit against the previous one, changed rows first (nothing before a regrowth).
#[component]
pub fn RegrowDiff(#[prop(into)] rows: Signal<Option<Vec<(String, f64, f64)>>>) -> impl IntoView {
    view! {
        {move || {
            rows.get()
                .map(|rows| {
                    view! {
                        <div class="table-wrap">
                            <table data-testid="regrow-diff">
                                <caption>"Regrown vs previous circuit (same seed); changed rows first"</caption>
                                <thead>
                                    <tr>
                                        <th>"quantity"</th>
                                        <th>"before"</th>
                                        <th>"after"</th>
                                        <th>"change"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|(q, b, a)| {
                                            let fmt = |v: f64| {
                                                if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v:.3}") }
                                            };
                                            view! {
                                                <tr class:changed=a != b data-quantity=q.clone()>
                                                    <td>{q.clone()}</td>
                                                    <td>{fmt(b)}</td>
                                                    <td>{fmt(a)}</td>
                                                    <td>
                                                        {if a == b {
                                                            "=".to_string()
                                                        } else {
                                                            format!("{:+}", ((a - b) * 1000.0).round() / 1000.0)
                                                        }}
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }
                })
        }}
    }
}

/// The four attractors with the largest basins per developmental epoch.
#[component]
pub fn AttractorTable(#[prop(into)] table: Signal<Vec<EpochAttractors>>) -> impl IntoView {
    view! {
        <h3>"Attractors of the current rules in each developmental epoch"</h3>
        <p class="muted">
            "Synchronous attractors with the time inputs (tNeuro, tL5, tUL, tGlia) held as in that epoch: the four \
                with the largest basins (states that end there) per epoch; genes listed are those on."
        </p>
        <div class="table-wrap">
            <table data-testid="attractor-table">
                <thead>
                    <tr>
                        <th>"epoch (from step)"</th>
                        <th>"attractor"</th>
                        <th>"length"</th>
                        <th>"basin"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        table
                            .get()
                            .into_iter()
                            .flat_map(|ep| {
                                let genes = ep.report.genes.clone();
                                let mut atts = ep.report.synchronous_attractors;
                                let total = atts.len();
                                atts.sort_by_key(|a| std::cmp::Reverse(a.basin));
                                let how = if ep.report.exhaustive {
                                    String::new()
                                } else {
                                    format!(
                                        " found from 10,000 random starts (more than {} free genes: the exhaustive \
                                        search would take too long here)",
                                        crate::experiment::explore::EPOCH_EXHAUSTIVE_MAX,
                                    )
                                };
                                let label = format!(
                                    "{} (from step {}): {total} attractors{how}",
                                    ep.epoch,
                                    ep.from_step,
                                );
                                atts.into_iter()
                                    .take(4)
                                    .enumerate()
                                    .map(move |(k, a)| {
                                        let on: Vec<&str> = genes
                                            .iter()
                                            .enumerate()
                                            .filter(|(g, _)| a.raw[0] >> g & 1 == 1)
                                            .map(|(_, n)| n.as_str())
                                            .collect();
                                        view! {
                                            <tr data-epoch=ep.epoch>
                                                <td>{if k == 0 { label.clone() } else { String::new() }}</td>
                                                <td class="genes">
                                                    {if on.is_empty() { "(all off)".into() } else { on.join(" ") }}
                                                </td>
                                                <td>{a.length}</td>
                                                <td>{a.basin.map_or("—".into(), |b| b.to_string())}</td>
                                            </tr>
                                        }
                                    })
                                    .collect::<Vec<_>>()
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}
