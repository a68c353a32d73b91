//! The plasticity view's drawings: W as signed weights before and after the phase, the weight
//! distribution before and after, and the traced gains or weights over the phase.

use super::circuit_draw::ctx2d;

const BEFORE: &str = "#999999";
const AFTER: &str = "#E69F00";
const TRACE: [&str; 4] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"];

/// Signed weights, presynaptic rows × postsynaptic columns: excitatory blue, inhibitory
/// vermillion, intensity by |w| over `max` (shared by both maps, so they compare).
pub fn weights(c: &web_sys::HtmlCanvasElement, w: &[f64], n: usize, max: f64) -> Option<()> {
    let (ctx, side, _) = ctx2d(c)?;
    let mut px = vec![255u8; n * n * 4];
    for (k, &v) in w.iter().enumerate() {
        let a = (libm::sqrt(v.abs() / max.max(1e-12))).min(1.0);
        let rgb = if v > 0.0 {
            [0.0, 114.0, 178.0]
        } else {
            [213.0, 94.0, 0.0]
        };
        let mix = |c: f64| (255.0 - (255.0 - c) * a) as u8;
        px[k * 4..k * 4 + 3].copy_from_slice(&[mix(rgb[0]), mix(rgb[1]), mix(rgb[2])]);
    }
    super::pixels::blit(&ctx, &px, n, n, (0.0, 0.0, side, side))
}

/// Histograms of the nonzero weights before (grey) and after (orange) on shared bins.
pub fn distribution(c: &web_sys::HtmlCanvasElement, before: &[f64], after: &[f64]) -> Option<()> {
    let (ctx, w, h) = ctx2d(c)?;
    let nz = |v: &[f64]| v.iter().copied().filter(|x| *x != 0.0).collect::<Vec<f64>>();
    let (b, a) = (nz(before), nz(after));
    let lo = b.iter().chain(&a).copied().fold(0.0, f64::min);
    let hi = b.iter().chain(&a).copied().fold(0.0, f64::max);
    const BINS: usize = 40;
    let count = |v: &[f64]| {
        let mut out = [0u32; BINS];
        for x in v {
            out[(((x - lo) / (hi - lo).max(1e-12)) * BINS as f64).min(BINS as f64 - 1.0) as usize] += 1;
        }
        out
    };
    let (cb, ca) = (count(&b), count(&a));
    let top = cb.iter().chain(&ca).copied().max().unwrap_or(1).max(1) as f64;
    let bw = (w - 10.0) / BINS as f64;
    for (counts, colour, inset) in [(&cb, BEFORE, 0.0), (&ca, AFTER, bw / 3.0)] {
        ctx.set_fill_style_str(colour);
        for (k, &m) in counts.iter().enumerate() {
            let bh = (h - 34.0) * m as f64 / top;
            ctx.fill_rect(5.0 + k as f64 * bw + inset, h - 18.0 - bh, bw * 2.0 / 3.0 - 1.0, bh);
        }
    }
    ctx.set_fill_style_str("#1b1f24");
    let _ = ctx.fill_text("weights: before (grey) and after (orange)", 5.0, 12.0);
    let _ = ctx.fill_text(&format!("{lo:.3}"), 5.0, h - 4.0);
    let _ = ctx.fill_text(&format!("{hi:.3}"), w - 44.0, h - 4.0);
    Some(())
}

/// Each traced quantity over the phase, on one shared scale, with its label.
pub fn traces(c: &web_sys::HtmlCanvasElement, series: &[Vec<f64>], labels: &[String], steps: usize) -> Option<()> {
    let (ctx, w, h) = ctx2d(c)?;
    let all = series.iter().flatten().copied();
    let (lo, hi) = all.fold((f64::MAX, f64::MIN), |(l, u), v| (l.min(v), u.max(v)));
    let span = (hi - lo).max(1e-12);
    for (k, s) in series.iter().enumerate() {
        ctx.set_stroke_style_str(TRACE[k % TRACE.len()]);
        ctx.begin_path();
        for (t, v) in s.iter().enumerate() {
            let x = 5.0 + (w - 10.0) * t as f64 / (s.len().max(2) - 1) as f64;
            let y = h - 18.0 - (h - 48.0) * (v - lo) / span;
            if t == 0 {
                ctx.move_to(x, y)
            } else {
                ctx.line_to(x, y)
            }
        }
        ctx.stroke();
        ctx.set_fill_style_str(TRACE[k % TRACE.len()]);
        let _ = ctx.fill_text(&labels[k], 5.0 + k as f64 * (w - 10.0) / 4.0, 26.0);
    }
    ctx.set_fill_style_str("#1b1f24");
    let _ = ctx.fill_text(&format!("over the phase ({lo:.3} … {hi:.3})"), 5.0, 12.0);
    let _ = ctx.fill_text("step 0", 5.0, h - 4.0);
    let _ = ctx.fill_text(&format!("{steps}"), w - 40.0, h - 4.0);
    Some(())
}
