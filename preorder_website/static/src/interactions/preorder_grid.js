import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";
import { readPage } from "./preorder_page";
import { rpc, ConnectionLostError } from "@web/core/network/rpc";
import { _t } from "@web/core/l10n/translation";
import { pageStore } from "./preorder_offline_store";

const SAVE_DELAY = 500; // ms of quiet typing before a save
const MAX_ITEMS = 200; // the server refuses bigger batches
const MAX_RETRY_DELAY = 30000;
const MAX_CAPPED_IDS = 600; // the server refuses longer product lists

/**
 * The order grid, offline first: every quantity change goes into the device's
 * queue (IndexedDB, `OfflineStore`) before it is sent, in one debounced batch with
 * an id (a batch sent twice is applied once) and, per product, the stored quantity
 * it started from. Batches are retried with backoff while the network is down or
 * another save of the same order held them, and survive a reload or a closed tab.
 * The server refuses a change whose stored quantity moved meanwhile (a rep,
 * another device): the grid shows both and the customer chooses. Changes the
 * server refuses after waiting offline (the deadline passed) stay visible.
 * The server's totals and tier go to the summary via the bus.
 * On a campaign with delivery drops a row has one input per drop (`data-drop-id`):
 * changes are queued per drop and each batch saves one drop.
 */
export class PreorderGrid extends Interaction {
    static selector = ".o_preorder_page";
    dynamicContent = {
        ".o_preorder_rows": {
            "t-on-input": this.onInput,
            "t-on-click": this.onStep,
        },
        ".o_preorder_load_more": {
            "t-on-click": this.locked(this.loadMore, true),
            "t-att-class": () => ({ "d-none": !this.hasMore }),
        },
        ".o_preorder_save_state": {
            "t-att-data-state": () => this.saveState,
            "t-att-class": () => ({
                "text-danger": ["error", "offline", "refused"].includes(this.saveState),
                "text-warning-emphasis": this.saveState === "conflict",
                "text-success": this.saveState === "saved",
            }),
            "t-out": () => this.saveLabel(),
        },
        _document: { "t-on-visibilitychange": this.onVisibilityChange },
        ".o_preorder_conflict_choice": { "t-on-click": this.onConflictChoice },
        ".o_preorder_discard_refused": {
            "t-on-click": this.discardRefused,
            "t-att-class": () => ({ "d-none": this.saveState !== "refused" }),
        },
        _window: {
            "t-on-beforeunload": this.onBeforeUnload,
            "t-on-online": this.onOnline,
            "t-on-offline": this.onOffline,
        },
    };

    setup() {
        Object.assign(this, readPage(this.el));
        this.inFlight = false;
        this.retryDelay = 0;
        this.saveState = "saved";
        this.errorMessage = "";
        // Set when changes waited on the device (offline, or from before a reload):
        // if the server then refuses them, they stay visible instead of being undone.
        this.queuedOffline = false;
        this.online = navigator.onLine !== false;
        this.hasMore = !!this.el.querySelector(".o_preorder_next");
        this.scheduleSave = this.debounced(this.save, SAVE_DELAY);
    }

    async willStart() {
        this.store = await pageStore(this.el);
    }

    start() {
        this.addListener(this.env.bus, "preorder:saved", (ev) => this.onSavedElsewhere(ev.detail));
        this.addListener(this.env.bus, "preorder:queued", this.onScansQueued);
        this.restoreQueued();
    }

    saveLabel() {
        const waiting = this.store.waitingCount();
        if (!this.online || this.saveState === "offline") {
            return waiting
                ? _t(
                      "Offline: %s changes kept on this device, sent when the connection is back.",
                      waiting,
                  )
                : _t("Offline: changes are kept on this device.");
        }
        switch (this.saveState) {
            case "pending":
            case "saving":
                return _t("Saving…");
            case "conflict":
                return _t("Changed elsewhere meanwhile: choose which quantity to keep.");
            case "refused":
                return _t(
                    "Not saved: %s Your changes are kept on this device: call your sales representative.",
                    this.errorMessage,
                );
            case "error":
                return _t("Not saved: %s", this.errorMessage);
            default:
                return _t("All changes saved");
        }
    }

    inputsOf(productId, dropId) {
        const drop = dropId ? `[data-drop-id="${dropId}"]` : "";
        return this.el.querySelectorAll(
            `input.o_preorder_qty[data-product-id="${productId}"]${drop}`,
        );
    }

    hasPending() {
        return this.store.hasPending() || !!this.store.inflight;
    }

    /** After a reload: what the device kept is shown again and sent. */
    restoreQueued() {
        const { pending, inflight, conflicts, refused } = this.store;
        const show = (dropKey, items, field) => {
            for (const [productId, item] of Object.entries(items || {})) {
                for (const input of this.inputsOf(productId, dropKey)) {
                    input.value = item[field] || "";
                    this.updateTotals(input);
                }
            }
        };
        for (const [dropKey, items] of Object.entries(pending)) {
            show(dropKey, items, "quantity");
        }
        if (inflight) {
            show(inflight.dropKey, inflight.items, "quantity");
        }
        for (const [dropKey, items] of Object.entries(conflicts)) {
            show(dropKey, items, "mine");
        }
        for (const [dropKey, items] of Object.entries(refused?.items || {})) {
            show(dropKey, items, "quantity");
        }
        if (refused) {
            this.saveState = "refused";
            this.errorMessage = refused.message;
        } else if (this.store.scans.length) {
            this.saveState = "offline";
        }
        this.renderConflicts();
        if (this.hasPending()) {
            this.queuedOffline = true;
            this.saveState = "pending";
            this.save();
        }
        this.updateContent();
    }

    /** Scans wait on the device (offline) or were sent: the saving state says so. */
    onScansQueued() {
        if (this.store.scans.length) {
            if (["saved", "pending", "saving"].includes(this.saveState)) {
                this.saveState = "offline";
            }
        } else if (this.saveState === "offline" && !this.hasPending()) {
            this.saveState = "saved";
        }
        this.updateContent();
    }

    onOnline() {
        this.online = true;
        this.retryDelay = 0;
        this.save();
    }

    onOffline() {
        this.online = false;
        this.queuedOffline ||= this.hasPending();
    }

    onInput(ev) {
        const input = ev.target.closest("input.o_preorder_qty");
        if (input) {
            this.queue(input);
            this.updateTotals(input);
        }
    }

    /** A variant matrix's row, column and grand totals, from the quantities shown. */
    updateTotals(input) {
        const matrix = input.closest(".o_preorder_matrix");
        if (!matrix) {
            return;
        }
        const columns = {};
        let total = 0;
        for (const row of matrix.querySelectorAll(".o_preorder_matrix_row")) {
            let rowTotal = 0;
            for (const cell of row.querySelectorAll("input.o_preorder_qty")) {
                const quantity = parseFloat(cell.value) || 0;
                const column = cell.closest("td").dataset.column;
                columns[column] = (columns[column] || 0) + quantity;
                rowTotal += quantity;
            }
            row.querySelector(".o_preorder_matrix_row_total").textContent = formatTotal(rowTotal);
            total += rowTotal;
        }
        for (const cell of matrix.querySelectorAll(".o_preorder_matrix_column_total")) {
            cell.textContent = formatTotal(columns[cell.dataset.column] || 0);
        }
        matrix.querySelector(".o_preorder_matrix_total").textContent = formatTotal(total);
    }

    onStep(ev) {
        const button = ev.target.closest(".o_preorder_minus, .o_preorder_plus");
        if (!button || button.disabled) {
            return;
        }
        // The button's own input: a row of a campaign with drops has one per drop.
        const input = button
            .closest(".o_preorder_qty_group, .o_preorder_row")
            .querySelector("input.o_preorder_qty");
        const step = parseFloat(input.step) || 1;
        const sign = button.classList.contains("o_preorder_plus") ? 1 : -1;
        const current = parseFloat(input.value) || 0;
        let value = Math.max(0, current + sign * step);
        // The campaign's minimum: "+" from below jumps to the first quantity allowed
        // (a multiple of the step), "-" from it goes to 0 (removing is always allowed).
        const ruleMin = parseFloat(input.dataset.ruleMin) || 0;
        if (ruleMin && value > 0 && value < ruleMin) {
            value = sign > 0 ? Math.ceil(ruleMin / step - 1e-9) * step : 0;
        }
        input.value = Math.round(value * 1000) / 1000;
        this.queue(input);
    }

    /** Put the input's quantity in the device's queue, then save soon. */
    queue(input) {
        const max = parseFloat(input.max);
        if (!isNaN(max) && parseFloat(input.value) > max) {
            input.value = max; // no more than the outlet stock or the campaign cap leaves
        }
        const dropKey = input.dataset.dropId || "";
        input.classList.remove("o_preorder_conflict");
        this.store.queue(
            dropKey,
            input.dataset.productId,
            input.value === "" ? 0 : input.value,
            parseFloat(input.dataset.saved) || 0,
        );
        this.store.persist();
        this.renderConflicts();
        if (!this.online) {
            this.queuedOffline = true;
        }
        if (!["refused", "conflict"].includes(this.saveState)) {
            this.saveState = "pending";
        }
        this.scheduleSave();
    }

    async save() {
        if (this.inFlight) {
            return;
        }
        const batch = this.store.nextBatch(MAX_ITEMS);
        if (!batch) {
            return;
        }
        const { batchId, dropKey, items } = batch;
        this.store.persist();
        this.inFlight = true;
        if (!["refused", "conflict"].includes(this.saveState)) {
            this.saveState = "saving";
        }
        this.updateContent();
        const params = {
            quantities: Object.fromEntries(
                Object.entries(items).map(([id, item]) => [id, item.quantity]),
            ),
            base: Object.fromEntries(Object.entries(items).map(([id, item]) => [id, item.base])),
            batch_id: batchId,
            partner_id: this.partnerId,
            capped_ids: this.cappedIds(),
        };
        if (dropKey) {
            params.drop_id = parseInt(dropKey);
        }
        let result;
        try {
            result = await this.waitFor(rpc(`${this.baseUrl}/save`, params));
        } catch (error) {
            this.inFlight = false;
            if (error instanceof ConnectionLostError) {
                // The batch stays in flight: sent again, with its id, when possible.
                this.saveState = "offline";
                this.queuedOffline = true;
                this.retryDelay = Math.min((this.retryDelay || 500) * 2, MAX_RETRY_DELAY);
                this.waitForTimeout(() => this.save(), this.retryDelay);
            } else {
                this.store.requeueInflight();
                this.saveState = "error";
                this.errorMessage = error.data?.message || error.message || "";
            }
            this.store.persist();
            return;
        }
        this.inFlight = false;
        if (result.retry) {
            // Another save of this order won the race: send the batch again, quietly.
            this.retryDelay = Math.min((this.retryDelay || 250) * 2, MAX_RETRY_DELAY);
            this.waitForTimeout(() => this.save(), this.retryDelay);
            return;
        }
        this.retryDelay = 0;
        if (result.error) {
            this.errorMessage = result.error;
            if (this.queuedOffline) {
                this.store.refuse(result.error, true);
                this.saveState = "refused";
            } else {
                this.store.refuse(result.error, false);
                this.saveState = "error";
                this.restoreSaved(Object.keys(items), dropKey);
            }
        } else {
            const conflicts = result.conflicts || {};
            this.store.acknowledge(result.lines, conflicts);
            this.applyLines(result.lines, dropKey);
            this.applyWarnings(result.warnings, dropKey);
            this.applyCaps(result.caps);
            this.renderConflicts();
            this.env.bus.trigger("preorder:summary", result.summary);
            if (this.store.conflictList().length) {
                this.saveState = "conflict";
            } else if (this.saveState !== "refused") {
                this.saveState = this.hasPending() ? "pending" : "saved";
            }
        }
        if (!this.hasPending() && !this.store.refused) {
            this.queuedOffline = false;
        }
        this.store.persist();
        if (this.hasPending()) {
            this.save();
        }
    }

    /** The refused changes are dropped: the grid shows what is stored again. */
    discardRefused() {
        for (const [dropKey, items] of Object.entries(this.store.refused?.items || {})) {
            this.restoreSaved(Object.keys(items), dropKey);
        }
        this.store.refused = null;
        this.saveState = this.hasPending() ? "pending" : "saved";
        this.store.persist();
    }

    /** The customer's choice on a change made elsewhere meanwhile: keep theirs
     * (sent again, from the quantity now stored) or take the stored one. */
    onConflictChoice(ev) {
        const button = ev.currentTarget;
        const { dropKey, productId, choice } = button.dataset;
        const conflict = this.store.resolveConflict(dropKey, productId);
        if (!conflict) {
            return;
        }
        for (const input of this.inputsOf(productId, dropKey)) {
            input.dataset.saved = conflict.current;
            input.classList.remove("o_preorder_conflict");
            input.value = (choice === "mine" ? conflict.mine : conflict.current) || "";
            this.updateTotals(input);
        }
        if (choice === "mine") {
            const items = (this.store.pending[dropKey] ||= {});
            items[productId] = { quantity: conflict.mine, base: conflict.current };
            this.scheduleSave();
        }
        if (!this.store.conflictList().length && this.saveState === "conflict") {
            this.saveState = this.hasPending() ? "pending" : "saved";
        }
        this.store.persist();
        this.renderConflicts();
    }

    /** The list of conflicts above the grid, each with its two choices. */
    renderConflicts() {
        const panel = this.el.querySelector(".o_preorder_conflicts");
        if (!panel) {
            return;
        }
        this.removeChildren(panel, false);
        const conflicts = this.store.conflictList().map((conflict) => {
            const input = this.inputsOf(conflict.productId, conflict.dropKey)[0];
            input?.classList.add("o_preorder_conflict");
            const mine = formatTotal(conflict.mine) || "0";
            const current = formatTotal(conflict.current) || "0";
            return {
                ...conflict,
                message: _t(
                    "%(product)s: changed elsewhere to %(current)s while you entered %(mine)s.",
                    {
                        product: productLabel(input) || `#${conflict.productId}`,
                        current,
                        mine,
                    },
                ),
                keepLabel: _t("Keep %s", mine),
                useLabel: _t("Use %s", current),
            };
        });
        if (conflicts.length) {
            this.renderAt("preorder_website.PreorderConflicts", { conflicts }, panel);
        }
    }

    /** Show what the server stored, except where the user typed again meanwhile;
     * `dropId`: the drop the lines were saved in (none without drops). */
    applyLines(lines, dropId) {
        const dropKey = String(dropId || "");
        const pending = this.store.pending[dropKey] || {};
        const conflicts = this.store.conflicts[dropKey] || {};
        const refused = this.store.refused?.items[dropKey] || {};
        for (const [productId, quantity] of Object.entries(lines || {})) {
            const typed = productId in pending || productId in conflicts || productId in refused;
            for (const input of this.inputsOf(productId, dropId)) {
                input.dataset.saved = quantity;
                if (!typed && parseFloat(input.value || 0) !== quantity) {
                    input.value = quantity || "";
                    this.updateTotals(input);
                }
            }
        }
    }

    /** The quantity rule each saved quantity breaks, under its row or on its matrix
     * cell (marked, the rule in its title); "" clears it. */
    applyWarnings(warnings, dropId) {
        const drop = dropId ? `[data-drop-id="${dropId}"]` : "";
        for (const [productId, warning] of Object.entries(warnings || {})) {
            const selector = `tr.o_preorder_row[data-product-id="${productId}"] .o_preorder_rule_warning${drop}`;
            for (const el of this.el.querySelectorAll(selector)) {
                el.textContent = warning || "";
                el.classList.toggle("d-none", !warning);
            }
            for (const input of this.inputsOf(productId, dropId)) {
                if (input.closest(".o_preorder_matrix")) {
                    input.classList.toggle("o_preorder_cell_warning", !!warning);
                    input.dataset.warning = warning || "";
                    this.updateCellTitle(input);
                }
            }
        }
    }

    /** The products of the page with a campaign cap (their "still available"). */
    cappedIds() {
        const inputs = this.el.querySelectorAll("input.o_preorder_qty[data-capped]");
        const ids = new Set([...inputs].map((input) => parseInt(input.dataset.productId)));
        return [...ids].slice(0, MAX_CAPPED_IDS);
    }

    /** What all customers together may still order of each capped product shown
     * (other customers' saves included): the row's badge or the cell's title, and
     * the input's maximum (this order's quantity plus what is still available). */
    applyCaps(caps) {
        for (const [productId, [available, label]] of Object.entries(caps || {})) {
            const selector = `tr.o_preorder_row[data-product-id="${productId}"] .o_preorder_cap_remaining`;
            for (const el of this.el.querySelectorAll(selector)) {
                el.textContent = label;
            }
            for (const input of this.inputsOf(productId)) {
                const saved = parseFloat(input.dataset.saved) || 0;
                input.max = Math.round((saved + available) * 1000) / 1000;
                if (input.closest(".o_preorder_matrix")) {
                    input.dataset.capLabel = label;
                    this.updateCellTitle(input);
                }
            }
        }
    }

    /** A matrix cell's title: its hint, what is still available, the rule it breaks. */
    updateCellTitle(input) {
        const { hint, capLabel, warning } = input.dataset;
        input.title = [hint, capLabel, warning].filter(Boolean).join(" · ");
    }

    restoreSaved(productIds, dropId) {
        for (const productId of productIds) {
            for (const input of this.inputsOf(productId, dropId)) {
                const saved = parseFloat(input.dataset.saved) || 0;
                input.value = saved || "";
                this.updateTotals(input);
            }
        }
    }

    /** A scan saved a quantity: show its row and the stored value. */
    onSavedElsewhere(result) {
        const productId = result.product_id;
        if (productId && !this.inputsOf(productId).length && result.row_html) {
            const template = document.createElement("template");
            template.innerHTML = result.row_html;
            this.el.querySelector(".o_preorder_rows")?.prepend(...template.content.children);
        }
        this.applyLines(result.lines, result.drop_id);
        this.applyWarnings(result.warnings, result.drop_id);
        for (const input of this.inputsOf(productId, result.drop_id)) {
            input
                .closest(".o_preorder_cell, .o_preorder_row")
                .classList.add("o_preorder_row_flash");
        }
    }

    async loadMore() {
        const marker = this.el.querySelector(".o_preorder_next");
        if (!marker) {
            this.hasMore = false;
            return;
        }
        const response = await this.waitFor(fetch(marker.dataset.url));
        const html = await this.waitFor(response.text());
        marker.remove();
        const template = document.createElement("template");
        template.innerHTML = html;
        this.el.querySelector(".o_preorder_rows").append(...template.content.children);
        this.hasMore = !!this.el.querySelector(".o_preorder_next");
    }

    /** Back on the tab: another tab or device may have changed the order. */
    async onVisibilityChange() {
        if (document.visibilityState === "hidden") {
            this.scheduleSave.cancel();
            this.save();
            return;
        }
        const productIds = [
            ...new Set(
                [...this.el.querySelectorAll("input.o_preorder_qty")].map((input) =>
                    parseInt(input.dataset.productId),
                ),
            ),
        ];
        let result;
        try {
            result = await this.waitFor(
                rpc(`${this.baseUrl}/state`, {
                    product_ids: productIds.slice(0, 600),
                    partner_id: this.partnerId,
                }),
            );
        } catch {
            return; // refreshing is a nicety: the next save reports problems
        }
        if (!result.error) {
            if (result.drops) {
                for (const [dropId, drop] of Object.entries(result.drops)) {
                    this.applyLines(drop.lines, dropId);
                    this.applyWarnings(drop.warnings, dropId);
                }
            } else {
                this.applyLines(result.lines);
                this.applyWarnings(result.warnings);
            }
            this.env.bus.trigger("preorder:summary", result.summary);
        }
    }

    onBeforeUnload(ev) {
        // The device keeps what is not saved yet, unless it has no IndexedDB.
        if (!this.store.durable && (this.inFlight || this.hasPending())) {
            ev.preventDefault();
            ev.returnValue = "";
        }
    }
}

/** The product an input is for, as the customer reads it: the row's name, or the
 * matrix cell's label ("Quantity of T-shirt (M, Blue)"). */
function productLabel(input) {
    if (!input) {
        return "";
    }
    const name = input.closest(".o_preorder_row")?.querySelector(".o_preorder_product_name");
    const label = input.id && document.querySelector(`label[for="${input.id}"]`);
    const text = name?.textContent.trim() || label?.textContent.trim() || "";
    const dropId = input.dataset.dropId;
    const drop =
        dropId &&
        name &&
        document.querySelector(`.o_preorder_drop_head[data-drop-id="${dropId}"] div`);
    return drop ? `${text} (${drop.textContent.trim()})` : text;
}

/** A matrix total as the cells show quantities: "12", "2.5"; nothing for 0. */
function formatTotal(quantity) {
    return quantity ? String(Math.round(quantity * 1000) / 1000) : "";
}

registry.category("public.interactions").add("preorder_website.grid", PreorderGrid);
