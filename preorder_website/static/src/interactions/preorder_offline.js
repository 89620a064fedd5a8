import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { user } from "@web/core/user";
import { browser } from "@web/core/browser/browser";

export const SERVICE_WORKER_URL = "/preorder/service-worker.js";
const OWNER_KEY = "preorder_offline_owner";
// The service worker's cache (CACHE_NAME of preorder_service_worker.js)
const CACHE_NAME = "preorder-offline-v1";
// What the page loaded and needs offline: assets, pictures, translations
const KEPT_RESOURCES =
    /^\/(web\/assets|web\/image|web\/static|[a-z_]+\/static|web\/webclient\/translations|website\/translations)\b/;

/** Tell the pre-order service worker(s) of this device something. */
async function tellServiceWorkers(message) {
    const registrations = (await navigator.serviceWorker?.getRegistrations?.()) || [];
    for (const registration of registrations) {
        if (registration.active?.scriptURL.endsWith(SERVICE_WORKER_URL)) {
            registration.active.postMessage(message);
        }
    }
}

/** Forget the pages kept offline on this device (the cache, and the worker
 * told so): at logout, or when another user opens a campaign page here. */
function forgetOfflinePages() {
    return Promise.all([
        window.caches?.delete(CACHE_NAME),
        tellServiceWorkers({ type: "preorder_forget" }),
    ]);
}

/**
 * A campaign page kept for use without a connection: registers the pre-order
 * service worker for the campaign pages' folder, makes it keep this page and what
 * it loaded, and shows "Available offline" once it did. The first page a user
 * opens on a device that kept another user's pages makes it forget them.
 */
export class PreorderOffline extends Interaction {
    static selector = ".o_preorder_page";
    dynamicContent = {
        ".o_preorder_offline_ready": { "t-att-class": () => ({ "d-none": !this.ready }) },
    };

    setup() {
        this.ready = false;
    }

    async start() {
        if (!navigator.serviceWorker || !window.caches || !user.userId) {
            return;
        }
        const owner = String(user.userId);
        if (browser.localStorage.getItem(OWNER_KEY) !== owner) {
            await this.waitFor(forgetOfflinePages());
            browser.localStorage.setItem(OWNER_KEY, owner);
        }
        const scope = location.pathname.replace(/[^/]*$/, "");
        let registration;
        try {
            registration = await this.waitFor(
                navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope }),
            );
        } catch {
            return; // not allowed here (an insecure origin, a browser setting)
        }
        const worker = registration.active || (await this.waitFor(activated(registration)));
        const urls = performance
            .getEntriesByType("resource")
            .map((entry) => entry.name)
            .filter(
                (url) =>
                    url.startsWith(location.origin) && KEPT_RESOURCES.test(new URL(url).pathname),
            );
        const page = location.href.split("#")[0];
        const channel = new MessageChannel();
        const answer = new Promise(
            (resolve) => (channel.port1.onmessage = (ev) => resolve(ev.data)),
        );
        worker.postMessage({ type: "preorder_keep", page, urls: [page, ...urls] }, [channel.port2]);
        const { kept } = await this.waitFor(answer);
        this.ready = kept;
        this.el.dataset.offlineReady = kept ? "1" : "";
    }
}

/** The worker of a registration once it is active. */
function activated(registration) {
    return new Promise((resolve) => {
        const worker = registration.installing || registration.waiting;
        worker.addEventListener("statechange", () => {
            if (worker.state === "activated") {
                resolve(worker);
            }
        });
    });
}

/** Logging out forgets the pages kept offline: the next user of the device
 * must not see them. */
export class PreorderOfflineLogout extends Interaction {
    static selector = "a[href*='/web/session/logout']";
    dynamicContent = {
        _root: { "t-on-click": this.onLogout },
    };

    onLogout() {
        browser.localStorage.removeItem(OWNER_KEY);
        forgetOfflinePages();
    }
}

registry
    .category("public.interactions")
    .add("preorder_website.offline", PreorderOffline)
    .add("preorder_website.offline_logout", PreorderOfflineLogout);
