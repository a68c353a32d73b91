// Browser benchmarks (numbers, not tests): reservoir-task and ρ-sweep time, a generation of a search, MNIST ready-to-train
// time (first load and from the browser cache), growth time for seeds 1-3, one full MNIST epoch
// on the CPU fallback with the longest main-thread task meanwhile, and WebGPU batches split into
// compute and loss read-back. Run after .ci/build-wasm:  node benches/browser.mjs
// (uses tests/e2e's Playwright + Chromium). BENCH_DIST=dist-nosimd times the build without
// WebAssembly SIMD (benches/build-nosimd.sh); BENCH_ONLY=epoch runs only the CPU epoch.
import path from 'node:path';
import { App, launch, serve } from '../tests/e2e/page.mjs';

const DIST = path.resolve(process.env.BENCH_DIST || new URL('../dist', import.meta.url).pathname);
const BUILD = path.basename(DIST) === 'dist-nosimd' ? 'without SIMD' : 'with SIMD (simd128)';
const ONLY_EPOCH = process.env.BENCH_ONLY === 'epoch';
const server = await serve(DIST);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch({ webgpu: false });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const app = new App(page, base);

/** Seconds from pressing Train until the dataset is loaded (progress at 100 %). */
async function readyTime(fragment) {
  await app.open(fragment);
  const t0 = Date.now();
  await app.train.click();
  await page.waitForFunction(() => /\(100 %\)/.test(document.querySelector('[data-testid="progress-label"]').textContent), null, { timeout: 120_000 });
  const s = (Date.now() - t0) / 1000;
  await app.waitIdle(600_000);
  return s;
}

// Reservoir tasks in the page: one memory-capacity evaluation and a 20-point ρ sweep × 4
// topologies for one seed, timed from pressing the button to the last row.
async function taskTime(fragment, topologies, rhos, runs) {
  await app.open(fragment);
  for (const t of ['developmental', 'block', 'spatial', 'shuffled', 'random', 'none']) await app.el(`compare-${t}`).setChecked(topologies.includes(t));
  await app.el('compare-seeds').fill('1');
  await app.el('compare-rhos').fill(rhos);
  const before = (await app.tableRows()).length;
  const t0 = Date.now();
  await app.el('compare').click();
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="results-table"] tbody tr[data-metric]:not([data-metric=""])').length >= n, before + runs, { timeout: 300_000 });
  return (Date.now() - t0) / 1000;
}
if (!ONLY_EPOCH) {
const one = await taskTime('v=1&seed=1&task=memory-capacity', ['developmental'], '0.9', 1);
const sweep = await taskTime('v=1&seed=1&task=memory-capacity', ['developmental', 'random', 'shuffled', 'none'], '0.1:2.0:0.1', 80);
console.log(`memory capacity in the page (seed 1, growth included): one evaluation ${one.toFixed(2)} s; 20-point ρ sweep × 4 topologies ${sweep.toFixed(1)} s`);
// A search in the page: one generation of the committed plan (16 genomes × 3 training seeds,
// rule edits, memory capacity, input deep and readout upper), timed and projected to 20.
await app.open('v=1&in=l6,l5&out=l23');
await app.el('evolve-generations').fill('1');
const e0 = Date.now();
await app.el('evolve-start').click();
await page.waitForFunction(() => document.querySelector('[data-testid=evolve-status]')?.textContent.includes('done'), null, { timeout: 900_000 });
const generation = (Date.now() - e0) / 1000;
console.log(`evolve in the page (one worker): one generation of 16 genomes × 3 seeds ${generation.toFixed(1)} s (${(generation / 16).toFixed(2)} s a genome); 20 generations ≈ ${(20 * generation / 60).toFixed(1)} min`);
await app.open('v=1&seed=1');
await page.evaluate(() => localStorage.clear());

const first = await readyTime('v=1&seed=1&limit=1&test=100');
const grown = [];
for (const seed of [1, 2, 3]) {
  await readyTime(`v=1&seed=${seed}&limit=1&test=100`);
  grown.push(`seed ${seed} ${/grown in ([0-9]+) ms/.exec(await page.locator('p.circuit').textContent())[1]} ms`);
}
console.log(`growing the circuit in the page (shown beside it): ${grown.join(', ')}`);
const cached = await readyTime('v=1&seed=1&limit=1&test=100');
console.log(`MNIST ready to train after pressing Train (includes growing the circuit): ${first.toFixed(2)} s first load, ${cached.toFixed(2)} s from the browser cache`);

}

await app.open('v=1&seed=1&test=1000&cpu=1');
await page.evaluate(() => {
  window.__longest = { loading: 0, training: 0 };
  const phase = () => (/^(Training|Epoch)/.test(document.querySelector('[data-testid="status"]').textContent) ? 'training' : 'loading');
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { const p = phase(); window.__longest[p] = Math.max(window.__longest[p], e.duration); } }).observe({ type: 'longtask', buffered: false });
});
await app.train.click();
await app.waitIdle(900_000);
const rows = await app.tableRows();
const last = rows[rows.length - 1];
const status = await app.status.textContent();
const secs = /; ([0-9.]+) s, ([0-9]+) samples\/s/.exec(status);
console.log(`one MNIST epoch on the CPU fallback (ndarray in wasm, ${BUILD}, in the training worker, headless Chromium): ${secs ? `${secs[1]} s, ${secs[2]} samples/s` : status}; accuracy on 1,000 test images ${last[4]} %`);
const longest = await page.evaluate(() => window.__longest);
console.log(`longest main-thread task (tasks over 50 ms are reported): while training ${longest.training.toFixed(0)} ms, while growing and loading ${longest.loading.toFixed(0)} ms`);
await browser.close();

if (!ONLY_EPOCH) {
  // WebGPU (SwiftShader here): 40 batches; the loss is read back every 5th.
  const gpu = await launch({ webgpu: true });
  const gpage = await gpu.newPage({ viewport: { width: 1100, height: 900 } });
  const gapp = new App(gpage, base);
  await gapp.open('v=1&seed=1&limit=40&test=100');
  await gapp.train.click();
  await gapp.waitIdle(900_000);
  const g = /; ([0-9.]+) s, ([0-9]+) samples\/s \(([0-9.]+) s of it reading the loss back\)/.exec(await gapp.status.textContent());
  if (g) {
    const [total, read] = [parseFloat(g[1]) * 1000 / 40, parseFloat(g[3]) * 1000 / 40];
    console.log(`WebGPU in the worker (${await gapp.backend.textContent()}), 40 batches: ${total.toFixed(0)} ms per batch = ${(total - read).toFixed(0)} ms compute + ${read.toFixed(0)} ms loss read-back (read every 5 batches; the read waits for the queued batches)`);
  } else console.log(`WebGPU: ${await gapp.status.textContent()}`);
  await gpu.close();
}
server.close();
