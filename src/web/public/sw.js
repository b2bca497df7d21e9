// Gridline service worker: makes the SPA installable and lets the field entry screens open and work
// with the network cut. Plain JS, served as-is from the site root so its scope is the whole app.
//
// - /assets/* (content-hashed by Vite): cache-first; a name never changes content.
// - navigations (index.html for every client route): network-first, the cached shell when offline.
// - GET /api/record-forms and /api/record-subjects: network-first, the last answer when offline, so the
//   entry screen can still render its forms and subject pickers.
// - every other /api/ request passes straight through and is never cached (records go through the
//   page's IndexedDB queue, not through here).
const VERSION = 'v1';
const SHELL = `gridline-shell-${VERSION}`;
const DATA = `gridline-data-${VERSION}`;
const SHELL_FILES = ['/', '/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png'];
const CACHED_API = ['/api/record-forms', '/api/record-subjects'];

/** The built assets index.html loads (script and style), so the first offline start has them. */
async function assetsOf(html) {
  const found = new Set();
  for (const match of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) found.add(match[1]);
  return [...found];
}

async function precache() {
  const cache = await caches.open(SHELL);
  const response = await fetch('/', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`index.html: HTTP ${response.status}`);
  const html = await response.clone().text();
  await cache.put('/', response);
  await cache.addAll([...SHELL_FILES.filter((f) => f !== '/'), ...(await assetsOf(html))]);
}

/** After a deploy the old hashed assets are dead weight: keep only what the current shell loads. */
async function pruneAssets(html) {
  const keep = new Set(await assetsOf(html));
  const cache = await caches.open(SHELL);
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !keep.has(path)) await cache.delete(request);
  }
}

self.addEventListener('install', (event) => {
  event.waitUntil(precache().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys())
        if (name.startsWith('gridline-') && name !== SHELL && name !== DATA) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Remembers the shell a navigation just got, with the assets it loads, for the next offline start. */
async function keepShell(response) {
  if (!response.ok || !(response.headers.get('content-type') || '').includes('text/html')) return;
  const cache = await caches.open(SHELL);
  const html = await response.clone().text();
  await cache.put('/', response);
  const assets = await assetsOf(html);
  await Promise.all(assets.map((a) => cache.match(a).then((hit) => hit || cache.add(a))));
  await pruneAssets(html);
}

async function shell(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keepShell(response.clone()).catch(() => undefined));
    return response;
  } catch (error) {
    const hit = await caches.open(SHELL).then((cache) => cache.match('/'));
    if (hit) return hit;
    throw error;
  }
}

async function networkFirst(request) {
  const cache = await caches.open(DATA);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/')) {
    if (CACHED_API.some((p) => url.pathname === p)) event.respondWith(networkFirst(request));
    return;
  }
  if (url.pathname.startsWith('/open311/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(shell(event));
    return;
  }
  if (url.pathname.startsWith('/assets/') || SHELL_FILES.includes(url.pathname))
    event.respondWith(cacheFirst(request));
});

// A signed-out user's cached subject lists must not be shown to the next one on a shared phone.
self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'gridline:signed-out') event.waitUntil(caches.delete(DATA));
});
