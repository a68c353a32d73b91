// Browser benchmarks (numbers, not tests): reservoir-task and ρ-sweep time, MNIST ready-to-train
// time (first load and from the browser cache), growth time for seeds 1-3, one full MNIST epoch
// on the CPU fallback, and the longest task while training.
// Run after .ci/build-wasm:  node benches/browser.mjs   (uses tests/e2e's Playwright + Chromium)
import path from 'node:path';
import { App, launch, serve } from '../tests/e2e/page.mjs';

const DIST = path.resolve(new URL('../dist', import.meta.url).pathname);
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
const one = await taskTime('v=1&seed=1&task=memory-capacity', ['developmental'], '0.9', 1);
const sweep = await taskTime('v=1&seed=1&task=memory-capacity', ['developmental', 'random', 'shuffled', 'none'], '0.1:2.0:0.1', 80);
console.log(`memory capacity in the page (seed 1, growth included): one evaluation ${one.toFixed(2)} s; 20-point ρ sweep × 4 topologies ${sweep.toFixed(1)} s`);
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

await app.open('v=1&seed=1&test=1000');
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
console.log(`one MNIST epoch on the CPU fallback (ndarray in wasm, headless Chromium): ${secs ? `${secs[1]} s, ${secs[2]} samples/s` : status}; accuracy on 1,000 test images ${last[4]} %`);
const longest = await page.evaluate(() => window.__longest);
console.log(`longest main-thread task (tasks over 50 ms are reported): while training ${longest.training.toFixed(0)} ms, while growing and loading ${longest.loading.toFixed(0)} ms`);
await browser.close();
server.close();
