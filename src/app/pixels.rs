//! RGBA pixels onto a canvas in one call: an ImageData on a scratch canvas, scaled without
//! smoothing. Heat maps and image thumbnails use it instead of one fill call per pixel.

use wasm_bindgen::JsCast;

/// Draws `rgba` (w × h pixels) into `ctx` at (x, y), scaled to dw × dh.
pub fn blit(
    ctx: &web_sys::CanvasRenderingContext2d,
    rgba: &[u8],
    w: usize,
    h: usize,
    (x, y, dw, dh): (f64, f64, f64, f64),
) -> Option<()> {
    let img =
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(rgba), w as u32, h as u32).ok()?;
    let scratch: web_sys::HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    scratch.set_width(w as u32);
    scratch.set_height(h as u32);
    let sctx: web_sys::CanvasRenderingContext2d = scratch.get_context("2d").ok()??.dyn_into().ok()?;
    sctx.put_image_data(&img, 0.0, 0.0).ok()?;
    ctx.set_image_smoothing_enabled(false);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&scratch, x, y, dw, dh)
        .ok()
}
