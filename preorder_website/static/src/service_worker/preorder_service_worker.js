// @odoo-module ignore
/* eslint-disable no-restricted-globals */
/*
 * The pre-order grid without a connection: a campaign page opened on this device,
 * its rows and its assets are kept in one cache and served from it when the
 * network fails (network first for pages, so that a page online is never stale).
 * Saves are not cached: the page queues them on the device (IndexedDB) and sends
 * them when the connection is back. Registered by the grid page (scope: the
 * folder of the campaign pages, /preorder/ or /outlet/); served by
 * /preorder/service-worker.js like Odoo's own /web/service-worker.js.
 */
const CACHE_NAME = "preorder-offline-v1";
// A campaign page and its "load more" rows: the pages kept for offline use
const GRID_PAGE = /\/(preorder|outlet)\/\d+(\/rows)?$/;
// Content-addressed or static files: cache first
const IMMUTABLE = /^\/(web\/assets|web\/static|website\/static|[a-z_]+\/static)\//;
// Never answered from the cache: live data and sessions
const LIVE =
    /^\/(web\/dataset|web\/session|websocket|bus|longpolling|web\/webclient\/version_info)/;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
    event.waitUntil(
        (async () => {
            for (const name of await caches.keys()) {
                if (name.startsWith("preorder-offline-") && name !== CACHE_NAME) {
                    await caches.delete(name);
                }
            }
            await self.clients.claim();
        })(),
    );
});

async function store(request, response) {
    // Only complete, same-origin answers: not a redirect to the login page.
    if (response.ok && response.type === "basic" && !response.redirected) {
        const cache = await caches.open(CACHE_NAME);
        await cache.put(request, response);
    }
}

async function networkFirst(request, keep) {
    try {
        const response = await fetch(request);
        if (keep) {
            await store(request, response.clone());
        }
        return response;
    } catch (error) {
        const cache = await caches.open(CACHE_NAME);
        const cached =
            (await cache.match(request)) || (await cache.match(request, { ignoreSearch: true }));
        if (cached) {
            return cached;
        }
        throw error;
    }
}

async function cacheFirst(request) {
    const cache = await caches.open(CACHE_NAME);
    const cached = await cache.match(request);
    if (cached) {
        return cached;
    }
    const response = await fetch(request);
    await store(request, response.clone());
    return response;
}

self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (
        request.method !== "GET" ||
        url.origin !== self.location.origin ||
        LIVE.test(url.pathname)
    ) {
        return;
    }
    if (request.mode === "navigate") {
        event.respondWith(networkFirst(request, GRID_PAGE.test(url.pathname)));
    } else if (IMMUTABLE.test(url.pathname)) {
        event.respondWith(cacheFirst(request));
    } else {
        // Pictures, translations, rows: fresh when online, kept for offline use
        event.respondWith(networkFirst(request, true));
    }
});

self.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "preorder_forget") {
        // A new user on this device, or a logout: nothing of the last one is kept.
        event.waitUntil(caches.delete(CACHE_NAME));
    } else if (data.type === "preorder_keep") {
        // The page that registered this worker was loaded before it: keep it and
        // what it loaded, then tell the page it is available offline.
        event.waitUntil(
            (async () => {
                const cache = await caches.open(CACHE_NAME);
                await Promise.all(
                    (data.urls || []).map(async (url) => {
                        if (!(await cache.match(url))) {
                            try {
                                await store(new Request(url), await fetch(url));
                            } catch {
                                // offline already: kept next time
                            }
                        }
                    }),
                );
                const kept = !!(await cache.match(data.page));
                event.ports[0]?.postMessage({ kept });
            })(),
        );
    }
});
