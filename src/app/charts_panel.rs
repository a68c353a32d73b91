//! The overlay charts: training loss, test accuracy per epoch and a task metric against ρ,
//! mean across seeds with confidence bands, redrawn from memos (the loss at most every 400 ms).

use super::{chart, download};
use crate::experiment::report::Ghost;
use crate::experiment::results::{smooth, RunRecord, Summaries};
use leptos::html::Canvas;
use leptos::prelude::*;

#[component]
/// The charts of every run (`records`, with loss histories; `summary` without; `stats` from
/// the summary worker),
/// the shown run's loss (`current`) and ghost curves; drawing and export errors go to `on_error`.
pub fn Charts(
    #[prop(into)] records: Signal<Vec<RunRecord>>,
    summary: Memo<Vec<RunRecord>>,
    stats: RwSignal<Summaries>,
    #[prop(into)] ghosts: Signal<Vec<Ghost>>,
    #[prop(into)] current: Signal<Option<u64>>,
    on_error: Callback<String>,
) -> impl IntoView {
    let loss = NodeRef::<Canvas>::new();
    let acc = NodeRef::<Canvas>::new();
    // Memos: the accuracy chart redraws only when an accuracy changed, not at every batch.
    let conds = Memo::new(move |_| stats.with(|s| s.conditions.clone()));
    let conditions = Memo::new(move |_| stats.with(Summaries::accuracy_only));

    let fallback = Memo::new(move |_| {
        records.with(|rs| {
            rs.iter()
                .filter_map(|r| Some((r.fallback_at?, smooth(&r.losses, 0.2))))
                .flat_map(|(f, s)| s.into_iter().filter(move |l| l.0 >= f).map(|l| (l.0 as f64, l.1)))
                .collect::<Vec<(f64, f64)>>()
        })
    });
    let report = move |r: Result<(), String>| {
        if let Err(e) = r {
            on_error.run(format!("chart: {e}"))
        }
    };
    // The loss chart redraws at most every 400 ms while a run logs batches (its own task).
    let pending = RwSignal::new(false);
    let last_draw = RwSignal::new(f64::NEG_INFINITY);
    Effect::new(move |_| {
        conds.track();
        ghosts.track();
        fallback.track();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let wait = (400.0 - (super::scope::now_ms() - last_draw.get_untracked())).clamp(0.0, 400.0) as i32;
        leptos::task::spawn_local(async move {
            super::scope::sleep(wait).await;
            pending.set(false);
            last_draw.set(super::scope::now_ms());
            let (c, g, f) = (conds.get_untracked(), ghosts.get_untracked(), fallback.get_untracked());
            if let Some(canvas) = loss.get_untracked() {
                report(chart::draw_loss(canvas, &c, &g, &f))
            }
        });
    });
    Effect::new(move |_| {
        let (c, g) = (conditions.get(), ghosts.get());
        if let Some(canvas) = acc.get() {
            report(chart::draw_accuracy(canvas, &c, &g))
        }
    });
    let rho = NodeRef::<Canvas>::new();
    let series = Memo::new(move |_| stats.with(|s| s.rho.clone()));
    let metric =
        Memo::new(move |_| summary.with(|rs| rs.iter().rev().find(|r| r.task.is_some()).map(|r| r.config.task)));
    // With only reservoir-task runs, the loss and accuracy charts would stay empty: hide them.
    let tasks_only = Memo::new(move |_| {
        summary.with(|rs| {
            !rs.is_empty()
                && rs
                    .iter()
                    .all(|r| r.task.is_some() || r.config.task != crate::experiment::Task::Classify)
        })
    });
    Effect::new(move |_| {
        let (s, m) = (series.get(), metric.get());
        if let (Some(canvas), Some(task)) = (rho.get(), m) {
            let (name, higher) = task.metric();
            report(chart::draw_rho(
                canvas,
                &s,
                &format!("{name} ({} is better)", if higher { "higher" } else { "lower" }),
            ))
        }
    });
    let current = Memo::new(move |_| {
        current
            .get()
            .and_then(|id| records.with(|rs| rs.iter().find(|r| r.id == id).map(|r| r.losses.clone())))
    });
    let cur = move || current.get().unwrap_or_default();
    view! {
        <div class="charts" id="results" data-panel="charts" data-testid="charts">
            <figure class="chart" class:hidden=move || tasks_only.get()>
                <canvas
                    data-testid="loss-chart"
                    node_ref=loss
                    width="720"
                    height="320"
                    data-points=move || cur().len().to_string()
                    data-first=move || cur().first().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                    data-last=move || cur().last().map(|p| format!("{:.4}", p.1)).unwrap_or_default()
                    role="img"
                    aria-label="training loss per batch, one line per condition"
                ></canvas>
                <figcaption>
                    "Training loss per batch (moving average), mean across seeds with a 95 % confidence band; dashed \
                        grey: another link's recorded results; × marks batches of a run restarted on the CPU (from its \
                        initial weights) after a WebGPU failure."
                    <button
                        class="secondary small"
                        data-testid="png-loss"
                        on:click=move |_| {
                            download::report_to(on_error, download::canvas_png("loss-chart", "devcircuit-loss.png"));
                        }
                    >
                        "PNG"
                    </button>
                </figcaption>
            </figure>
            <figure class="chart" class:hidden=move || tasks_only.get()>
                <canvas
                    data-testid="accuracy-chart"
                    node_ref=acc
                    width="720"
                    height="320"
                    role="img"
                    aria-label="test accuracy per epoch, one line per condition"
                ></canvas>
                <figcaption>
                    "Test accuracy before training (epoch 0) and after each epoch: mean across seeds with a 95 % \
                        confidence band (Student's t)."
                    <button
                        class="secondary small"
                        data-testid="png-accuracy"
                        on:click=move |_| {
                            download::report_to(
                                on_error,
                                download::canvas_png("accuracy-chart", "devcircuit-accuracy.png"),
                            );
                        }
                    >
                        "PNG"
                    </button>
                </figcaption>
            </figure>
            <figure class="chart" class:hidden=move || metric.get().is_none()>
                <canvas
                    data-testid="rho-chart"
                    node_ref=rho
                    width="720"
                    height="320"
                    role="img"
                    aria-label="task metric against spectral radius, one line per condition"
                    data-series=move || {
                        series
                            .with(|s| {
                                s.iter()
                                    .map(|l| {
                                        format!(
                                            "{}:{}",
                                            l.label,
                                            l
                                                .points
                                                .iter()
                                                .map(|(r, p)| format!("{r}={}", p.mean))
                                                .collect::<Vec<_>>()
                                                .join(","),
                                        )
                                    })
                                    .collect::<Vec<_>>()
                                    .join(";")
                            })
                    }
                ></canvas>
                <figcaption>
                    {move || {
                        format!(
                            "{} against the spectral radius ρ of W_rec: mean across seeds with a 95 % confidence band \
                                (Student's t), one line per condition.",
                            metric.get().map_or("Task metric", |t| t.metric().0),
                        )
                    }}
                    <button
                        class="secondary small"
                        data-testid="png-rho"
                        on:click=move |_| {
                            download::report_to(on_error, download::canvas_png("rho-chart", "devcircuit-rho.png"));
                        }
                    >
                        "PNG"
                    </button>
                </figcaption>
            </figure>
        </div>
    }
}
