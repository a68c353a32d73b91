// The page object: every control of the app named once, so each test reads as a user story.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BASE_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];
const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-features=Vulkan', '--use-webgpu-adapter=swiftshader'];

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
  '.json': 'application/json', '.bnet': 'text/plain', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json', '.gz': 'application/gzip' };
const COMPRESSIBLE = new Set(['.html', '.js', '.wasm', '.css', '.json', '.bnet', '.svg', '.webmanifest']);

/** Serves a built site folder on a free localhost port; resolves to the server. */
export function serve(dist) {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0].split('#')[0]);
    const file = path.join(dist, url === '/' ? 'index.html' : url);
    if (!file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream', 'Content-Length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/**
 * Serves a built site the way an ordinary static host does: only under `prefix`, with
 * validators (ETag → 304), text and wasm gzip'd (a precompressed .gz beside the file when
 * there is one), everything else as it is. Counts the bytes it sends (`site.sent`) and
 * remembers every 404 (`site.missing`).
 */
export function serveSite(root, prefix = '/') {
  const site = { sent: 0, missing: [], requests: [] };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url.split('?')[0]);
    const rel = url.startsWith(prefix) ? url.slice(prefix.length) || 'index.html' : null;
    const file = rel === null ? null : path.join(root, rel);
    if (!file || !file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      site.missing.push(url); res.writeHead(404); res.end(); return;
    }
    const st = fs.statSync(file);
    const etag = `"${st.size}-${st.mtimeMs}"`;
    site.requests.push(url);
    if (req.headers['if-none-match'] === etag) { res.writeHead(304, { ETag: etag }); res.end(); return; }
    const ext = path.extname(file);
    const headers = { 'Content-Type': MIME[ext] || 'application/octet-stream', ETag: etag, 'Cache-Control': 'no-cache' };
    let body = fs.readFileSync(file);
    if (COMPRESSIBLE.has(ext) && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
      body = fs.existsSync(`${file}.gz`) ? fs.readFileSync(`${file}.gz`) : zlib.gzipSync(body);
      headers['Content-Encoding'] = 'gzip';
      headers.Vary = 'Accept-Encoding';
    }
    headers['Content-Length'] = body.length;
    site.sent += body.length;
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(Object.assign(site, { server, base: `http://127.0.0.1:${server.address().port}${prefix.replace(/\/$/, '')}` }))));
}

export async function launch({ webgpu }) {
  const args = webgpu ? [...BASE_FLAGS, ...WEBGPU_FLAGS] : [...BASE_FLAGS, '--disable-gpu', '--disable-features=WebGPU'];
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/** A browser whose profile (and so its storage) lives in `dir` (CPU only). */
export async function launchPersistent(dir) {
  return chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM, headless: true, args: [...BASE_FLAGS, '--disable-gpu', '--disable-features=WebGPU'],
    viewport: { width: 1100, height: 900 }, serviceWorkers: 'block', acceptDownloads: true,
  });
}

export class App {
  constructor(page, base) {
    this.page = page;
    this.base = base;
    this.errors = [];
    page.on('pageerror', (e) => this.errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') this.errors.push(m.text()); });
  }
  el(id) { return this.page.locator(`[data-testid="${id}"]`); }
  get backend() { return this.el('backend'); }
  get backendNotice() { return this.el('backend-notice'); }
  get seed() { return this.el('seed'); }
  get train() { return this.el('start-training'); }
  get stop() { return this.el('stop'); }
  get progress() { return this.el('progress'); }
  get chart() { return this.el('loss-chart'); }
  get accuracy() { return this.el('accuracy'); }
  get fingerprint() { return this.el('fingerprint'); }
  get status() { return this.el('status'); }
  get notices() { return this.el('notices'); }
  get reproduced() { return this.el('reproduced'); }
  get error() { return this.el('error'); }

  async open(fragment = '') {
    await this.page.goto('about:blank');
    await this.page.goto(`${this.base}/index.html${fragment ? '#' + fragment : ''}`);
    await this.page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="backend"]');
      return b && b.dataset.key && b.dataset.key !== 'detecting';
    }, null, { timeout: 120_000 });
    await this.page.waitForFunction(() => /^[0-9a-f]{16}$/.test(document.querySelector('[data-testid="fingerprint"]')?.textContent || ''), null, { timeout: 60_000 });
  }
  async backendKey() { return this.backend.getAttribute('data-key'); }
  async fingerprintText() { return (await this.fingerprint.textContent()).trim(); }
  async setSeed(n) {
    await this.seed.fill(String(n));
    await this.seed.press('Enter');
    await this.seed.blur();
  }
  /** Presses Train and waits until that new run shows its accuracy after the last epoch. */
  async trainAndWait(timeout = 300_000) {
    const before = (await this.tableRows()).length;
    await this.train.click();
    await this.page.waitForFunction((n) => (document.querySelectorAll('[data-testid="results-table"] tbody tr').length > n
      && document.querySelector('[data-testid="accuracy"]')?.dataset.value && document.querySelector('[data-testid="stop"]')?.disabled)
      || document.querySelector('[data-testid="error"]'), before, { timeout });
    const err = await this.error.count() ? await this.error.textContent() : null;
    if (err) throw new Error(`run failed: ${err}`);
    await this.statsReady();
    return parseFloat(await this.accuracy.getAttribute('data-value'));
  }
  async lossPoints() {
    return {
      n: parseInt(await this.chart.getAttribute('data-points'), 10),
      first: parseFloat(await this.chart.getAttribute('data-first')),
      last: parseFloat(await this.chart.getAttribute('data-last')),
    };
  }
  /** Queues `topologies` × `seeds` from the comparison panel and waits for the queue to finish. */
  async compare(topologies, seeds, timeout = 300_000) {
    for (const t of ['developmental', 'block', 'spatial', 'shuffled', 'random', 'none', 'cycle', 'orthogonal', 'esn', 'dale-sparse']) {
      await this.el(`compare-${t}`).setChecked(topologies.includes(t));
    }
    await this.el('compare-seeds').fill(seeds);
    await this.el('compare').click();
    await this.waitIdle(timeout);
  }
  /** Waits until no run is going (Stop disabled) and nothing is queued. */
  async waitIdle(timeout = 300_000) {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="stop"]')?.disabled
      && !document.querySelector('[data-testid="queue-line"]')?.textContent, null, { timeout });
  }
  async tableRows() {
    return this.page.$$eval('[data-testid="results-table"] tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  }
  /** Waits until the summary worker's statistics are of the runs as they are now. */
  async statsReady(timeout = 60_000) {
    await this.page.waitForFunction(() => document.querySelector('[data-testid="stats-state"]')?.dataset.fresh === 'true', null, { timeout });
  }
  async summaryRows() {
    await this.statsReady();
    return this.page.$$eval('[data-testid="summary-table"] tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  }
  /** Clicks a download button and returns the downloaded file's text. */
  async download(testid) {
    const [dl] = await Promise.all([this.page.waitForEvent('download'), this.el(testid).click()]);
    return fs.readFileSync(await dl.path(), 'utf8');
  }
  /** Moves the timeline scrubber to frame `k` and returns the step shown. */
  async scrubTo(k) {
    await this.el('scrubber').evaluate((el, v) => { el.value = String(v); el.dispatchEvent(new Event('input', { bubbles: true })); }, k);
    return parseInt(await this.el('step').getAttribute('data-step'), 10);
  }
  async typeCounts() {
    return this.page.$$eval('[data-testid="type-counts"] li', (li) => Object.fromEntries(li.map((l) => [l.dataset.type, parseInt(l.dataset.count, 10)])));
  }
  /** Clicks the frontmost cell drawn in the 3-D tissue. */
  async clickFrontCell() {
    const t = this.el('tissue');
    const box = await t.boundingBox();
    const [x, y] = (await t.getAttribute('data-front-cell')).split(',').map(Number);
    await t.click({ position: { x: x * box.width / 720, y: y * box.height / 420 } });
  }
  async shot(testid, name) {
    await this.page.addStyleTag({ content: 'nav.sections, .classroom { position: static !important; }' });
    await this.el(testid).screenshot({ path: `${OUT}/${name}.png` });
  }
  /** Screenshot from the top of one element to the bottom of another (nav made static). */
  async shotSpan(fromId, toId, name) {
    await this.page.addStyleTag({ content: 'nav.sections, .classroom { position: static !important; }' });
    await this.el(fromId).scrollIntoViewIfNeeded();
    const [a, b] = [await this.el(fromId).boundingBox(), await this.el(toId).boundingBox()];
    const top = a.y + (await this.page.evaluate(() => window.scrollY));
    const bottom = b.y + b.height + (await this.page.evaluate(() => window.scrollY));
    await this.page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true, clip: { x: 0, y: top - 8, width: this.page.viewportSize().width, height: bottom - top + 16 } });
  }
  async screenshot(name) { await this.page.screenshot({ path: `${OUT}/${name}.png`, fullPage: true }); }
}

export const OUT = new URL('./out', import.meta.url).pathname;

/**
 * A workspace file of `n` runs (a lab's imported sweep): one short MNIST run trained in the
 * page, exported, and copied as 5 topologies × n/5 seeds with accuracies that differ. Written
 * to `file` (Playwright uploads large files from disk); returns the run copied.
 */
export async function bigWorkspace(app, n, file) {
  await app.open('v=1&seed=1&limit=3200&test=200&epochs=1');
  await app.trainAndWait();
  const ws = JSON.parse(await app.download('export-workspace'));
  const one = ws.runs[0];
  const topologies = ['developmental', 'random', 'block', 'spatial', 'shuffled'];
  ws.runs = Array.from({ length: n }, (_, k) => ({
    ...one,
    id: k + 1,
    config: { ...one.config, seed: Math.floor(k / 5) + 1, topo: topologies[k % 5] },
    accuracy: one.accuracy.map((a) => a + (k % 7) * 0.001),
  }));
  fs.writeFileSync(file, JSON.stringify(ws));
  return one;
}
