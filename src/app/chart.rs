//! The overlay charts, drawn with plotters-canvas: smoothed loss per batch and test accuracy
//! per epoch, and a task metric against ρ, for each condition (mean line, 95 % CI band across
//! seeds), ghosts dashed in grey.

use crate::experiment::report::Ghost;
use crate::experiment::results::{ConditionSummary, RhoSeries, Summary};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Okabe-Ito (colour-blind safe), one per condition in order.
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];
const GHOST: RGBColor = RGBColor(120, 120, 120);
/// Marker for points trained on the CPU after WebGPU was lost.
const FALLBACK: RGBColor = RGBColor(213, 94, 0);

pub fn colour(k: usize) -> RGBColor {
    PALETTE[k % PALETTE.len()]
}

pub fn css_colour(k: usize) -> String {
    let c = colour(k);
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

fn area(canvas: HtmlCanvasElement) -> Result<DrawingArea<CanvasBackend, Shift>, String> {
    let root = CanvasBackend::with_canvas_object(canvas)
        .ok_or("no 2-D canvas context")?
        .into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    Ok(root)
}

/// The band between mean - ci and mean + ci as one polygon.
fn band(points: &[(f64, Summary)]) -> Vec<(f64, f64)> {
    points
        .iter()
        .map(|(x, s)| (*x, s.mean + s.ci95))
        .chain(points.iter().rev().map(|(x, s)| (*x, s.mean - s.ci95)))
        .collect()
}

/// Draws mean lines with CI bands and ghosts on prepared axes; `fallback` marks CPU points.
type Chart<'a> = ChartContext<
    'a,
    CanvasBackend,
    Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>,
>;

fn draw_series(
    chart: &mut Chart<'_>,
    series: &[(String, Vec<(f64, Summary)>)],
    ghosts: &[(String, Vec<(f64, f64)>)],
    fallback: &[(f64, f64)],
    markers: bool,
) -> Result<(), String> {
    let e = |e: plotters::drawing::DrawingAreaErrorKind<<CanvasBackend as DrawingBackend>::ErrorType>| e.to_string();
    for (k, (label, pts)) in series.iter().enumerate() {
        let c = colour(k);
        if pts.iter().any(|p| p.1.n > 1) {
            chart
                .draw_series(std::iter::once(Polygon::new(band(pts), c.mix(0.18))))
                .map_err(e)?;
        }
        chart
            .draw_series(LineSeries::new(
                pts.iter().map(|(x, s)| (*x, s.mean)),
                c.stroke_width(2),
            ))
            .map_err(e)?
            .label(label.clone())
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], c.stroke_width(3)));
        if markers {
            chart
                .draw_series(pts.iter().map(|(x, s)| Circle::new((*x, s.mean), 3, c.filled())))
                .map_err(e)?;
        }
    }
    for (label, pts) in ghosts {
        chart
            .draw_series(DashedLineSeries::new(pts.iter().copied(), 6, 4, GHOST.stroke_width(2)))
            .map_err(e)?
            .label(label.clone())
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], GHOST.stroke_width(2)));
    }
    if !fallback.is_empty() {
        chart
            .draw_series(fallback.iter().map(|&p| Cross::new(p, 4, FALLBACK.stroke_width(2))))
            .map_err(e)?
            .label("restarted on the CPU after WebGPU was lost")
            .legend(|(x, y)| Cross::new((x + 9, y), 4, FALLBACK.stroke_width(2)));
    }
    if !series.is_empty() || !ghosts.is_empty() {
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.85))
            .border_style(BLACK.mix(0.3))
            .position(SeriesLabelPosition::UpperRight)
            .draw()
            .map_err(e)?;
    }
    Ok(())
}

/// Loss per batch (smoothed), one line per condition; `fallback` holds CPU-fallback points.
pub fn draw_loss(
    canvas: HtmlCanvasElement,
    conditions: &[ConditionSummary],
    ghosts: &[Ghost],
    fallback: &[(f64, f64)],
) -> Result<(), String> {
    let root = area(canvas)?;
    let series: Vec<(String, Vec<(f64, Summary)>)> = conditions
        .iter()
        .map(|c| {
            (
                format!("{} (n={})", c.label, c.runs),
                c.loss.iter().map(|(i, s)| (*i as f64, *s)).collect(),
            )
        })
        .collect();
    let ghost: Vec<(String, Vec<(f64, f64)>)> = ghosts
        .iter()
        .filter(|g| !g.loss.is_empty())
        .map(|g| (g.label.clone(), g.loss.iter().map(|(i, l)| (*i as f64, *l)).collect()))
        .collect();
    let xs = series
        .iter()
        .flat_map(|s| s.1.iter().map(|p| p.0))
        .chain(ghost.iter().flat_map(|g| g.1.iter().map(|p| p.0)));
    let max_x = xs.fold(10.0f64, f64::max);
    let ys = series
        .iter()
        .flat_map(|s| s.1.iter().map(|p| p.1.mean + p.1.ci95))
        .chain(ghost.iter().flat_map(|g| g.1.iter().map(|p| p.1)));
    let max_y = ys.fold(0.5f64, f64::max).min(5.0) * 1.05;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..max_x, 0f64..max_y)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .max_light_lines(2)
        .x_desc("iteration (batches of training)")
        .y_desc("cross-entropy loss (smoothed)")
        .draw()
        .map_err(|e| e.to_string())?;
    draw_series(&mut chart, &series, &ghost, fallback, false)?;
    root.present().map_err(|e| e.to_string())
}

/// Test accuracy (%) at iteration 0 and after each epoch, mean ± 95 % CI per condition.
pub fn draw_accuracy(
    canvas: HtmlCanvasElement,
    conditions: &[ConditionSummary],
    ghosts: &[Ghost],
) -> Result<(), String> {
    let root = area(canvas)?;
    let pct = |s: &Summary| Summary {
        mean: s.mean * 100.0,
        sd: s.sd * 100.0,
        ci95: s.ci95 * 100.0,
        n: s.n,
    };
    let series: Vec<(String, Vec<(f64, Summary)>)> = conditions
        .iter()
        .map(|c| {
            (
                format!("{} (n={})", c.label, c.runs),
                c.accuracy.iter().enumerate().map(|(e, s)| (e as f64, pct(s))).collect(),
            )
        })
        .collect();
    let ghost: Vec<(String, Vec<(f64, f64)>)> = ghosts
        .iter()
        .map(|g| {
            (
                g.label.clone(),
                g.accuracy
                    .iter()
                    .enumerate()
                    .map(|(e, a)| (e as f64, a * 100.0))
                    .collect(),
            )
        })
        .collect();
    let epochs = series
        .iter()
        .map(|s| s.1.len())
        .chain(ghost.iter().map(|g| g.1.len()))
        .max()
        .unwrap_or(2)
        .max(2)
        - 1;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(-0.1f64..epochs as f64 + 0.1, 0f64..100f64)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .max_light_lines(2)
        .x_desc("epoch (0 = before training)")
        .y_desc("test accuracy (%)")
        .x_labels(epochs + 1)
        .x_label_formatter(&|x| format!("{:.0}", x))
        .draw()
        .map_err(|e| e.to_string())?;
    draw_series(&mut chart, &series, &ghost, &[], true)?;
    root.present().map_err(|e| e.to_string())
}

/// A task metric against ρ: one line per condition (mean across seeds, 95 % band); markers
/// at each ρ. `metric` names the y axis.
pub fn draw_rho(canvas: HtmlCanvasElement, series: &[RhoSeries], metric: &str) -> Result<(), String> {
    let root = area(canvas)?;
    let lines: Vec<(String, Vec<(f64, Summary)>)> = series
        .iter()
        .map(|s| {
            (
                format!("{} (n={})", s.label, s.points.iter().map(|p| p.1.n).max().unwrap_or(0)),
                s.points.clone(),
            )
        })
        .collect();
    let xs: Vec<f64> = lines.iter().flat_map(|l| l.1.iter().map(|p| p.0)).collect();
    let (lo, hi) = (
        xs.iter().copied().fold(f64::INFINITY, f64::min),
        xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    );
    let (lo, hi) = if lo.is_finite() {
        (lo - 0.05, hi + 0.05)
    } else {
        (0.0, 2.0)
    };
    let top = lines
        .iter()
        .flat_map(|l| l.1.iter().map(|p| p.1.mean + p.1.ci95))
        .fold(0.0f64, f64::max);
    let bottom = lines
        .iter()
        .flat_map(|l| l.1.iter().map(|p| p.1.mean - p.1.ci95))
        .fold(0.0f64, f64::min);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(lo..hi, bottom..(top * 1.1).max(1e-3))
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .max_light_lines(2)
        .x_desc("spectral radius ρ")
        .y_desc(metric)
        .draw()
        .map_err(|e| e.to_string())?;
    draw_series(&mut chart, &lines, &[], &[], true)?;
    root.present().map_err(|e| e.to_string())
}

/// A search's best and mean fitness per generation (`(label, [(generation, value)])`).
pub fn draw_fitness(
    canvas: HtmlCanvasElement,
    lines: &[(String, Vec<(f64, f64)>)],
    metric: &str,
) -> Result<(), String> {
    let root = area(canvas)?;
    let series: Vec<(String, Vec<(f64, Summary)>)> = lines
        .iter()
        .map(|(label, pts)| {
            let points = pts.iter().map(|&(x, y)| {
                (
                    x,
                    Summary {
                        mean: y,
                        sd: 0.0,
                        n: 1,
                        ci95: 0.0,
                    },
                )
            });
            (label.clone(), points.collect())
        })
        .collect();
    let ys: Vec<f64> = lines.iter().flat_map(|l| l.1.iter().map(|p| p.1)).collect();
    let (lo, hi) = ys
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| (a.min(y), b.max(y)));
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let pad = ((hi - lo) * 0.1).max(1e-3);
    let last = lines
        .iter()
        .flat_map(|l| l.1.iter().map(|p| p.0))
        .fold(1.0f64, f64::max);
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0.5..last + 0.5, lo - pad..hi + pad)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .max_light_lines(2)
        .x_desc("generation")
        .x_label_formatter(&|x| {
            if x.fract() == 0.0 {
                format!("{x:.0}")
            } else {
                String::new()
            }
        })
        .y_desc(metric)
        .draw()
        .map_err(|e| e.to_string())?;
    draw_series(&mut chart, &series, &[], &[], true)?;
    root.present().map_err(|e| e.to_string())
}
