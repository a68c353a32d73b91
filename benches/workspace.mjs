// A lab's workspace in the page (numbers, not tests): 10,000 runs imported from one workspace
// file, then the page reopened. Prints the import time, the time until the runs table shows
// them and until the summary worker's statistics are in, the longest main-thread task while
// opening, the storage used, and frame times while scrolling the table from top to bottom.
// Run after .ci/build-wasm:  node benches/workspace.mjs   (N=… for another size)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { App, bigWorkspace, launch, serve } from '../tests/e2e/page.mjs';

const N = parseInt(process.env.N || '10000', 10);
const server = await serve(path.resolve(new URL('../dist', import.meta.url).pathname));
const browser = await launch({ webgpu: false });
const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
const page = await context.newPage();
const app = new App(page, `http://127.0.0.1:${server.address().port}`);
const rows = (n) => page.waitForFunction((k) => document.querySelector('[data-testid="results-table"]')?.dataset.rows === k, String(n), { timeout: 300_000 });

const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'devcircuit-bench-')), 'workspace.json');
const one = await bigWorkspace(app, N, file);
page.once('dialog', (d) => d.accept());
await app.el('clear-results').click();
let t0 = Date.now();
await app.el('import-workspace').setInputFiles(file);
await rows(N);
const shown = Date.now() - t0;
await page.waitForFunction(() => document.querySelector('[data-testid="saving"]')?.dataset.runs === '0', null, { timeout: 300_000 });
const saved = Date.now() - t0;
const mb = (fs.statSync(file).size / 1e6).toFixed(0);
console.log(`import of a ${N}-run workspace file (${mb} MB, ${one.losses.length} loss points a run): shown after ${(shown / 1000).toFixed(1)} s, saved after ${(saved / 1000).toFixed(1)} s`);

await page.addInitScript(() => {
  window.__longest = 0;
  new PerformanceObserver((l) => l.getEntries().forEach((e) => { window.__longest = Math.max(window.__longest, e.duration); })).observe({ type: 'longtask', buffered: true });
});
t0 = Date.now();
await page.reload();
await rows(N);
const open = Date.now() - t0;
await app.statsReady(300_000);
const stats = Date.now() - t0;
const longest = await page.evaluate(() => window.__longest);
const used = await page.evaluate(async () => (await navigator.storage.estimate()).usage);
console.log(`reopening the page with ${N} runs (headless Chromium, ${os.cpus().length} cores): runs table shown after ${(open / 1000).toFixed(2)} s, statistics from the summary worker after ${(stats / 1000).toFixed(2)} s; longest main-thread task ${longest.toFixed(0)} ms; ${(used / 1e6).toFixed(0)} MB stored`);

// Scroll the runs table from top to bottom in 60 steps, one step a frame, and time the frames.
const frames = await app.el('results-scroll').evaluate(async (el) => {
  const times = [];
  let last = performance.now();
  for (let k = 1; k <= 60; k++) {
    el.scrollTop = (el.scrollHeight - el.clientHeight) * k / 60;
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  return { times, drawn: el.querySelectorAll('tbody tr[data-run]').length };
});
const sorted = [...frames.times].sort((a, b) => a - b);
console.log(`scrolling the runs table top to bottom in 60 steps: median ${sorted[30].toFixed(0)} ms, worst ${sorted[59].toFixed(0)} ms per step (two frames each); ${frames.drawn} rows drawn of ${N}`);
await browser.close();
server.close();
fs.rmSync(path.dirname(file), { recursive: true, force: true });
