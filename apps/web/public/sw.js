// Linli's service worker: keeps the app shell so the grid worker's phone opens the app without a
// signal. Pages (navigations) are network-first with the cached shell as fallback; hashed build
// assets are cache-first (a new build has new names); of the API only the session probe and the
// site config are kept, network-first, so the shell knows who is signed in. Everything else, the
// event stream and photos included, goes straight to the network. Field data lives in IndexedDB.
const SHELL = 'linli-shell-v1';
const API = 'linli-api-v1';
const API_KEPT = new Set(['/api/auth/me', '/api/config', '/api/health']);
const MAX_ASSETS = 400;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      const res = await fetch('/', { cache: 'no-cache' });
      if (!res.ok) return;
      const html = await res.clone().text();
      await cache.put('/', res);
      const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await Promise.all([...new Set(assets)].map((a) => cache.add(a).catch(() => undefined)));
    })().then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== SHELL && name !== API) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

async function trim(cache) {
  const keys = await cache.keys();
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ASSETS))) await cache.delete(k);
}

async function shellFirst(request) {
  const cache = await caches.open(SHELL);
  const hit = await cache.match(request);
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) {
    await cache.put(request, res.clone());
    void trim(cache);
  }
  return res;
}

async function page(request) {
  const cache = await caches.open(SHELL);
  try {
    const res = await fetch(request);
    // Every client route answers index.html: keep the newest as the offline shell.
    if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) await cache.put('/', res.clone());
    return res;
  } catch (err) {
    const hit = await cache.match('/');
    if (hit) return hit;
    throw err;
  }
}

async function apiKept(request) {
  const cache = await caches.open(API);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(request, res.clone());
    // Signed out elsewhere: forget who was signed in.
    else if (res.status === 401) await cache.delete(request);
    return res;
  } catch (err) {
    const hit = await cache.match(request);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Logging in or out changes who the kept session answer belongs to.
    if (url.pathname === '/api/auth/logout' || url.pathname === '/api/auth/login') event.waitUntil(caches.delete(API));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(shellFirst(request));
    return;
  }
  if (API_KEPT.has(url.pathname) && !url.search) {
    event.respondWith(apiKept(request));
    return;
  }
  if (url.pathname === '/favicon.svg' || url.pathname === '/manifest.webmanifest') event.respondWith(shellFirst(request));
});
