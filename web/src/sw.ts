/** The app's service worker: the shell and its hashed files precached at install (the list is written in at build
 * time by build/pwa.ts), old versions' caches deleted on activate, and the agents' API read network-first with the
 * last answer of each GET kept for offline reads (marked with the time it was fetched). POSTs are never cached. */

/// <reference lib="webworker" />

declare const self: ServiceWorkerGlobalScope;
declare const __PRECACHE__: string[];
declare const __VERSION__: string;

const PRECACHE: string[] = __PRECACHE__;
const SHELL_CACHE = `shell-${__VERSION__}`;
// The reads' cache is kept across versions (the agent's data, not the app's); the page empties it at sign-out.
const API_CACHE = "api-v1";
const API_PREFIX = "/agent/v1/";
// The header the page reads to say "离线数据" and when (api.ts CACHED_AT_HEADER).
const CACHED_AT = "x-pension-cached-at";
const SCOPE = new URL(self.registration.scope).pathname;
// Every search and page is its own URL: the oldest answers go beyond this many.
const API_CACHE_ENTRIES = 300;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE.map((path) => new Request(new URL(path, self.registration.scope), { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((name) => name.startsWith("shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

async function trim(cache: Cache): Promise<void> {
  const keys = await cache.keys(); // in the order first stored
  await Promise.all(keys.slice(0, Math.max(0, keys.length - API_CACHE_ENTRIES)).map((key) => cache.delete(key)));
}

async function networkFirst(request: Request): Promise<Response> {
  const cache = await caches.open(API_CACHE);
  try {
    const response = await fetch(request);
    if (response.status === 200) {
      const headers = new Headers(response.headers);
      headers.set(CACHED_AT, new Date().toISOString());
      const body = await response.clone().arrayBuffer();
      await cache.put(request, new Response(body, { status: 200, statusText: response.statusText, headers }));
      await trim(cache);
    }
    return response;
  } catch (error) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw error;
  }
}

async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(SHELL_CACHE);
  if (request.mode === "navigate") {
    // Every page of the app is the one shell (hash routes): network first so that an update shows at once.
    try {
      return await fetch(request);
    } catch {
      return (await cache.match(new URL("./", self.registration.scope).href)) ?? Response.error();
    }
  }
  const kept = await cache.match(request);
  return kept ?? fetch(request);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // writes go to the network, and the queue keeps them when it fails
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith(API_PREFIX)) {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith(SCOPE)) {
    event.respondWith(shell(request));
  }
});

// A module for the type checker (so that `self` above is this worker's); build/pwa.ts drops this line, because
// the worker is registered as a classic script, which every phone's browser runs.
export {};
