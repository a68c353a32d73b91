// Offline after the first visit. The app's files are cached at install and answered network
// first: online, a new deploy is seen at once; offline, the cached copy answers. Dataset
// payloads (*.gz, *.u8) pass through: the app keeps them by checksum in its own cache.
const VERSION = 'dev'; // .ci/build-deploy writes the wasm's sha256 here
const APP = `devcircuit-app-${VERSION}`;
const SHELL = ['./', 'index.html', 'devcircuit-app.js', 'devcircuit-app_bg.wasm', 'main.css', 'worker.js',
  'icon.svg', 'manifest.webmanifest', 'rules/cortex15.bnet'];
// 'no-cache' revalidates: what the page just downloaded comes from the HTTP cache (a 304),
// not a second time over the network.
const get = (u) => new Request(u, { cache: 'no-cache' });

/** The shell (all or nothing), then the dataset list and each manifest (a site may have none). */
async function precache() {
  const cache = await caches.open(APP);
  await cache.addAll(SHELL.map(get));
  try {
    const index = await fetch(get('data/index.json'));
    if (!index.ok) return;
    await cache.put('data/index.json', index.clone());
    const names = await index.json();
    await cache.addAll(names.map((n) => get(`data/${n}/manifest.json`)));
  } catch (e) {
    console.warn('offline copy without dataset manifests:', e);
  }
}

self.addEventListener('install', (e) => e.waitUntil(precache().then(() => self.skipWaiting())));

/** Deletes every app cache but this version's. */
async function dropOld() {
  const old = (await caches.keys()).filter((k) => k.startsWith('devcircuit-app-') && k !== APP);
  await Promise.all(old.map((k) => caches.delete(k)));
}

/** Whether this version is still the one in charge (a newer one may have taken over). */
const current = () => self.registration.active === self.serviceWorker;

// A new version replaces the old: its cache is the only app cache left, and it takes over open pages.
self.addEventListener('activate', (e) => e.waitUntil(dropOld().then(() => self.clients.claim())));

// Each page that opens asks the version in charge to sweep up caches a superseded one left.
self.addEventListener('message', (e) => {
  if (e.data === 'tidy' && current()) e.waitUntil(dropOld());
});

self.addEventListener('fetch', (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || /\.(gz|u8)$/.test(url.pathname)) return;
  e.respondWith((async () => {
    try {
      const resp = await fetch(req);
      // A superseded version must not recreate its cache; the current one sweeps up after it.
      if (resp.ok && current()) {
        const copy = resp.clone();
        // A put still under way when a newer version took over would leave this cache behind.
        const tidy = () => (current() ? req.mode === 'navigate' && dropOld() : caches.delete(APP));
        e.waitUntil(caches.open(APP).then((c) => c.put(req, copy)).then(tidy));
      }
      return resp;
    } catch (err) {
      // caches.match, not caches.open: an aborted request must not recreate a deleted cache.
      const hit = await caches.match(req, { cacheName: APP, ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
