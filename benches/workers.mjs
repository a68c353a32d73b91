// Browser benchmark (numbers, not a test): a 60-run memory-capacity comparison (3 topologies ×
// 20 seeds) and a 6-run MNIST comparison (2 topologies × 3 seeds, one CPU epoch) on 1, 2 and 4
// training workers in headless Chromium. The page is told the machine has 5 cores so that it
// may start 4 workers; the real core count is printed. Run after .ci/build-wasm:
//   node benches/workers.mjs
import os from 'node:os';
import path from 'node:path';
import { App, launch, serve } from '../tests/e2e/page.mjs';

const DIST = path.resolve(process.env.BENCH_DIST || new URL('../dist', import.meta.url).pathname);
const server = await serve(DIST);
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await launch({ webgpu: false });
console.log(`this machine: ${os.cpus().length} cores`);

/** Seconds for a comparison of `topologies` × `seeds` on `workers` workers, from a fresh page. */
async function comparison(fragment, topologies, seeds, workers) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.addInitScript(() => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 5 }));
  const app = new App(page, base);
  await app.open(fragment);
  await app.el('workers').fill(String(workers));
  await app.el('workers').dispatchEvent('change');
  const t0 = Date.now();
  await app.compare(topologies, seeds, 1_800_000);
  const s = (Date.now() - t0) / 1000;
  await context.close();
  return s;
}

for (const [what, fragment, topologies, seeds] of [
  ['60-run memory-capacity comparison', 'v=1&task=memory-capacity', ['developmental', 'block', 'random'], '1-20'],
  ['6-run MNIST comparison (one CPU epoch each)', 'v=1&cpu=1', ['developmental', 'random'], '1-3'],
]) {
  const times = [];
  for (const workers of [1, 2, 4]) times.push(`${workers} worker(s) ${(await comparison(fragment, topologies, seeds, workers)).toFixed(1)} s`);
  console.log(`${what}: ${times.join(', ')}`);
}
await browser.close();
server.close();
