//! The circuit viewer's drawings on a 2-D canvas: the synapse-count heat map with its layer
//! bands, a node-link drawing, histograms and the eigenvalue spectrum of W_rec.

use super::grown;
use crate::circuit::layers::LayerSet;
use crate::circuit::Circuit;
use crate::development::cell::Layer;
use wasm_bindgen::JsCast;

const LAYER_COLOURS: [&str; 3] = ["#0072B2", "#009E73", "#CC79A7"];

fn layer_index(l: Layer) -> usize {
    match l {
        Layer::L6 => 0,
        Layer::L5 => 1,
        Layer::L23 => 2,
    }
}

pub(super) fn ctx2d(c: &web_sys::HtmlCanvasElement) -> Option<(web_sys::CanvasRenderingContext2d, f64, f64)> {
    let ctx: web_sys::CanvasRenderingContext2d = c.get_context("2d").ok()??.dyn_into().ok()?;
    let (w, h) = (c.width() as f64, c.height() as f64);
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, h);
    ctx.set_font("11px system-ui, sans-serif");
    Some((ctx, w, h))
}

/// Synapse counts, presynaptic rows × postsynaptic columns, neurons ordered by layer
/// (L6, L5, L2/3 as grown); log colour scale; inhibitory rows ticked in vermillion.
fn heat_map(c: &web_sys::HtmlCanvasElement, k: &Circuit, sets: &(LayerSet, LayerSet)) -> Option<()> {
    let (ctx, w, _) = ctx2d(c)?;
    let n = k.len().max(1);
    let cell = (w - 8.0) / n as f64;
    let max = (k.counts.iter().copied().max().unwrap_or(1) as f64 + 1.0).ln();
    // One image of n × n pixels, scaled up: 7,000 fill calls would block the page.
    let mut px = vec![255u8; n * n * 4];
    for i in 0..n {
        for j in 0..n {
            let v = (k.count(i, j) as f64 + 1.0).ln() / max;
            let a = if v > 0.0 { 0.1 + 0.9 * v } else { 0.0 };
            let o = (i * n + j) * 4;
            px[o..o + 3].copy_from_slice(&[
                (255.0 * (1.0 - a)) as u8,
                (255.0 - 195.0 * a) as u8,
                (255.0 - 135.0 * a) as u8,
            ]);
        }
    }
    super::pixels::blit(&ctx, &px, n, n, (8.0, 0.0, cell * n as f64, cell * n as f64))?;
    for i in 0..n {
        if k.inhibitory[i] {
            ctx.set_fill_style_str("#D55E00");
            ctx.fill_rect(0.0, i as f64 * cell, 6.0, cell.ceil());
        }
    }
    ctx.set_stroke_style_str("#999");
    for b in 1..n {
        if layer_index(k.neurons[b].layer) != layer_index(k.neurons[b - 1].layer) {
            let x = 8.0 + b as f64 * cell;
            ctx.begin_path();
            ctx.move_to(x, 0.0);
            ctx.line_to(x, n as f64 * cell);
            ctx.move_to(8.0, b as f64 * cell);
            ctx.line_to(w, b as f64 * cell);
            ctx.stroke();
        }
    }
    // Under the matrix: which columns receive input (blue) and which are read out (orange).
    let y = n as f64 * cell + 3.0;
    for (row, (set, colour)) in [(&sets.0, "#0072B2"), (&sets.1, "#E69F00")].into_iter().enumerate() {
        ctx.set_fill_style_str(colour);
        for (i, nrn) in k.neurons.iter().enumerate() {
            if set.contains(nrn.layer) {
                ctx.fill_rect(8.0 + i as f64 * cell, y + row as f64 * 9.0, cell.ceil(), 6.0);
            }
        }
    }
    Some(())
}

/// Neurons at their (x, height) positions, coloured by layer; the 400 strongest pairs drawn.
fn node_link(c: &web_sys::HtmlCanvasElement, k: &Circuit) -> Option<()> {
    let (ctx, w, h) = ctx2d(c)?;
    let (mut x0, mut x1, mut z0, mut z1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for n in &k.neurons {
        x0 = x0.min(n.pos[0]);
        x1 = x1.max(n.pos[0]);
        z0 = z0.min(n.pos[2]);
        z1 = z1.max(n.pos[2]);
    }
    let px = |p: [f64; 3]| {
        (
            12.0 + (p[0] - x0) / (x1 - x0).max(1.0) * (w - 24.0),
            h - 12.0 - (p[2] - z0) / (z1 - z0).max(1.0) * (h - 24.0),
        )
    };
    let n = k.len();
    let mut pairs: Vec<(usize, usize, u32)> = (0..n)
        .flat_map(|i| (0..n).map(move |j| (i, j)))
        .map(|(i, j)| (i, j, k.count(i, j)))
        .filter(|p| p.2 > 0 && p.0 != p.1)
        .collect();
    pairs.sort_by_key(|p| std::cmp::Reverse(p.2));
    let top = pairs.first().map_or(1, |p| p.2).max(1) as f64;
    for &(i, j, s) in pairs.iter().take(400) {
        let (a, b) = (px(k.neurons[i].pos), px(k.neurons[j].pos));
        ctx.set_stroke_style_str(&format!(
            "rgba({},{:.3})",
            if k.inhibitory[i] { "213,94,0" } else { "60,60,60" },
            0.08 + 0.5 * s as f64 / top
        ));
        ctx.begin_path();
        ctx.move_to(a.0, a.1);
        ctx.line_to(b.0, b.1);
        ctx.stroke();
    }
    for nr in &k.neurons {
        let (x, y) = px(nr.pos);
        ctx.set_fill_style_str(LAYER_COLOURS[layer_index(nr.layer)]);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 4.0, 0.0, std::f64::consts::TAU);
        ctx.fill();
    }
    Some(())
}

/// Bars of a histogram of `values` over `bins` equal bins, with its range written below.
fn histogram(c: &web_sys::HtmlCanvasElement, values: &[f64], bins: usize, title: &str, max_x: f64) -> Option<()> {
    let (ctx, w, h) = ctx2d(c)?;
    let mut counts = vec![0u32; bins];
    for &v in values {
        counts[((v / max_x.max(1e-9) * bins as f64) as usize).min(bins - 1)] += 1;
    }
    let top = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bw = (w - 10.0) / bins as f64;
    ctx.set_fill_style_str("#0072B2");
    for (b, &n) in counts.iter().enumerate() {
        let bh = (h - 34.0) * n as f64 / top;
        ctx.fill_rect(5.0 + b as f64 * bw, h - 18.0 - bh, bw - 1.0, bh);
    }
    ctx.set_fill_style_str("#1b1f24");
    let _ = ctx.fill_text(title, 5.0, 12.0);
    let _ = ctx.fill_text("0", 5.0, h - 4.0);
    let _ = ctx.fill_text(&format!("{max_x:.0}"), w - 34.0, h - 4.0);
    Some(())
}

/// Eigenvalues of W_rec as the run builds it in the complex plane, with the circle of its
/// spectral radius (ρ when scaled to ρ; the unit circle for W_rec = 0).
fn spectrum(c: &web_sys::HtmlCanvasElement, ev: &[(f64, f64)], radius: f64) -> Option<()> {
    let radius = if radius > 0.0 { radius } else { 1.0 };
    let (ctx, w, h) = ctx2d(c)?;
    let (cx, cy, s) = (w / 2.0, h / 2.0, w.min(h) * 0.45);
    ctx.set_stroke_style_str("#bbb");
    ctx.begin_path();
    let _ = ctx.arc(cx, cy, s, 0.0, std::f64::consts::TAU);
    ctx.move_to(cx - s * 1.05, cy);
    ctx.line_to(cx + s * 1.05, cy);
    ctx.move_to(cx, cy - s * 1.05);
    ctx.line_to(cx, cy + s * 1.05);
    ctx.stroke();
    if ev.is_empty() {
        // The QR iteration did not converge (or there are no neurons): say so, never blank.
        ctx.set_fill_style_str("#1b1f24");
        let _ = ctx.fill_text(
            "spectrum unavailable: the eigenvalue solver did not converge",
            6.0,
            14.0,
        );
        return Some(());
    }
    ctx.set_fill_style_str("#D55E00");
    for &(re, im) in ev {
        ctx.begin_path();
        let _ = ctx.arc(
            cx + re / radius * s,
            cy - im / radius * s,
            2.5,
            0.0,
            std::f64::consts::TAU,
        );
        ctx.fill();
    }
    ctx.set_fill_style_str("#1b1f24");
    let _ = ctx.fill_text("Im", cx + 4.0, 12.0);
    let _ = ctx.fill_text("Re", w - 18.0, cy - 4.0);
    let _ = ctx.fill_text(&format!("|λ| = {radius:.3}"), 6.0, h - 6.0);
    Some(())
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Heat,
    Nodes,
    InDegree,
    OutDegree,
    PerPair,
    Spectrum,
}

pub fn draw(
    kind: Kind,
    c: &web_sys::HtmlCanvasElement,
    e: &grown::Explored,
    which: usize,
    sets: &(LayerSet, LayerSet),
) {
    let (k, s) = (e.circuits()[which], &e.stats[which]);
    if k.is_empty() {
        // A lethal knock-out: say so instead of drawing an empty matrix.
        if let Some((ctx, _, h)) = ctx2d(c) {
            ctx.set_fill_style_str("#1b1f24");
            let _ = ctx.fill_text("no circuit grew (no mature neurons)", 8.0, h / 2.0);
        }
        return;
    }
    let floats = |v: &[u64]| v.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    match kind {
        Kind::Heat => heat_map(c, k, sets),
        Kind::Nodes => node_link(c, k),
        Kind::InDegree => histogram(
            c,
            &floats(&s.in_degree),
            20,
            "synapses in per neuron",
            e.max_degree as f64,
        ),
        Kind::OutDegree => histogram(
            c,
            &floats(&s.out_degree),
            20,
            "synapses out per neuron",
            e.max_degree as f64,
        ),
        Kind::PerPair => histogram(
            c,
            &k.counts
                .iter()
                .filter(|&&v| v > 0)
                .map(|&v| v as f64)
                .collect::<Vec<_>>(),
            20,
            "synapses per connected pair",
            e.max_pair as f64,
        ),
        Kind::Spectrum => spectrum(c, &e.spectra[which], e.stats[which].spectral_radius),
    };
}
