//! The live loss chart, drawn with plotters-canvas on a <canvas>; points from the CPU
//! fallback (after a WebGPU loss) are drawn in a second colour.

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Okabe-Ito blue and vermillion (colour-blind safe).
const GPU_COLOUR: RGBColor = RGBColor(0, 114, 178);
const CPU_COLOUR: RGBColor = RGBColor(213, 94, 0);

pub fn draw_loss(canvas: HtmlCanvasElement, points: &[(usize, f64, bool)], total_iterations: usize) -> Result<(), String> {
    let backend = CanvasBackend::with_canvas_object(canvas).ok_or("no 2-D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|e| e.to_string())?;
    let max_x = points.iter().map(|p| p.0).max().unwrap_or(1).max(total_iterations).max(1) as f64;
    let max_y = points.iter().map(|p| p.1).fold(0.5f64, f64::max) * 1.05;
    let mut chart = ChartBuilder::on(&root)
        .margin(12)
        .x_label_area_size(34)
        .y_label_area_size(48)
        .build_cartesian_2d(0f64..max_x, 0f64..max_y)
        .map_err(|e| e.to_string())?;
    chart.configure_mesh().x_desc("iteration (batches of training)").y_desc("cross-entropy loss").draw().map_err(|e| e.to_string())?;
    for (fallback, colour) in [(false, GPU_COLOUR), (true, CPU_COLOUR)] {
        let series: Vec<(f64, f64)> = points.iter().filter(|p| p.2 == fallback).map(|p| (p.0 as f64, p.1)).collect();
        if !series.is_empty() {
            chart.draw_series(LineSeries::new(series.iter().copied(), colour.stroke_width(2))).map_err(|e| e.to_string())?;
            chart.draw_series(series.iter().map(|&(x, y)| Circle::new((x, y), 2, colour.filled()))).map_err(|e| e.to_string())?;
        }
    }
    root.present().map_err(|e| e.to_string())
}
