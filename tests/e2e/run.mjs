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

fs.mkdirSync(OUT, { recursive: true });
const server = await serve();
base = `http://127.0.0.1:${server.address().port}`;
let failed = 0;
for (const t of tests) {
  const t0 = Date.now();
  try { await t.fn(); console.log(`ok   ${t.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`); }
  catch (e) { failed++; console.log(`FAIL ${t.name}: ${e.message}`); }
}
server.close();
console.log(failed ? `${failed} of ${tests.length} browser tests failed` : `all ${tests.length} browser tests passed`);
process.exit(failed ? 1 : 0);
