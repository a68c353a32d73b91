// The training worker: loads the page's own wasm (from the browser's cache, no second
// download); its main() finds no window and serves the page's jobs (src/app/worker.rs).
import init from './devcircuit-app.js';
init({ module_or_path: new URL('./devcircuit-app_bg.wasm', import.meta.url) });
