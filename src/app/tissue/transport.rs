//! The timeline's transport under the tissue: play / pause, turn, one frame back or forward,
//! speed, the scrubber, the shown step and the frame rate. Moves `frame` and the camera only.

use super::animate::{animate, page_hidden, reduced_motion, FpsMeter};
use super::render::Camera;
use leptos::prelude::*;

/// Frames advanced per second at 1× (fewer when the reader asked for reduced motion).
fn frame_rate() -> f64 {
    if reduced_motion() {
        4.0
    } else {
        12.0
    }
}

/// Plays the timeline from `frame` to its end at `speed`; while a frame waits its turn the
/// camera keeps turning slowly. Stops at the end, on Pause, or when the page is hidden.
fn play_timeline(
    frame: RwSignal<usize>,
    frames: Signal<usize>,
    playing: RwSignal<bool>,
    speed: RwSignal<f64>,
    view: RwSignal<Camera>,
    fps: RwSignal<f64>,
) {
    let (mut last, mut acc, mut meter) = (None::<f64>, 0.0, FpsMeter::new(fps));
    let rate = frame_rate();
    animate(playing, move |ms| {
        if page_hidden() {
            playing.set(false);
            return;
        }
        let dt = last.map_or(0.0, |l| ms - l) / 1000.0;
        last = Some(ms);
        acc += dt * rate * speed.get_untracked();
        let n = frames.get_untracked();
        if acc >= 1.0 {
            let next = frame
                .get_untracked()
                .min(n.saturating_sub(1))
                .saturating_add(acc as usize);
            acc = acc.fract();
            if next >= n {
                frame.set(n.saturating_sub(1));
                playing.set(false);
            } else {
                frame.set(next)
            }
        } else if !reduced_motion() {
            view.update(|v| v.yaw += dt * 0.15);
        }
        meter.frame(ms);
    });
}

/// Turns the camera about the vertical axis until `spinning` goes false.
fn spin_camera(spinning: RwSignal<bool>, view: RwSignal<Camera>, fps: RwSignal<f64>) {
    let (mut last, mut meter) = (None::<f64>, FpsMeter::new(fps));
    animate(spinning, move |ms| {
        if page_hidden() {
            spinning.set(false);
            return;
        }
        let dt = last.map_or(0.0, |l| ms - l) / 1000.0;
        last = Some(ms);
        view.update(|v| v.yaw += dt * if reduced_motion() { 0.1 } else { 0.6 });
        meter.frame(ms);
    });
}

/// The transport bar. `frames` is the timeline's length, `step` the developmental hour shown;
/// it moves `frame` and the camera `view`, and writes the animation's frame rate to `fps`.
#[component]
pub fn Transport(
    frame: RwSignal<usize>,
    frames: Signal<usize>,
    step: Signal<u32>,
    view: RwSignal<Camera>,
    fps: RwSignal<f64>,
) -> impl IntoView {
    let playing = RwSignal::new(false);
    let spinning = RwSignal::new(false);
    let speed = RwSignal::new(1.0f64);
    let play = move |_| {
        if playing.get_untracked() {
            return playing.set(false);
        }
        if frame.get_untracked() >= frames.get_untracked().saturating_sub(1) {
            frame.set(0)
        }
        playing.set(true);
        play_timeline(frame, frames, playing, speed, view, fps);
    };
    let spin = move |_| {
        if spinning.get_untracked() {
            return spinning.set(false);
        }
        spinning.set(true);
        spin_camera(spinning, view, fps);
    };
    // With no tissue (a lethal knock-out, or before the first growth) there is nothing to step.
    let step_by = move |d: i64| {
        playing.set(false);
        let n = frames.get_untracked() as i64;
        if n > 0 {
            frame.update(|f| *f = ((*f).min(n as usize - 1) as i64 + d).clamp(0, n - 1) as usize)
        }
    };
    view! {
        <div class="scrub">
            <button data-testid="play" on:click=play>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <button class="secondary" data-testid="spin" aria-pressed=move || spinning.get().to_string() on:click=spin>
                {move || if spinning.get() { "Stop turning" } else { "Turn" }}
            </button>
            <button class="secondary" data-testid="step-back" aria-label="one frame back" on:click=move |_| step_by(-1)>
                "◀"
            </button>
            <button
                class="secondary"
                data-testid="step-forward"
                aria-label="one frame forward"
                on:click=move |_| step_by(1)
            >
                "▶"
            </button>
            <label class="inline">
                "speed "
                <select
                    data-testid="speed"
                    on:change=move |ev| speed.set(event_target_value(&ev).parse().unwrap_or(1.0))
                >
                    <option value="0.5">"½×"</option>
                    <option value="1" selected>
                        "1×"
                    </option>
                    <option value="2">"2×"</option>
                    <option value="4">"4×"</option>
                </select>
            </label>
            <input
                data-testid="scrubber"
                type="range"
                min="0"
                aria-label="timeline frame"
                prop:max=move || frames.get().saturating_sub(1).to_string()
                prop:value=move || frame.get().min(frames.get().saturating_sub(1)).to_string()
                on:input=move |ev| {
                    playing.set(false);
                    frame.set(event_target_value(&ev).parse().unwrap_or(0));
                }
            />
            <span data-testid="step" data-step=move || step.get().to_string()>
                {move || format!("step {} h", step.get())}
            </span>
            <span class="muted" data-testid="fps">
                {move || if fps.get() > 0.0 { format!("{:.0} fps", fps.get()) } else { String::new() }}
            </span>
        </div>
    }
}
