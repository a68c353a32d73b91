//! Draws the tissue: a timeline frame projected from a camera and splatted into one image,
//! the per-type count chart, and picking a cell under the pointer from what was drawn.

use crate::app::grown::Explored;
use wasm_bindgen::JsCast;

/// Okabe-Ito colours, one per cell type (colour-blind safe), in `ALL_TYPES` order.
pub const TYPE_COLOURS: [&str; 8] = [
    "#E69F00", "#56B4E9", "#CC79A7", "#0072B2", "#009E73", "#D55E00", "#F0E442", "#999999",
];

/// Camera: yaw and pitch in radians, zoom factor.
#[derive(Clone, Copy, PartialEq)]
pub struct Camera {
    pub yaw: f64,
    pub pitch: f64,
    pub zoom: f64,
}

/// A drawn cell on the canvas: (x, y, radius, lineage slot).
pub type Spot = (f64, f64, f64, u32);

/// What one drawn frame showed.
#[derive(Clone, Default, PartialEq)]
pub struct Drawn {
    pub step: u32,
    pub counts: [u32; 8],
    /// Far to near, so the last hit is the front cell.
    pub spots: Vec<Spot>,
}

impl Drawn {
    /// The lineage slot of the cell drawn nearest to (x, y), if one is under the pointer.
    pub fn pick(&self, x: f64, y: f64) -> Option<u32> {
        self.spots
            .iter()
            .rev()
            .find(|p| (p.0 - x).powi(2) + (p.1 - y).powi(2) <= (p.2 + 2.0).powi(2))
            .map(|p| p.3)
    }
}

pub fn ctx2d(c: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    c.get_context("2d").ok()??.dyn_into().ok()
}

fn rgb(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// Splats shaded discs (far to near) into an RGBA buffer: one put_image_data per frame keeps
/// 5,000 cells well within a frame's budget, where 5,000 canvas calls would not.
fn splat(buf: &mut [u8], w: usize, h: usize, pts: &[(f64, f64, u8)], r: f64) {
    // Hidden types never reach here (filtered by `draw`).
    let colours: Vec<[u8; 3]> = TYPE_COLOURS.iter().map(|c| rgb(c)).collect();
    let ri = r.ceil() as i64;
    // The disc's pixels once: offset and light (lit from the upper left, a dark rim).
    let stencil: Vec<(i64, i64, f64)> = (-ri..=ri)
        .flat_map(|dy| (-ri..=ri).map(move |dx| (dx, dy)))
        .filter_map(|(dx, dy)| {
            let d2 = (dx * dx + dy * dy) as f64;
            (d2 <= r * r).then(|| {
                (
                    dx,
                    dy,
                    if d2 > (r - 1.0).max(0.0).powi(2) {
                        0.55
                    } else {
                        1.08 - 0.3 * ((dx + dy) as f64 / (2.0 * r) + 0.5)
                    },
                )
            })
        })
        .collect();
    let shades: Vec<Vec<[u8; 3]>> = colours
        .iter()
        .map(|c| {
            stencil
                .iter()
                .map(|s| c.map(|v| (v as f64 * s.2).min(255.0) as u8))
                .collect()
        })
        .collect();
    for &(x, y, kind) in pts {
        let (cx, cy) = (x.round() as i64, y.round() as i64);
        let inside = cx - ri >= 0 && cy - ri >= 0 && cx + ri < w as i64 && cy + ri < h as i64;
        for (s, px) in stencil.iter().zip(&shades[kind as usize % 8]) {
            let (x, y) = (cx + s.0, cy + s.1);
            if !inside && (x < 0 || y < 0 || x >= w as i64 || y >= h as i64) {
                continue;
            }
            let o = (y as usize * w + x as usize) * 4;
            buf[o..o + 3].copy_from_slice(px);
        }
    }
}

/// Draws frame `i` of the tissue from the camera `v`: its step, per-type counts and where
/// each cell landed on the canvas.
pub fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    e: &Explored,
    i: usize,
    v: Camera,
    selected: Option<u32>,
    hidden: [bool; 8],
) -> Option<Drawn> {
    let ctx = ctx2d(canvas)?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let t = &e.grown.timeline;
    let last = t.frames.last()?;
    let f = t.frames.get(i.min(t.frames.len() - 1))?;
    // A fixed frame of reference: the centre and extent of the final tissue.
    let n = last.pos.len().max(1) as f64;
    let c: [f64; 3] = [0, 1, 2].map(|k| last.pos.iter().map(|p| p[k] as f64).sum::<f64>() / n);
    let extent = last
        .pos
        .iter()
        .map(|p| (0..3).map(|k| (p[k] as f64 - c[k]).powi(2)).sum::<f64>())
        .fold(1.0, f64::max)
        .sqrt();
    let scale = v.zoom * 0.45 * w.min(h * 1.6) / extent;
    let (sy, cy, sp, cp) = (v.yaw.sin(), v.yaw.cos(), v.pitch.sin(), v.pitch.cos());
    let mut pts: Vec<(f64, f64, f64, usize)> = f
        .pos
        .iter()
        .enumerate()
        .filter(|(k, _)| !hidden[f.kind[*k] as usize % 8])
        .map(|(k, p)| {
            let (dx, dy, dz) = (p[0] as f64 - c[0], p[1] as f64 - c[1], p[2] as f64 - c[2]);
            let (x1, y1) = (cy * dx - sy * dy, sy * dx + cy * dy);
            let (sy2, depth) = (cp * dz - sp * y1, sp * dz + cp * y1);
            (w / 2.0 + scale * x1, h / 2.0 - scale * sy2, depth, k)
        })
        .collect();
    pts.sort_by(|a, b| b.2.partial_cmp(&a.2).unwrap_or(std::cmp::Ordering::Equal));
    let r = (5.0 * scale).clamp(1.5, 9.0);
    let (wi, hi) = (w as usize, h as usize);
    let mut buf: Vec<u8> = [251u8, 251, 250, 255].repeat(wi * hi); // opaque background; splat writes RGB only
    let discs: Vec<(f64, f64, u8)> = pts.iter().map(|&(x, y, _, k)| (x, y, f.kind[k])).collect();
    splat(&mut buf, wi, hi, &discs, r);
    if let Ok(img) =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&buf), w as u32, h as u32)
    {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
    let spots: Vec<Spot> = pts.iter().map(|&(x, y, _, k)| (x, y, r, f.index[k])).collect();
    if let Some(&(x, y, r, _)) = selected.and_then(|s| spots.iter().find(|d| d.3 == s)) {
        ctx.set_stroke_style_str("#000");
        ctx.set_line_width(2.5);
        ctx.begin_path();
        let _ = ctx.arc(x, y, r + 4.0, 0.0, std::f64::consts::TAU);
        ctx.stroke();
    }
    Some(Drawn {
        step: f.step,
        counts: f.counts(),
        spots,
    })
}

/// Cells per type over all steps, with a marker at the shown step.
pub fn draw_counts(canvas: &web_sys::HtmlCanvasElement, e: &Explored, step: u32) -> Option<()> {
    let ctx = ctx2d(canvas)?;
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
    let counts = &e.grown.timeline.counts;
    let max = (counts.iter().flat_map(|c| c.iter()).copied().max().unwrap_or(1).max(1) as f64 + 1.0).log10();
    let (left, bottom) = (44.0, h - 18.0);
    let x = |s: usize| left + (w - left - 8.0) * s as f64 / counts.len().max(2) as f64; // counts[k] is step k + 1
    let y = |v: u32| bottom - (bottom - 8.0) * (v as f64 + 1.0).log10() / max;
    ctx.set_fill_style_str("#57606a");
    ctx.set_font("11px system-ui, sans-serif");
    ctx.set_stroke_style_str("#e5e7eb");
    for (v, label) in [(0u32, "0"), (9, "10"), (99, "100"), (999, "1000")] {
        if (v as f64 + 1.0).log10() <= max {
            let _ = ctx.fill_text(label, 4.0, y(v) + 4.0);
            ctx.begin_path();
            ctx.move_to(left, y(v));
            ctx.line_to(w - 8.0, y(v));
            ctx.stroke();
        }
    }
    let _ = ctx.fill_text("step (h) →", w - 70.0, h - 4.0);
    for (k, col) in TYPE_COLOURS.iter().enumerate() {
        ctx.set_stroke_style_str(col);
        ctx.set_line_width(2.0);
        ctx.begin_path();
        for (s, c) in counts.iter().enumerate() {
            if s == 0 {
                ctx.move_to(x(s + 1), y(c[k]))
            } else {
                ctx.line_to(x(s + 1), y(c[k]))
            }
        }
        ctx.stroke();
    }
    ctx.set_stroke_style_str("#1b1f24");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    ctx.move_to(x(step as usize), 4.0);
    ctx.line_to(x(step as usize), bottom);
    ctx.stroke();
    Some(())
}
