// The README's figures, drawn by the page itself: a collected sweep opened in the page and its
// metric-vs-ρ chart saved with the chart's own PNG button.
// usage (after .ci/build-wasm and sweeps/run-all.sh):  node benches/figures.mjs
import fs from 'node:fs';
import path from 'node:path';
import { App, launch, serve } from '../tests/e2e/page.mjs';

const ROOT = path.resolve(new URL('..', import.meta.url).pathname);
const server = await serve(path.join(ROOT, 'dist'));
const browser = await launch({ webgpu: false });
const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
const app = new App(page, `http://127.0.0.1:${server.address().port}`);
for (const name of ['memory-capacity-rho']) {
  await app.open('v=1&seed=1');
  await app.el('import-sweep').setInputFiles(path.join(ROOT, 'sweeps/results', name, 'summary.json'));
  await page.waitForSelector('[data-testid="import-result"]', { timeout: 120_000 });
  console.log(await app.el('import-result').textContent());
  await page.waitForTimeout(1000);
  const [dl] = await Promise.all([page.waitForEvent('download'), app.el('png-rho').click()]);
  const out = path.join(ROOT, 'sweeps/results', name, 'chart.png');
  fs.copyFileSync(await dl.path(), out);
  console.log(`wrote ${out}`);
}
await browser.close();
server.close();
