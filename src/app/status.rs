//! The page's status: the backend badge, notices, the queue and progress line with errors
//! (and Retry), and the keyboard-shortcuts dialog.

use super::backend::BackendInfo;
use super::{keys, RunState, Workspace};
use crate::experiment::results::RunStatus;
use crate::experiment::Config;
use leptos::prelude::*;

#[component]
pub fn BackendBadge(#[prop(into)] backend: Signal<BackendInfo>) -> impl IntoView {
    view! {
        <section class="backend" aria-live="polite">
            <span>"Backend: "</span>
            <strong data-testid="backend" data-key=move || backend.get().key.name()>
                {move || backend.get().label}
            </strong>
            {move || {
                backend
                    .get()
                    .notice
                    .map(|n| {
                        view! {
                            <p class="notice" data-testid="backend-notice">
                                {n}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn Notices(#[prop(into)] notices: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <ul class="notices" data-testid="notices">
            {move || notices.get().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
        </ul>
    }
}

/// The queue line: which run of the batch, how many wait, and an ETA from recent runs.
pub fn eta_line(run: RunState, work: Workspace) -> String {
    let (done, total) = run.batch.get();
    let pending = work.queue.get().len();
    if !run.running.get() {
        return if pending > 0 {
            format!("{pending} run(s) queued, waiting (Resume queue).")
        } else {
            String::new()
        };
    }
    let walls: Vec<f64> = work.summary.with(|rs| {
        rs.iter()
            .rev()
            .filter(|r| r.status == RunStatus::Done && r.wall_seconds > 0.0)
            .take(5)
            .map(|r| r.wall_seconds)
            .collect()
    });
    let eta = if walls.is_empty() {
        "ETA after the first run".to_string()
    } else {
        let mean = walls.iter().sum::<f64>() / walls.len() as f64;
        let left = (mean * (pending as f64 + 0.5)).round() as u64;
        format!("about {} min {} s left", left / 60, left % 60)
    };
    format!(
        "Run {} of {total}{} · {pending} queued · {eta}",
        (done + 1).min(total.max(1)),
        if run.paused.get() { " (paused)" } else { "" }
    )
}

/// The queue line, the current run's progress and status, and the error with Retry (which
/// goes up through `on_retry` with the run to repeat).
#[component]
pub fn Progress(
    queue_line: Signal<String>,
    #[prop(into)] progress: Signal<(f64, String)>,
    #[prop(into)] status: Signal<String>,
    #[prop(into)] batch_heard_ms: Signal<f64>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] retry: Signal<Option<Config>>,
    on_retry: Callback<Config>,
) -> impl IntoView {
    view! {
        <section class="progress" data-panel="progress">
            <p data-testid="queue-line" class="queue-line" aria-live="polite">
                {move || queue_line.get()}
            </p>
            <progress data-testid="progress" max="1" prop:value=move || progress.get().0></progress>
            <span data-testid="progress-label">{move || progress.get().1}</span>
            <p
                data-testid="status"
                class="status"
                aria-live="polite"
                data-batch-heard-ms=move || format!("{:.0}", batch_heard_ms.get())
            >
                {move || status.get()}
            </p>
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="error" role="alert" data-testid="error">
                                {e}
                                {move || {
                                    retry
                                        .get()
                                        .map(|cfg| {
                                            view! {
                                                <button data-testid="retry" on:click=move |_| on_retry.run(cfg.clone())>
                                                    "Retry"
                                                </button>
                                            }
                                        })
                                }}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
pub fn Shortcuts(open: RwSignal<bool>) -> impl IntoView {
    view! {
        {move || {
            open.get()
                .then(|| {
                    view! {
                        <div
                            class="dialog"
                            role="dialog"
                            aria-modal="true"
                            aria-label="keyboard shortcuts"
                            data-testid="shortcuts"
                        >
                            <h2>"Keyboard shortcuts"</h2>
                            <dl>
                                {keys::SHORTCUTS
                                    .iter()
                                    .map(|(k, what)| {
                                        view! {
                                            <dt>
                                                <kbd>{*k}</kbd>
                                            </dt>
                                            <dd>{*what}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                            <p class="muted">
                                "Tab moves through every control; Enter on a results row shows that run."
                            </p>
                            <button on:click=move |_| open.set(false)>"Close"</button>
                        </div>
                    }
                })
        }}
    }
}
