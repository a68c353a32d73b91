// Browser end-to-end tests: serve dist/, drive headless Chromium (WebGPU on SwiftShader and
// the CPU fallback), compare with the native CLI. Exits non-zero on the first failure.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { App, launch, OUT } from './page.mjs';

const DIST = path.resolve(new URL('../../dist', import.meta.url).pathname);
const CLI = process.env.DEVCIRCUIT_CLI || 'devcircuit';
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.bnet': 'text/plain', '.png': 'image/png' };

function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0].split('#')[0]);
    const file = path.join(DIST, url === '/' ? 'index.html' : url);
    if (!file.startsWith(DIST) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });
function assert(cond, msg) { if (!cond) throw new Error(msg); }

let base;
async function withApp({ webgpu }, fn) {
  const browser = await launch({ webgpu });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const app = new App(page, base);
    await fn(app);
    assert(app.errors.filter((e) => !/favicon/.test(e)).length === 0, `page errors: ${app.errors.join(' | ')}`);
  } finally { await browser.close(); }
}

test('WebGPU (SwiftShader): the backend is WebGPU and a short run draws a falling loss', async () => {
  await withApp({ webgpu: true }, async (app) => {
    await app.open('v=1&seed=1&topo=developmental&limit=12&test=500');
    assert(await app.backendKey() === 'webgpu', `backend is ${await app.backend.textContent()}`);
    const acc = await app.trainAndWait(600_000);
    const loss = await app.lossPoints();
    assert(loss.n >= 3, `only ${loss.n} loss points`);
    assert(loss.last < loss.first, `loss did not fall: ${loss.first} → ${loss.last}`);
    assert(acc > 0.2, `accuracy after 12 batches on WebGPU is ${acc}`);
    await app.screenshot('webgpu-run');
  });
});

test('losing the WebGPU device mid-run falls back to the CPU and keeps the history', async () => {
  await withApp({ webgpu: true }, async (app) => {
    await app.page.addInitScript(() => {
      if (typeof GPUAdapter === 'undefined') return;
      const orig = GPUAdapter.prototype.requestDevice;
      GPUAdapter.prototype.requestDevice = async function (...a) { const d = await orig.apply(this, a); (window.__devices ||= []).push(d); return d; };
    });
    await app.open('v=1&seed=1&limit=40&test=300');
    assert(await app.backendKey() === 'webgpu', 'not on WebGPU');
    await app.train.click();
    await app.page.waitForFunction(() => parseInt(document.querySelector('[data-testid="loss-chart"]').dataset.points, 10) >= 3, null, { timeout: 300_000 });
    const before = parseInt(await app.chart.getAttribute('data-points'), 10);
    await app.page.evaluate(() => window.__devices.forEach((d) => d.destroy()));
    await app.waitIdle();
    assert(/WebGPU was lost/.test(await app.backendNotice.textContent()), 'no notice about the lost device');
    assert(await app.error.count() === 0, `run failed: ${await app.error.count() && await app.error.textContent()}`);
    const after = parseInt(await app.chart.getAttribute('data-points'), 10);
    assert(after > before, `history not kept or not continued: ${before} → ${after} points`);
    const row = (await app.tableRows())[0];
    assert(row.includes('webgpu→cpu') && row[row.length - 1] === 'done', `run row: ${row}`);
    assert(parseFloat(await app.accuracy.getAttribute('data-value')) > 0.5, 'the CPU continuation did not learn');
    await app.screenshot('device-lost');
  });
});

test('without WebGPU the CPU fallback trains and says so', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&topo=random&limit=60&test=2000');
    assert(await app.backendKey() === 'cpu', 'backend is not the CPU');
    const notice = await app.backendNotice.textContent();
    assert(/WebGPU is unavailable/.test(notice), `notice: ${notice}`);
    const acc = await app.trainAndWait();
    const loss = await app.lossPoints();
    assert(loss.last < loss.first * 0.7, `loss did not fall enough: ${loss.first} → ${loss.last}`);
    assert(acc > 0.6, `accuracy after 60 CPU batches is ${acc}`);
    await app.screenshot('cpu-run');
  });
});

test('the page grows the same circuit as the CLI for several seeds', async () => {
  await withApp({ webgpu: false }, async (app) => {
    for (const seed of [1, 2, 3]) {
      await app.open(`v=1&seed=${seed}`);
      const page = await app.fingerprintText();
      const cli = JSON.parse(execFileSync(CLI, ['grow', '--seed', String(seed), '--json'], { encoding: 'utf8' })).fingerprint;
      assert(page === cli, `seed ${seed}: page ${page} vs CLI ${cli}`);
    }
  });
});

test('a share link reproduces its fingerprint; a tampered one says what differs', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=5');
    const url = app.page.url();
    assert(url.includes('seed=5') && url.includes('fp='), `fragment not written: ${url}`);
    const frag = url.split('#')[1];
    await app.open(frag);
    assert(/reproduced ✓/.test(await app.reproduced.textContent()), 'link not reproduced');
    await app.open(frag.replace(/fp=[0-9a-f]+/, 'fp=0000000000000000'));
    assert(/not reproduced/.test(await app.reproduced.textContent()), 'tampered link accepted');
  });
});

test('a malformed fragment is ignored or clamped with notices, never a blank page', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=abc&epochs=999&topo=lattice&bogus=1');
    const text = await app.notices.textContent();
    for (const bit of ['seed=abc', 'above 50', 'lattice', 'bogus']) assert(text.includes(bit), `no notice for ${bit}: ${text}`);
    assert(await app.train.isEnabled(), 'train button disabled');
    await app.screenshot('notices');
  });
});

test('Stop ends a run early and keeps its history', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=2&topo=none&test=500');
    await app.train.click();
    await app.page.waitForFunction(() => parseInt(document.querySelector('[data-testid="loss-chart"]').dataset.points, 10) >= 4, null, { timeout: 120_000 });
    await app.stop.click();
    await app.page.waitForFunction(() => /Stopped/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 120_000 });
    assert((await app.lossPoints()).n >= 4, 'history lost');
  });
});

test('a comparison of two conditions over two seeds fills charts and tables, and a reload keeps it', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&limit=8&test=300');
    await app.compare(['developmental', 'none'], '1-2');
    const rows = await app.tableRows();
    assert(rows.length === 4, `${rows.length} result rows`);
    assert(rows.every((r) => r[r.length - 1] === 'done'), `statuses: ${rows.map((r) => r[r.length - 1])}`);
    assert(JSON.stringify(rows.map((r) => [r[1], r[2]])) === JSON.stringify([['developmental', '1/1/1'], ['none', '1/1/1'], ['developmental', '2/2/2'], ['none', '2/2/2']]), `plan: ${rows.map((r) => r[1] + ' ' + r[2])}`);
    const summary = await app.summaryRows();
    assert(summary.length === 2 && summary.every((r) => r[1] === '2' && /±/.test(r[3])), `summary: ${JSON.stringify(summary)}`);
    for (const r of rows) assert(parseFloat(r[4]) > 20, `epoch-1 accuracy ${r[4]} after 8 batches`);
    await app.el('sort-4').click(); await app.el('sort-4').click();
    const sorted = (await app.tableRows()).map((r) => parseFloat(r[4]));
    assert(sorted.every((v, i) => i === 0 || sorted[i - 1] >= v), `not sorted descending: ${sorted}`);
    assert(await app.el('confusion').getAttribute('data-total') === '300', 'confusion matrix does not count 300 test images');
    const thumbs = await app.page.$$eval('[data-testid="image-grid"] figure', (f) => f.map((x) => x.textContent));
    assert(thumbs.length === 40 && thumbs.every((t) => /^[✓✗]/.test(t)), `image grid: ${thumbs.length}`);
    await app.screenshot('comparison');
    await app.page.reload();
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 4, null, { timeout: 60_000 });
    assert((await app.summaryRows()).length === 2, 'summary lost on reload');
  });
});

test('fields refuse out-of-range values beside the field; Clear results asks first', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    for (const [id, value, bit] of [['lr', '5', 'outside'], ['batch', '0', 'outside'], ['steps', 'x', 'not a whole number'], ['seed', '-3', 'not a whole number']]) {
      await app.el(id).fill(value);
      await app.el(id).press('Enter');
      const msg = await app.el(`${id}-error`).textContent();
      assert(msg.includes(bit), `${id}=${value}: ${msg}`);
    }
    await app.el('compare-seeds').fill('9-1');
    assert((await app.el('compare-error').textContent()).includes('`9-1`'), 'no error for seeds 9-1');
    assert(await app.el('compare').isDisabled(), 'comparison can start with bad seeds');
    assert(!app.page.url().includes('lr=5'), 'a refused value reached the link');
    await app.el('lr').fill('0.002'); await app.el('lr').press('Enter');
    await app.page.waitForFunction(() => location.hash.includes('lr=0.002'));
    await app.open('v=1&seed=1&limit=3&test=100');
    await app.trainAndWait();
    let asked = null;
    app.page.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
    await app.el('clear-results').click();
    assert(/Delete all 1 runs/.test(asked || ''), `no confirmation: ${asked}`);
    assert((await app.tableRows()).length === 1, 'dismissed confirmation still cleared');
    app.page.once('dialog', (d) => d.accept());
    await app.el('clear-results').click();
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 0);
  });
});

test('share link with results reproduces, shows ghost curves, and exports carry every setting', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=3&limit=10&test=200&topo=random');
    const acc = await app.trainAndWait();
    await app.el('copy-link').click();
    const link = await app.el('share-url').inputValue();
    assert(/seed=3/.test(link) && /fp=[0-9a-f]{16}/.test(link) && /rec=random/.test(link) && /backend=cpu/.test(link), `link: ${link}`);
    const epochs = (await app.download('export-csv-epoch')).trim().split('\n');
    assert(epochs.length === 3 && epochs[0].startsWith('run,condition') && epochs[2].includes(`,1,${acc}`), `epoch CSV: ${epochs.join(' | ')}`);
    const batches = (await app.download('export-csv-batch')).trim().split('\n');
    assert(batches.length >= 3, `batch CSV has ${batches.length} lines`);
    const json = JSON.parse(await app.download('export-json'));
    assert(json.runs[0].config.seed === 3 && json.runs[0].fingerprint.length === 16, 'JSON lacks config or fingerprint');
    const weights = JSON.parse(await app.download('export-weights'));
    assert(weights.w_in.length === 784 * weights.shapes[0][1] && weights.w_out.length === weights.shapes[3][0] * 10, 'weights shapes');
    const methods = await app.download('export-methods');
    for (const bit of ['learning rate 0.001', 'batch size 64', 'after 10 batches', 'random', '3/1/1']) assert(methods.includes(bit), `methods lacks ${bit}`);
    await app.open(link.split('#')[1]);
    assert(/reproduced ✓/.test(await app.reproduced.textContent()), 'link not reproduced');
    assert(await app.el('ghost-count').getAttribute('data-count') === '1', 'no ghost curve from the link');
    await app.el('clear-ghosts').click();
    await app.el('overlay-link').fill('http://x/#v=1&seed=1');
    await app.el('overlay').click();
    assert(/no recorded results/.test(await app.el('overlay-error').textContent()), 'overlay of a link without results accepted');
    await app.el('overlay-link').fill(link);
    await app.el('overlay').click();
    assert(await app.el('ghost-count').getAttribute('data-count') === '1', 'pasted link not overlaid');
    await app.screenshot('share-ghosts');
  });
});

test('keyboard: Space starts and pauses, Esc stops, ? lists the shortcuts; a reload marks the run interrupted', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=2&test=200');
    await app.page.keyboard.press('?');
    assert(await app.el('shortcuts').isVisible(), 'no shortcut list');
    await app.screenshot('shortcuts');
    await app.page.keyboard.press('Escape');
    await app.page.locator('body').click({ position: { x: 5, y: 5 } });
    await app.page.keyboard.press(' ');
    await app.page.waitForFunction(() => parseInt(document.querySelector('[data-testid="loss-chart"]').dataset.points, 10) >= 2, null, { timeout: 120_000 });
    await app.page.keyboard.press(' ');
    await app.page.waitForFunction(() => document.querySelector('[data-testid="pause"]').textContent === 'Resume');
    await app.page.waitForTimeout(1000);
    const n = await app.chart.getAttribute('data-points');
    await app.page.waitForTimeout(1500);
    assert(await app.chart.getAttribute('data-points') === n, 'training went on while paused');
    await app.page.reload();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tbody tr'), null, { timeout: 60_000 });
    const rows = await app.tableRows();
    assert(rows[0][rows[0].length - 1] === 'interrupted by a reload', `status after reload: ${rows[0]}`);
    assert(/interrupted/.test(await app.notices.textContent()), 'no notice about the interrupted run');
    await app.page.locator('body').click({ position: { x: 5, y: 5 } });
    await app.page.keyboard.press(' ');
    await app.page.waitForFunction(() => !document.querySelector('[data-testid="stop"]').disabled);
    await app.page.keyboard.press('Escape');
    await app.page.waitForFunction(() => /Stopped/.test(document.querySelector('[data-testid="status"]').textContent), null, { timeout: 120_000 });
  });
});

test('the dataset is cached across reloads; a missing dataset says which and offers Retry', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&limit=2&test=100');
    await app.trainAndWait();
    assert(!/browser cache/.test(await app.el('progress-label').textContent()), 'first load claims the cache');
    await app.page.reload();
    await app.open('v=1&seed=1&limit=2&test=100');
    await app.trainAndWait();
    assert(/from the browser cache/.test(await app.el('progress-label').textContent()), `second load: ${await app.el('progress-label').textContent()}`);
    await app.open('v=1&seed=1&data=no-such-set');
    await app.train.click();
    await app.page.waitForSelector('[data-testid="retry"]', { timeout: 60_000 });
    assert(/`no-such-set`.*devcircuit data fetch no-such-set/.test(await app.error.textContent()), `error: ${await app.error.textContent()}`);
    app.errors.length = 0; // the 404s of the missing dataset are expected console errors
  });
});

test('the page fits a 360 px phone without sideways scrolling', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.page.setViewportSize({ width: 360, height: 780 });
    await app.open('v=1&seed=1');
    const w = await app.page.evaluate(() => document.documentElement.scrollWidth);
    assert(w <= 360, `page is ${w} px wide at 360 px`);
    await app.page.screenshot({ path: `${OUT}/phone.png` });
  });
});

fs.mkdirSync(OUT, { recursive: true });
const server = await serve();
base = `http://127.0.0.1:${server.address().port}`;
let failed = 0;
const only = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
const chosen = tests.filter((t) => !only || only.test(t.name));
for (const t of chosen) {
  const t0 = Date.now();
  try { await t.fn(); console.log(`ok   ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`); }
  catch (e) { failed++; console.log(`FAIL ${t.name}: ${e.message}`); }
}
server.close();
console.log(failed ? `${failed} of ${chosen.length} browser tests failed` : `all ${chosen.length} browser tests passed`);
process.exit(failed ? 1 : 0);
