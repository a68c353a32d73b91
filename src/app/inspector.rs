//! Inspect a cell: its type, a raster of its genes over time, the rule behind each change, its
//! ancestors back to the stem cell and, for a neuron of the circuit, its synapses in and out.

use super::{grown, Tissue};
use crate::development::cell::CellType;
use crate::experiment::explore::{changes, history, Moment};
use leptos::html::Canvas;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Genes (rows) × frames the cell lived (columns); the shown frame's column outlined.
fn draw_raster(c: &web_sys::HtmlCanvasElement, h: &[Moment], genes: &[String], shown_step: u32) -> Option<()> {
    let ctx: web_sys::CanvasRenderingContext2d = c.get_context("2d").ok()??.dyn_into().ok()?;
    let (w, ht) = (c.width() as f64, c.height() as f64);
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w, ht);
    let left = 64.0;
    let cw = (w - left) / h.len().max(1) as f64;
    let rh = ht / genes.len().max(1) as f64;
    ctx.set_font("10px system-ui, sans-serif");
    for (g, name) in genes.iter().enumerate() {
        ctx.set_fill_style_str("#1b1f24");
        let _ = ctx.fill_text(name, 2.0, (g as f64 + 0.8) * rh);
        for (k, m) in h.iter().enumerate() {
            ctx.set_fill_style_str(if m.state >> g & 1 == 1 { "#0072B2" } else { "#eef2f6" });
            ctx.fill_rect(left + k as f64 * cw, g as f64 * rh + 1.0, (cw - 0.5).max(0.5), rh - 2.0);
        }
    }
    if let Some(k) = h.iter().position(|m| m.step >= shown_step) {
        ctx.set_stroke_style_str("#D55E00");
        ctx.set_line_width(2.0);
        ctx.stroke_rect(left + k as f64 * cw, 0.5, cw, ht - 1.0);
    }
    Some(())
}

#[component]
fn Raster(h: Vec<Moment>, genes: Vec<String>, shown_step: u32) -> impl IntoView {
    let canvas = NodeRef::<Canvas>::new();
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            draw_raster(&c, &h, &genes, shown_step);
        }
    });
    view! {
        <canvas
            data-testid="gene-raster"
            node_ref=canvas
            width="640"
            height="240"
            role="img"
            aria-label="gene states of the cell over time (blue = on)"
        ></canvas>
    }
}

/// Up to `n` partners by synapse count: (neuron index, count).
fn top(counts: impl Iterator<Item = (usize, u32)>, n: usize) -> Vec<(usize, u32)> {
    let mut v: Vec<(usize, u32)> = counts.filter(|c| c.1 > 0).collect();
    v.sort_by_key(|x| std::cmp::Reverse(x.1));
    v.truncate(n);
    v
}

fn synapse_view(e: &grown::Explored, id: u64) -> AnyView {
    let c = &e.grown.circuit;
    let Some(k) = c.neurons.iter().position(|n| n.id == id) else {
        let note = "Not a neuron of the circuit (only mature neurons that kept synapses are).";
        return view! { <p class="muted">{note}</p> }.into_any();
    };
    let n = c.len();
    let (ins, outs): (u32, u32) = ((0..n).map(|i| c.count(i, k)).sum(), (0..n).map(|j| c.count(k, j)).sum());
    let list = |v: Vec<(usize, u32)>| {
        v.into_iter()
            .map(|(i, s)| format!("neuron {} ({:?}) × {s}", i + 1, c.neurons[i].layer))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let layer = format!("{:?}", c.neurons[k].layer);
    view! {
        <p data-testid="cell-synapses" data-in=ins.to_string() data-out=outs.to_string()>
            {format!(
                "Neuron {} of {n} in layer {layer}{}: {ins} synapses in, {outs} out.",
                k + 1,
                if c.inhibitory[k] { " (inhibitory)" } else { "" },
            )}
            <br />
            {format!("Strongest inputs: {}", list(top((0..n).map(|i| (i, c.count(i, k))), 6)))}
            <br />
            {format!("Strongest outputs: {}", list(top((0..n).map(|j| (j, c.count(k, j))), 6)))}
        </p>
    }
    .into_any()
}

#[component]
/// The selected cell of the shown tissue at the shown frame; PNG failures go to `on_error`.
pub fn CellInspector(
    tissue: Tissue,
    #[prop(into)] selected: Signal<Option<u32>>,
    #[prop(into)] frame: Signal<usize>,
    on_error: Callback<String>,
) -> impl IntoView {
    let body = move || {
        let (Some(slot), Some(e)) = (selected.get(), tissue.get()) else {
            return view! { <p class="muted">"Click a cell in the tissue to inspect it."</p> }.into_any();
        };
        let t = &e.grown.timeline;
        let Some(entry) = t.lineage.get(slot as usize) else {
            return ().into_any();
        };
        let h = history(t, slot);
        let shown = t
            .frames
            .get(frame.get().min(t.frames.len().saturating_sub(1)))
            .map_or(0, |f| f.step);
        let now = h
            .iter()
            .rev()
            .find(|m| m.step <= shown)
            .or(h.first())
            .map_or(CellType::Apoptotic, |m| m.kind);
        let ch = changes(&h, &e.rules);
        let n_changes = ch.len();
        let rows = ch
            .into_iter()
            .take(80)
            .map(|c| {
                view! {
                    <tr>
                        <td>{c.step}</td>
                        <td>{c.gene}</td>
                        <td>{if c.on { "on ↑" } else { "off ↓" }}</td>
                        <td>
                            <code>{c.rule}</code>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let ancestry = t.ancestry(entry.id);
        let slot_of: std::collections::HashMap<u64, usize> =
            t.lineage.iter().enumerate().map(|(k, l)| (l.id, k)).collect();
        let name = |id: &u64| slot_of.get(id).map_or_else(|| "—".to_string(), |k| format!("cell {k}"));
        let chain = ancestry
            .iter()
            .map(|id| {
                format!(
                    "{} (born {} h)",
                    name(id),
                    slot_of.get(id).map_or(0, |&k| t.lineage[k].born)
                )
            })
            .collect::<Vec<_>>()
            .join(" ← ");
        let died = entry
            .died
            .map_or("alive at the end".to_string(), |d| format!("died at step {d}"));
        let genes = e.rules.genes.clone();
        view! {
            <p data-testid="cell-summary" data-type=now.key() data-ancestors=ancestry.len().to_string()>
                <strong>{format!("Cell {slot}: {}", now.label())}</strong>
                {format!(
                    " at step {shown} h; born at step {} from {}; {died}.",
                    entry.born,
                    if slot == 0 { "nothing (the founder stem cell)".to_string() } else { name(&entry.parent) },
                )}
            </p>
            <Raster h=h genes=genes shown_step=shown />
            <p class="muted">
                "Rows: genes; columns: the stored frames of the cell's life (every 2 h); blue = on; the orange box \
                    marks the shown step."
                <button
                    class="secondary small"
                    data-testid="png-raster"
                    on:click=move |_| {
                        super::download::report_to(
                            on_error,
                            super::download::canvas_png("gene-raster", "devcircuit-cell-genes.png"),
                        );
                    }
                >
                    "PNG"
                </button>
            </p>
            <h3>
                {match ancestry.len().saturating_sub(1) {
                    0 => "The founder stem cell itself".to_string(),
                    1 => "Ancestors back to the stem cell (1 generation)".to_string(),
                    n => format!("Ancestors back to the stem cell ({n} generations)"),
                }}
            </h3>
            <p data-testid="cell-ancestry" class="chain">
                {chain}
            </p>
            <h3>"Synapses"</h3>
            {synapse_view(&e, entry.id)}
            <h3>{format!("Gene changes and the rules that made them ({n_changes})")}</h3>
            <div class="table-wrap scroll">
                <table data-testid="cell-changes">
                    <thead>
                        <tr>
                            <th>"step"</th>
                            <th>"gene"</th>
                            <th>"now"</th>
                            <th>"rule"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section class="inspector" data-testid="inspector" data-panel="inspector">
            <h2>"Inspect a cell"</h2>
            {body}
        </section>
    }
}
