import { IndexedDB } from "@web/core/utils/indexed_db";
import { user } from "@web/core/user";

const DB_NAME = "preorder_offline";
const DB_VERSION = 1;
const TABLE = "grids";

let database = null;

/** The device's IndexedDB of offline grids: one record per user, campaign and
 * customer. Odoo's own wrapper (a mutex orders the writes; HOOT mocks it). */
export function offlineDatabase() {
    database ||= new IndexedDB(DB_NAME, DB_VERSION);
    return database;
}

/** What a grid has not saved yet, kept on the device so that a reload, a closed
 * tab or a lost connection loses nothing:
 * - `pending`: `{dropKey: {productId: {quantity, base}}}` typed, not sent yet;
 *   `base` is the stored quantity the change started from (the server refuses the
 *   change when the stored quantity moved meanwhile: a conflict);
 * - `inflight`: the batch sent and not acknowledged (`{batchId, dropKey, items}`),
 *   sent again with the same id, which the server applies only once;
 * - `conflicts`: `{dropKey: {productId: {mine, current}}}` the customer decides;
 * - `refused`: `{message, items: {dropKey: {productId: {quantity, base}}}}` queued
 *   changes the server refused (the deadline passed offline): kept visible;
 * - `scans`: barcodes scanned offline, sent in order when back online.
 * Drop keys are drop ids as strings, "" on a campaign without drops. */
export class OfflineStore {
    constructor(campaignId, partnerId) {
        this.key = [user.userId || 0, campaignId, partnerId || ""].join(":");
        Object.assign(this, OfflineStore.empty());
    }

    static empty() {
        return { pending: {}, inflight: null, conflicts: {}, refused: null, scans: [] };
    }

    async load() {
        let record = null;
        this.durable = typeof indexedDB !== "undefined";
        try {
            record = await offlineDatabase().read(TABLE, this.key);
        } catch {
            this.durable = false; // no IndexedDB (some private modes): memory only
        }
        Object.assign(this, OfflineStore.empty(), record || {});
        return this;
    }

    /** Write the whole record: every change is on the device before it is sent. */
    persist() {
        const { pending, inflight, conflicts, refused, scans } = this;
        const record = JSON.parse(JSON.stringify({ pending, inflight, conflicts, refused, scans }));
        return offlineDatabase()
            .write(TABLE, this.key, record)
            .catch(() => {});
    }

    /** The changes not acknowledged by the server: typed, in flight, scanned. */
    waitingCount() {
        const count = (byDrop) =>
            Object.values(byDrop || {}).reduce(
                (total, items) => total + Object.keys(items).length,
                0,
            );
        const inflight = this.inflight ? Object.keys(this.inflight.items).length : 0;
        return count(this.pending) + inflight + this.scans.length;
    }

    hasPending() {
        return Object.values(this.pending).some((items) => Object.keys(items).length);
    }

    /** Queue `quantity` of a product; the base stays the one of the first change
     * not sent yet (or what the batch in flight will have stored). */
    queue(dropKey, productId, quantity, savedQuantity) {
        const items = (this.pending[dropKey] ||= {});
        let base = items[productId]?.base;
        if (base === undefined) {
            const inflight = this.inflight?.dropKey === dropKey && this.inflight.items[productId];
            base = inflight ? inflight.quantity : savedQuantity;
        }
        items[productId] = { quantity, base };
        delete this.conflicts[dropKey]?.[productId];
    }

    /** The next batch to send: the one in flight (again, same id), else up to
     * `maxItems` changes of the first drop with pending changes. */
    nextBatch(maxItems) {
        if (this.inflight) {
            return this.inflight;
        }
        const dropKey = Object.keys(this.pending).find(
            (key) => Object.keys(this.pending[key]).length,
        );
        if (dropKey === undefined) {
            return null;
        }
        const pending = this.pending[dropKey];
        const items = {};
        for (const productId of Object.keys(pending).slice(0, maxItems)) {
            items[productId] = pending[productId];
            delete pending[productId];
        }
        this.inflight = { batchId: newBatchId(), dropKey, items };
        return this.inflight;
    }

    /** The server stored the batch in flight: changes typed meanwhile start from
     * what it stored; its conflicts wait for the customer, with the latest typing
     * as "mine". */
    acknowledge(lines, conflicts) {
        const { dropKey, items } = this.inflight;
        this.inflight = null;
        const pending = this.pending[dropKey] || {};
        for (const productId of Object.keys(items)) {
            if (productId in (conflicts || {})) {
                const mine = pending[productId]?.quantity ?? items[productId].quantity;
                delete pending[productId];
                (this.conflicts[dropKey] ||= {})[productId] = {
                    mine: parseFloat(mine) || 0,
                    current: conflicts[productId],
                };
            } else if (productId in pending && productId in (lines || {})) {
                pending[productId].base = lines[productId];
            }
        }
    }

    /** The server refused the batch in flight (nothing of it stored). */
    refuse(message, keep) {
        const { dropKey, items } = this.inflight;
        this.inflight = null;
        if (keep) {
            this.refused ||= { message, items: {} };
            this.refused.message = message;
            Object.assign((this.refused.items[dropKey] ||= {}), items);
        }
        return items;
    }

    /** The batch in flight failed on the server's side (not a refusal): its
     * changes wait again, under what was typed since (which keeps their base). */
    requeueInflight() {
        const { dropKey, items } = this.inflight;
        this.inflight = null;
        const pending = (this.pending[dropKey] ||= {});
        for (const [productId, item] of Object.entries(items)) {
            pending[productId] = pending[productId]
                ? { quantity: pending[productId].quantity, base: item.base }
                : item;
        }
    }

    resolveConflict(dropKey, productId) {
        const conflict = this.conflicts[dropKey]?.[productId];
        delete this.conflicts[dropKey]?.[productId];
        return conflict;
    }

    conflictList() {
        return Object.entries(this.conflicts).flatMap(([dropKey, byProduct]) =>
            Object.entries(byProduct).map(([productId, conflict]) => ({
                dropKey,
                productId,
                ...conflict,
            })),
        );
    }
}

/** The store of the campaign page `el` is in, shared by its interactions (the
 * grid's quantities, the scan's barcodes): loaded once per page. */
export function pageStore(el) {
    const page = el.closest(".o_preorder_page");
    if (!page.preorderStore) {
        const { campaignId, partnerId } = page.dataset;
        page.preorderStore = new OfflineStore(campaignId, partnerId).load();
    }
    return page.preorderStore;
}

/** A batch's id: unique per device and batch, so that the server applies a batch
 * sent twice (its answer lost on the network) only once. */
export function newBatchId() {
    if (window.crypto?.randomUUID) {
        return window.crypto.randomUUID();
    }
    const random = () => Math.random().toString(36).slice(2, 10);
    return `${Date.now().toString(36)}-${random()}-${random()}`;
}
