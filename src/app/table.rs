//! The results tables under the charts: one row per run (sortable by any column, a row click
//! shows that run's details), one row per condition with mean ± sd across seeds, and each
//! condition paired against its reference twin with a verdict.

use super::chart::css_colour;
use crate::experiment::paired::Verdict;
use crate::experiment::results::{condition_labels, Analysis, RunRecord, Summaries, Summary};
use crate::experiment::stats::Correction;
use crate::experiment::Topology;
use leptos::prelude::*;
use strum::IntoEnumIterator;

fn pct(a: Option<f64>) -> String {
    a.map_or("—".into(), |a| format!("{:.2}", a * 100.0))
}

fn mean_sd(s: Option<&Summary>) -> String {
    s.map_or("—".into(), |s| {
        if s.n > 1 {
            format!("{:.2} ± {:.2}", s.mean * 100.0, s.sd * 100.0)
        } else {
            format!("{:.2}", s.mean * 100.0)
        }
    })
}

/// A sortable cell value: numbers sort as numbers, text as text.
#[derive(Clone, PartialEq, PartialOrd)]
enum Key {
    Num(f64),
    Text(String),
}

fn columns(epochs: usize) -> Vec<String> {
    let mut c: Vec<String> = ["run", "condition", "seed", "iteration 0 (%)"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    c.extend((1..=epochs).map(|e| format!("epoch {e} (%)")));
    c.extend(
        ["ρ", "task metric", "echo state", "samples/s", "backend", "status"]
            .iter()
            .map(|s| s.to_string()),
    );
    c
}

fn row(r: &RunRecord, label: &str, epochs: usize) -> Vec<(Key, String)> {
    let num = |v: Option<f64>, text: String| (Key::Num(v.unwrap_or(f64::NEG_INFINITY)), text);
    let mut cells = vec![
        num(Some(r.id as f64), r.id.to_string()),
        (Key::Text(label.into()), label.into()),
        num(
            Some(r.config.seed as f64),
            format!("{}/{}/{}", r.config.seed, r.config.init_seed, r.config.data_seed),
        ),
        num(r.acc0, pct(r.acc0)),
    ];
    cells.extend((0..epochs).map(|e| num(r.accuracy.get(e).copied(), pct(r.accuracy.get(e).copied()))));
    cells.push(num(Some(r.config.radius), r.config.radius.to_string()));
    let metric = r.task.as_ref().map(|t| t.metric);
    cells.push(num(metric, metric.map_or("—".into(), |m| format!("{m:.4}"))));
    let echo = r
        .task
        .as_ref()
        .map_or("—", |t| if t.echo_state { "holds" } else { "fails" });
    cells.push((Key::Text(echo.into()), echo.into()));
    cells.push(num(Some(r.samples_per_second), format!("{:.0}", r.samples_per_second)));
    cells.push((Key::Text(r.backend.clone()), r.backend.clone()));
    cells.push((Key::Text(r.status.label()), r.status.label()));
    cells
}

/// From this many runs on, the table renders only the rows in view (a lab's workspace holds
/// thousands); below it every row is in the page.
const VIRTUAL_FROM: usize = 200;
/// A row's height in the windowed table (`.virtual` in the style sheet), in CSS pixels.
const ROW_PX: f64 = 30.0;
/// The windowed table's height, and the rows drawn beyond its edges while scrolling.
const VIEW_PX: f64 = 480.0;
const OVERSCAN: usize = 12;

/// One table row: the run, its metric (for tests and tools) and its cells.
#[derive(Clone, PartialEq)]
struct Row {
    id: u64,
    metric: String,
    cells: Vec<(Key, String)>,
}

/// The runs in table order: column names, epochs shown, each run's condition label, and the
/// order of the records (sorted by column `col`, descending when `desc`). Only the rows in view
/// are formatted (`row_of`); sorting by run, the default, formats none.
#[derive(Clone, PartialEq)]
struct Sorted {
    /// Counts the recomputations: the rows' text changes with the runs even when their order
    /// does not, so no two are equal.
    revision: u64,
    names: Vec<String>,
    epochs: usize,
    labels: Vec<String>,
    order: Vec<usize>,
}

impl Sorted {
    fn new(records: &[RunRecord], col: usize, desc: bool, revision: u64) -> Sorted {
        let epochs = records
            .iter()
            .map(|r| r.config.epochs.max(r.accuracy.len()))
            .max()
            .unwrap_or(1);
        let labels = condition_labels(records);
        let keys: Vec<Key> = if col == 0 {
            records.iter().map(|r| Key::Num(r.id as f64)).collect()
        } else {
            let at = |cells: Vec<(Key, String)>| cells.into_iter().nth(col).map_or(Key::Num(0.0), |c| c.0);
            records
                .iter()
                .zip(&labels)
                .map(|(r, l)| at(row(r, l, epochs)))
                .collect()
        };
        let mut order: Vec<usize> = (0..records.len()).collect();
        order.sort_by(|&a, &b| {
            let o = keys[a].partial_cmp(&keys[b]).unwrap_or(std::cmp::Ordering::Equal);
            if desc {
                o.reverse()
            } else {
                o
            }
        });
        Sorted {
            revision,
            names: columns(epochs),
            epochs,
            labels,
            order,
        }
    }

    /// The records shown in table positions `at`, with their labels.
    fn picked(&self, at: std::ops::Range<usize>) -> Vec<(usize, String)> {
        self.order[at].iter().map(|&i| (i, self.labels[i].clone())).collect()
    }
}

/// A run's row in the table.
fn row_of(r: &RunRecord, label: &str, epochs: usize) -> Row {
    Row {
        id: r.id,
        metric: r.task.as_ref().map(|t| t.metric.to_string()).unwrap_or_default(),
        cells: row(r, label, epochs),
    }
}

/// The rows `first..end` of `n` that a window scrolled to `top` pixels shows.
fn window(n: usize, top: f64) -> (usize, usize) {
    let first = ((top / ROW_PX).floor().max(0.0) as usize)
        .saturating_sub(OVERSCAN)
        .min(n);
    let end = (first + (VIEW_PX / ROW_PX).ceil() as usize + 2 * OVERSCAN).min(n);
    (first, end)
}

#[component]
/// Every run (from `summary`); clicking a row sets the `current` run. Large workspaces show
/// only the rows in view, in a scrolling box of fixed height.
pub fn RunsTable(summary: Memo<Vec<RunRecord>>, current: RwSignal<Option<u64>>) -> impl IntoView {
    let sort = RwSignal::new((0usize, false)); // (column, descending)
    let top = RwSignal::new(0.0f64);
    let table = Memo::new(move |before: Option<&Sorted>| {
        let (col, desc) = sort.get();
        let revision = before.map_or(0, |b| b.revision + 1);
        summary.with(|records| Sorted::new(records, col, desc, revision))
    });
    let virtual_ = move || table.with(|t| t.order.len() >= VIRTUAL_FROM);
    let head = move || {
        table
            .with(|t| t.names.clone())
            .into_iter()
            .enumerate()
            .map(move |(k, name)| header(k, name, sort))
            .collect_view()
    };
    let body = move || {
        let shown = current.get();
        let n = table.with(|t| t.order.len());
        let (first, end) = if n >= VIRTUAL_FROM {
            window(n, top.get())
        } else {
            (0, n)
        };
        let columns = table.with(|t| t.names.len());
        let spacer = move |rows: usize| {
            (rows > 0).then(|| {
                view! {
                    <tr class="spacer" aria-hidden="true">
                        <td colspan=columns style=format!("height: {}px", rows as f64 * ROW_PX)></td>
                    </tr>
                }
            })
        };
        // Read one after the other, not nested: the rows in view (index, label), then their runs.
        let (epochs, picked) = table.with(|t| (t.epochs, t.picked(first..end)));
        let visible: Vec<Row> = summary.with(|records| {
            picked
                .into_iter()
                .map(|(i, label)| row_of(&records[i], &label, epochs))
                .collect()
        });
        let visible = visible
            .into_iter()
            .map(|r| run_row(shown == Some(r.id), r, current))
            .collect_view();
        view! {
            {spacer(first)}
            {visible}
            {spacer(n - end)}
        }
    };
    view! {
        <div
            class="table-wrap"
            class:virtual=virtual_
            data-testid="results-scroll"
            on:scroll=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    top.set(el.scroll_top() as f64)
                }
            }
        >
            <table data-testid="results-table" data-rows=move || summary.with(|r| r.len()).to_string()>
                <caption>"Every run (click a header to sort, a row to inspect it)"</caption>
                <thead>
                    <tr>{head}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Column `k`'s header: a button that sorts by it (again: the other way round).
fn header(k: usize, name: String, sort: RwSignal<(usize, bool)>) -> impl IntoView {
    let mark = move || match sort.get() {
        (c, false) if c == k => " ▲",
        (c, true) if c == k => " ▼",
        _ => "",
    };
    let aria = move || match sort.get() {
        (c, false) if c == k => "ascending",
        (c, true) if c == k => "descending",
        _ => "none",
    };
    view! {
        <th aria-sort=aria>
            <button
                class="sort"
                data-testid=format!("sort-{k}")
                on:click=move |_| { sort.update(|s| *s = if s.0 == k { (k, !s.1) } else { (k, false) }) }
            >
                {name}
                {mark}
            </button>
        </th>
    }
}

/// One run's row; a click or Enter shows that run.
fn run_row(is_current: bool, r: Row, current: RwSignal<Option<u64>>) -> impl IntoView {
    let id = r.id;
    view! {
        <tr
            class:current=is_current
            data-run=id.to_string()
            data-metric=r.metric
            tabindex="0"
            on:click=move |_| current.set(Some(id))
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    current.set(Some(id))
                }
            }
        >
            {r.cells.into_iter().map(|c| view! { <td>{c.1}</td> }).collect_view()}
        </tr>
    }
}

#[component]
/// Accuracy or task metric per condition across seeds (from the summary worker's `stats`;
/// `fresh` says whether they are of the runs as they are now).
pub fn ConditionsTable(
    stats: RwSignal<Summaries>,
    fresh: RwSignal<bool>,
    summary: Memo<Vec<RunRecord>>,
) -> impl IntoView {
    // Without the loss curves: the table changes when an accuracy does, not at every batch.
    let conditions = Memo::new(move |_| stats.with(Summaries::accuracy_only));
    let body = move || {
        let conds = conditions.get();
        let epochs = conds
            .iter()
            .map(|c| c.accuracy.len())
            .max()
            .unwrap_or(1)
            .saturating_sub(1);
        let head = (1..=epochs)
            .map(|e| view! { <th>{format!("epoch {e} (%)")}</th> })
            .collect_view();
        let rows = conds
            .into_iter()
            .enumerate()
            .map(|(k, c)| {
                let cells = (0..=epochs)
                    .map(|e| view! { <td>{mean_sd(c.accuracy.get(e))}</td> })
                    .collect_view();
                let speed = c.samples_per_second.map_or("—".into(), |s| format!("{:.0}", s.mean));
                let ci = c
                    .accuracy
                    .last()
                    .filter(|s| s.n > 1)
                    .map_or("—".into(), |s| format!("± {:.2}", s.ci95 * 100.0));
                view! {
                    <tr data-condition=c.label.clone()>
                        <td>
                            <span class="swatch" style=format!("background:{}", css_colour(k))></span>
                            {c.label.clone()}
                        </td>
                        <td>{c.runs}</td>
                        {cells}
                        <td>{ci}</td>
                        <td>{speed}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <thead>
                <tr>
                    <th>"condition"</th>
                    <th>"runs"</th>
                    <th>"iteration 0 (%)"</th>
                    {head}
                    <th>"95 % CI (last)"</th>
                    <th>"samples/s"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        }
    };
    // Reservoir tasks have one value per run: their metric's mean, sd and CI per condition.
    let task_body = move || {
        let (rows, floors, per_neuron) = stats.with(|s| (s.metrics.clone(), s.floors.clone(), s.per_neuron.clone()));
        (!rows.is_empty()).then(|| {
            let rows = rows
                .into_iter()
                .map(|(label, s)| {
                    let floor = floors
                        .iter()
                        .find(|f| f.0 == label)
                        .map_or("—".into(), |f| format!("{:.4}", f.1));
                    let per_n = per_neuron
                        .iter()
                        .find(|f| f.0 == label)
                        .map_or("—".into(), |f| format!("{:.4}", f.1));
                    view! {
                        <tr data-condition=label.clone() data-mean=s.mean.to_string()>
                            <td>{label.clone()}</td>
                            <td>{s.n}</td>
                            <td>
                                {if s.n > 1 {
                                    format!("{:.4} ± {:.4}", s.mean, s.sd)
                                } else {
                                    format!("{:.4}", s.mean)
                                }}
                            </td>
                            <td>{if s.n > 1 { format!("± {:.4}", s.ci95) } else { "— (one run)".into() }}</td>
                            <td data-testid="per-neuron">{per_n}</td>
                            <td>{floor}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <table data-testid="task-summary-table">
                    <caption>"Reservoir tasks per condition across seeds: metric mean ± sd"</caption>
                    <thead>
                        <tr>
                            <th>"condition"</th>
                            <th>"runs"</th>
                            <th>"metric"</th>
                            <th>"95 % CI"</th>
                            <th title="the metric over the circuit's neuron count N (memory capacity is at most N)">
                                "per neuron"
                            </th>
                            <th title="memory capacity of a signal the reservoir never saw: the estimator's bias">
                                "floor"
                            </th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let state = move || match (fresh.get(), stats.with(|s| s.runs)) {
        (true, n) => format!("Statistics of {n} run(s), computed in the background."),
        (false, _) => "Updating the statistics…".to_string(),
    };
    view! {
        <div class="table-wrap">
            <p class="muted stats-state" data-testid="stats-state" data-fresh=move || fresh.get().to_string()>
                {state}
            </p>
            <table
                data-testid="summary-table"
                class:hidden=move || { conditions.with(|c| c.is_empty()) && summary.with(|r| !r.is_empty()) }
            >
                <caption>"Per condition across seeds: mean ± sd"</caption>
                {body}
            </table>
            {task_body}
        </div>
    }
}

/// A p-value as people read it: 0.0312, 4.1e-7.
fn p_text(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.1e}")
    } else {
        format!("{p:.4}")
    }
}

/// The verdict as a data attribute (better, worse, equivalent, different-within, inconclusive).
fn verdict_key(v: Verdict) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Each condition against its twin with the reference topology (same settings, same seeds):
/// mean paired difference, 95 % CI, p unadjusted and adjusted, and the verdict; the reference,
/// margin and correction are chosen here.
#[component]
pub fn PairedTable(stats: RwSignal<Summaries>, analysis: RwSignal<Analysis>) -> impl IntoView {
    let reference = RwSignal::new(Topology::Developmental);
    let correction = RwSignal::new(Correction::Holm);
    let margin_text = RwSignal::new(String::new());
    let margin = move || -> Result<Option<f64>, String> {
        let t = margin_text.get();
        if t.trim().is_empty() {
            return Ok(None);
        }
        match t.trim().parse::<f64>() {
            Ok(m) if m.is_finite() && m > 0.0 => Ok(Some(m)),
            _ => Err(format!("`{}` is not a positive margin", t.trim())),
        }
    };
    // The choices here are the analysis the summary worker computes.
    Effect::new(move |_| {
        let chosen = Analysis {
            margin: margin().ok().flatten(),
            correction: correction.get(),
            ..Analysis::against(reference.get())
        };
        if analysis.with_untracked(|a| *a != chosen) {
            analysis.set(chosen)
        }
    });
    let body = move || {
        let (rows, tasks) = stats.with(|s| (s.paired.clone(), s.tasks));
        let pct = |x: f64| {
            if tasks {
                format!("{x:+.4}")
            } else {
                format!("{:+.2}", x * 100.0)
            }
        };
        let rows = rows
            .into_iter()
            .map(|r| {
                let p = &r.paired;
                view! {
                    <tr
                        data-condition=r.label.clone()
                        data-verdict=verdict_key(p.verdict)
                        data-mean=p.mean.to_string()
                        data-p=p.p.to_string()
                        data-p-adjusted=p.p_adjusted.to_string()
                    >
                        <td>{r.label.clone()}</td>
                        <td>{r.reference.clone()}</td>
                        <td>{p.n}</td>
                        <td>{pct(p.mean)}</td>
                        <td>{format!("[{}, {}]", pct(p.ci95.0), pct(p.ci95.1))}</td>
                        <td>{p_text(p.p)}</td>
                        <td>{p_text(p.p_adjusted)}</td>
                        <td>{pct(p.detectable).trim_start_matches('+').to_string()}</td>
                        <td>{p.verdict.label(p.margin)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <thead>
                <tr>
                    <th>"condition"</th>
                    <th>"reference"</th>
                    <th>"paired seeds"</th>
                    <th>"mean difference"</th>
                    <th>"95 % CI"</th>
                    <th>"p"</th>
                    <th>"p adjusted"</th>
                    <th title="the smallest difference these seeds detect with 80 % power">"detectable"</th>
                    <th>"verdict"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        }
    };
    view! {
        <div class="table-wrap paired">
            <div class="inline-fields">
                <label>
                    "Reference topology"
                    <select
                        data-testid="paired-reference"
                        on:change=move |ev| {
                            if let Some(t) = Topology::parse(&event_target_value(&ev)) {
                                reference.set(t)
                            }
                        }
                    >
                        {Topology::iter()
                            .map(|t| {
                                view! {
                                    <option value=t.key() selected=move || reference.get() == t>
                                        {t.key()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Correction"
                    <select
                        data-testid="paired-correction"
                        on:change=move |ev| {
                            if let Some(c) = Correction::parse(&event_target_value(&ev)) {
                                correction.set(c)
                            }
                        }
                    >
                        {Correction::iter()
                            .map(|c| {
                                view! {
                                    <option value=c.key() selected=move || correction.get() == c>
                                        {c.describe()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Equivalence margin (blank: 1 accuracy point, or 5 % of a task metric)"
                    <input
                        data-testid="paired-margin"
                        type="text"
                        inputmode="decimal"
                        prop:value=move || margin_text.get()
                        on:change=move |ev| margin_text.set(event_target_value(&ev))
                    />
                    {move || {
                        margin()
                            .err()
                            .map(|e| {
                                view! {
                                    <span class="field-error" role="alert" data-testid="paired-margin-error">
                                        {e}
                                    </span>
                                }
                            })
                    }}
                </label>
            </div>
            <table data-testid="paired-table">
                <caption>
                    "Paired against the reference on shared seeds: condition − reference (accuracy in points, task \
                        metrics as they are). p tests a zero difference (paired t); the verdicts use the p-values \
                        adjusted over every row of this table (difference and equivalence tests in one \
                        correction): better or worse when a difference is significant at 0.05, equivalent when \
                        the two one-sided tests place it within ± the margin, different but within ±m when both \
                        hold. A margin typed here is chosen \
                        after seeing the data: for exploring; sweeps fix theirs in the plan."
                </caption>
                {body}
            </table>
        </div>
    }
}
