// Browser end-to-end tests on node:test: serve dist/, drive headless Chromium (WebGPU on
// SwiftShader and the CPU fallback), compare with the native CLI. Every test has a timeout; a
// failing test leaves a Playwright trace in tests/e2e/out/; only tests whose assertion is a
// timing on this machine are retried once. E2E_ONLY=regex runs the tests whose name matches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { test as nodeTest, before, after } from 'node:test';
import { execFileSync } from 'node:child_process';
import { App, bigWorkspace, launch, launchPersistent, OUT, serve, serveSite } from './page.mjs';

const DIST = path.resolve(process.env.E2E_DIST || new URL('../../dist', import.meta.url).pathname);
const DEPLOY = path.resolve(process.env.E2E_DEPLOY || new URL('../../dist-deploy', import.meta.url).pathname);
const CLI = process.env.DEVCIRCUIT_CLI || 'devcircuit';
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;
/** The longest a browser test may take (WebGPU on SwiftShader compiles shaders for minutes). */
const TIMEOUT = 900_000;

/** A browser test (skipped when E2E_ONLY does not match its name); `retries` only for timings. */
function test(name, fn, { retries = 0 } = {}) {
  if (ONLY && !ONLY.test(name)) return;
  nodeTest(name, { timeout: TIMEOUT }, async () => {
    for (let attempt = 0; ; attempt++) {
      try { return await fn(); } catch (e) {
        if (attempt >= retries) throw e;
        console.log(`     retrying after a timing failure: ${e.message}`);
      }
    }
  });
}

/** The name of a test as a file name (for its trace). */
const slug = (s) => s.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);

let base;
async function withApp({ webgpu, site, serviceWorkers = 'block', trace = true }, fn) {
  const browser = await launch({ webgpu });
  let context;
  try {
    // The service worker is tested on its own (offline test); elsewhere it would only add
    // a second, uncounted fetch path.
    context = await browser.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers });
    if (trace) await context.tracing.start({ snapshots: true, screenshots: false });
    const page = await context.newPage();
    const app = new App(page, site || base);
    await fn(app);
    assert(app.errors.filter((e) => !/favicon/.test(e)).length === 0, `page errors: ${app.errors.join(' | ')}`);
    if (trace) await context.tracing.stop();
  } catch (e) {
    if (trace && context) {
      const file = `${OUT}/trace-${slug(e.message || 'failure')}.zip`;
      await context.tracing.stop({ path: file }).catch(() => {});
      e.message += ` (trace: ${file}; open it with npx playwright show-trace)`;
    }
    throw e;
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
    await app.screenshot('webgpu-run-page');
    await app.page.evaluate(() => window.scrollTo(0, 0));
    await app.page.screenshot({ path: `${OUT}/webgpu-run.png` });
  });
});

test('losing the WebGPU device mid-run falls back to the CPU and keeps the history', async () => {
  await withApp({ webgpu: true }, async (app) => {
    await app.open('v=1&seed=1&limit=40&test=300');
    assert(await app.backendKey() === 'webgpu', 'not on WebGPU');
    // Training runs in the page's worker (the other one computes the statistics): keep the
    // devices they request so they can be destroyed.
    while (app.page.workers().length < 2) await app.page.waitForEvent('worker');
    for (const worker of app.page.workers()) {
      await worker.evaluate(() => {
        const orig = GPUAdapter.prototype.requestDevice;
        GPUAdapter.prototype.requestDevice = async function (...a) { const d = await orig.apply(this, a); (self.__devices ||= []).push(d); return d; };
      });
    }
    await app.train.click();
    await app.page.waitForFunction(() => parseInt(document.querySelector('[data-testid="loss-chart"]').dataset.points, 10) >= 3, null, { timeout: 300_000 });
    const before = parseInt(await app.chart.getAttribute('data-points'), 10);
    for (const worker of app.page.workers()) await worker.evaluate(() => (self.__devices || []).forEach((d) => d.destroy()));
    await app.waitIdle();
    assert(/WebGPU was lost/.test(await app.backendNotice.textContent()), 'no notice about the lost device');
    assert(await app.error.count() === 0, `run failed: ${await app.error.count() && await app.error.textContent()}`);
    const after = parseInt(await app.chart.getAttribute('data-points'), 10);
    assert(after > before, `history not kept or not continued: ${before} → ${after} points`);
    const row = (await app.tableRows())[0];
    assert(row.some((c) => /^webgpu→cpu \(restarted on the CPU at iteration \d+\)$/.test(c)) && row[row.length - 1] === 'done', `run row: ${row}`);
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
    await app.open('v=1&seed=abc&epochs=999&topo=lattice&bogus=1&data=nosuch&topo=trainable');
    await app.page.waitForFunction(() => /nosuch/.test(document.querySelector('[data-testid="notices"]').textContent));
    const text = await app.notices.textContent();
    for (const bit of ['seed=abc', 'above 200', 'lattice', 'bogus', '`data=nosuch` is not a dataset this site offers', 'train=all']) assert(text.includes(bit), `no notice for ${bit}: ${text}`);
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
    await app.screenshot('comparison-page');
    await app.shotSpan('charts', 'results-table', 'comparison');
    await app.page.reload();
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 4, null, { timeout: 60_000 });
    assert((await app.summaryRows()).length === 2, 'summary lost on reload');
  });
});

test('memory capacity over ρ with leaky units: topologies compared with input into deep layers and readout from upper ones, each value equal to the CLI\'s', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&task=memory-capacity&in=deep&out=upper&leak=0.5');
    assert(await app.el('leak').inputValue() === '0.5', `the panel shows leak ${await app.el('leak').inputValue()} for leak=0.5`);
    assert(await app.el('dataset').isDisabled(), 'the dataset choice is live for a reservoir task');
    const sets = [await app.el('input-layers').inputValue(), await app.el('readout-layers').inputValue()];
    assert(sets[0] === 'l6,l5' && sets[1] === 'l23', `the panel shows input ${sets[0]}, readout ${sets[1]} for in=deep&out=upper`);
    await app.el('compare-rhos').fill('0');
    assert((await app.el('compare-error').textContent()).includes('ρ values'), 'ρ = 0 accepted');
    assert(await app.el('delay').isDisabled(), 'the delay field is live for memory capacity');
    await app.el('input-scale').fill('nan'); await app.el('input-scale').press('Enter');
    assert((await app.el('input-scale-error').textContent()).includes('not a finite number'), 'input scale NaN accepted');
    await app.el('compare-rhos').fill('0.5,0.9,1.3');
    const t0 = Date.now();
    await app.compare(['developmental', 'random', 'shuffled', 'none', 'cycle'], '1-2', 150_000);
    const seconds = (Date.now() - t0) / 1000;
    const rows = await app.page.$$eval('[data-testid="results-table"] tbody tr', (rs) => rs.map((r) => ({ metric: r.dataset.metric, cells: [...r.cells].map((c) => c.textContent) })));
    assert(rows.length === 30, `${rows.length} rows`);
    const perNeuron = {};
    for (const topo of ['developmental', 'random', 'shuffled', 'none', 'cycle']) {
      for (const seed of [1, 2]) {
        const args = ['task', 'memory-capacity', '--topology', topo, '--seed', String(seed), '--rho', '0.5,0.9,1.3', '--input-layers', 'deep', '--readout-layers', 'upper', '--leak', '0.5', '--json'];
        const cli = execFileSync(CLI, args, { encoding: 'utf8' }).trim().split('\n').map((l) => JSON.parse(l));
        for (const line of cli) {
          const row = rows.find((r) => r.cells[1].split(' ')[0] === topo && r.cells[2] === `${seed}/${seed}/${seed}` && parseFloat(r.cells[5]) === line.rho);
          assert(row, `no page row for ${topo} seed ${seed} ρ ${line.rho}`);
          assert(parseFloat(row.metric) === line.metric, `${topo} seed ${seed} ρ ${line.rho}: page ${row.metric} vs CLI ${line.metric}`);
          const key = `${topo} ${line.rho}`;
          perNeuron[key] = (perNeuron[key] || 0) + line.per_neuron / 2;
        }
        if (topo === 'none') assert(cli.every((l) => l.metric === 0), 'no recurrence, yet an upper readout remembers deep input');
      }
    }
    await app.statsReady();
    const series = (await app.el('rho-chart').getAttribute('data-series')).split(';');
    assert(series.length === 5 && series.every((s) => s.split(',').length === 3), `ρ chart series: ${series}`);
    const shown = await app.page.$$eval('[data-testid="task-summary-table"] tbody tr', (rs) => rs.map((r) => [r.dataset.condition, r.querySelector('[data-testid="per-neuron"]').textContent]));
    for (const [key, mean] of Object.entries(perNeuron)) {
      const [topo, rho] = key.split(' ');
      const row = shown.find((r) => r[0].split(' ')[0] === topo && r[0].split(' ').some((f) => f.endsWith(`=${rho}`)));
      assert(row && row[1] === mean.toFixed(4), `${key}: MC/N page ${row && row[1]} vs CLI ${mean.toFixed(4)} (${JSON.stringify(shown)})`);
    }
    console.log(`     30 memory-capacity runs (5 topologies × 2 seeds × 3 ρ) in ${seconds.toFixed(1)} s`);
    await app.el('rho-chart').scrollIntoViewIfNeeded();
    await app.shot('rho-chart', 'rho-chart');
    await app.shot('heat-developmental', 'heat-sets');
  });
});

test('a collected sweep opens in the page: its runs, statistics, adjusted p-values and verdicts equal the CLI\'s, fingerprints reproduced', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'devcircuit-sweep-'));
  fs.writeFileSync(path.join(dir, 'sweep.toml'), 'command = "task"\ntask = "memory-capacity"\ntopology = ["developmental", "random"]\nseed = "1-3"\nrho = [0.5, 0.9]\n[preregistration]\nreference = "developmental"\ndirection = "higher"\nmargin = 0.3\nfamily = "sweep"\n');
  fs.writeFileSync(path.join(dir, 'plan.jsonl'), execFileSync(CLI, ['sweep', 'plan', '--exploratory', path.join(dir, 'sweep.toml')], { encoding: 'utf8' }));
  execFileSync(CLI, ['sweep', 'run', path.join(dir, 'plan.jsonl'), '--out', path.join(dir, 'results')], { stdio: 'ignore' });
  execFileSync(CLI, ['sweep', 'collect', path.join(dir, 'results')], { stdio: 'ignore' });
  const collected = JSON.parse(fs.readFileSync(path.join(dir, 'results', 'summary.json'), 'utf8'));
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    await app.el('import-sweep').setInputFiles(path.join(dir, 'results', 'summary.json'));
    const msg = await app.el('import-result').textContent();
    assert(/Imported 12 runs/.test(msg) && (msg.match(/reproduced ✓/g) || []).length === 3 && !/✗/.test(msg), `import: ${msg}`);
    const rows = await app.tableRows();
    assert(rows.length === 12 && rows.every((r) => r.some((c) => c.startsWith('imported'))), `${rows.length} rows, not all marked imported`);
    await app.statsReady();
    const pageMeans = await app.page.$$eval('[data-testid="task-summary-table"] tbody tr', (rs) => rs.map((r) => [r.dataset.condition, parseFloat(r.dataset.mean)]));
    for (const c of collected.conditions) {
      const p = pageMeans.find((m) => m[0] === c.condition);
      assert(p && p[1] === c.mean, `${c.condition}: page ${p && p[1]} vs collect ${c.mean}`);
    }
    // The plan's margin typed in; the page corrects over every row (Holm), as the plan's one family.
    await app.el('paired-margin').fill('0.3');
    await app.el('paired-margin').press('Enter');
    await app.statsReady();
    const paired = await app.page.$$eval('[data-testid="paired-table"] tbody tr', (rs) => rs.map((r) => [r.dataset.condition, parseFloat(r.dataset.mean), r.cells[8].textContent, parseFloat(r.dataset.pAdjusted)]));
    assert(paired.length === collected.paired.length, `paired rows: page ${paired.length}, collect ${collected.paired.length}`);
    for (const c of collected.paired) {
      const p = paired.find((m) => m[0] === c.condition);
      // Means and verdicts bit for bit; p-values to 12 digits: statrs's t distribution calls the
      // platform's exp and ln, whose last bit differs between native code and wasm.
      const close = p && Math.abs(p[3] - c.p_adjusted) <= 1e-12 * Math.max(1e-300, Math.abs(c.p_adjusted));
      assert(p && p[1] === c.mean_difference && p[2] === c.verdict && close, `${c.condition}: page ${p} vs collect ${c.mean_difference} ${c.verdict} ${c.p_adjusted}`);
    }
    await app.el('import-sweep').setInputFiles({ name: 'summary.json', mimeType: 'application/json', buffer: Buffer.from('{"records": [') });
    assert(/not JSON \(line 1/.test(await app.el('import-error').textContent()), 'a broken file was not refused with its position');
    await app.shotSpan('charts', 'paired-table', 'sweep-import');
  });
  fs.rmSync(dir, { recursive: true, force: true });
});

test('fields refuse out-of-range values beside the field; Clear results asks first', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    for (const [id, value, bit] of [['lr', '5', 'outside'], ['batch', '0', 'outside'], ['steps', 'x', 'not a number'], ['seed', '-3', 'outside'], ['seed', '2.5', 'not a whole number']]) {
      await app.el(id).fill(value);
      await app.el(id).press('Enter');
      const msg = await app.el(`${id}-error`).textContent();
      assert(msg.includes(bit), `${id}=${value}: ${msg}`);
    }
    await app.el('leak').fill('0');
    await app.el('leak').press('Enter');
    const leak = await app.el('leak-error').textContent();
    assert(leak.includes('outside') && leak.includes('0.01'), `leak=0: ${leak}`);
    assert(await app.el('leak-error').evaluate((e, f) => e.closest('label, .field') === f.closest('label, .field'), await app.el('leak').elementHandle()), 'the refusal is not beside the leak field');
    await app.page.locator('[data-group="Recurrent layer"]').screenshot({ path: `${OUT}/leak-refused.png` });
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
    for (const bit of ['learning rate 0.001', 'batch size 64', '10 batches per epoch', 'pixels scaled to [−0.5, 0.5]', 'σ = 200 µm', 'random', '3/1/1']) assert(methods.includes(bit), `methods lacks ${bit}`);
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

test('a diverging run stops with an explanation and is marked failed', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&lr=1&rho=0&limit=60&test=100');
    await app.train.click();
    await app.error.waitFor({ timeout: 120_000 });
    assert(/training diverged.*lower learning rate/.test(await app.error.textContent()), `error: ${await app.error.textContent()}`);
    await app.waitIdle();
    const row = (await app.tableRows())[0];
    assert(/^failed: training diverged/.test(row[row.length - 1]), `status: ${row[row.length - 1]}`);
  });
});

test('an automated accessibility audit (axe-core) finds no serious or critical violation', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&task=memory-capacity');
    await app.compare(['developmental', 'random'], '1-2', 60_000);
    await app.page.addScriptTag({ path: path.resolve(new URL('./node_modules/axe-core/axe.min.js', import.meta.url).pathname) });
    const result = await app.page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
    assert(result.length === 0, `axe: ${result.join('; ')}`);
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

const cliJson = (args) => JSON.parse(execFileSync(CLI, args, { encoding: 'utf8' }));

test('scrubbing the 3-D timeline shows the CLI\'s per-type counts at that step; the view turns smoothly', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=2');
    for (const k of [0, 19, 39, 71]) {
      const step = await app.scrubTo(k);
      const page = await app.typeCounts();
      const cli = cliJson(['grow', '--seed', '2', '--at', String(step), '--json']).counts_at.cell_types;
      for (const t of Object.keys(cli)) assert(page[t] === cli[t], `step ${step} ${t}: page ${page[t]} vs CLI ${cli[t]}`);
    }
    await app.open('v=1&seed=3'); // the largest tissue of seeds 1-20 (5,603 cells)
    await app.el('spin').click();
    await app.page.waitForTimeout(3500);
    const fps = parseFloat(await app.el('tissue').getAttribute('data-fps'));
    const cells = await app.el('tissue').getAttribute('data-cells');
    await app.el('spin').click();
    fs.writeFileSync(`${OUT}/tissue-fps.txt`, `${fps.toFixed(1)} fps turning the 3-D view with ${cells} cells (headless Chromium, CPU canvas, draw ${await app.el('tissue').getAttribute('data-draw-ms')} ms)\n`);
    console.log(`     measured: ${fps.toFixed(1)} fps with ${cells} cells`);
    assert(fps > 5 && parseInt(cells, 10) > 4000, `the view did not animate: ${fps} fps, ${cells} cells`);
    await app.shot('grow-panel', 'tissue');
  });
}, { retries: 1 });

test('clicking a cell inspects its genes, the rules behind each change and its ancestry', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    let changes = [];
    for (const k of [10, 20, 30, 45, 60]) {
      await app.scrubTo(k);
      await app.clickFrontCell();
      await app.el('cell-summary').waitFor();
      changes = await app.page.$$eval('[data-testid="cell-changes"] tbody tr', (r) => r.map((x) => [x.cells[1].textContent, x.cells[3].textContent]));
      if (changes.length > 0) break;
    }
    assert(parseInt(await app.el('cell-summary').getAttribute('data-ancestors'), 10) >= 2, 'no ancestry');
    assert(/← cell 0 \(born 0 h\)$/.test(await app.el('cell-ancestry').textContent()), `ancestry does not end at the founder: ${await app.el('cell-ancestry').textContent()}`);
    assert(changes.length > 0 && changes.every(([g, rule]) => rule.startsWith(`${g} = `)), `changes: ${JSON.stringify(changes.slice(0, 3))}`);
    await app.shot('inspector', 'inspector');
  });
});

test('a knock-out regrows with a diff that matches the CLI, travels in the link, and bad rules show line and column', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    await app.el('fix-Satb2').selectOption('ko');
    await app.el('regrow').click();
    await app.el('regrow-diff').waitFor();
    const cli = cliJson(['grow', '--seed', '1', '--fix', 'Satb2=0', '--json']);
    const wt = cliJson(['grow', '--seed', '1', '--json']);
    const row = async (q) => app.page.$eval(`[data-testid="regrow-diff"] tr[data-quantity="${q}"]`, (r) => [...r.cells].map((c) => c.textContent));
    assert(JSON.stringify((await row('mature neurons in the circuit')).slice(1, 3)) === JSON.stringify([String(wt.neurons), String(cli.neurons)]), `neurons row: ${await row('mature neurons in the circuit')}`);
    assert((await row('synapses'))[2] === String(cli.synapses), `synapses row: ${await row('synapses')}`);
    assert(await app.fingerprintText() === cli.fingerprint, 'page and CLI knock-outs grew different circuits');
    const frag = app.page.url().split('#')[1];
    assert(/ko=Satb2/.test(frag), `link lacks the knock-out: ${frag}`);
    await app.shot('rules-panel', 'rules');
    await app.open(frag);
    assert(await app.fingerprintText() === cli.fingerprint, 'the knock-out link did not regrow the knock-out');
    assert(/reproduced ✓/.test(await app.reproduced.textContent()), 'knock-out link not reproduced');
    const text = await app.el('rules-text').inputValue();
    const lines = text.split('\n');
    const k = lines.findIndex((l) => l.startsWith('Hes1'));
    lines[k] = 'Hes1, (Notch1 & ) | Sox2';
    await app.el('rules-text').fill(lines.join('\n'));
    const err = app.el('rules-error');
    assert(await err.getAttribute('data-line') === String(k + 1), `error line ${await err.getAttribute('data-line')} vs ${k + 1}`);
    assert(parseInt(await err.getAttribute('data-column'), 10) === 17, `error column ${await err.getAttribute('data-column')}: ${await err.textContent()}`);
    assert(await app.el('regrow').isDisabled(), 'regrow allowed with broken rules');
    await app.page.reload();
    await app.el('rules-error').waitFor();
    assert((await app.el('rules-text').inputValue()).includes('Hes1, (Notch1 & ) | Sox2'), 'the half-typed rule was lost on reload');
  });
});

test('a lethal knock-out regrows to what the CLI grows: the diff, the tissue and the link say so', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=2');
    await app.el('fix-Sox2').selectOption('ko');
    await app.el('regrow').click();
    await app.el('regrow-diff').waitFor();
    const cli = cliJson(['grow', '--seed', '2', '--fix', 'Sox2=0', '--json']);
    const row = async (q) => app.page.$eval(`[data-testid="regrow-diff"] tr[data-quantity="${q}"]`, (r) => [...r.cells].map((c) => c.textContent));
    assert((await row('cells'))[2] === String(cli.cells), `cells row: ${await row('cells')} vs CLI ${cli.cells}`);
    assert((await row('mature neurons in the circuit'))[2] === String(cli.neurons), `neurons row: ${await row('mature neurons in the circuit')}`);
    assert(await app.fingerprintText() === cli.fingerprint, `fingerprint ${await app.fingerprintText()} vs CLI ${cli.fingerprint}`);
    assert(/no circuit/.test(await app.page.locator('p.circuit').textContent()), 'the summary line does not say that no circuit grew');
    assert(/ko=Sox2/.test(app.page.url()), `link lacks the knock-out: ${app.page.url()}`);
    await app.el('step-back').click();
    await app.el('step-forward').click();
  });
});

test('the circuit viewer shows the grown circuit, every null model and the references with the CLI\'s diagnostics, and exports each', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=3');
    const cli = cliJson(['grow', '--seed', '3', '--json']);
    for (const name of ['developmental', 'block', 'spatial', 'shuffled', 'random']) {
      const t = await app.el(`circuit-stats-${name}`).textContent();
      assert(t.includes(`${cli.neurons} neurons, ${cli.synapses} synapses`), `${name}: ${t}`);
    }
    for (const name of ['developmental', 'random', 'cycle', 'orthogonal', 'esn', 'dale-sparse']) {
      const t = await app.el(`circuit-stats-${name}`).textContent();
      assert(t.includes(`${cli.neurons} neurons`), `${name}: ${t}`);
      // The page's seed=3 grows seed 3 with initialisation and data seeds 1; the CLI's --seed sets all three.
      const d = cliJson(['export', '--seed', '3', '--init-seed', '1', '--data-seed', '1', '--topology', name, '--format', 'json']).diagnostics;
      const shown = await app.el(`circuit-diagnostics-${name}`).textContent();
      const want = `participation ratio ${d.participation_ratio.toFixed(2)} of the states; ${d.strong_eigenvalues} eigenvalues above ρ/2; block means (layer × E/I) hold ${(100 * d.block_mean_share).toFixed(1)} % of ‖W‖²; ‖W‖₂/ρ = ${d.non_normality.toFixed(2)}`;
      assert(shown === want, `${name}: page "${shown}" vs CLI "${want}"`);
    }
    const cycle = await app.el('circuit-stats-cycle').textContent();
    assert(cycle.includes(`${cli.neurons} synapses`), `the cycle has one synapse per neuron: ${cycle}`);
    await app.el('export-which').selectOption('orthogonal');
    const orthogonal = JSON.parse(await app.download('export-circuit-json'));
    assert(orthogonal.weights.length === cli.neurons * cli.neurons, 'the orthogonal export lacks its weights');
    await app.el('export-which').selectOption('developmental');
    const dev = await app.el('circuit-stats-developmental').textContent();
    assert(dev.includes(`${cli.connected_pairs} connected pairs`), `connected pairs: ${dev}`);
    const before = app.page.url();
    await app.el('nav-circuit').click();
    await app.page.waitForTimeout(300);
    assert(app.page.url() === before && !/unknown key/.test(await app.notices.textContent()), `the section link changed the experiment link: ${app.page.url()}`);
    assert(await app.el('circuit-panel').evaluate((e) => Math.abs(e.getBoundingClientRect().top) < 200), 'the section link did not scroll to the circuit');
    const graphml = await app.download('export-graphml');
    assert(graphml.includes('<graphml') && (graphml.match(/<node /g) || []).length === cli.neurons, 'GraphML lacks the neurons');
    await app.shot('circuit-panel', 'circuit');
  });
});

test('plasticity from a link reshapes the grown circuit exactly as the CLI does, and the panel switches rules', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=3&iseed=3&plast=prune&prune=0.3&psteps=300');
    const cli = cliJson(['export', '--seed', '3', '--plasticity', 'prune', '--prune-fraction', '0.3', '--plastic-steps', '300']).plastic.report;
    const summary = app.el('plastic-summary');
    await summary.waitFor();
    for (const [attr, want] of [['synapses-before', cli.synapses_before], ['synapses-after', cli.synapses_after], ['radius-before', cli.radius_before], ['radius-after', cli.radius_after]]) {
      const got = parseFloat(await summary.getAttribute(`data-${attr}`));
      assert(got === want, `${attr}: page ${got}, CLI ${want}`);
    }
    assert(cli.synapses_after === cli.synapses_before - Math.round(0.3 * cli.synapses_before), 'the CLI pruned another fraction');
    assert((await summary.textContent()).startsWith('prune for 300 steps'), await summary.textContent());
    await app.shot('plastic-panel', 'plasticity');
    await app.el('plasticity').selectOption('ip');
    await app.page.waitForFunction(() => document.querySelector('[data-testid=plastic-summary]')?.textContent.startsWith('ip for'));
    assert(app.page.url().includes('plast=ip'), `the link does not carry the rule: ${app.page.url()}`);
    await app.page.locator('[data-group="Experience (plasticity)"]').screenshot({ path: `${OUT}/plasticity-settings.png` });
  });
});

/** The page's search with `form`, to the end (or until `until` shows in its status). */
async function evolveInPage(app, form, until = 'done') {
  for (const [id, v] of Object.entries(form)) await app.el(`evolve-${id}`).fill(v);
  await app.el('evolve-mutate-sigma').check();
  await app.el('evolve-start').click();
  await app.page.waitForFunction((u) => document.querySelector('[data-testid=evolve-status]')?.textContent.includes(u), until, { timeout: 300_000 });
}

/** `devcircuit evolve` on the plan the page shows: its best.json. */
async function evolveInCli(app, name) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `devcircuit-${name}-`));
  fs.writeFileSync(path.join(dir, 'plan.toml'), await app.el('evolve-plan').textContent());
  execFileSync(CLI, ['evolve', path.join(dir, 'plan.toml'), '--out', path.join(dir, 'out'), '--jobs', '2'], { stdio: 'ignore' });
  return JSON.parse(fs.readFileSync(path.join(dir, 'out', 'best.json'), 'utf8'));
}

/** The page's best genome equals the CLI's: generation, fitness bit for bit, rule diff. */
async function assertSameBest(app, cli) {
  const best = app.el('evolve-best');
  assert.equal(parseInt(await best.getAttribute('data-generation'), 10), cli.best.generation, 'best generation');
  assert.equal(parseFloat(await best.getAttribute('data-fitness')), cli.best.fitness, 'best fitness');
  const diff = await app.page.locator('[data-testid=evolve-diff] code').allTextContents();
  assert.deepEqual(diff, cli.best.diff, 'rule diff');
}

test('an evolve search in the page (three workers) is the CLI\'s search from the plan it shows, and a reload resumes it', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await cores(app, 4); // genomes scored on three workers at once
    await app.open('v=1&in=l6,l5&out=l23');
    // A budget the CLI refuses is refused beside the form, and Start waits.
    await app.el('evolve-population').fill('2');
    assert.match(await app.el('evolve-error').textContent(), /`population = 2`: 4-1000 genomes per generation/);
    assert(await app.el('evolve-start').isDisabled(), 'Start is enabled with a refused plan');
    await evolveInPage(app, { generations: '2', population: '4', seeds: '1', seed: '3', 'rule-rate': '0.8' });
    const plan = await app.el('evolve-plan').textContent();
    assert(plan.includes('input_layers = "l6,l5"') && plan.includes('mutate = ["rules", "sigma"]'), plan);
    await assertSameBest(app, await evolveInCli(app, 'evolve'));
    await app.shot('evolve-panel', 'evolve');
    // Reloaded during generation 2 of 3: the search resumes and ends where the CLI's does.
    await evolveInPage(app, { generations: '3', population: '4', seeds: '2', seed: '5', 'rule-rate': '0.8' }, 'Generation 2 of 3');
    await app.page.reload();
    await app.page.waitForFunction(() => document.querySelector('[data-testid=evolve-status]')?.textContent.includes('done'), null, { timeout: 300_000 });
    await assertSameBest(app, await evolveInCli(app, 'evolve-resumed'));
  });
});

/** Finished runs in a tab's table: `id:metric` (or `id:status` for runs without a metric). */
const finishedRuns = (a) => a.page.$$eval('[data-testid="results-table"] tbody tr[data-run]', (rows) => rows
  .map((r) => ({ id: r.dataset.run, metric: r.dataset.metric, status: r.cells[r.cells.length - 1].textContent }))
  .filter((r) => r.status === 'done').map((r) => `${r.id}:${r.metric}`));
const waitFinished = (a, n, timeout) => a.page.waitForFunction((k) => [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-run]')]
  .filter((r) => r.cells[r.cells.length - 1].textContent === 'done').length >= k, n, { timeout });

test('two tabs each finish a run, each sees the other\'s within a second, a duplicated tab or a frozen one leaves it running, and both survive a reload', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&epochs=10&test=200');
    const app2 = new App(await app.page.context().newPage(), base);
    await app2.open('v=1&seed=2&task=memory-capacity');
    // A run training in tab 1 shows in tab 2 as running there.
    await app.train.click();
    const runningElsewhere = (a) => a.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="results-table"] tbody tr')]
      .some((r) => r.textContent.includes('running in another tab')), null, { timeout: 60_000 });
    await runningElsewhere(app2);
    // "Duplicate tab" copies tab 1's sessionStorage: the copy still finds the run trained
    // elsewhere (tab 1 holds its Web Lock) and does not mark it interrupted.
    const session = await app.page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
    const dup = new App(await app.page.context().newPage(), base);
    await dup.page.addInitScript((s) => { for (const [k, v] of JSON.parse(s)) sessionStorage.setItem(k, v); }, session);
    await dup.page.goto(`${base}/index.html#v=1&seed=1`);
    await runningElsewhere(dup);
    assert(!/interrupted/.test(await dup.notices.textContent()), 'the duplicate tab marked the run interrupted');
    await dup.page.close();
    // Tab 1 frozen as a browser freezes a hidden tab (none of its timers run) for longer than
    // the 15 s a heartbeat was once allowed: it still holds its run's lock, so a tab opened
    // meanwhile finds the run trained elsewhere, and thawed it finishes the run.
    const cdp = await app.page.context().newCDPSession(app.page);
    await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
    await new Promise((r) => setTimeout(r, 20_000));
    const late = new App(await app.page.context().newPage(), base);
    await late.page.goto(`${base}/index.html#v=1&seed=1`);
    await runningElsewhere(late);
    assert(!/interrupted/.test(await late.notices.textContent()), 'a tab opened while tab 1 was frozen marked its run interrupted');
    await late.page.close();
    await cdp.send('Page.setWebLifecycleState', { state: 'active' });
    await waitFinished(app, 1, 300_000);
    await waitFinished(app2, 1, 1_000);
    await app2.train.click();
    await waitFinished(app2, 2, 60_000);
    await waitFinished(app, 2, 1_000);
    const both = await finishedRuns(app);
    assert.equal(new Set(both.map((r) => r.split(':')[0])).size, 2, `two runs with distinct ids: ${both}`);
    assert.deepEqual(await finishedRuns(app2), both);
    await app.shot('results-table', 'two-tabs');
    for (const a of [app, app2]) {
      await a.page.reload();
      await waitFinished(a, 2, 30_000);
      assert.deepEqual(await finishedRuns(a), both, 'a reload lost a run');
    }
    assert.deepEqual(app2.errors, []);
    await app2.page.close();
  });
});

test('a tab that dies while it takes a queued run loses none: the queue comes back whole', async () => {
  await withApp({ webgpu: false }, async (app) => {
    // The take (queue, ids and the new running record in one IndexedDB transaction) is cut
    // off as a closing tab cuts it: the transaction aborts, then the tab is closed.
    await app.page.addInitScript(() => {
      const open = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (names, mode) {
        const tx = open.call(this, names, mode);
        const both = [].concat(names).includes('runs') && [].concat(names).includes('meta');
        if (both && mode === 'readwrite' && window.__dieOnTake) {
          window.__died = true;
          queueMicrotask(() => tx.abort());
        }
        return tx;
      };
    });
    await app.open('v=1&seed=1&task=memory-capacity');
    await app.page.evaluate(() => { window.__dieOnTake = true; });
    for (const t of ['developmental', 'block', 'spatial', 'shuffled', 'random', 'none']) {
      await app.el(`compare-${t}`).setChecked(t === 'developmental' || t === 'random');
    }
    await app.el('compare-seeds').fill('1-2');
    await app.el('compare').click();
    await app.page.waitForFunction(() => window.__died, null, { timeout: 30_000 });
    const context = app.page.context();
    await app.page.close();
    const again = new App(await context.newPage(), base);
    await again.open('v=1&seed=1&task=memory-capacity');
    await again.page.waitForFunction(() => /4 queued run\(s\) were restored/.test(document.querySelector('[data-testid="notices"]')?.textContent), null, { timeout: 30_000 });
    assert.equal(await again.el('results-table').getAttribute('data-rows'), '0', 'a run was recorded from an aborted take');
    await again.el('resume-queue').click();
    await waitFinished(again, 4, 120_000);
  });
});

test('a localStorage workspace moves into IndexedDB once, even with two tabs opening at once; the workspace travels as one file without overwriting; the storage used is shown', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&task=memory-capacity');
    // A workspace an older version kept in localStorage.
    const old = { id: 4, config: { task: 'memory-capacity', seed: 3 }, status: { state: 'done' }, version: 'old', backend: 'cpu', fingerprint: '', acc0: null, accuracy: [], test_images: 0, losses: [], fallback_at: null, samples_per_second: 0, seconds: 0, wall_seconds: 0, classes: [], confusion: [], predictions: [] };
    await app.page.evaluate((r) => localStorage.setItem('devcircuit.v1.records', JSON.stringify([r])), old);
    // Two tabs opening at once: the one-time move runs in one of them (it holds the workspace
    // lock), never in both.
    const twin = new App(await app.page.context().newPage(), base);
    await Promise.all([app.page.reload(), twin.page.goto(`${base}/index.html#v=1&seed=1&task=memory-capacity`)]);
    await waitFinished(app, 1, 30_000);
    await waitFinished(twin, 1, 30_000);
    const moved = [await app.notices.textContent(), await twin.notices.textContent()].join(' ');
    assert.equal((moved.match(/1 run\(s\) were moved from localStorage into IndexedDB/g) || []).length, 1, moved);
    await twin.page.close();
    assert.equal(await app.page.evaluate(() => localStorage.getItem('devcircuit.v1.records')), null, 'the old copy stayed');
    await app.train.click();
    await waitFinished(app, 2, 60_000);
    const runs = await finishedRuns(app);
    const text = await app.download('export-workspace');
    const file = JSON.parse(text);
    assert.equal(file.format, 'devcircuit-workspace');
    assert.equal(file.runs.length, 2);
    app.page.once('dialog', (d) => d.accept());
    await app.el('clear-results').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="results-table"]')?.dataset.rows === '0');
    const load = (content) => app.el('import-workspace').setInputFiles({ name: 'devcircuit-workspace.json', mimeType: 'application/json', buffer: Buffer.from(content) });
    await load(text);
    await waitFinished(app, 2, 10_000);
    assert.deepEqual(await finishedRuns(app), runs, 'the imported workspace differs');
    await load(text);
    await app.page.waitForFunction(() => /2 were already here/.test(document.querySelector('[data-testid="notices"]').textContent));
    // A different run under an id this workspace has: both are kept, the imported one renumbered.
    const other = { ...file, runs: [{ ...file.runs[0], config: { ...file.runs[0].config, seed: 9 } }] };
    await load(JSON.stringify(other));
    await waitFinished(app, 3, 10_000);
    assert.match(await app.notices.textContent(), /had the id of a different run here, so both are kept/);
    // A run whose confusion matrix has one row for ten classes (it once panicked the page when
    // clicked) and a queue entry of batch 0: the good run imports, the bad ones are set aside
    // with why, and the page keeps answering.
    const ten = [...Array(10).keys()].map(String);
    const broken = { ...file.runs[0], id: 77, config: { ...file.runs[0].config, seed: 11 }, classes: ten, confusion: ten.map(() => 1) };
    const good = { ...file.runs[0], id: 78, config: { ...file.runs[0].config, seed: 12 } };
    await load(JSON.stringify({ ...file, runs: [broken, good], queue: [{ ...file.settings, batch: 0 }] }));
    await waitFinished(app, 4, 10_000);
    const aside = await app.page.$$eval('[data-testid="set-aside-entry"]', (es) => es.map((e) => e.textContent));
    assert(aside.length === 2 && /run 77: its confusion matrix has 10 entries, not 10 × 10/.test(aside[0]) && /queue entry 1: .*`batch`/.test(aside[1]), aside.join(' | '));
    assert.match(await app.notices.textContent(), /2 entr\(ies\) could not be read and are listed under Set aside/);
    const found = JSON.parse(await app.download('export-set-aside'));
    assert.deepEqual(JSON.parse(found[0].text).confusion, broken.confusion, 'the set-aside run is exported as found');
    await app.shot('set-aside', 'set-aside');
    await app.el('sort-0').click();
    await load('{"format": "something else"}');
    assert.match(await app.el('workspace-error').textContent(), /not a devcircuit workspace/);
    // How much of the browser's storage the site uses. (Chromium 156 ignores the DevTools quota
    // override both in estimate() and when writing, so the nearly-full warning is not forced here.)
    const usage = app.el('storage-usage');
    assert.match(await usage.textContent(), /^Stored in this browser: [0-9.]+ MB of [0-9.]+ [MG]B/);
    assert(parseFloat(await usage.getAttribute('data-quota')) > parseFloat(await usage.getAttribute('data-used')));
    await app.shot('export', 'workspace-file');
  });
});

test('a 10,000-run workspace imports, reopens with its statistics from the summary worker, and its table draws only the rows in view while scrolling and sorting', async () => {
  await withApp({ webgpu: false, trace: false }, async (app) => {
    const file = path.join(OUT, 'workspace-10000.json');
    const one = await bigWorkspace(app, 10_000, file);
    app.page.once('dialog', (d) => d.accept());
    await app.el('clear-results').click();
    await app.el('import-workspace').setInputFiles(file);
    const rowsAre = (n) => app.page.waitForFunction((k) => document.querySelector('[data-testid="results-table"]')?.dataset.rows === k, String(n), { timeout: 120_000 });
    await rowsAre(10_000);
    // The page says while it writes the runs (a reload before the end would lose them).
    assert.match(await app.el('saving').textContent(), /^Saving 10000 run\(s\) to this browser/);
    await app.page.waitForFunction(() => document.querySelector('[data-testid="saving"]')?.dataset.runs === '0', null, { timeout: 120_000 });
    await app.page.reload();
    await rowsAre(10_000);
    const drawn = () => app.page.$$eval('[data-testid="results-table"] tbody tr[data-run]', (rs) => rs.map((r) => parseInt(r.dataset.run, 10)));
    assert((await drawn()).length < 100, `${(await drawn()).length} rows drawn for 10,000 runs`);
    // Five conditions of 2,000 seeds each, the accuracies as the copies were made.
    const summary = await app.summaryRows();
    assert.deepEqual(summary.map((r) => [r[0], r[1]]), ['developmental', 'random', 'block', 'spatial', 'shuffled'].map((t) => [t, '2000']));
    const expected = (k) => { let s = 0; for (let j = k; j < 10_000; j += 5) s += one.accuracy[0] + (j % 7) * 0.001; return (s / 2000) * 100; };
    summary.forEach((r, k) => assert(r[3].startsWith(expected(k).toFixed(2)), `${r[0]}: ${r[3]} vs ${expected(k).toFixed(2)}`));
    assert.equal((await app.page.$$('[data-testid="paired-table"] tbody tr')).length, 4);
    // Scrolling: the rows drawn follow the box; at the bottom, the last runs.
    const scroll = app.el('results-scroll');
    await scroll.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
    await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-run]')].some((r) => r.dataset.run === '5000'));
    await scroll.evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="results-table"] tbody tr[data-run]')].some((r) => r.dataset.run === '10000'));
    const bottom = await drawn();
    assert(bottom.length < 100 && Math.min(...bottom) > 9_900, `rows at the bottom: ${bottom.slice(0, 3)}…`);
    // Sorting by run, descending, puts run 10,000 first: back at the top it is drawn.
    await app.el('sort-0').click();
    await scroll.evaluate((el) => { el.scrollTop = 0; });
    await app.page.waitForFunction(() => document.querySelector('[data-testid="results-table"] tbody tr[data-run]')?.dataset.run === '10000');
    await app.shot('results-scroll', 'workspace-10000');
    fs.rmSync(file, { force: true });
  });
});

test('on a full disk the page says the browser refused the runs, keeps them, and exports them all', async () => {
  // The browser's profile on a 24 MB file system of its own (mounting needs root, as on CI): after
  // MNIST is cached, a 10,000-run workspace (about 53 MB stored) does not fit.
  const disk = fs.mkdtempSync(path.join(os.tmpdir(), 'devcircuit-small-disk-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24m', 'tmpfs', disk]);
  const file = path.join(OUT, 'workspace-full-disk.json');
  let context;
  try {
    context = await launchPersistent(path.join(disk, 'profile'));
    const app = new App(await context.newPage(), base);
    await bigWorkspace(app, 10_000, file);
    await app.el('import-workspace').setInputFiles(file);
    await app.page.waitForFunction(() => document.querySelector('[data-testid="storage-warning"]'), null, { timeout: 120_000 });
    const warning = await app.el('storage-warning').textContent();
    // Chromium says QuotaExceededError, or UnknownError with FILE_ERROR_NO_SPACE, by where the disk fills.
    assert.match(warning, /^This browser refused to store more runs \((QuotaExceededError|UnknownError: .*NO_SPACE)/);
    assert.match(await app.error.textContent(), /^Results could not be saved: .*the runs not saved stay in this page until it is closed/);
    assert.equal(await app.el('results-table').getAttribute('data-rows'), '10000', 'the runs left the page');
    const [download] = await Promise.all([app.page.waitForEvent('download'), app.el('storage-export').click()]);
    const exported = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.equal(exported.runs.length, 10_000, 'the export lacks runs');
    await app.el('storage-warning').scrollIntoViewIfNeeded();
    await app.shot('export', 'storage-full');
    assert.deepEqual(app.errors.filter((e) => !/favicon/.test(e)), []);
  } finally {
    await context?.close();
    execFileSync('umount', [disk]);
    fs.rmSync(disk, { recursive: true, force: true });
    fs.rmSync(file, { force: true });
  }
});

/** A machine with `n` cores, as the page sees it (this one has fewer; the workers are real). */
const cores = (app, n) => app.page.addInitScript((k) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => k }), n);
/** Every finished run's condition, seed and value, in a stable order. */
const outcomes = (app) => app.page.$$eval('[data-testid="results-table"] tbody tr[data-run]', (rows) => rows
  .map((r) => [...r.cells].map((c) => c.textContent)).map((c) => `${c[1]}|${c[2]}|${c[c.length - 1]}|${c.slice(3, -2).join('|')}`).sort());

test('a comparison on 1 and 3 workers gives equal results; a killed worker fails only its run and the queue goes on', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await cores(app, 4);
    await app.open('v=1&task=memory-capacity');
    const runOn = async (n) => {
      await app.el('workers').fill(String(n));
      await app.el('workers').dispatchEvent('change');
      assert.match(await app.el('workers-used').textContent(), new RegExp(`^${n} at once on this machine's 4 cores`));
      await app.compare(['developmental', 'block', 'random'], '1-4');
      return outcomes(app);
    };
    const one = await runOn(1);
    assert.equal(one.length, 12);
    app.page.once('dialog', (d) => d.accept());
    await app.el('clear-results').click();
    await app.page.waitForFunction(() => document.querySelector('[data-testid="results-table"]')?.dataset.rows === '0');
    const three = await runOn(3);
    assert.deepEqual(three.map((r) => r.replace(/\|[0-9.]+$/, '')), one.map((r) => r.replace(/\|[0-9.]+$/, '')), 'results differ between 1 and 3 workers');
    // Four short MNIST runs on two workers; one worker is killed while it trains.
    await app.open('v=1&seed=1&limit=60&test=200&cpu=1');
    await app.el('workers').fill('2');
    await app.el('workers').dispatchEvent('change');
    const before = (await app.tableRows()).length;
    for (const t of ['developmental', 'block', 'spatial', 'shuffled', 'random', 'none']) await app.el(`compare-${t}`).setChecked(['developmental', 'random'].includes(t));
    await app.el('compare-seeds').fill('1-2');
    await app.el('compare').click();
    await app.page.waitForFunction(() => [...document.querySelectorAll('[data-testid="lanes"] li')].filter((l) => /Training: epoch/.test(l.textContent)).length === 2, null, { timeout: 120_000 });
    // The summary worker starts first; the last one started is a training worker.
    const workers = app.page.workers();
    assert(workers.length >= 3, `${workers.length} workers`);
    await workers[workers.length - 1].evaluate(() => setTimeout(() => { throw new Error('killed by the test'); }));
    await app.waitIdle(300_000);
    const rows = (await app.tableRows()).slice(before);
    const status = rows.map((r) => r[r.length - 1]);
    assert.equal(status.filter((s) => s === 'done').length, 3, status.join(' / '));
    assert.equal(status.filter((s) => /^failed: training worker [0-9]+ stopped: .*killed by the test/.test(s)).length, 1, status.join(' / '));
    app.errors.length = 0; // the killed worker's uncaught error is the point of this test
  });
});

test('rules inferred from a CSV in the page recover a known network and load into the editor', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1');
    // A repressilator (A = !C, B = A, C = B) sampled from every start state.
    const rows = ['A,B,C,pseudotime,lineage'];
    for (let s = 0; s < 8; s++) {
      let [a, b, c] = [s & 1, (s >> 1) & 1, (s >> 2) & 1];
      for (let t = 0; t < 6; t++) { rows.push(`${a},${b},${c},${t},${s}`); [a, b, c] = [1 - c, a, b]; }
    }
    await app.el('infer-csv').fill(rows.join('\n'));
    await app.el('infer').click();
    const got = await app.page.$$eval('[data-testid="infer-table"] tbody tr', (r) => r.map((x) => [x.dataset.gene, x.cells[1].textContent, parseFloat(x.dataset.agreement)]));
    assert(JSON.stringify(got) === JSON.stringify([['A', '!C', 1], ['B', 'A', 1], ['C', 'B', 1]]), `inferred: ${JSON.stringify(got)}`);
    await app.el('infer-load').click();
    assert(/^A, !C/m.test(await app.el('rules-text').inputValue()), 'rules not loaded into the editor');
    assert(/lack required gene/.test(await app.el('rules-error').textContent()), 'no message that the simulator needs its genes');
    await app.el('infer-csv').fill('A,B\n1,0');
    await app.el('infer').click();
    assert(/pseudotime/.test(await app.el('infer-error').textContent()), 'bad CSV accepted');
  });
});

test('a classroom link walks through the stages in large type and hides what it names', async () => {
  await withApp({ webgpu: false }, async (app) => {
    await app.open('v=1&seed=1&mode=class&hide=rules,infer,export,compare');
    assert(await app.el('classroom').isVisible(), 'no guided walk');
    for (const p of ['rules', 'infer', 'export', 'compare']) assert(!(await app.page.locator(`[data-panel="${p}"]`).isVisible()), `${p} still visible`);
    for (const p of ['grow', 'circuit', 'train']) assert(await app.page.locator(`[data-panel="${p}"]`).isVisible(), `${p} hidden`);
    const size = await app.page.evaluate(() => getComputedStyle(document.querySelector('.page.class-mode')).fontSize);
    assert(size === '20px', `classroom type is ${size}`);
    const titles = [await app.el('stage-title').textContent()];
    for (let k = 0; k < 5; k++) { await app.el('stage-next').click(); titles.push(await app.el('stage-title').textContent()); }
    assert(titles.length === 6 && new Set(titles).size === 6 && /random/i.test(titles[5]), `stages: ${titles}`);
    assert(await app.el('stage-next').isDisabled(), 'next after the last stage');
    await app.el('copy-link').evaluate((e) => e.scrollIntoView({ block: 'center' })); // above the guide bar
    await app.el('copy-link').click();
    assert(/mode=class/.test(await app.el('share-url').inputValue()) && /hide=rules/.test(await app.el('share-url').inputValue()), 'classroom options not in the link');
    for (let k = 0; k < 4; k++) await app.el('stage-back').click();
    assert(/Neurogenesis/.test(await app.el('stage-title').textContent()), 'back did not return to stage 2');
    await app.page.waitForTimeout(300);
    await app.page.screenshot({ path: `${OUT}/classroom.png` });
  });
});

/** The deploy folder (.ci/build-deploy) served as a static host would, under a sub-path. */
async function deploySite(prefix = '/some/path/') {
  assert(fs.existsSync(path.join(DEPLOY, 'index.html')), `${DEPLOY} is missing: run .ci/build-deploy first`);
  return serveSite(DEPLOY, prefix);
}

test('the deploy folder works under a sub-path, and the app plus MNIST cost at most 16 MB before the first batch', async () => {
  const site = await deploySite();
  try {
    await withApp({ webgpu: false, site: site.base }, async (app) => {
      await app.open('v=1&seed=1&limit=3&test=100');
      await app.train.click();
      await app.page.waitForFunction(() => parseInt(document.querySelector('[data-testid="loss-chart"]')?.dataset.points || '0', 10) >= 1, null, { timeout: 300_000 });
      const mb = site.sent / 1e6;
      console.log(`     bytes over the wire before the first MNIST batch: ${mb.toFixed(2)} MB (${site.requests.length} requests)`);
      assert(mb <= 16, `${mb.toFixed(2)} MB transferred before the first batch (budget 16 MB)`);
      assert(site.missing.length === 0, `requests outside the site or missing: ${site.missing.join(', ')}`);
      assert(site.requests.some((u) => /\/some\/path\/data\/mnist\/train-images\.u8\.gz$/.test(u)) && !site.requests.some((u) => /\.u8$/.test(u)), `dataset requests: ${site.requests.filter((u) => /data/.test(u)).join(', ')}`);
      await app.waitIdle();
      assert(await app.error.count() === 0, `run failed: ${await app.error.count() && await app.error.textContent()}`);
      const head = await app.page.evaluate(() => ({ d: document.querySelector('meta[name=description]')?.content, icon: document.querySelector('link[rel=icon]')?.href, og: document.querySelector('meta[property="og:image"]')?.content }));
      assert(head.d && /\/some\/path\/icon\.svg$/.test(head.icon) && head.og, `page head: ${JSON.stringify(head)}`);
    });
  } finally { site.server.close(); }
});

test('offline after the first visit: load, train, go offline, reload, train again', async () => {
  const site = await deploySite('/classroom/');
  try {
    await withApp({ webgpu: false, site: site.base, serviceWorkers: 'allow' }, async (app) => {
      await app.open('v=1&seed=1&limit=2&test=100');
      await app.page.evaluate(async () => { await navigator.serviceWorker.ready; });
      await app.trainAndWait();
      await app.page.context().setOffline(true);
      await app.page.reload();
      await app.open('v=1&seed=1&limit=2&test=100');
      const acc = await app.trainAndWait();
      assert(acc > 0.1, `accuracy offline ${acc}`);
      assert(/from the browser cache/.test(await app.el('progress-label').textContent()), `offline load: ${await app.el('progress-label').textContent()}`);
      const keys = await app.page.evaluate(() => caches.keys());
      assert(keys.filter((k) => k.startsWith('devcircuit-app-')).length === 1, `app caches: ${keys}`);
      await app.page.context().setOffline(false);
      app.errors.length = 0; // offline fetches the page never needed are logged as errors
    });
  } finally { site.server.close(); }
});

test('a new deploy replaces the cached app: one app cache, the new version served', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'devcircuit-deploy-'));
  fs.cpSync(DEPLOY, tmp, { recursive: true });
  for (const f of fs.readdirSync(tmp).filter((f) => /^sw\.js\.(gz|br)$/.test(f))) fs.rmSync(path.join(tmp, f));
  const site = await serveSite(tmp, '/');
  try {
    await withApp({ webgpu: false, site: site.base, serviceWorkers: 'allow' }, async (app) => {
      await app.open('v=1&seed=1');
      await app.page.evaluate(async () => { await navigator.serviceWorker.ready; });
      const before = await app.page.evaluate(() => caches.keys());
      const sw = fs.readFileSync(path.join(tmp, 'sw.js'), 'utf8');
      fs.writeFileSync(path.join(tmp, 'sw.js'), sw.replace(/const VERSION = '([^']*)'/, "const VERSION = 'next-$1'"));
      for (const f of ['index.html', 'index.html.gz', 'index.html.br']) fs.rmSync(path.join(tmp, f), { force: true });
      fs.writeFileSync(path.join(tmp, 'index.html'), fs.readFileSync(path.join(DEPLOY, 'index.html'), 'utf8').replace('<title>', '<title>next · '));
      await app.page.evaluate(async () => { const r = await navigator.serviceWorker.getRegistration(); await r.update(); });
      // Installed and activated, the new version leaves its own cache as the only app cache.
      await app.page.waitForFunction(async () => {
        const apps = (await caches.keys()).filter((k) => k.startsWith('devcircuit-app-'));
        return apps.length === 1 && apps[0].startsWith('devcircuit-app-next-');
      }, null, { timeout: 60_000 }).catch(async () => { throw new Error(`app caches before ${before}, now ${await app.page.evaluate(() => caches.keys())}`); });
      await app.page.reload();
      await app.open('v=1&seed=1');
      // A request the old version was still answering may leave its cache behind for a moment;
      // the page's first load under the new version sweeps it (sw.js, 'tidy').
      const oneCache = async () => {
        const apps = (await caches.keys()).filter((k) => k.startsWith('devcircuit-app-'));
        return apps.length === 1 && apps[0].startsWith('devcircuit-app-next-');
      };
      await app.page.waitForFunction(oneCache, null, { timeout: 15_000 })
        .catch(async () => { throw new Error(`app caches before ${before}, after ${await app.page.evaluate(() => caches.keys())}`); });
      assert(/^next · /.test(await app.page.title()), `title after the deploy: ${await app.page.title()}`);
    });
  } finally { site.server.close(); fs.rmSync(tmp, { recursive: true, force: true }); }
});

test('training runs in a worker: no main-thread task over 50 ms in a whole CPU epoch; Pause and Stop answer within 100 ms', async () => {
  // No trace here: recording snapshots would itself add main-thread work.
  await withApp({ webgpu: false, trace: false }, async (app) => {
    await app.open('v=1&seed=1&test=1000');
    await app.page.evaluate(() => {
      window.__long = [];
      const status = () => document.querySelector('[data-testid="status"]').textContent.slice(0, 40);
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(`${Math.round(e.duration)} ms (during "${status()}")`); }).observe({ type: 'longtask' });
    });
    await app.train.click();
    await app.waitIdle(600_000);
    assert(await app.error.count() === 0, `run failed: ${await app.error.count() && await app.error.textContent()}`);
    const row = (await app.tableRows()).at(-1);
    assert(row.at(-1) === 'done', `run row ${row}`);
    const long = await app.page.evaluate(() => window.__long);
    console.log(`     main-thread tasks over 50 ms during the epoch: ${long.length ? long.join(', ') : 'none'}; ${await app.status.textContent()}`);
    assert(long.length === 0, `main-thread tasks over 50 ms: ${long.join(', ')}`);
    // Pause and Stop: the worker's last batch reaches the page at most 100 ms after the click.
    const heard = () => app.status.getAttribute('data-batch-heard-ms').then(parseFloat);
    const clickAt = (id) => app.page.evaluate((id) => { const t = performance.now(); document.querySelector(`[data-testid="${id}"]`).click(); return t; }, id);
    await app.train.click();
    // The second run's own loss (its record joins the table first; the chart shows it then).
    await app.page.waitForFunction(() => document.querySelectorAll('[data-testid="results-table"] tbody tr').length === 2
      && parseInt(document.querySelector('[data-testid="loss-chart"]').dataset.points, 10) >= 10, null, { timeout: 120_000 });
    for (const button of ['pause', 'stop']) {
      const t0 = await clickAt(button);
      await app.page.waitForTimeout(700);
      const late = (await heard()) - t0;
      console.log(`     ${button}: last batch heard ${late.toFixed(0)} ms after the click`);
      assert(late <= 100, `${button}: a batch arrived ${late.toFixed(0)} ms after the click`);
      if (button === 'pause') {
        await app.el('pause').click();
        await app.page.waitForFunction((t) => parseFloat(document.querySelector('[data-testid="status"]').dataset.batchHeardMs) > t + 700, t0, { timeout: 60_000 });
      }
    }
    await app.waitIdle();
    assert((await app.tableRows()).at(-1).at(-1) === 'stopped', `after Stop: ${(await app.tableRows()).at(-1)}`);
  });
}, { retries: 1 });

let server;
before(async () => {
  fs.mkdirSync(OUT, { recursive: true });
  server = await serve(DIST);
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server?.close());
